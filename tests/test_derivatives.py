"""Derivative cards: textbook forms proven equal to sympy's, answers checked numerically."""

import math
import os
import re

import pytest
import sympy as sp

from generators.derivation import TextbookFormError, derive
from generators.derivative_catalogue import Entry, catalogue, sigmoid, z
from generators.derivatives import derivative_cards

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
    assert [e.key for e in ENTRIES] == [
        "sigmoid", "tanh", "relu", "leaky-relu", "softplus", "elu", "silu", "gelu",
        "half-sse", "mse", "bce-yhat", "bce-logit", "softmax-ce", "softmax-jacobian"]


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
    assert r"\frac{\partial L}{\partial z} = \sigma(z) - y" in by_id["deriv-bce-logit"].back
    # TeX's & and < are HTML-escaped inside the card's HTML
    assert r"1 &amp; z &gt; 0" in by_id["deriv-relu"].back


def test_activation_cards_plot_function_and_derivative():
    cards = [c for c in derivative_cards(1, "D") if c.id.startswith("deriv-")
             and "activation" in c.tags]
    assert len(cards) == 8
    for card in cards:
        curves = re.findall(r'<polyline class="(curve[-a-z]*)"[^>]*points="([^"]+)"', card.back)
        assert [name for name, _ in curves] == ["curve", "curve-derivative"]
        assert all(len(points.split()) == 161 for _, points in curves)


def test_cache_hit_builds_without_importing_sympy(tmp_path):
    """A warm cache skips sympy's import (about 0.2 s) and all the derivation."""
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "BACKPROP_DECK_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    script = ("import sys; import build_deck; build_deck.main(['-o', 'x.apkg']); "
              "print('sympy' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, text=True,
                           capture_output=True, check=True).stdout.splitlines()[-1]
            for _ in range(2)]
    assert runs == ["True", "False"]
    assert len(list((tmp_path / "cache").glob("derivatives-*.json"))) == 1


def test_cache_is_keyed_by_sympy_version_and_source(monkeypatch):
    from generators import derivation

    key = derivation.cache_key()
    monkeypatch.setattr(derivation.metadata, "version", lambda name: "0.0-other")
    assert derivation.cache_key() != key


def test_unreadable_cache_is_derived_again(tmp_path, monkeypatch):
    from generators import derivation

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
