"""One notation across the generated cards (docs/notation.md), read off the cards as a
learner reads them, over every problem of every note of several decks.

Each check is shown to find the defect it was written for on a card as the deck built
it before (tests/data/notation-before-issue-26.json), and to find nothing now.
"""

import json
import math
import re
from pathlib import Path

import pytest
from notation_checks import (
    crossed_layout,
    idle_givens,
    off_notation,
    problems,
    said_idle,
    undefined,
)
from notation_doc import notation
from oracles.idle import idle
from symbols import Symbol, tex_symbols, text_symbols

from backprop_deck.deck.build import Options, build

SEEDS = (2026, 7, 11)
BEFORE = Path(__file__).parent / "data" / "notation-before-issue-26.json"


@pytest.fixture(scope="module")
def shown():
    """(card id, kind, front, back, problem) for every problem of every generated note:
    all topics at every difficulty, eight versions a note, the derivative cards and the
    lecture network's."""
    found = []
    for seed in SEEDS:
        for card in build(Options(seed=seed)).cards:
            entry = card.to_dump()
            if entry["kind"] != "static":
                found += [(entry["id"], entry["kind"], *p) for p in problems(entry)]
    assert len(found) > 1500
    return found


@pytest.fixture(scope="module")
def before():
    return {c["id"]: c for c in json.loads(BEFORE.read_text(encoding="utf-8"))["cards"]}


@pytest.mark.parametrize("check", [undefined, off_notation, crossed_layout], ids=[
    "every_symbol_a_card_uses_is_defined", "no_card_writes_what_the_notation_never_writes",
    "rows_and_columns_agree_with_the_layout"])
def test_no_card_has_what_the_check_finds(shown, check):
    found = [(card, f) for card, kind, front, back, _ in shown
             for f in check(kind, front, back)]
    assert found == []


def test_a_given_that_plays_no_part_is_said_to(shown):
    found = [(card, g) for card, kind, _, back, problem in shown
             for g in idle_givens(kind, problem, back)]
    assert found == []


def test_what_a_card_says_plays_no_part_plays_none(shown):
    """The other way round: a given named in a "plays no part" line is one whose every
    change leaves the answer as it is (tests/oracles/idle.py)."""
    from notation_checks import GIVEN_SYMBOLS

    said_count = 0
    wrong = []
    for card, kind, _, back, problem in shown:
        symbols, words = said_idle(back)
        if not words or problem is None:
            continue
        said_count += 1
        unused = set(idle(kind, problem))
        names = GIVEN_SYMBOLS.get(kind, {})
        for key in (names if kind != "graph" else
                    [n["name"] for n in problem["nodes"] if n["op"] == "input"]):
            symbol = names.get(key, key)
            base, _, sub = symbol.partition("_")
            named = any(s.base == base and (not sub or s.sub == sub) for s in symbols) or (
                key == "targets" and "target" in words)
            if named and key not in unused:
                wrong.append((card, key))
    assert wrong == []
    assert said_count > 300


def test_the_oracle_that_moves_givens_agrees_with_every_answer(shown):
    """tests/oracles/idle.py's own answers (dual numbers, central differences) are the
    cards' answers, before anything is moved."""
    from oracles.idle import ANSWERS

    off = [(card, problem["answer"], ANSWERS[kind](problem))
           for card, kind, _, _, problem in shown
           if kind in ANSWERS and problem and "ask" in problem and "shapes" not in problem
           and not math.isclose(ANSWERS[kind](problem), problem["answer"], rel_tol=1e-6,
                                abs_tol=1e-7)]
    assert off == []


# ---------------------------------------------------------------- on the cards of before

def test_undefined_finds_t_n_b_plus_and_z_k(before):
    softmax = before["softmax-medium-0"]
    assert "front: t_{n}" in undefined("softmax", softmax["front"], softmax["back"])
    chain = before["chain-medium-0"]
    assert "back: z_{4}" in undefined("chain", chain["front"], chain["back"])
    network = before["net-hard-1"]
    assert "back: b_{2}⁺" in undefined("network", network["front"], network["back"])
    jacobian = before["deriv-softmax-jacobian"]
    assert "back: ŷ_{2}" in undefined("derivative", jacobian["front"], jacobian["back"])


