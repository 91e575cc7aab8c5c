"""Scalar RNNs through time: answers and slips against the oracle."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import rnn as oracle

from backprop_deck.core.numbers import short
from backprop_deck.generators.rnn.card import back, front
from backprop_deck.generators.rnn.draw import MAX_PRE_ACTIVATION, draw
from backprop_deck.generators.rnn.maths import WRT, Problem, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=150):  # the sympy oracle takes ~70 ms an RNN
    return [draw(random.Random(f"rnn:{k}"), level) for k in range(n)]


def test_steps_losses_and_activations_by_difficulty():
    assert all(p.steps == 2 and p.activation == "linear" and p.loss == "last"
               for p in problems("easy"))
    medium = problems("medium")
    assert {p.steps for p in medium} == {2, 3} and {p.loss for p in medium} == {"last", "every"}
    assert all(p.steps == 3 and p.loss == "every" for p in problems("hard"))
    assert {p.wrt for p in problems("hard")} == set(WRT)


def test_easy_is_exact_and_nothing_saturates():
    for problem in problems("easy"):
        answer = solve(problem).answer
        assert float(short(answer).replace("−", "-")) == answer
    for level in ("medium", "hard"):
        for problem in problems(level):
            assert all(abs(z) <= MAX_PRE_ACTIVATION for z in solve(problem).z[1:])


def test_truncated_bptt_is_the_last_steps_term():
    """Independently: with one step the sum has one term, so the slip equals the answer
    of the same RNN cut to its last step, started from its h_{T-1}."""
    problem = draw(random.Random("rnn:trunc"), "medium")
    while problem.wrt not in ("w_x", "b") or problem.loss != "last":
        problem = draw(random.Random(f"rnn:trunc:{problem.steps}{problem.wrt}{problem.loss}"
                                     f"{problem.xs}"), "medium")
    s = solve(problem)
    cut = Problem(problem.xs[-1:], s.h[-2], problem.w_h, problem.w_x, problem.b,
                  problem.activation, "last", problem.targets, problem.wrt)
    truncated = next(x.value for x in s.slips if x.name.startswith("truncated"))
    assert truncated == pytest.approx(oracle.answer(cut.to_dump()))


def test_front_and_back():
    for problem in problems("hard", 30):
        text = front(problem)
        for value in (problem.w_h, problem.w_x, problem.b, problem.h0):
            assert short(value).replace("−", "-") in text
        assert "<svg" in text
        assert "is shared by every step" in back(problem, solve(problem)) or problem.wrt == "h0"


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 3).flatmap(lambda steps: st.tuples(
    st.lists(st.integers(-10, 10).map(lambda k: k / 10), min_size=steps, max_size=steps),
    st.lists(st.integers(-15, 15).map(lambda k: k / 10), min_size=4, max_size=4),
    st.sampled_from(["tanh", "sigmoid", "linear"]), st.sampled_from(["last", "every"]),
    st.lists(st.integers(-10, 10).map(lambda k: k / 10), min_size=steps, max_size=steps),
    st.sampled_from(list(WRT)))))
def test_any_rnn_against_the_oracle(params):
    xs, (h0, w_h, w_x, b), activation, loss, targets, wrt = params
    targets = tuple(targets) if loss == "every" else tuple(targets[:1])
    problem = Problem(tuple(xs), h0, w_h, w_x, b, activation, loss, targets, wrt)
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()),
                                                  rel=1e-9, abs=1e-12)


def test_a_last_step_loss_names_its_target_as_the_diagram_does():
    """Review 2026-12-08, 3.6: the front wrote J = ½(h₂ − y)² beside a diagram labelled
    y₂. The loss and every line of the back name the target y_T, the diagram's label."""
    checked = 0
    for level, k in itertools.product(DIFFICULTIES, range(40)):
        problem = draw(random.Random(f"rnn-target:{level}:{k}"), level)
        if problem.loss != "last":
            continue
        last = problem.steps
        sub = str(last).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
        shown_front, shown_back = front(problem), back(problem, solve(problem))
        assert f"y{sub} = " in shown_front  # the diagram's label
        assert rf"(h_{{{last}}} - y_{{{last}}})^2" in shown_front
        assert rf"(h_{{{last}}} - y_{{{last}}})" in shown_back
        assert "- y)" not in shown_front + shown_back
        checked += 1
    assert checked > 10
