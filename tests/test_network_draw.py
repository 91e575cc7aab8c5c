"""Random network problems: hand-computable at each difficulty."""

import random

import pytest

from backprop_deck.core.numbers import short
from backprop_deck.generators.network.draw import (
    MAX_SIGMOID_INPUT,
    MIN_RELU_INPUT,
    SMALLEST_ANSWER,
    draw,
)
from backprop_deck.generators.network.maths import answer, run
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=300):
    return [draw(random.Random(f"prop:{k}"), level) for k in range(n)]


def decimals(x: float) -> int:
    text = repr(x)
    return len(text.split(".")[1]) if "." in text else 0


def all_numbers(net):
    return [*net.inputs, *net.targets, *(b for layer in net.biases for b in layer),
            *(w for layer in net.weights for row in layer for w in row)]


def test_easy_is_exact_one_decimal_linear_or_relu():
    for problem in problems("easy"):
        net = problem.network
        assert set(net.activations) <= {"linear", "relu"}
        assert all(decimals(x) == 1 for x in all_numbers(net))
        exact = answer(net, problem.ask)
        assert float(short(exact).replace("−", "-")) == pytest.approx(exact, abs=1e-12)


def test_medium_is_sigmoid_with_one_hidden_unit():
    for problem in problems("medium"):
        net = problem.network
        assert set(net.activations) == {"sigmoid"}
        assert len(net.layers) == 3 and net.layers[1] == 1
        assert all(decimals(x) <= 2 for x in all_numbers(net))


def test_hard_asks_through_the_hidden_layer_of_a_2_2_n_sigmoid_net():
    drawn = problems("hard")
    for problem in drawn:
        assert problem.network.layers[:2] == (2, 2)
        assert set(problem.network.activations) == {"sigmoid"}
    asks = [problem.ask for problem in drawn]
    assert sum(a.layer == 0 for a in asks) > len(asks) / 2
    assert all(a.param is not None for a in asks)


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_no_saturated_sigmoid_no_dead_relu_no_vanishing_answer(level):
    for problem in problems(level):
        net = problem.network
        p = run(net)
        for l, name in enumerate(net.activations, start=1):
            if name == "sigmoid":
                assert all(abs(z) <= MAX_SIGMOID_INPUT for z in p.z[l])
            if name == "relu":
                assert all(z >= MIN_RELU_INPUT for z in p.z[l])
        assert abs(answer(net, problem.ask)) >= SMALLEST_ANSWER[level]