def test_off_notation_finds_l_p_t_the_entry_form_and_the_kronecker_delta(before):
    softmax = off_notation("softmax", before["softmax-medium-0"]["front"],
                           before["softmax-medium-0"]["back"])
    assert {"front: L", "front: p", "front: t_{n}"} <= set(softmax)
    linear = off_notation("linear", before["linear-medium-0"]["front"],
                          before["linear-medium-0"]["back"])
    assert any("entry form" in f for f in linear)
    jacobian = before["deriv-softmax-jacobian"]
    assert "back: δ_{ij}" in off_notation("derivative", jacobian["front"], jacobian["back"])
    graph = before["graph-easy-0"]
    assert "front: L" in off_notation("graph", graph["front"], graph["back"])


def test_crossed_layout_finds_columns_summed_over_the_batch(before):
    linear = before["linear-medium-0"]
    found = crossed_layout("linear", linear["front"], linear["back"])
    assert len(found) == 1 and "sum of the columns" in found[0]


def test_crossed_layout_tells_a_rows_sums_from_the_sum_of_the_rows(before):
    """"The column sums of ∂L/∂Y over the 32 examples" (before issue 26) was right: each
    column's sum adds one output's examples. The review of 2026-12-08 (1.2) found what
    replaced it, "the sums of the 32 rows", which gives 32 numbers, one per example."""
    shapes = before["linear-shapes-1"]
    assert "the column sums of" in shapes["back"]
    assert crossed_layout("linear", shapes["front"], shapes["back"]) == []
    reviewed = (r"<p>And \(\dfrac{\partial J}{\partial b}\) has 128 entries: the sums of the "
                r"32 rows of \(\dfrac{\partial J}{\partial Y}\) (one row per example).</p>")
    assert crossed_layout("linear", shapes["front"], reviewed) == [
        "sums columns over the batch: the sums of the 32 rows of   (one row per example)."]
    for right in ("the sum of the rows of ∂J/∂Y, one row per example",
                  "summing its 3 rows, one per example, gives 2 numbers",
                  "the sum of each column, down the examples"):
        assert crossed_layout("linear", shapes["front"], f"<p>{right}.</p>") == [], right
    assert crossed_layout("linear", shapes["front"], "<p>the sum of each row, the batch.</p>")


def test_idle_givens_finds_weight_decay_a_bias_and_an_averaged_input(before):
    linear = before["linear-hard-0"]
    assert set(idle_givens("linear", linear["problem"], linear["back"])) == {
        "b", "X", "weight_decay"}
    pool = before["pool-medium-0"]
    assert idle_givens("pool", pool["problem"], pool["back"]) == ["input"]
    graph = before["graph-easy-0"]
    assert "x" in idle_givens("graph", graph["problem"], graph["back"])


# ---------------------------------------------------------------- the readers themselves

def test_the_notation_doc_is_read():
    doc = notation()
    everywhere = {d.symbol for d in doc.everywhere}
    assert {Symbol("J"), Symbol("y"), Symbol("ŷ"), Symbol("z"), Symbol("δ"),
            Symbol("w", sup="+")} <= everywhere
    assert {Symbol("L"), Symbol("p"), Symbol("t"), Symbol("δ", "ij")} <= set(
        doc.forbidden("linear"))
    assert Symbol("t") not in doc.forbidden("rnn")  # its steps are t = 1…T
    assert Symbol("o") in doc.forbidden("softmax") and Symbol("o") not in doc.forbidden(
        "network")
    assert Symbol("z", "1") in doc.forbidden("network")  # never a bare z₁ there
    assert doc.entry_form_banned
    assert {"z_{h_k}", "δ_{o_k}", "w_{k}"} <= {str(d.symbol) for d in doc.defined("network")}


@pytest.mark.parametrize(("tex", "symbols"), [
    (r"L_n = -\ln p_{n, t_n}", ["L_{n}", "p_{n,t_n}", "t_{n}"]),
    (r"w_{5}^{+} = w_5 - \eta\,\frac{\partial J}{\partial w_{5}}",
     ["w_{5}⁺", "w_{5}", "η", "J", "w_{5}"]),
    (r"\hat x_{1} + \tilde X_{i,\, j} + \sigma'(z_{h_{1}})", ["x̂_{1}", "X̃_{i,j}", "σ′",
                                                             "z_{h_1}", "h_{1}"]),
    (r"\sum_{n=1}^{N} e^{z_{3k}} \operatorname{ReLU}(a)^{2} X^{\top}",
     ["e", "z_{3k}", "a", "X"]),
])
def test_tex_symbols(tex, symbols):
    assert [str(s) for s in tex_symbols(tex)] == symbols


