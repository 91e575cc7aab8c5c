"""Numbers that hand-written text states, checked against the maths."""

import pytest
from conftest import ROOT

from backprop_deck.deck.cards_file import load
from backprop_deck.generators.activations import ACTIVATIONS
from backprop_deck.generators.derivative_catalogue import catalogue
from backprop_deck.generators.network.maths import Ask, run
from backprop_deck.generators.network.yaml_spec import yaml_network_cards

BUILTIN = load(ROOT / "cards.yaml")
CARDS = {card.id: card for card in BUILTIN.cards}
LECTURE = BUILTIN.networks[0]


def test_seed_cards_lecture_loss_is_the_lecture_networks():
    assert CARDS["lecture-first-loss"].back == "~0.2984 (in the lecture example)"
    loss_card = next(c for c in yaml_network_cards(LECTURE, "D") if c.id == "lecture-loss")
    assert loss_card.answer_text == "0.2984"


def test_lecture_extra_states_the_first_forward_pass():
    p = run(LECTURE.network)
    extra = CARDS["lecture-first-loss"].extra
    for value in (*p.output, p.loss):
        assert f"{value:.4f}" in extra
    assert LECTURE.asks[-1] == Ask("updated", "weight", 0, 0, 0)


@pytest.mark.parametrize(("name", "peak"), [("sigmoid", 0.25), ("tanh", 1.0)])
def test_stated_peaks_of_activation_derivatives(name, peak):
    """'Largest (0.25) at z = 0' (sigmoid), 'Largest (1) at z = 0' (tanh)."""
    df = ACTIVATIONS[name].df
    grid = [k / 100 for k in range(-600, 601)]
    assert max(map(df, grid)) == pytest.approx(peak) == df(0.0)
    notes = {e.key: e.note for e in catalogue()}
    assert f"({peak:g})" in notes[name]
    if name == "sigmoid":
        assert "largest (0.25) at" in CARDS["sigmoid-derivative"].extra


def test_sigmoid_is_nearly_flat_beyond_4_and_the_generator_bound():
    df = ACTIVATIONS["sigmoid"].df
    assert df(4.0) < 0.02 and df(-4.0) < 0.02
    assert df(2.5) == pytest.approx(0.0701, abs=1e-4)  # MAX_SIGMOID_INPUT's comment


def test_the_lecture_examples_first_card_gives_its_weights_and_forward_pass():
    """numeric-forward-pass (review 2026-12-08, 2.1): the weights w₁…w₈ the drawing names
    but does not number, and the forward pass, recomputed here in plain Python from the
    lecture network's numbers (w₁, w₂ feed h₁; w₃, w₄ feed h₂; w₅, w₆ feed o₁; w₇, w₈ o₂)."""
    import math
    import re

    net = LECTURE.network
    (w1, w2), (w3, w4) = net.weights[0]
    (w5, w6), (w7, w8) = net.weights[1]
    (b1, b2), (b3, b4) = net.biases
    i1, i2 = net.inputs

    def sigmoid(z):
        return 1 / (1 + math.exp(-z))
    z_h1 = w1 * i1 + w2 * i2 + b1
    h1, h2 = sigmoid(z_h1), sigmoid(w3 * i1 + w4 * i2 + b2)
    o1, o2 = sigmoid(w5 * h1 + w6 * h2 + b3), sigmoid(w7 * h1 + w8 * h2 + b4)
    card = CARDS["numeric-forward-pass"]
    assert card.figure is not None and card.figure.network == "lecture"
    extra = card.extra
    weights = dict(re.findall(r"\\\(w_(\d) = (-?[\d.]+)\\\)", extra))
    assert {k: float(v) for k, v in weights.items()} == {
        "1": w1, "2": w2, "3": w3, "4": w4, "5": w5, "6": w6, "7": w7, "8": w8}
    stated = {"z_h1": rf"z_{{h_1}} &= w_1 i_1 + w_2 i_2 + b_1 \\ &= {z_h1:.4f}",
              "h1": rf"\sigma({z_h1:.4f}) = {h1:.4f}", "h2": rf"h_2 &= {h2:.4f}",
              "o1": rf"o_1 &= {o1:.4f}", "o2": rf"o_2 &= {o2:.4f}"}
    text = " ".join(extra.split())
    for name, line in stated.items():
        assert line in text, name
