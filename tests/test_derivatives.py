"""Derivative cards: textbook forms proven equal to sympy's, answers checked numerically."""

import json
import math
import os
import re

import pytest
import sympy as sp
from deck_counts import DERIVATIVES

from backprop_deck.core.quote import quote_path
from backprop_deck.generators.derivation import TextbookFormError, derive
from backprop_deck.generators.derivative_catalogue import Entry, catalogue, sigmoid, z
from backprop_deck.generators.derivatives import derivative_cards

ENTRIES = catalogue()


def symbolically_zero(expr, variable) -> bool:
    """Zero for every value: each branch of a piecewise function separately."""
    if expr.has(sp.Piecewise, sp.Heaviside, sp.Max):
        branches = (sp.Symbol("p", positive=True), sp.Symbol("q", negative=True))
        return all(sp.simplify(expr.subs(variable, b)) == 0 for b in branches)
    return sp.simplify(expr) == 0


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.key for e in ENTRIES])
def test_textbook_form_is_sympys_derivative(entry):
    derived = sp.diff(entry.function, entry.variable)
    assert symbolically_zero(derived - entry.textbook, entry.variable)


def test_a_wrong_textbook_form_fails_the_build():
    s = sigmoid(z)
    wrong = Entry("sigmoid", "sigmoid", "activation", z, s, s * (1 + s), "", "", "",
                  {z: (0.5,)})
    with pytest.raises(TextbookFormError, match="textbook derivative of sigmoid"):
        derive(wrong)


def test_every_function_is_covered():
    from backprop_deck.generators.derivation import FUNCTIONS

    assert {e.key: e.kind for e in ENTRIES} == FUNCTIONS
    assert [e.key for e in ENTRIES] == [
        "sigmoid", "tanh", "relu", "leaky-relu", "softplus", "elu", "silu", "gelu",
        "half-sse", "mse", "bce-yhat", "bce-logit", "softmax-jacobian", "softmax-ce"]


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("seed", range(40))
def test_evaluated_answers_match_finite_differences(seed):
    functions = {e.key: sp.lambdify(e.variable, e.function, "math")
                 for e in ENTRIES if e.kind == "activation"}
    cards = [c for c in derivative_cards(seed, "D") if "at" in c.problem]
    assert len(cards) == len(functions)
    for card in cards:
        x, value = card.problem["at"], card.problem["answer"]
        assert x != 0 and -3 <= x <= 3
        expected = central_difference(functions[card.problem["function"]], x)
        assert value == pytest.approx(expected, rel=1e-6, abs=1e-9)
        assert card.answer_text in card.back


def test_cards_show_the_textbook_form_not_sympys():
    by_id = {c.id: c for c in derivative_cards(1, "D")}
    sigmoid_card = by_id["deriv-sigmoid"]
    assert r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))" in sigmoid_card.back
    assert sp.latex(sp.diff(sigmoid(z), z)) in sigmoid_card.back  # shown as sympy's form
    assert r"\tanh'(z) = 1 - \tanh^2(z)" in by_id["deriv-tanh"].back
    assert r"\operatorname{softplus}'(z) = \sigma(z)" in by_id["deriv-softplus"].back
    assert r"\frac{\partial J}{\partial z} = \sigma(z) - y" in by_id["deriv-bce-logit"].back
    # TeX's & and < are HTML-escaped inside the card's HTML
    assert r"1 &amp; z &gt; 0" in by_id["deriv-relu"].back


