"""Random pooling problems on 4×4 inputs with 2×2 windows, by difficulty.

easy:   max pooling, stride 2, whole numbers.
medium: average (or max) pooling, stride 2.
hard:   stride 1: the windows overlap and a cell's gradients add.
No window of a max pool has a tie for its maximum.
"""

from __future__ import annotations

import random

from backprop_deck.core.numbers import clean

from .maths import Problem, output_shape, shares, window

INPUTS = tuple(range(-5, 10))
UPSTREAM = (-3, -2, -1, 1, 2, 3, 4)
ONE_DECIMAL = tuple(k / 10 for k in range(-20, 21) if k)
MAX_ATTEMPTS = 1000
# Most cells are no window's maximum (3 in 4 with stride 2): a cell that gets nothing is
# drawn 1 time in 12, so 0 answers about a fifth of max-pool problems (0.0 is then
# worth knowing, but never a good guess).
SKIP_NON_MAXIMUM = 11 / 12


def _ties(problem: Problem) -> bool:
    rows, cols = output_shape(4, 4, problem.size, problem.stride)
    for i in range(rows):
        for j in range(cols):
            values = sorted(problem.input[r][c] for r, c in window(problem, i, j))
            if values[-1] == values[-2]:
                return True
    return False


def skill(problem: Problem) -> str:
    """The kind of question: max or average pooling (the stride is the difficulty's)."""
    return problem.mode


def draw(rng: random.Random, difficulty: str, wanted: str | None = None) -> Problem:
    stride = 1 if difficulty == "hard" else 2
    for _ in range(MAX_ATTEMPTS):
        if difficulty == "easy":
            mode = "max"
        elif wanted is not None:
            mode = wanted
        elif difficulty == "medium":
            mode = rng.choices(("avg", "max"), (3, 1))[0]
        else:
            mode = rng.choice(("avg", "max"))
        x = tuple(tuple(float(rng.choice(INPUTS)) for _ in range(4)) for _ in range(4))
        rows, cols = output_shape(4, 4, 2, stride)
        upstream = UPSTREAM if difficulty == "easy" else (*UPSTREAM, *ONE_DECIMAL)
        dy = tuple(tuple(float(rng.choice(upstream)) for _ in range(cols)) for _ in range(rows))
        index = (rng.randrange(4), rng.randrange(4))
        problem = Problem(mode, x, 2, stride, dy, index)
        if mode == "max" and _ties(problem):
            continue
        found = shares(problem)
        if difficulty == "hard" and len(found) < 2:
            continue  # hard asks where windows overlap
        if mode == "max" and not any(s.maximum == index for s in found) and (
                rng.random() < SKIP_NON_MAXIMUM):
            continue  # mostly ask a maximum; sometimes a cell that gets nothing
        if mode == "avg" and clean(sum(s.value for s in found)) == 0:
            continue  # shares that cancel teach nothing
        return problem
    raise RuntimeError(f"no suitable {difficulty} pooling problem in {MAX_ATTEMPTS} attempts")
