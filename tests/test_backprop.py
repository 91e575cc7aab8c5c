"""The forward and backward pass against independent oracles (sympy, finite differences)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import SympyOracle, finite_difference, float_loss

from generators.backprop import Ask, Network, answer, run
from generators.networks import DIFFICULTIES, candidate_asks, problem

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


def generated(count_per_level: int):
    for level in DIFFICULTIES:
        taken = set()
        for seed in range(count_per_level):
            yield level, seed, problem(random.Random(f"test:{seed}:{level}"), level, taken)


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_every_question_type_against_sympy_and_finite_differences(level):
    """Hundreds of generated problems; every ask of each checked two independent ways."""
    checked = set()
    taken = set()
    for seed in range(120):
        net, _ = problem(random.Random(f"oracle:{seed}:{level}"), level, taken)
        oracle = SympyOracle(net)
        for ask in [*candidate_asks(net.layers, level), Ask("loss"), Ask("output", to=0)]:
            value = answer(net, ask)
            assert value == pytest.approx(oracle.answer(ask), rel=1e-9, abs=1e-12)
            if ask.quantity == "gradient":
                assert value == pytest.approx(finite_difference(net, ask), rel=1e-5, abs=1e-9)
            if ask.quantity == "loss":
                assert value == pytest.approx(float_loss(net), rel=1e-12)
            checked.add(ask.quantity)
    assert checked == {"output", "loss", "gradient", "updated"}


layer_sizes = st.lists(st.integers(1, 3), min_size=2, max_size=4)
small = st.floats(-2, 2, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def networks(draw):
    layers = tuple(draw(layer_sizes))
    acts = tuple(draw(st.sampled_from(["sigmoid", "tanh", "linear"])) for _ in layers[1:])
    weights = tuple(tuple(tuple(draw(small) for _ in range(layers[l]))
                          for _ in range(layers[l + 1])) for l in range(len(layers) - 1))
    biases = tuple(tuple(draw(small) for _ in range(n)) for n in layers[1:])
    inputs = tuple(draw(small) for _ in range(layers[0]))
    targets = tuple(draw(small) for _ in range(layers[-1]))
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
        assert answer(net, ask, p) == pytest.approx(finite_difference(net, ask),
                                                    rel=1e-5, abs=1e-7)
