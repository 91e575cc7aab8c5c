"""Random output-layer problems by difficulty.

easy:   one example; logits ln k, so every exponential is a whole number (softmax: the sum
        a divisor-friendly 2, 4, 5, 8 or 10; sigmoid: p = k/(k+1)): no calculator.
medium: softmax over 2–3 classes or sigmoid, one or two examples, one-decimal logits.
hard:   2–3 examples, 3–4 classes or soft sigmoid targets, mean or sum over the batch.
"""

from __future__ import annotations

import math
import random
from functools import cache
from itertools import permutations, product

from .maths import Problem, solve

ONE_DECIMAL = tuple(k / 10 for k in range(-20, 21))
EASY_SOFTMAX = ((1, 1), (1, 3), (1, 4), (2, 3), (3, 7), (1, 1, 2), (1, 2, 2), (1, 3, 4),
                (1, 2, 7), (2, 3, 5), (1, 1, 3), (1, 4, 5))
EASY_SIGMOID = (1, 3, 4, 9)  # e^{±ln k}: p = k/(k+1) or 1/(k+1)
SOFT_TARGETS = tuple(k / 10 for k in range(11))
SMALLEST_ANSWER = 0.001
MAX_ATTEMPTS = 1000


def skill(problem: Problem) -> tuple[str, str]:
    """The kind of question: the output layer's loss, and what is asked of it."""
    return problem.loss, problem.quantity


def _softmax(rng: random.Random, wanted: tuple[str, str] | None, chance: float) -> bool:
    return rng.random() < chance if wanted is None else wanted[0] == "softmax_ce"


def _easy(rng: random.Random, wanted: tuple[str, str] | None) -> Problem:
    if _softmax(rng, wanted, 0.6):
        ks = list(rng.choice(EASY_SOFTMAX))
        rng.shuffle(ks)
        logits = ((*(math.log(k) for k in ks),),)
        targets = (float(rng.randrange(len(ks))),)
        loss = "softmax_ce"
    else:
        k = rng.choice(EASY_SIGMOID)
        logits = ((rng.choice((1, -1)) * math.log(k) + 0.0,),)
        targets = (float(rng.choice((0, 1))),)
        loss = "sigmoid_bce"
    quantity = rng.choice(("probability", "gradient", "gradient")) if wanted is None else wanted[1]
    return Problem(loss, logits, targets, "mean", quantity, _index(rng, logits))


def _index(rng: random.Random, logits) -> tuple[int, int]:
    return rng.randrange(len(logits)), rng.randrange(len(logits[0]))


def _drawn(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None) -> Problem:
    if difficulty == "easy":
        return _easy(rng, wanted)
    hard = difficulty == "hard"
    rows = rng.choice((2, 3)) if hard else rng.choice((1, 1, 2))
    if _softmax(rng, wanted, 0.65):
        classes = rng.choice((3, 4)) if hard else rng.choice((2, 3))
        logits = tuple(tuple(rng.choice(ONE_DECIMAL) for _ in range(classes))
                       for _ in range(rows))
        targets = tuple(float(rng.randrange(classes)) for _ in range(rows))
        loss = "softmax_ce"
    else:
        logits = tuple((rng.choice(ONE_DECIMAL),) for _ in range(rows))
        values = SOFT_TARGETS if hard else (0.0, 1.0)
        targets = tuple(rng.choice(values) for _ in range(rows))
        loss = "sigmoid_bce"
    reduction = rng.choice(("mean", "sum")) if hard else "mean"
    weights = (1, 2, 3) if hard else (1, 1, 1)
    quantity = (rng.choices(("loss", "probability", "gradient"), weights)[0] if wanted is None
                else wanted[1])
    return Problem(loss, logits, targets, reduction, quantity, _index(rng, logits))


@cache
def every(difficulty: str) -> tuple[Problem, ...] | None:
    """Every problem ``draw`` can give at a difficulty, where there are few enough to list
    (easy: 694), in a fixed order; None where there are too many."""
    if difficulty != "easy":
        return None
    found = []
    for ks in sorted({p for pattern in EASY_SOFTMAX for p in permutations(pattern)}):
        logits = ((*(math.log(k) for k in ks),),)
        for target, quantity, c in product(range(len(ks)), ("probability", "gradient"),
                                           range(len(ks))):
            found.append(Problem("softmax_ce", logits, (float(target),), "mean", quantity,
                                 (0, c)))
    for k, sign, target, quantity in product(EASY_SIGMOID, (1, -1), (0, 1),
                                             ("probability", "gradient")):
        logits = ((sign * math.log(k) + 0.0,),)
        found.append(Problem("sigmoid_bce", logits, (float(target),), "mean", quantity,
                             (0, 0)))
    kept = [p for p in dict.fromkeys(found)
            if abs(solve(p, slips=False).answer) >= SMALLEST_ANSWER]
    return tuple(kept)


def draw(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None = None) -> Problem:
    for _ in range(MAX_ATTEMPTS):
        problem = _drawn(rng, difficulty, wanted)
        if difficulty != "easy" and not any(z for row in problem.logits for z in row):
            continue  # logits all 0 = ln 1: an easy problem, which the deck may ask too
        if abs(solve(problem, slips=False).answer) >= SMALLEST_ANSWER:
            return problem
    raise RuntimeError(f"no suitable {difficulty} softmax problem in {MAX_ATTEMPTS} attempts")
