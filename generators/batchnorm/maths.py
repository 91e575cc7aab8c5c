"""Batch normalisation of one feature over a batch, in training mode.

μ = mean(x), σ² = mean((x − μ)²) (biased), x̂ = (x − μ)/√(σ² + ε), Y = γ·x̂ + β, and
J = Σₙ ∂J/∂Yₙ · Yₙ for the given ∂J/∂Y. Backward, with ∂J/∂x̂ = γ·∂J/∂Y:

    ∂J/∂γ = Σ ∂J/∂Yₙ · x̂ₙ,    ∂J/∂β = Σ ∂J/∂Yₙ,
    ∂J/∂xₙ = (∂J/∂x̂ₙ − mean(∂J/∂x̂) − x̂ₙ · mean(∂J/∂x̂ ⊙ x̂)) / √(σ² + ε)

The two means are what μ and σ² depending on xₙ add to the direct term.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from backprop_deck.core.carry import Carry, Lines, exact

from ..topic import Slip


@dataclass(frozen=True)
class Problem:
    x: tuple[float, ...]
    gamma: float
    beta: float
    eps: float
    dY: tuple[float, ...]
    wrt: str  # "x", "gamma" or "beta"
    index: int = 0  # for x

    def to_dump(self) -> dict:
        ask = {"wrt": self.wrt, "index": self.index} if self.wrt == "x" else {"wrt": self.wrt}
        return {"x": list(self.x), "gamma": self.gamma, "beta": self.beta, "eps": self.eps,
                "dY": list(self.dY), "ask": ask}


class Statistics(NamedTuple):
    """The forward pass as the card writes it, each value as carried. The sums have lines
    of their own, so that no line holds a long sum inside brackets."""

    total: float  # Σ xₙ
    mean: float
    squares: float  # Σ (xₙ − μ)²
    var: float
    std: float  # √(σ² + ε)
    xhat: tuple[float, ...]


class Backward(NamedTuple):
    dxhat: float  # ∂J/∂x̂ of the asked example
    total_dy: float  # Σ ∂J/∂Yₙ
    mean_dxhat: float
    total_dy_xhat: float  # Σ ∂J/∂Yₙ · x̂ₙ
    mean_dxhat_xhat: float
    terms: float  # the direct term minus what flows through μ and σ²
    answer: float


@dataclass(frozen=True)
class Solution:
    forward: Statistics
    backward: Backward
    answer: float
    slips: tuple[Slip, ...]


def statistics(problem: Problem, carry: Carry, ddof: int = 0) -> Statistics:
    """μ, σ², √(σ² + ε) and x̂, each a line carried; ``ddof`` 1 is the unbiased-variance
    slip."""
    N = len(problem.x)
    s = Lines(carry)
    s.total = sum(problem.x)
    s.mean = s.total / N
    s.squares = sum((x - s.mean) ** 2 for x in problem.x)
    s.var = s.squares / (N - ddof)
    s.std = math.sqrt(s.var + problem.eps)
    s.xhat = [(x - s.mean) / s.std for x in problem.x]
    return Statistics(s.total, s.mean, s.squares, s.var, s.std, s.xhat)


def gradient(problem: Problem, carry: Carry, xhat, std, *, means: tuple[bool, bool] = (True, True),
             with_gamma: bool = True) -> Backward:
    """The backward pass to the asked gradient, each a line carried; ``means`` and
    ``with_gamma`` switch parts off for the slips."""
    N, k, dY = len(problem.x), problem.index, problem.dY
    gamma = problem.gamma if with_gamma else 1.0
    s = Lines(carry)
    if problem.wrt == "gamma":
        s.answer = sum(d * v for d, v in zip(dY, xhat))
        return Backward(0.0, 0.0, 0.0, s.answer, 0.0, 0.0, s.answer)
    if problem.wrt == "beta":
        s.answer = sum(dY)
        return Backward(0.0, s.answer, 0.0, 0.0, 0.0, 0.0, s.answer)
    s.dxhat = gamma * dY[k]
    s.total_dy = sum(dY)
    s.mean_dxhat = gamma * s.total_dy / N
    s.total_dy_xhat = sum(d * v for d, v in zip(dY, xhat))
    s.mean_dxhat_xhat = gamma * s.total_dy_xhat / N
    through_mean = s.mean_dxhat if means[0] else 0.0
    through_var = xhat[k] * s.mean_dxhat_xhat if means[1] else 0.0
    s.terms = s.dxhat - through_mean - through_var
    s.answer = s.terms / std
    return Backward(s.dxhat, s.total_dy, s.mean_dxhat, s.total_dy_xhat, s.mean_dxhat_xhat,
                    s.terms, s.answer)


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Every line is statistics' or gradient's, carried as the learner carries it."""
    forward = statistics(problem, carry)
    backward = gradient(problem, carry, forward.xhat, forward.std)
    found = _slips(problem, carry, forward, backward) if slips else ()
    return Solution(forward, backward, backward.answer, tuple(found))


def _slips(problem: Problem, carry: Carry, forward: Statistics,
           backward: Backward) -> list[Slip]:
    N = len(problem.x)
    xhat, std, answer = forward.xhat, forward.std, backward.answer
    s = Lines(carry)
    slips = []
    if problem.wrt == "x":
        slips += [Slip("treated μ and σ² as constants: only the direct term ∂J/∂x̂ₙ / σ",
                       s.slip(backward.dxhat / std), "terms"),
                  Slip("left out the mean(∂J/∂x̂) term",
                       gradient(problem, carry, xhat, std, means=(False, True)).answer, "terms"),
                  Slip("left out the x̂ₙ · mean(∂J/∂x̂ ⊙ x̂) term",
                       gradient(problem, carry, xhat, std, means=(True, False)).answer, "terms"),
                  Slip("forgot γ: ∂J/∂x̂ is γ·∂J/∂Y",
                       gradient(problem, carry, xhat, std, with_gamma=False).answer, "dxhat")]
    elif problem.wrt == "gamma":
        slips += [Slip("summed ∂J/∂Y · x instead of ∂J/∂Y · x̂",
                       s.slip(sum(d * x for d, x in zip(problem.dY, problem.x))), "gamma"),
                  Slip("averaged over the batch instead of summing", s.slip(answer / N),
                       "gamma")]
    else:
        slips += [Slip("averaged over the batch instead of summing", s.slip(answer / N), "beta"),
                  Slip("multiplied by γ: Yₙ = γx̂ₙ + β, so ∂Yₙ/∂β = 1",
                       s.slip(problem.gamma * answer), "beta")]
    if problem.wrt != "beta":
        unbiased = statistics(problem, carry, ddof=1)
        slips.append(Slip("used the unbiased variance (÷ N − 1); batch norm divides by N",
                          gradient(problem, carry, unbiased.xhat, unbiased.std).answer, "var"))
    return slips
