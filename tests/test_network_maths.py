"""The network maths against independent oracles (sympy, finite differences)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.network import SympyOracle, finite_difference, float_loss

from backprop_deck.core.carry import exact, four_figures
from backprop_deck.generators.network.draw import candidate_asks, draw
from backprop_deck.generators.network.maths import Ask, Network, Problem, answer, run, solve
from backprop_deck.generators.topic import DIFFICULTIES

LECTURE = Network((2, 2, 2), ("sigmoid", "sigmoid"),
                  (((0.15, 0.20), (0.25, 0.30)), ((0.40, 0.45), (0.50, 0.55))),
                  ((0.35, 0.35), (0.60, 0.60)), (0.05, 0.10), (0.01, 0.99), 0.5)


@pytest.mark.parametrize(("ask", "expected"), [
    (Ask("output", to=0), 0.75136507),
    (Ask("output", to=1), 0.772928465),
    (Ask("loss"), 0.298371109),
    (Ask("gradient", "weight", 1, 0, 0), 0.082167041),
    (Ask("updated", "weight", 1, 0, 0), 0.35891648),
    (Ask("gradient", "weight", 0, 0, 0), 0.000438568),
    (Ask("updated", "weight", 0, 0, 0), 0.149780716),
])
def test_lecture_values(ask, expected):
    """The published numbers of the lecture's worked example."""
    assert answer(LECTURE, ask) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_every_question_type_against_sympy_and_finite_differences(level):
    """Hundreds of generated problems; every ask of each checked two independent ways."""
    checked = set()
    for seed in range(25):  # and any shape, by hypothesis, below
        net = draw(random.Random(f"oracle:{seed}:{level}"), level).network
        oracle = SympyOracle(net.to_dump())
        for ask in [*candidate_asks(net.layers, level), Ask("loss"), Ask("output", to=0)]:
            value = answer(net, ask)
            assert value == pytest.approx(oracle.answer(ask.to_dump()), rel=1e-9, abs=1e-12)
            if ask.quantity == "gradient":
                assert value == pytest.approx(
                    finite_difference(net.to_dump(), ask.to_dump()), rel=1e-5, abs=1e-9)
            if ask.quantity == "loss":
                assert value == pytest.approx(float_loss(net.to_dump()), rel=1e-12)
            checked.add(ask.quantity)
    assert checked == {"output", "loss", "gradient", "updated"}


def test_hand_path_carries_shown_values():
    """Following the lecture's steps with 4-figure values: z = 0.3775, h1 = 0.5933, …"""
    p = run(LECTURE, four_figures)
    assert (p.z[1][0], p.a[1][0], p.a[2][0]) == (0.3775, 0.5933, 0.7514)
    assert run(LECTURE, exact).a[2][0] == pytest.approx(0.75136507, abs=1e-8)


def test_slips_of_a_hidden_weight():
    """∂J/∂w1 of the lecture: the slips are the answer with one factor changed."""
    s = solve(Problem(LECTURE, Ask("gradient", "weight", 0, 0, 0)))
    slips = {slip.name: slip.value for slip in s.slips}
    assert slips["left out σ′(z), the activation's derivative"] == pytest.approx(
        s.answer / s.local)
    assert slips["took the output error as y − o instead of o − y"] == pytest.approx(-s.answer)
    through_o1 = next(v for k, v in slips.items() if "through o₁ only" in k)
    oracle = SympyOracle(LECTURE.to_dump())
    # One path: J's gradient if o2's error were zero (its target equal to its output).
    one_output = Network(LECTURE.layers, LECTURE.activations, LECTURE.weights, LECTURE.biases,
                         LECTURE.inputs, (0.01, run(LECTURE).a[2][1]), 0.5)
    assert through_o1 == pytest.approx(answer(one_output, Ask("gradient", "weight", 0, 0, 0)))
    assert oracle.answer(Ask("gradient", "weight", 0, 0, 0).to_dump()) == pytest.approx(s.answer)


layer_sizes = st.lists(st.integers(1, 3), min_size=2, max_size=4)
small = st.floats(-2, 2, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def networks(draw_from):
    layers = tuple(draw_from(layer_sizes))
    acts = tuple(draw_from(st.sampled_from(["sigmoid", "tanh", "linear"])) for _ in layers[1:])
    weights = tuple(tuple(tuple(draw_from(small) for _ in range(layers[l]))
                          for _ in range(layers[l + 1])) for l in range(len(layers) - 1))
    biases = tuple(tuple(draw_from(small) for _ in range(n)) for n in layers[1:])
    inputs = tuple(draw_from(small) for _ in range(layers[0]))
    targets = tuple(draw_from(small) for _ in range(layers[-1]))
    return Network(layers, acts, weights, biases, inputs, targets, 0.5)


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_any_shape_gradient_matches_finite_differences(net, data):
    p = run(net)
    assert [len(a) for a in p.a] == list(net.layers)
    l = data.draw(st.integers(0, len(net.layers) - 2))
    j = data.draw(st.integers(0, net.layers[l + 1] - 1))
    i = data.draw(st.integers(0, net.layers[l] - 1))
    for ask in (Ask("gradient", "weight", l, j, i), Ask("gradient", "bias", l, j)):
        assert answer(net, ask) == pytest.approx(
            finite_difference(net.to_dump(), ask.to_dump()), rel=1e-5, abs=1e-7)
