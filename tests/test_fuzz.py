"""Property-based fuzzing: any card file or command line gives a deck or our own error."""

import json
import string

import pytest
import yaml
from deck_counts import DERIVATIVES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backprop_deck.core.errors import DeckError
from backprop_deck.deck.cards_file import parse

KEYS = ["deck", "cards", "networks", "id", "front", "back", "extra", "tags", "format",
        "layers", "activations", "inputs", "targets", "weights", "biases", "learning_rate",
        "ask", "sigmoid", "relu", "loss", "output o1", "gradient w1", "html", "text"]
scalars = (st.none() | st.booleans() | st.integers(-3, 9) | st.floats(allow_nan=True)
           | st.sampled_from(KEYS) | st.text(max_size=12))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
                      max_leaves=25)


def loads_or_refuses(text: str) -> None:
    try:
        parse(text, "fuzz.yaml")
    except DeckError as exc:
        assert str(exc).startswith("fuzz.yaml:")
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_yaml_structure(value):
    loads_or_refuses(yaml.safe_dump(value, allow_unicode=True))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.printable + "ŷ∂η\u00a0\ufeff", max_size=200))
@example("cards: [{id: a, front: '\\( x', back: y}]")
@example("cards:\n  - &a {id: a, front: x, back: y}\n  - *a\n")
@example("!!binary aGVsbG8=")
@example("cards: [{id: a, front: x, back: y, <<: {tags: [t]}}]")
def test_any_text(text):
    loads_or_refuses(text)


OPTIONS = ["-o", "--output", "--dump", "--preview", "--seed", "--count", "--difficulty",
           "--new-notes", "--no-practice", "--no-derivatives", "--cards", "--deck-name",
           "--include-tags", "--exclude-tags", "--into", "--topics"]
ARGUMENTS = st.sampled_from(OPTIONS) | st.sampled_from(
    ["-1", "0", "3", "1e3", "easy", "hard", "x", "", "deck.apkg", "out/x.apkg", ".",
     "nope.yaml", "tag,other", "::", "A::B"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ARGUMENTS, max_size=6))
def test_any_command_line(cli, argv):
    """Exit 0 with a summary, or 2 with one line on stderr: never a traceback."""
    result = cli(*argv)
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        assert result.stdout.startswith("Wrote ")
    else:
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 5000), style=st.sampled_from(["list", "mapping", "block"]))
def test_any_nesting_depth(depth, style):
    """Issue #14: 600-deep lists gave a 3,002-line RecursionError."""
    if style == "list":
        value = "[" * depth + "x" + "]" * depth
    elif style == "mapping":
        value = "{a: " * depth + "x" + "}" * depth
    else:
        value = "".join(f"\n{'  ' * (i + 3)}a:" for i in range(min(depth, 400))) + " x"
    loads_or_refuses(f"cards:\n  - id: a\n    front: x\n    back: {value}\n")


EXTREMES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 999_999.9, 1e6, 1e6 + 1, 1e200, 1e308]),
    st.integers(-10**6, 10**6), st.integers(-10**401, 10**401))


def yaml_number(value) -> str:
    """Plain YAML, as a user would type it: 1e+200, .inf, .nan, 401-digit integers."""
    if isinstance(value, float) and value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


@st.composite
def networks(draw):
    layers = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    number = lambda: yaml_number(draw(EXTREMES))  # noqa: E731
    vector = lambda n: "[" + ", ".join(number() for _ in range(n)) + "]"  # noqa: E731
    weights = [[vector(layers[i]) for _ in range(layers[i + 1])]
               for i in range(len(layers) - 1)]
    activation = draw(st.sampled_from(["sigmoid", "relu", "linear", "tanh"]))
    return (f"networks:\n  - id: n\n    layers: {layers}\n"
            f"    activations: [{', '.join([activation] * (len(layers) - 1))}]\n"
            f"    inputs: {vector(layers[0])}\n    targets: {vector(layers[-1])}\n"
            f"    weights: [{', '.join('[' + ', '.join(w) + ']' for w in weights)}]\n"
            f"    biases: [{', '.join(vector(n) for n in layers[1:])}]\n"
            f"    learning_rate: {number()}\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_any_numbers_in_a_network(text):
    """Issue #14: 1e200, 1e308 or 401 digits raised OverflowError or gave inf/NaN answers.
    A network is refused in one line, or every number on its cards is finite."""
    import re

    from backprop_deck.generators.network.yaml_spec import yaml_network_cards

    try:
        parsed = parse(text, "fuzz.yaml")
    except DeckError as exc:
        assert str(exc).startswith("fuzz.yaml:") and "\n" not in str(exc)
        return
    for spec in parsed.networks:
        for card in yaml_network_cards(spec, "D"):
            assert not re.search(r"\b(nan|inf)\b", card.back + card.front, re.IGNORECASE)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 -+.e_x\n\u0660", max_size=25))
@example("4354819199")
@example("9" * 400)
def test_any_source_date_epoch(epoch):
    from backprop_deck.deck.anki_package import build_timestamp

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
            stamp = build_timestamp()
    except DeckError as exc:
        assert str(exc).startswith("SOURCE_DATE_EPOCH: ") and "\n" not in str(exc)
    else:
        assert epoch == "" or 0 <= stamp <= 253402300799


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON, st.data())
def test_any_derivation_cache_content(value, data):
    """Whatever a cache file holds, the check answers (never raises); and a good cache
    with any one value replaced is either refused or still makes every card."""
    from backprop_deck.generators import derivation, derivatives

    problem = derivation.cache_problem(value)
    assert isinstance(problem, str) and "\n" not in problem  # random JSON is never a cache
    good = json.loads(json.dumps(derivation.derivations()))
    entry = data.draw(st.sampled_from(good))
    field = data.draw(st.sampled_from(sorted(entry)))
    entry[field] = value
    if derivation.cache_problem(good) is None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(derivatives, "derivations", lambda: good)
            assert len(derivatives.derivative_cards(1, "D")) == DERIVATIVES