def test_softmax_cross_entropy_is_derived_from_the_jacobian():
    """The back derives ŷⱼ − yⱼ through the softmax's Jacobian, summing over the classes
    c, and each line it writes equals the derivative (three classes, every one-hot target,
    sympy)."""
    back = {c.id: c for c in derivative_cards(1, "D")}["deriv-softmax-ce"].back
    for line in (r"\sum_c \frac{\partial J}{\partial \hat y_c}\,\frac{\partial \hat y_c}"
                 r"{\partial z_j}", r"\hat y_c\,(\mathbf{1}[c=j] - \hat y_j)",
                 r"-y_j + \hat y_j \sum_c y_c", r"\hat y_j - y_j"):
        assert line in back
    zs = sp.symbols("z1:4", real=True)
    exps = [sp.exp(v) for v in zs]
    y_hat = [e / sum(exps) for e in exps]
    at = dict(zip(zs, (0.3, -1.1, 0.8), strict=True))
    for target in range(3):
        y = [1 if k == target else 0 for k in range(3)]
        loss = -sum(yk * sp.log(p) for yk, p in zip(y, y_hat, strict=True))
        for i in range(3):
            lines = [
                sp.diff(loss, zs[i]),
                sum(-y[k] / y_hat[k] * y_hat[k] * ((1 if k == i else 0) - y_hat[i])
                    for k in range(3)),
                -y[i] + y_hat[i] * sum(y),
                y_hat[i] - y[i],
            ]
            values = [float(line.subs(at)) for line in lines]
            assert values == pytest.approx([values[0]] * 4, abs=1e-12)


def test_the_jacobian_card_asks_for_an_entry_of_the_jacobian():
    card = {c.id: c for c in derivative_cards(1, "D")}["deriv-softmax-jacobian"]
    assert "gradient of the softmax Jacobian" not in card.front
    assert r"\(\partial \hat y_1/\partial z_2\) of its Jacobian" in card.front
    assert r"\mathbf{1}[k = j]" in card.back and r"\delta" not in card.back


def test_the_jacobian_comes_before_the_card_that_uses_it_and_defines_its_words():
    """Review 2026-12-08, 2.2: deriv-softmax-ce sums through the Jacobian, so the Jacobian's
    card comes first; "logit" is defined where it is first used (deriv-bce-logit), and
    "one-hot" on the card whose derivation needs it."""
    cards = derivative_cards(1, "D")
    ids = [c.id for c in cards]
    assert ids.index("deriv-bce-logit") < ids.index("deriv-softmax-jacobian") < ids.index(
        "deriv-softmax-ce")
    first = next(c for c in cards if "logit" in c.front + c.back)
    assert first.id == "deriv-bce-logit" and "The logit" in first.front
    ce = cards[ids.index("deriv-softmax-ce")]
    assert "one-hot" in ce.front and r"\(y_c = 1\)" in ce.front


def test_the_gradients_words_are_true():
    """deriv-bce-logit said the gradient "never saturates"; σ(z) − y does go to 0 where a
    confident prediction is right. What the card says instead, checked: it stays near −1
    or 1 where the prediction is confidently wrong, while under a squared error the factor
    σ′(z) stalls it."""
    note = {e.key: e.note for e in ENTRIES}["bce-logit"]
    assert "never saturates" not in note
    assert "does not vanish when a confident prediction is wrong" in note
    s = sp.lambdify(z, sigmoid(z))
    for z0, y0 in ((-8.0, 1.0), (8.0, 0.0)):  # confident and wrong
        assert abs(s(z0) - y0) > 0.99
        assert abs((s(z0) - y0) * s(z0) * (1 - s(z0))) < 1e-3  # squared error: stalled
    assert abs(s(8.0) - 1.0) < 1e-3  # confident and right: it does vanish
    assert "α" not in {e.key: e.note for e in ENTRIES}["elu"]  # the front has no α


def test_activation_cards_plot_function_and_derivative():
    cards = [c for c in derivative_cards(1, "D") if c.id.startswith("deriv-")
             and "activation" in c.tags]
    assert len(cards) == 8
    for card in cards:
        curves = re.findall(r'<polyline class="(curve[-a-z]*)"[^>]*points="([^"]+)"', card.back)
        assert [name for name, _ in curves] == ["curve", "curve-derivative"]
        assert all(len(points.split()) == 161 for _, points in curves)


