"""Random scalar RNNs unrolled over 2–3 steps, by difficulty.

easy:   linear units, 2 steps, loss on the last step, one-decimal numbers: exact.
medium: tanh, 2–3 steps, loss on the last step or on every step.
hard:   tanh or sigmoid, 3 steps, a loss on every step.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from backprop_deck.core.carry import exact
from backprop_deck.core.numbers import written_exactly

from .maths import WRT, Problem, forward, solve

ONE_DECIMAL = tuple(k / 10 for k in range(-10, 11) if k)
MAX_PRE_ACTIVATION = 2.5  # no saturated tanh or sigmoid
SMALLEST_ANSWER = 0.001
MAX_ATTEMPTS = 2000


def skill(problem: Problem) -> tuple[str, str]:
    """The kind of question: which gradient, and where the loss is."""
    return problem.wrt, problem.loss


def _drawn(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None) -> Problem:
    if difficulty == "easy":
        steps, activation, loss = 2, "linear", "last"
    elif difficulty == "medium":
        steps, activation = rng.choice((2, 3)), "tanh"
        loss = rng.choice(("last", "every")) if wanted is None else wanted[1]
    else:
        steps, activation, loss = 3, rng.choice(("tanh", "sigmoid")), "every"
    xs = tuple(rng.choice(ONE_DECIMAL) for _ in range(steps))
    targets = tuple(rng.choice(ONE_DECIMAL) for _ in range(steps if loss == "every" else 1))
    if activation == "sigmoid":
        targets = tuple(abs(y) for y in targets)  # a sigmoid's output lies in (0, 1)
    h0 = rng.choice((0.0, *ONE_DECIMAL)) if difficulty != "easy" else rng.choice((0.0, 0.5))
    return Problem(xs, h0, rng.choice(ONE_DECIMAL), rng.choice(ONE_DECIMAL),
                   rng.choice((0.0, *ONE_DECIMAL)), activation, loss, targets,
                   rng.choices(WRT, (3, 2, 1, 1))[0] if wanted is None else wanted[0])


def suitable(problem: Problem, difficulty: str) -> bool:
    if difficulty == "easy" and not all(map(written_exactly, forward(problem, exact)[1])):
        return False  # seven easy candidates in ten fail here: no backward pass for them
    s = solve(problem, slips=False)
    if problem.activation != "linear" and any(abs(z) > MAX_PRE_ACTIVATION for z in s.z):
        return False
    if abs(s.answer) < SMALLEST_ANSWER:
        return False
    if difficulty == "easy" and not all(map(written_exactly,
                                            (*s.h, *s.dh[1:], *s.dz[1:], s.answer))):
        return False
    return _nothing_cancels(problem, s.answer)


def _nothing_cancels(problem: Problem, answer: float) -> bool:
    """Every given moves the answer: none cancels out by coincidence (with w_h = 1,
    x₁ = 0.5 and x₂ = −0.5 a linear RNN's ∂J/∂b is the same whatever w_x is)."""
    for name in ("xs", "h0", "w_h", "w_x", "b", "targets"):
        value = getattr(problem, name)
        if isinstance(value, tuple):
            moves = [(*value[:k], v + 0.7, *value[k + 1:]) for k, v in enumerate(value)]
        else:
            moves = [value + 0.7]
        if all(math.isclose(solve(replace(problem, **{name: m}), slips=False).answer, answer,
                            rel_tol=1e-9, abs_tol=1e-12) for m in moves):
            return False
    return True


def draw(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None = None) -> Problem:
    for _ in range(MAX_ATTEMPTS):
        problem = _drawn(rng, difficulty, wanted)
        if suitable(problem, difficulty):
            return problem
    raise RuntimeError(f"no suitable {difficulty} RNN in {MAX_ATTEMPTS} attempts")