def test_text_symbols():
    text = "took y − ŷ instead of ŷ − y; ∂J/∂zₜ with hₜ₋₁ and b₂⁺, a dead unit (σ′)"
    assert [str(s) for s in text_symbols(text)] == [
        "y", "ŷ", "ŷ", "y", "J", "z_{t}", "h_{t-1}", "b_{2}⁺", "σ′"]


# ---------------------------------------------------------------- words and index forms

@pytest.fixture(scope="module")
def texts():
    """(card id, what, text) for every side of every card of a deck, each problem of a
    note, the slips' names among them; a seed card's front and back are the seed's
    words (tests/test_cards_yaml.py), so only its extra is read."""
    found = []
    for card in build(Options(seed=2026, variants=4)).cards:
        seed = "seed" in card.tags
        if card.kind == "static":
            sides = [("extra", card.extra)] if seed else [
                ("front", card.front), ("back", card.back), ("extra", card.extra)]
            found += [(card.id, what, text) for what, text in sides if text]
            continue
        entry = card.to_dump()
        for front, back, _ in problems(entry):
            found += [(card.id, "front", front), (card.id, "back", back)]
    return found


ERROR_WORD = re.compile(r"\berrors?\b", re.I)
ERROR_SAID = re.compile(r"\boutput errors?\b|\berrors? terms?\b|\bsquared errors?\b", re.I)


def test_error_is_the_output_error_or_an_error_term(texts):
    """Review 2026-12-08, 3.1: "the error" was o₁ − y₁ on one card, δ ("the error term")
    on the next, and ∂Jₜ/∂hₜ ("the step's own error") on a third. Every card but the seed's
    own words says "output error" for o − y and "error term" for δ (and names the loss
    "mean squared error")."""
    loose = [(card, what, sentence) for card, what, text in texts
             for sentence in re.split(r"(?<=[.:;])\s", re.sub(r"<[^>]+>", " ", text))
             if len(ERROR_WORD.findall(sentence)) > len(ERROR_SAID.findall(sentence))]
    assert loose == []


def test_no_card_calls_the_input_gradient_a_convolution_unqualified(texts):
    """Review 2026-12-08, 1.4: after concept-conv-forward says the mathematical
    convolution flips, "∂J/∂Y fully convolved with the flipped kernel" flips twice. Cards
    say "full cross-correlation … with the flipped kernel" (or "a true convolution")."""
    said = [(card, what) for card, what, text in texts
            if re.search(r"fully convolved|full convolution", text)]
    assert said == []
    assert any("a full cross-correlation of the zero-padded ∂J/∂Y with the flipped kernel" in text
               for _, _, text in texts)


JACOBIAN = re.compile(r"\\partial \\hat y_\{?([a-z])\}?\s*/\s*\\partial z_\{?([a-z])\}?"
                      r"|\\frac\{\\partial \\hat y_\{?([a-z])\}?\}\{\\partial z_\{?([a-z])\}?\}")
CLASS_SUM = re.compile(r"\\sum_\{?([a-z])\}?\s*(?:e\^\{z_|y_|\\hat y_|\\frac\{\\partial J\}"
                       r"\{\\partial \\hat y_)")


def test_the_softmax_jacobian_has_one_index_form(texts):
    """Review 2026-12-08, 3.5: ∂ŷₖ/∂zᵢ, ∂ŷᵢ/∂zⱼ and ∂ŷₖ/∂zⱼ for one Jacobian, j also
    summed over. Every card writes ∂ŷₖ/∂zⱼ (∂ŷ_c/∂zⱼ inside a sum over the classes c),
    its indicator 1[k = j], and every sum over the classes with c."""
    pairs, indicators, sums = set(), set(), set()
    for _, _, text in texts:
        tex = text.replace("&amp;", "&")
        pairs |= {tuple(filter(None, m)) for m in JACOBIAN.findall(tex)}
        indicators |= set(re.findall(r"\\mathbf\{1\}\[([a-z]) ?= ?([a-z])\]", tex))
        sums |= set(CLASS_SUM.findall(tex))
    assert pairs == {("k", "j"), ("c", "j")}
    assert indicators == {("k", "j"), ("c", "j")}
    assert sums == {"c"}
