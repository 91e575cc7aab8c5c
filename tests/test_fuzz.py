"""Property-based fuzzing: any card file or command line gives a deck or our own error."""

import string

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.errors import DeckError
from deck.cards_file import parse

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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_yaml_structure(value):
    loads_or_refuses(yaml.safe_dump(value, allow_unicode=True))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=string.printable + "ŷ∂η\u00a0\ufeff", max_size=200))
@example("cards: [{id: a, front: '\\( x', back: y}]")
@example("cards:\n  - &a {id: a, front: x, back: y}\n  - *a\n")
@example("!!binary aGVsbG8=")
@example("cards: [{id: a, front: x, back: y, <<: {tags: [t]}}]")
def test_any_text(text):
    loads_or_refuses(text)


OPTIONS = ["-o", "--output", "--dump", "--preview", "--seed", "--count", "--difficulty",
           "--new-notes", "--no-practice", "--no-derivatives", "--cards", "--deck-name",
           "--include-tags", "--exclude-tags"]
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
