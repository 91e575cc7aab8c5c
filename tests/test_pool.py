"""Pooling: windows by difficulty, no ties, answers and slips against the oracle."""

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import pool as oracle

from backprop_deck.generators.pool.draw import draw
from backprop_deck.generators.pool.maths import Problem, output_shape, shares, solve, window
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=300):
    return [draw(random.Random(f"pool:{k}"), level) for k in range(n)]


def test_windows_and_modes_by_difficulty():
    for p in problems("easy"):
        assert (p.mode, p.size, p.stride) == ("max", 2, 2)
    assert {p.mode for p in problems("medium")} == {"max", "avg"}
    for p in problems("hard"):
        assert p.stride == 1 and len(shares(p)) >= 2
    assert all(len(p.input) == len(p.input[0]) == 4 for p in problems("hard"))


def test_no_ties_in_a_max_window():
    for level in DIFFICULTIES:
        for p in problems(level):
            if p.mode != "max":
                continue
            rows, cols = output_shape(4, 4, p.size, p.stride)
            for i in range(rows):
                for j in range(cols):
                    values = sorted(p.input[r][c] for r, c in window(p, i, j))
                    assert values[-1] > values[-2]


def test_max_pooling_asks_some_cells_that_get_nothing():
    answers = [solve(p).answer for p in problems("easy")]
    assert 0.1 < answers.count(0.0) / len(answers) < 0.5


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["max", "avg"]), st.integers(1, 2), st.randoms(use_true_random=False))
def test_any_pooling_against_the_oracle(mode, stride, rng):
    x = tuple(tuple(float(v) for v in rng.sample(range(-20, 20), 4)) for _ in range(4))
    rows, cols = output_shape(4, 4, 2, stride)
    dy = tuple(tuple(float(rng.randint(-3, 3)) for _ in range(cols)) for _ in range(rows))
    problem = Problem(mode, x, 2, stride, dy, (rng.randrange(4), rng.randrange(4)))
    windows = [sorted(x[r][c] for r, c in window(problem, i, j))
               for i in range(rows) for j in range(cols)]
    assume(mode != "max" or all(w[-1] != w[-2] for w in windows))  # no ties: docs/design.md
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()), abs=1e-9)
