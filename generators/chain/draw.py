"""Random deep scalar chains by difficulty, some vanishing and some exploding.

easy:   3 linear or ReLU layers, one-decimal x and biases, weights from ±0.5, ±1, ±2, 3:
        exact, no calculator; the product already grows or shrinks.
medium: 3–4 sigmoid or tanh layers, one-decimal numbers.
hard:   5–6 layers: sigmoid with weights ≤ 1 (vanishing), or linear/ReLU with weights
        1.5–3 (exploding).
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from backprop_deck.core.numbers import written_exactly

from .maths import Problem, solve

ONE_DECIMAL = tuple(k / 10 for k in range(-10, 11))
EASY_WEIGHTS = (0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0)
MEDIUM_WEIGHTS = (*(w for w in ONE_DECIMAL if w), 1.5, -1.5, 2.0)
SMALL_WEIGHTS = tuple(k / 10 for k in range(-10, 11) if abs(k) >= 3)
LARGE_WEIGHTS = (1.5, 2.0, 2.5, 3.0, -1.5, -2.0, -2.5)
MIN_RELU_INPUT = 0.05  # clearly active: no kink, no dead unit
MAX_SATURATED = 4.0  # |z| beyond this, one sigmoid or tanh layer alone stops the gradient
VANISHED, EXPLODED = 0.01, 10.0  # what hard chains shrink below or grow beyond
MAX_ATTEMPTS = 2000


def family(activation: str) -> str:
    """Squashing units shrink a gradient (vanishing); linear and ReLU pass w on."""
    return "squashing" if activation in ("sigmoid", "tanh") else "piecewise linear"


def skill(problem: Problem) -> tuple[str, str]:
    """The kind of question: the units' family and which gradient is asked."""
    return family(problem.activation), problem.wrt


def _layers(rng: random.Random, difficulty: str,
            wanted: tuple[str, str] | None) -> tuple[str, tuple, tuple]:
    if difficulty == "easy":
        depth, activation = 3, rng.choice(("linear", "relu"))
        weights = tuple(rng.choice(EASY_WEIGHTS) for _ in range(depth))
    elif difficulty == "medium":
        depth, activation = rng.choice((3, 4)), rng.choice(("sigmoid", "tanh"))
        weights = tuple(rng.choice(MEDIUM_WEIGHTS) for _ in range(depth))
    elif (rng.random() < 0.5) if wanted is None else wanted[0] == "squashing":
        depth, activation = rng.choice((5, 6)), "sigmoid"
        weights = tuple(rng.choice(SMALL_WEIGHTS) for _ in range(depth))
    else:
        depth, activation = rng.choice((5, 6)), rng.choice(("linear", "relu"))
        weights = tuple(rng.choice(LARGE_WEIGHTS) for _ in range(depth))
    biases = tuple(rng.choice(ONE_DECIMAL) for _ in range(depth))
    return activation, weights, biases


def suitable(problem: Problem, difficulty: str) -> bool:
    s = solve(problem, slips=False)
    if problem.activation == "relu" and any(z < MIN_RELU_INPUT for z in s.z):
        return False
    squashing = problem.activation in ("sigmoid", "tanh")
    if squashing and any(abs(z) > MAX_SATURATED for z in s.z):
        return False
    if not 1e-6 <= abs(s.answer) <= 5000:
        return False
    if difficulty == "hard" and not (abs(s.answer) <= VANISHED if squashing
                                     else abs(s.answer) >= EXPLODED):
        return False  # hard cards show the effect plainly
    if difficulty == "easy" and not all(map(written_exactly, (*s.z, *s.a, s.answer))):
        return False
    return problem.activation != "relu" or _every_given_counts(problem, s.answer)


FAR = 100.0  # a move past any ReLU's gate


def _every_given_counts(problem: Problem, answer: float) -> bool:
    """In a ReLU chain x and the biases only open or close gates: where no move of them
    closes one, they play no part, and the card (which names that only for linear
    chains) would not say so. Such a chain is drawn again."""
    moves = [replace(problem, x=problem.x + d) for d in (FAR, -FAR)]
    for name in ("weights", "biases"):
        values = getattr(problem, name)
        moves += [replace(problem, **{name: (*values[:k], v + d, *values[k + 1:])})
                  for k, v in enumerate(values) for d in (FAR, -FAR)]
    by_given = {"x": moves[:2], "weights": moves[2:2 + 2 * problem.depth],
                "biases": moves[2 + 2 * problem.depth:]}
    return all(any(not math.isclose(solve(m, slips=False).answer, answer, rel_tol=1e-6,
                                     abs_tol=1e-7) for m in tried)
               for tried in by_given.values())


def draw(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None = None) -> Problem:
    for _ in range(MAX_ATTEMPTS):
        activation, weights, biases = _layers(rng, difficulty, wanted)
        x = rng.choice([v for v in ONE_DECIMAL if v])
        wrt = rng.choices(("x", "weight", "bias"), (3, 2, 1))[0] if wanted is None else wanted[1]
        # a parameter below the top, so the gradient has layers to pass through
        index = rng.randrange(len(weights) - 1) if wrt != "x" else 0
        problem = Problem(x, weights, biases, activation, wrt, index)
        if suitable(problem, difficulty):
            return problem
    raise RuntimeError(f"no suitable {difficulty} chain in {MAX_ATTEMPTS} attempts")
