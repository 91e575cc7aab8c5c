"""Batch norm: exact statistics where promised, answers and slips against the oracle."""

import math
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import batchnorm as oracle

from backprop_deck.core.numbers import short
from backprop_deck.generators.batchnorm.draw import draw, exact_patterns
from backprop_deck.generators.batchnorm.maths import Problem, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=150):
    return [draw(random.Random(f"bn:{k}"), level) for k in range(n)]


def test_patterns_have_exact_statistics():
    assert exact_patterns()
    for u, sigma in exact_patterns():
        assert sum(u) == 0 and sum(v * v for v in u) / 4 == sigma ** 2


@pytest.mark.parametrize("level", ["easy", "medium"])
def test_easy_and_medium_have_exact_mean_sigma_and_xhat(level):
    for problem in problems(level):
        assert problem.eps == 0 and len(problem.x) == 4
        s = solve(problem)
        for value in (s.forward.mean, s.forward.std, *s.forward.xhat):
            assert float(short(value).replace("−", "-")) == pytest.approx(value, abs=1e-12)


def test_hard_uses_epsilon_and_batches_of_three_or_four():
    drawn = problems("hard")
    assert all(p.eps > 0 and len(p.x) in (3, 4) for p in drawn)
    assert {len(p.x) for p in drawn} == {3, 4}
    assert all(len(set(p.x)) > 1 for level in DIFFICULTIES for p in problems(level, 50))


def test_constant_statistics_slip_is_the_direct_term():
    """Independently: with μ and σ² frozen, ∂L/∂xₙ = γ·∂L/∂yₙ/√(σ² + ε)."""
    for problem in problems("hard", 40):
        if problem.wrt != "x":
            continue
        x = problem.x
        mean = sum(x) / len(x)
        std = math.sqrt(sum((v - mean) ** 2 for v in x) / len(x) + problem.eps)
        slip = next(s.value for s in solve(problem).slips if s.name.startswith("treated"))
        assert slip == pytest.approx(problem.gamma * problem.dY[problem.index] / std)


@settings(max_examples=150, deadline=None)
@given(st.integers(3, 4).flatmap(lambda n: st.tuples(
    st.lists(st.integers(-20, 20).map(lambda k: k / 10), min_size=n, max_size=n),
    st.lists(st.integers(-20, 20).map(lambda k: k / 10), min_size=n, max_size=n),
    st.integers(-20, 20).map(lambda k: k / 10), st.sampled_from([0.0, 0.01, 0.1]),
    st.sampled_from(["x", "gamma", "beta"]), st.integers(0, n - 1))))
def test_any_batch_against_the_oracle(params):
    x, dy, gamma, eps, wrt, index = params
    assume(len(set(x)) > 1)
    problem = Problem(tuple(x), gamma, 0.3, eps, tuple(dy), wrt, index)
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()),
                                                  rel=1e-9, abs=1e-10)