def test_sympy_derives_beside_the_build_once_and_never_again(tmp_path):
    """A first build derives in a worker process while practice problems are drawn (the
    build itself never imports sympy) and fills the cache; a later build reads it, and
    both write the same deck."""
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "BACKPROP_DECK_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    script = ("import sys; import build_deck; build_deck.main(['--seed', '4', '--dump', "
              "sys.argv[1], '--count', '20']); print('sympy' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script, name], cwd=tmp_path, env=env,
                           text=True, capture_output=True, check=True).stdout.splitlines()[-1]
            for name in ("cold.json", "warm.json")]
    assert runs == ["False", "False"]
    assert len(list((tmp_path / "cache").glob("derivatives-*.json"))) == 1
    assert (tmp_path / "cold.json").read_text() == (tmp_path / "warm.json").read_text()
    cards = json.loads((tmp_path / "cold.json").read_text())["cards"]
    assert sum(card["id"].startswith("deriv-") for card in cards) == DERIVATIVES


def test_cache_is_keyed_by_sympy_version_and_source(monkeypatch):
    from backprop_deck.generators import derivation

    key = derivation.cache_key()
    monkeypatch.setattr(derivation.metadata, "version", lambda name: "0.0-other")
    assert derivation.cache_key() != key


def test_unreadable_cache_is_derived_again(tmp_path, monkeypatch):
    from backprop_deck.generators import derivation

    monkeypatch.setenv("BACKPROP_DECK_CACHE", str(tmp_path))
    path = tmp_path / f"derivatives-{derivation.cache_key()}.json"
    path.write_text("{not json")
    assert len(derivation.derivations()) == len(ENTRIES)
    assert path.read_text().startswith("[")


def test_dump_fields():
    cards = derivative_cards(3, "D")
    concept = next(c for c in cards if c.id == "deriv-sigmoid")
    assert concept.problem == {"function": "sigmoid", "variable": "z",
                               "expression": "1/(1 + exp(-z))",
                               "derivative": str(sp.diff(sigmoid(z), z))}
    evaluated = next(c for c in cards if c.id == "deriv-at-sigmoid")
    x = evaluated.problem["at"]
    s = 1 / (1 + math.exp(-x))
    assert evaluated.problem["answer"] == pytest.approx(s * (1 - s), rel=1e-12)


def test_evaluated_cards_refresh_by_slot():
    a = {c.id: c for c in derivative_cards(1, "D")}
    b = {c.id: c for c in derivative_cards(2, "D")}
    c = {c.id: c for c in derivative_cards(2, "D", new_notes=True)}
    assert a["deriv-at-tanh"].guid == b["deriv-at-tanh"].guid != c["deriv-at-tanh"].guid
    assert a["deriv-tanh"].guid == c["deriv-tanh"].guid


def _cache_variants() -> dict[str, object]:
    """Cache contents a truncated write, an editor or an attacker could leave."""
    from backprop_deck.generators import derivation

    good = derivation.derivations()

    def edited(change) -> str:
        data = json.loads(json.dumps(good))
        change(data)
        return json.dumps(data)

    return {
        "null": ("null", "not a list of entries"),
        "empty list": ("[]", "not a list of entries"),
        "object": ('{"key": "sigmoid"}', "not a list of entries"),
        "truncated": (json.dumps(good)[:5000], "not JSON"),
        "deep nesting": ("[" * 100_000 + "]" * 100_000, "not JSON"),
        "wrong fields": (edited(lambda d: d[0].pop("title")), "an entry with the wrong fields"),
        "crafted key": (edited(lambda d: d[0].update(key='x"><script>alert(1)</script>')),
                        "entries for other functions than the 14 in the catalogue"),
        "an entry missing": (edited(lambda d: d.pop(3)),
                             "entries for other functions than the 14 in the catalogue"),
        "a loss with a plot": (edited(lambda d: d[9].update(plot=d[0]["plot"])),
                               "numbers where none belong, for 'mse'"),
        "an activation without points": (edited(lambda d: d[2].update(points=None)),
                                         "malformed numbers for 'relu'"),
        "script in title": (edited(lambda d: d[1].update(title="tanh<img src=x onerror=f()>")),
                            "markup that could run in 'tanh''s title"),
        "link in TeX": (edited(lambda d: d[0].update(
            derivative_latex=r"\href{javascript:alert(1)}{\sigma}")),
            "markup that could run in 'sigmoid''s derivative_latex"),
        "a link by attribute in TeX": (edited(lambda d: d[0].update(
            function_tex=r"\mmlToken{mi}[href='javascript:alert(1)']{x}")),
            "markup that could run in 'sigmoid''s function_tex"),
        "NaN curve": (edited(lambda d: d[0]["plot"]["f"].__setitem__(3, float("nan"))),
                      "malformed numbers for 'sigmoid'"),
        "same key twice": (edited(lambda d: d[1].update(key="sigmoid")),
                           "entries for other functions than the 14 in the catalogue"),
        "kind swapped": (edited(lambda d: d[0].update(kind="loss")),
                         "a malformed entry 'sigmoid'"),
    }


