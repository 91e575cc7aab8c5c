"""Depth: a stack of scalar units a ← f(w·a + b), and how its gradient shrinks or grows.

With a₀ = x and aₖ = f(wₖ·aₖ₋₁ + bₖ) for k = 1…L, each layer multiplies the gradient
by its factor ∂aₖ/∂aₖ₋₁ = wₖ·f′(zₖ), so

    ∂a_L/∂x  = Πₖ wₖ f′(zₖ)
    ∂a_L/∂wₖ = (Π_{j>k} wⱼ f′(zⱼ)) · f′(zₖ) · aₖ₋₁      (∂a_L/∂bₖ: the same without aₖ₋₁)

With sigmoids f′ ≤ ¼, so small weights make the product vanish; large weights
with linear or ReLU units make it explode. Positions k are 0-based in the dump.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from backprop_deck.core.carry import Carry, Lines, exact

from ..activations import ACTIVATIONS
from ..topic import Slip


@dataclass(frozen=True)
class Problem:
    x: float
    weights: tuple[float, ...]
    biases: tuple[float, ...]
    activation: str
    wrt: str  # "x", "weight" or "bias"
    index: int = 0  # a 0-based layer position for weight and bias

    @property
    def depth(self) -> int:
        return len(self.weights)

    @property
    def bottom(self) -> int:
        """The lowest layer the asked gradient passes through (0-based)."""
        return 0 if self.wrt == "x" else self.index

    def to_dump(self) -> dict:
        ask = {"wrt": self.wrt} if self.wrt == "x" else {"wrt": self.wrt, "index": self.index}
        return {"x": self.x, "weights": list(self.weights), "biases": list(self.biases),
                "activation": self.activation, "ask": ask}


@dataclass(frozen=True)
class Solution:
    z: tuple[float, ...]
    a: tuple[float, ...]  # a[0] = x, a[k + 1] = the output of position k
    local: tuple[float, ...]  # f′(z) per position, as a line of its own
    factors: tuple[float, ...]  # w·f′(z) per position, each a line of its own
    answer: float
    slips: tuple[Slip, ...]


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    f = ACTIVATIONS[problem.activation]
    s = Lines(carry)
    z, a = [], [problem.x]  # a₀ = x, given
    for w, b in zip(problem.weights, problem.biases):
        s.z = w * a[-1] + b
        s.a = f.f(s.z)
        z.append(s.z)
        a.append(s.a)
    s.local = [f.local(zk, ak) for zk, ak in zip(z, a[1:])]
    # wₖ·f′(zₖ) is one line: f′(zₖ) inside it unrounded
    s.factors = [w * f.local(zk, ak) for w, zk, ak in zip(problem.weights, z, a[1:])]
    k = problem.bottom
    if problem.wrt == "x":
        s.answer = math.prod(s.factors)
    else:  # the factors above layer k, times f′(zₖ)·aₖ₋₁ (f′(zₖ) for a bias)
        source = a[k] if problem.wrt == "weight" else 1.0
        s.answer = math.prod(s.factors[k + 1:]) * (s.local[k] * source)
    solution = Solution(tuple(z), tuple(a), s.local, s.factors, s.answer, ())
    if not slips:
        return solution
    return replace(solution, slips=tuple(_slips(problem, solution, s)))


def _slips(problem: Problem, worked: Solution, s: Lines) -> list[Slip]:
    k = problem.bottom
    weights = problem.weights
    source = worked.a[k] if problem.wrt == "weight" else 1.0
    if problem.wrt == "x":
        no_local = math.prod(weights)
        no_weights = math.prod(worked.local)
        added = sum(worked.factors)
    else:
        no_local = math.prod(weights[k + 1:]) * source
        no_weights = math.prod(worked.local[k:]) * source
        added = (sum(worked.factors[k + 1:]) + worked.local[k]) * source
    slips = [Slip("multiplied only the weights, leaving out every f′(z)", s.slip(no_local),
                  "product"),
             Slip("multiplied only the f′(z), leaving out the weights", s.slip(no_weights),
                  "product"),
             Slip("added the layers' factors instead of multiplying them", s.slip(added),
                  "product")]
    if problem.wrt == "weight":
        above = math.prod(worked.factors[k + 1:])
        slips.append(Slip(f"used a{k + 1}, the layer's output, where its input a{k} belongs",
                          s.slip(above * worked.local[k] * worked.a[k + 1]), "product"))
    if problem.activation == "sigmoid":
        slips.append(Slip("took σ′(z) as z(1 − z), with z where a belongs",
                          s.slip(_with_local(problem, worked, [zk * (1 - zk) for zk in worked.z])),
                          f"factor-{problem.depth - 1}"))  # the first factor line
    return slips


def _with_local(problem: Problem, worked: Solution, local: list[float]) -> float:
    """The asked gradient with other local derivatives in every layer."""
    k = problem.bottom
    factors = [w * d for w, d in zip(problem.weights, local)]
    if problem.wrt == "x":
        return math.prod(factors)
    return math.prod(factors[k + 1:]) * local[k] * (worked.a[k] if problem.wrt == "weight" else 1)
