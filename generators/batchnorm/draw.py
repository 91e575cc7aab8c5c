"""Random batch-norm problems by difficulty.

easy:   4 whole numbers whose mean and standard deviation are whole and whose x̂ end
        (−1.4, −0.2, 0.2, 1.4 for σ = 5), ε = 0, whole γ and ∂L/∂y: no calculator.
medium: as easy, scaled to one decimal, with one-decimal ∂L/∂y.
hard:   3–4 one-decimal numbers, ε = 0.01 or 0.1: the full formula, a square root.
Batches of 3 or more (with 2 and ε = 0, x̂ = ±1 whatever x is, and ∂L/∂x is 0); all
x equal is never drawn.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import cache

from backprop_deck.core.numbers import written_exactly

from ..hand_path import steady
from .maths import Problem, solve

GAMMAS = (1.0, 2.0, -1.0, 3.0, 0.5)
ONE_DECIMAL = tuple(k / 10 for k in range(-20, 21))
EPSILONS = (0.01, 0.1)
SMALLEST_ANSWER = 0.001
MAX_ATTEMPTS = 2000


@cache
def exact_patterns() -> tuple[tuple[tuple[int, ...], int], ...]:
    """Deviations u (4 whole numbers summing to 0) whose mean square is σ² for a whole σ
    dividing them into ending decimals: x = μ + u has an exact mean, σ and x̂."""
    found = []
    # Sorted tuples only, in the order product() would give them (7,315, not 130,321).
    for u in itertools.combinations_with_replacement(range(-9, 10), 4):
        if sum(u) or len(set(u)) < 2:
            continue
        square = sum(v * v for v in u) / 4
        sigma = round(math.sqrt(square))
        if sigma * sigma == square and sigma in (1, 2, 4, 5, 8, 10):
            found.append((u, sigma))
    return tuple(found)


def _batch(rng: random.Random, difficulty: str) -> tuple[tuple[float, ...], float]:
    if difficulty == "hard":
        size = rng.choice((3, 4))
        return tuple(rng.choice(ONE_DECIMAL) for _ in range(size)), rng.choice(EPSILONS)
    u, _ = rng.choice(exact_patterns())
    u = list(u)
    rng.shuffle(u)
    scale = 1.0 if difficulty == "easy" else 0.1
    centre = rng.randint(-3, 5) * (1.0 if difficulty == "easy" else 0.5)
    return tuple(round(centre + scale * v, 10) for v in u), 0.0


def skill(problem: Problem) -> str:
    """The kind of question: ∂L/∂x, ∂L/∂γ or ∂L/∂β."""
    return problem.wrt


def draw(rng: random.Random, difficulty: str, wanted: str | None = None) -> Problem:
    for _ in range(MAX_ATTEMPTS):
        x, eps = _batch(rng, difficulty)
        if len(set(x)) == 1:
            continue
        whole = difficulty == "easy"
        dy = tuple(float(rng.randint(-2, 3)) if whole else rng.choice(ONE_DECIMAL) for _ in x)
        gamma = rng.choice(GAMMAS) if difficulty != "hard" else rng.choice(ONE_DECIMAL[21:])
        beta = float(rng.randint(-2, 2)) if whole else rng.choice(ONE_DECIMAL)
        wrt = rng.choices(("x", "gamma", "beta"), (4, 2, 1))[0] if wanted is None else wanted
        problem = Problem(x, gamma, beta, eps, dy, wrt, rng.randrange(len(x)))
        answer = solve(problem, slips=False).answer
        if abs(answer) < SMALLEST_ANSWER or not steady(solve, problem):
            continue
        if whole and not written_exactly(answer):
            continue  # 0.15625 would need a fifth figure: easy answers end in 4
        return problem
    raise RuntimeError(f"no suitable {difficulty} batch-norm problem in {MAX_ATTEMPTS} attempts")
