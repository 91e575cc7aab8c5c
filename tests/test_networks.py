"""Random practice problems: hand-computable, distinct, stable per slot."""

import random
import re

import pytest

from deck.html import short, significant
from generators.backprop import answer, run
from generators.naming import default_names
from generators.network_cards import solution_steps
from generators.networks import (
    DIFFICULTIES,
    MAX_SIGMOID_INPUT,
    MIN_RELU_INPUT,
    SMALLEST_ANSWER,
    problem,
)
from generators.practice import practice_cards


def problems(level, n=300):
    taken = set()
    return [problem(random.Random(f"prop:{k}"), level, taken) for k in range(n)]


def decimals(x: float) -> int:
    text = repr(x)
    return len(text.split(".")[1]) if "." in text else 0


def all_numbers(net):
    return [*net.inputs, *net.targets, *(b for layer in net.biases for b in layer),
            *(w for layer in net.weights for row in layer for w in row)]


def test_easy_is_exact_one_decimal_linear_or_relu():
    for net, ask in problems("easy"):
        assert set(net.activations) <= {"linear", "relu"}
        assert all(decimals(x) == 1 for x in all_numbers(net))
        exact = answer(net, ask)
        assert float(short(exact).replace("−", "-")) == pytest.approx(exact, abs=1e-12)


def test_medium_is_sigmoid_with_one_hidden_unit():
    for net, _ in problems("medium"):
        assert set(net.activations) == {"sigmoid"}
        assert len(net.layers) == 3 and net.layers[1] == 1
        assert all(decimals(x) <= 2 for x in all_numbers(net))


def test_hard_asks_through_the_hidden_layer_of_a_2_2_n_sigmoid_net():
    asks = [ask for net, ask in problems("hard")]
    for net, _ in problems("hard"):
        assert net.layers[:2] == (2, 2) and set(net.activations) == {"sigmoid"}
    assert sum(a.layer == 0 for a in asks) > len(asks) / 2
    assert all(a.param is not None for a in asks)


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_no_saturated_sigmoid_no_dead_relu_no_vanishing_answer(level):
    for net, ask in problems(level):
        p = run(net)
        for l, name in enumerate(net.activations, start=1):
            if name == "sigmoid":
                assert all(abs(z) <= MAX_SIGMOID_INPUT for z in p.z[l])
            if name == "relu":
                assert all(z >= MIN_RELU_INPUT for z in p.z[l])
        assert abs(answer(net, ask, p)) >= SMALLEST_ANSWER[level]


def test_no_two_cards_of_a_deck_ask_the_same_thing():
    cards = practice_cards(seed=1, count=600, difficulty="mixed", deck="D")
    keys = [repr((c.problem["weights"], c.problem["biases"], c.problem["inputs"],
                  c.problem["targets"], c.problem["ask"])) for c in cards]
    assert len(set(keys)) == len(keys)


def test_slot_problem_does_not_depend_on_count():
    few = practice_cards(seed=9, count=6, difficulty="mixed", deck="D")
    many = practice_cards(seed=9, count=30, difficulty="mixed", deck="D")
    assert [(c.id, c.guid, c.front) for c in few] == [(c.id, c.guid, c.front) for c in many[:6]]


def test_guids_by_slot_unless_new_notes():
    a = practice_cards(seed=1, count=6, difficulty="mixed", deck="D")
    b = practice_cards(seed=2, count=6, difficulty="mixed", deck="D")
    c = practice_cards(seed=2, count=6, difficulty="mixed", deck="D", new_notes=True)
    assert [x.guid for x in a] == [x.guid for x in b]
    assert not {x.guid for x in a} & {x.guid for x in c}
    assert [x.id for x in a] == ["net-easy-0", "net-medium-0", "net-hard-0",
                                 "net-easy-1", "net-medium-1", "net-hard-1"]


PRODUCT = re.compile(r"= (\(?-?[\d.]+\)?(?: \\cdot \(?-?[\d.]+\)?)+) = (-?[\d.]+)$")


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_worked_solution_shows_each_factor_and_their_product(level):
    """The chain rule is written out, and the shown factors multiply to the shown gradient."""
    checked = 0
    for net, ask in problems(level, 60):
        if ask.quantity not in ("gradient", "updated"):
            continue
        steps = [" = ".join(s) for s in solution_steps(net, default_names(net.layers), ask)]
        chain = next(s for s in steps if r"\cdot \frac" in s)
        assert chain.count(r"\frac{\partial") == 4  # ∂J/∂w = ∂J/∂a · ∂a/∂z · ∂z/∂w
        products = [m for s in steps if s.startswith(r"\frac{\partial J}")
                    and (m := PRODUCT.search(s))]
        factors, shown = products[-1].groups()
        value = 1.0
        for f in factors.split(r" \cdot "):
            value *= float(f.strip("()"))
        assert value == pytest.approx(float(shown), rel=2e-3)
        checked += 1
    assert checked > 20


def test_long_steps_become_aligned_rows():
    card = practice_cards(seed=4, count=3, difficulty="hard", deck="D")[0]
    assert r"\begin{aligned}" in card.back and r"\\ &amp;= " in card.back


def test_card_shows_every_number_and_the_rounded_answer():
    for card in practice_cards(seed=5, count=30, difficulty="mixed", deck="D"):
        problem_spec = card.problem
        for x in problem_spec["inputs"] + problem_spec["targets"]:
            assert short(x).replace("−", "-") in card.front
        assert "<svg" in card.front
        assert significant(problem_spec["answer"]) == card.answer_text
        assert f'<span class="answer-value">{card.answer_text}</span>' in card.back


def test_solution_steps_cover_forward_pass():
    net, ask = problems("hard", 1)[0]
    steps = solution_steps(net, default_names(net.layers), ask)
    assert " = ".join(steps[0]).startswith("z_{h_{1}} = w_{1}\\,i_{1} + w_{2}\\,i_{2} + b_{1}")


def test_worked_solution_of_a_deeper_user_network():
    """Three weight layers (a user's YAML may have them): δ passes back twice."""
    from generators.backprop import Ask, Network
    from generators.network_cards import network_card

    net = Network((2, 2, 2, 1), ("tanh", "sigmoid", "linear"),
                  (((0.1, -0.2), (0.3, 0.4)), ((0.5, -0.6), (0.7, 0.8)), ((0.9, -1.0),)),
                  ((0.1, 0.1), (0.2, 0.2), (0.3,)), (0.5, -0.5), (0.25,), 0.5)
    ask = Ask("gradient", "weight", 0, 1, 0)
    steps = [" = ".join(s) for s in solution_steps(net, default_names(net.layers), ask)]
    assert sum(s.startswith(r"\delta_{h_{") for s in steps) == 2  # h3, h4 of layer 2
    assert sum(s.startswith(r"\delta_{o_{") for s in steps) == 1
    factors, shown = PRODUCT.search(steps[-1]).groups()
    product = 1.0
    for f in factors.split(r" \cdot "):
        product *= float(f.strip("()"))
    assert product == pytest.approx(float(shown), rel=2e-3)
    assert float(shown) == pytest.approx(answer(net, ask), rel=1e-3)
    card = network_card(net, ask, card_id="deep", guid="g", deck="D", tags=())
    assert card.answer_text == significant(answer(net, ask))
