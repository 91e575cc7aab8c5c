"""A network card's worked solution: the chain rule written out, every factor shown."""

import itertools
import random

import pytest

from core.numbers import short, shown
from generators.network import TOPIC
from generators.network.card import solution_steps
from generators.network.draw import draw
from generators.network.maths import Ask, Network, Problem, answer, solve
from generators.network.naming import default_names
from generators.practice import practice_cards
from generators.topic import DIFFICULTIES, practice_card


def problems(level, n):
    return [draw(random.Random(f"card:{k}"), level) for k in range(n)]


def lines(problem):
    net = problem.network
    steps = solution_steps(net, default_names(net.layers), problem.ask, solve(problem, shown))
    return {step.key: " = ".join(step.parts) for step in steps}


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_gradient_is_the_product_of_its_three_shown_factors(level):
    checked = 0
    for problem in problems(level, 60):
        if problem.ask.quantity not in ("gradient", "updated"):
            continue
        steps = lines(problem)
        assert steps["chain"].count(r"\frac{\partial") == 4  # ∂J/∂w = ∂J/∂a · ∂a/∂z · ∂z/∂w
        assert {"upstream", "local", "source", "gradient"} <= set(steps)
        checked += 1
    assert checked > 20


def test_long_steps_become_aligned_rows():
    card = practice_cards(seed=4, count=3, difficulty="hard", deck="D",
                          topics=("network",))[0]
    assert r"\begin{aligned}" in card.back and r"\\ &amp;= " in card.back


def test_card_shows_every_given_number_and_the_rounded_answer():
    for card in practice_cards(seed=5, count=30, difficulty="mixed", deck="D",
                               topics=("network",)):
        problem = card.problem
        for x in problem["inputs"] + problem["targets"]:
            assert short(x).replace("−", "-") in card.front
        assert "<svg" in card.front
        assert f'<span class="answer-value">{card.answer_text}</span>' in card.back


def test_forward_pass_comes_first():
    problem = problems("hard", 1)[0]
    first = lines(problem)["z-1-0"]
    assert first.startswith("z_{h_{1}} = w_{1}\\,i_{1} + w_{2}\\,i_{2} + b_{1}")


def test_no_double_minus_and_no_repeated_equalities():
    """Issue #13's audit: ``(0.308 - -0.9)`` and ``h = -0.26 = -0.26`` are gone."""
    for level in DIFFICULTIES:
        for problem in problems(level, 80):
            for line in lines(problem).values():
                assert "- -" not in line and "+ -" not in line
                parts = line.split(" = ")
                assert all(a != b for a, b in itertools.pairwise(parts)), line


def test_linear_units_say_so():
    net = Network((1, 1, 1), ("linear", "linear"), (((0.5,),), ((2.0,),)), ((0.1,), (0.0,)),
                  (1.0,), (0.5,), 0.1)
    steps = lines(Problem(net, Ask("gradient", "weight", 0, 0, 0)))
    assert steps["a-1-0"] == r"h_{1} = z_{h_{1}} \text{ (linear)} = 0.6"
    assert steps["local"] == r"\frac{\partial h_{1}}{\partial z_{h_{1}}} = 1 \text{ (linear)}"


def test_worked_solution_of_a_deeper_user_network():
    """Three weight layers (a user's YAML may have them): δ passes back twice."""
    net = Network((2, 2, 2, 1), ("tanh", "sigmoid", "linear"),
                  (((0.1, -0.2), (0.3, 0.4)), ((0.5, -0.6), (0.7, 0.8)), ((0.9, -1.0),)),
                  ((0.1, 0.1), (0.2, 0.2), (0.3,)), (0.5, -0.5), (0.25,), 0.5)
    problem = Problem(net, Ask("gradient", "weight", 0, 1, 0))
    steps = lines(problem)
    assert sum(key.startswith("delta-2-") for key in steps) == 2  # h3, h4 of layer 2
    assert sum(key.startswith("delta-3-") for key in steps) == 1
    card = practice_card(TOPIC, (problem,), card_id="deep", guid="g", deck="D", tags=(),
                         heading="Deep")
    assert card.answer == pytest.approx(answer(net, problem.ask))
    assert card.accept[0] <= card.answer <= card.accept[1]
