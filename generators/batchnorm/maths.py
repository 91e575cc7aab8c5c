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

from core.numbers import exact

from ..topic import Keep, Slip


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


@dataclass(frozen=True)
class Solution:
    mean: float
    var: float
    std: float  # √(σ² + ε)
    xhat: tuple[float, ...]
    dxhat: float  # ∂J/∂x̂ of the asked example
    mean_dxhat: float
    mean_dxhat_xhat: float
    answer: float
    slips: tuple[Slip, ...]


def statistics(problem: Problem, keep: Keep, ddof: int = 0):
    """μ, σ², √(σ² + ε) and x̂, each as carried; ``ddof`` 1 is the unbiased-variance slip."""
    n = len(problem.x)
    mean = keep(sum(problem.x) / n)
    var = keep(sum((v - mean) ** 2 for v in problem.x) / (n - ddof))
    std = keep(math.sqrt(var + problem.eps))
    return mean, var, std, tuple(keep((v - mean) / std) for v in problem.x)


def gradient(problem: Problem, keep: Keep, xhat, std, *, means: tuple[bool, bool] = (True, True),
             with_gamma: bool = True) -> tuple[float, float, float, float]:
    """(∂J/∂x̂ₙ, mean(∂J/∂x̂), mean(∂J/∂x̂ ⊙ x̂), the asked gradient); ``means`` and
    ``with_gamma`` switch parts off for the slips."""
    n, k = len(problem.x), problem.index
    gamma = problem.gamma if with_gamma else 1.0
    if problem.wrt == "gamma":
        return 0.0, 0.0, 0.0, keep(sum(d * v for d, v in zip(problem.dY, xhat)))
    if problem.wrt == "beta":
        return 0.0, 0.0, 0.0, keep(sum(problem.dY))
    dxhat = keep(gamma * problem.dY[k])
    mean_dxhat = keep(gamma * sum(problem.dY) / n)
    mean_dxhat_xhat = keep(gamma * sum(d * v for d, v in zip(problem.dY, xhat)) / n)
    inside = dxhat - (mean_dxhat if means[0] else 0.0) - (
        xhat[k] * mean_dxhat_xhat if means[1] else 0.0)
    return dxhat, mean_dxhat, mean_dxhat_xhat, keep(inside / std)


def solve(problem: Problem, keep: Keep = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing)."""
    mean, var, std, xhat = statistics(problem, keep)
    dxhat, m1, m2, answer = gradient(problem, keep, xhat, std)
    if not slips:
        return Solution(mean, var, std, xhat, dxhat, m1, m2, answer, ())
    return Solution(mean, var, std, xhat, dxhat, m1, m2, answer,
                    tuple(_slips(problem, keep, xhat, std, dxhat, answer)))


def _slips(problem: Problem, keep: Keep, xhat, std, dxhat: float, answer: float) -> list[Slip]:
    n = len(problem.x)
    slips = []
    if problem.wrt == "x":
        slips += [Slip("treated μ and σ² as constants: only the direct term ∂J/∂x̂ₙ / σ",
                       keep(dxhat / std), "dx"),
                  Slip("left out the mean(∂J/∂x̂) term",
                       gradient(problem, keep, xhat, std, means=(False, True))[3], "dx"),
                  Slip("left out the x̂ₙ · mean(∂J/∂x̂ ⊙ x̂) term",
                       gradient(problem, keep, xhat, std, means=(True, False))[3], "dx"),
                  Slip("forgot γ: ∂J/∂x̂ is γ·∂J/∂Y",
                       gradient(problem, keep, xhat, std, with_gamma=False)[3], "dxhat")]
    elif problem.wrt == "gamma":
        slips += [Slip("summed ∂J/∂Y · x instead of ∂J/∂Y · x̂",
                       keep(sum(d * v for d, v in zip(problem.dY, problem.x))), "gamma"),
                  Slip("averaged over the batch instead of summing", keep(answer / n),
                       "gamma")]
    else:
        slips += [Slip("averaged over the batch instead of summing", keep(answer / n), "beta"),
                  Slip("multiplied by γ: Yₙ = γx̂ₙ + β, so ∂Yₙ/∂β = 1",
                       keep(problem.gamma * answer), "beta")]
    if problem.wrt != "beta":
        _, _, std_u, xhat_u = statistics(problem, keep, ddof=1)
        slips.append(Slip("used the unbiased variance (÷ N − 1); batch norm divides by N",
                          gradient(problem, keep, xhat_u, std_u)[3], "var"))
    return slips
