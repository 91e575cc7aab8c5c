"""Softmax and sigmoid outputs: the given exponentials, answers and slips against the oracle."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import softmax as oracle

from backprop_deck.core.numbers import short
from backprop_deck.generators.softmax.card import front
from backprop_deck.generators.softmax.draw import draw
from backprop_deck.generators.softmax.maths import Problem, exponentials, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=200):
    return [draw(random.Random(f"softmax:{k}"), level) for k in range(n)]


def test_easy_needs_no_calculator():
    """Whole-number exponentials and a terminating answer: p = k/S."""
    for problem in problems("easy"):
        for e in exponentials(problem)[0]:
            assert e == pytest.approx(round(e)) or e == pytest.approx(1 / round(1 / e))
        answer = solve(problem).answer
        assert float(short(answer).replace("−", "-")) == pytest.approx(answer, abs=1e-12)
        assert problem.quantity != "loss"


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_the_front_gives_every_logit_target_and_exponential(level):
    for problem in problems(level, 60):
        text = front(problem)
        exps = exponentials(problem)
        for row, erow in zip(problem.logits, exps):
            for z, e in zip(row, erow):
                if level != "easy":
                    assert short(z).replace("−", "-") in text
                    assert short(float(f"{e:.4g}")).replace("−", "-") in text
                elif e < 1:  # e^{-ln k} = 1/k, written as the fraction: no calculator
                    assert rf"\tfrac{{1}}{{{round(1 / e)}}}" in text
                else:
                    assert f"{round(e)}" in text


def test_hard_mixes_losses_reductions_and_batches():
    drawn = problems("hard")
    assert {p.loss for p in drawn} == {"softmax_ce", "sigmoid_bce"}
    assert {p.reduction for p in drawn} == {"mean", "sum"}
    assert all(2 <= p.rows <= 3 for p in drawn)
    assert {len(p.logits[0]) for p in drawn if p.loss == "softmax_ce"} == {3, 4}


def test_gradient_slips():
    """ŷ without −1 at the target, the sign, and the 1/N of a mean."""
    logits = ((math.log(1), math.log(3)), (0.0, 0.0))
    problem = Problem("softmax_ce", logits, (1.0, 0.0), "mean", "gradient", (0, 1))
    s = solve(problem)
    assert s.answer == pytest.approx((0.75 - 1) / 2)
    slips = {slip.name: slip.value for slip in s.slips}
    assert slips["left out the −1 at the target class: the gradient is ŷ − y"] == (
        pytest.approx(0.375))
    assert slips["took y − ŷ instead of ŷ − y"] == pytest.approx(0.125)
    assert slips["left out the 1/N of the mean"] == pytest.approx(-0.25)


logit = st.integers(-25, 25).map(lambda k: k / 10)


@st.composite
def any_problem(draw_from):
    rows = draw_from(st.integers(1, 3))
    if draw_from(st.booleans()):
        classes = draw_from(st.integers(2, 4))
        logits = tuple(tuple(draw_from(logit) for _ in range(classes)) for _ in range(rows))
        targets = tuple(float(draw_from(st.integers(0, classes - 1))) for _ in range(rows))
        loss = "softmax_ce"
    else:
        logits = tuple((draw_from(logit),) for _ in range(rows))
        targets = tuple(draw_from(st.integers(0, 10)) / 10 for _ in range(rows))
        loss = "sigmoid_bce"
    index = (draw_from(st.integers(0, rows - 1)), draw_from(st.integers(0, len(logits[0]) - 1)))
    return Problem(loss, logits, targets, draw_from(st.sampled_from(["mean", "sum"])),
                   draw_from(st.sampled_from(["loss", "probability", "gradient"])), index)


@settings(max_examples=150, deadline=None)
@given(any_problem())
def test_any_problem_against_the_oracle(problem):
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()),
                                                  rel=1e-9, abs=1e-12)