CACHE_VARIANTS = _cache_variants()


@pytest.mark.parametrize("name", CACHE_VARIANTS)
def test_a_bad_cache_is_one_warning_and_the_build_keeps_every_derivative_card(
        cli, tmp_path, monkeypatch, name):
    from backprop_deck.generators import derivation

    content, reason = CACHE_VARIANTS[name]
    monkeypatch.setenv("BACKPROP_DECK_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "cache" / f"derivatives-{derivation.cache_key()}.json"
    path.parent.mkdir()
    path.write_text(content)
    result = cli("--seed", "1", "--count", "0")
    assert result.exit_code == 0 and f", {DERIVATIVES} derivative" in result.stdout
    assert result.stderr == (f"warning: ignoring the derivation cache {quote_path(path)} "
                             f"({reason}); deriving again\n")
    assert derivation.cache_problem(json.loads(path.read_text())) is None
    assert cli("--seed", "1", "--count", "0").stderr == ""  # the rebuilt cache is used


def test_a_cache_that_cannot_be_read_is_one_warning(cli, tmp_path, monkeypatch):
    from backprop_deck.generators import derivation

    monkeypatch.setenv("BACKPROP_DECK_CACHE", str(tmp_path))
    path = tmp_path / f"derivatives-{derivation.cache_key()}.json"
    path.mkdir()  # a folder where the file should be: reading and writing both fail
    result = cli("--seed", "1", "--count", "0")
    assert result.exit_code == 0 and f", {DERIVATIVES} derivative" in result.stdout
    assert result.stderr == (f"warning: cannot read the derivation cache {quote_path(path)} "
                             "(Is a directory); deriving again\n")


@pytest.mark.parametrize(("kind", "reason"), [("fifo", "not a regular file"),
                                              ("/dev/zero", "not a regular file"),
                                              ("40 GB sparse", "larger than 4 MB")])
def test_a_cache_that_never_ends_is_never_read(cli, tmp_path, monkeypatch, kind, reason):
    """A FIFO under the cache's name hung the build; /dev/zero or a huge sparse file ran
    it out of memory. Each is one warning, and the build goes on."""
    import os
    import time

    from backprop_deck.generators import derivation

    monkeypatch.setenv("BACKPROP_DECK_CACHE", str(tmp_path))
    path = tmp_path / f"derivatives-{derivation.cache_key()}.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as sparse:
            sparse.truncate(40 * 10**9)
    started = time.perf_counter()
    result = cli("--seed", "1", "--count", "0")
    assert time.perf_counter() - started < 60
    assert result.exit_code == 0 and f", {DERIVATIVES} derivative" in result.stdout
    assert result.stderr == (f"warning: cannot read the derivation cache {quote_path(path)} "
                             f"({reason}); deriving again\n")


def test_a_cache_that_is_not_text_is_one_warning(cli, tmp_path, monkeypatch):
    from backprop_deck.generators import derivation

    monkeypatch.setenv("BACKPROP_DECK_CACHE", str(tmp_path))
    path = tmp_path / f"derivatives-{derivation.cache_key()}.json"
    path.write_bytes(b"\xff\xfe[]")
    result = cli("--seed", "1", "--count", "0")
    assert result.exit_code == 0 and f", {DERIVATIVES} derivative" in result.stdout
    assert result.stderr == (f"warning: cannot read the derivation cache {quote_path(path)} "
                             "(not UTF-8 text); deriving again\n")
