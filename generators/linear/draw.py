"""Random dense-layer problems by difficulty.

easy:   integers from −3 to 3, N 1–2, D 2, M 1–2: exact, no calculator.
medium: one-decimal numbers, N 1–3, D 2–3, M 1–3.
hard:   as medium, with weight decay λ: most questions ask ∂J/∂W, where λW appears.
"""

from __future__ import annotations

import random

from backprop_deck.core.numbers import rounded

from .maths import Problem, solve

INTEGERS = tuple(float(k) for k in range(-3, 4) if k)
ONE_DECIMAL = tuple(k / 10 for k in range(-20, 21) if k)
SIZES = {"easy": ((1, 2), (2,), (1, 2)), "medium": ((1, 2, 3), (2, 3), (1, 2, 3)),
         "hard": ((1, 2, 3), (2, 3), (1, 2, 3))}
DECAYS = (0.1, 0.5, 0.01)
WRT = {"easy": ("W", "X", "b"), "medium": ("W", "X", "b"), "hard": ("W", "W", "W", "X", "b")}
MAX_ATTEMPTS = 1000


def _matrix(rng: random.Random, rows: int, cols: int, values) -> tuple:
    return tuple(tuple(rng.choice(values) for _ in range(cols)) for _ in range(rows))


def skill(problem: Problem) -> str:
    """The kind of question: which gradient, ∂J/∂W, ∂J/∂X or ∂J/∂b."""
    return problem.wrt


def draw(rng: random.Random, difficulty: str, wanted: str | None = None) -> Problem:
    values = INTEGERS if difficulty == "easy" else ONE_DECIMAL
    for _ in range(MAX_ATTEMPTS):
        n, d, m = (rng.choice(options) for options in SIZES[difficulty])
        X = _matrix(rng, n, d, values)
        W = _matrix(rng, d, m, values)
        b = _matrix(rng, 1, m, values)[0]
        dY = _matrix(rng, n, m, values)
        decay = rng.choice(DECAYS) if difficulty == "hard" else 0.0
        wrt = rng.choice(WRT[difficulty]) if wanted is None else wanted
        if wrt == "b" and n == 1 and difficulty != "easy":
            continue  # one example: the bias gradient is just ∂J/∂Y, nothing to sum
        rows, cols = {"W": (d, m), "X": (n, d), "b": (1, m)}[wrt]
        index = (rng.randrange(rows), rng.randrange(cols)) if wrt != "b" else (
            rng.randrange(cols),)
        problem = Problem(X, W, b, dY, decay, wrt, index)
        answer = solve(problem).answer
        if abs(answer) >= 0.01 and rounded(answer) == round(answer, 10):
            return problem
    raise RuntimeError(f"no suitable {difficulty} linear problem in {MAX_ATTEMPTS} attempts")
