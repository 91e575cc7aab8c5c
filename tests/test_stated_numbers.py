"""Numbers that hand-written text states, checked against the maths."""

import pytest
from conftest import ROOT

from deck.cards_file import load
from generators.activations import ACTIVATIONS
from generators.derivative_catalogue import catalogue
from generators.network.maths import Ask, run
from generators.network.yaml_spec import yaml_network_cards

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
