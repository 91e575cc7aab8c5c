"""Backpropagation through time in a scalar RNN.

hₜ = f(w_h·hₜ₋₁ + w_x·xₜ + b) for t = 1…T from h₀. The loss is ½(h_T − y_T)² on the
last step ("last"), or ½ Σₜ (hₜ − yₜ)² on every step ("every"). Going back in time,

    ∂J/∂hₜ = (hₜ − yₜ, if step t has a loss) + ∂J/∂zₜ₊₁ · w_h
    ∂J/∂zₜ = ∂J/∂hₜ · f′(zₜ)

and a shared weight sums a term per step: ∂J/∂w_h = Σₜ ∂J/∂zₜ · hₜ₋₁ (w_x: xₜ; b: 1);
∂J/∂h₀ = ∂J/∂z₁ · w_h.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_deck.core.carry import Carry, Lines, exact

from ..activations import ACTIVATIONS
from ..topic import Slip

WRT = ("w_h", "w_x", "b", "h0")


@dataclass(frozen=True)
class Problem:
    xs: tuple[float, ...]
    h0: float
    w_h: float
    w_x: float
    b: float
    activation: str
    loss: str  # "last" or "every"
    targets: tuple[float, ...]  # one, or one per step
    wrt: str

    @property
    def steps(self) -> int:
        return len(self.xs)

    def target(self, t: int) -> float | None:
        """yₜ for a step with a loss (t from 1), else None."""
        if self.loss == "every":
            return self.targets[t - 1]
        return self.targets[0] if t == self.steps else None

    def to_dump(self) -> dict:
        return {"xs": list(self.xs), "h0": self.h0, "w_h": self.w_h, "w_x": self.w_x,
                "b": self.b, "activation": self.activation, "loss": self.loss,
                "targets": list(self.targets), "ask": {"wrt": self.wrt}}


@dataclass(frozen=True)
class Solution:
    z: tuple[float, ...]  # z[t] for t = 1…T (z[0] unused)
    h: tuple[float, ...]  # h[0] = h₀
    dh: tuple[float, ...]  # ∂J/∂hₜ for t = 1…T
    dz: tuple[float, ...]  # ∂J/∂zₜ for t = 1…T
    answer: float
    slips: tuple[Slip, ...]


def forward(problem: Problem, carry: Carry) -> tuple[list[float], list[float]]:
    """zₜ and hₜ for t = 1…T from the given h₀, each line carried."""
    f = ACTIVATIONS[problem.activation].f
    s = Lines(carry)  # the lines of one step
    z, h = [0.0], [problem.h0]
    for t, x in enumerate(problem.xs, 1):
        s.z = problem.w_h * h[t - 1] + problem.w_x * x + problem.b
        s.h = f(s.z)
        z.append(s.z)
        h.append(s.h)
    return z, h


def backward(problem: Problem, z, h, carry: Carry, *, earlier_losses: bool = True,
             with_local: bool = True) -> tuple[list[float], list[float]]:
    """∂J/∂hₜ and ∂J/∂zₜ from the last step back; the flags make the classic slips."""
    local = ACTIVATIONS[problem.activation].local
    T = problem.steps
    s = Lines(carry)  # the lines of one step
    dh, dz = [0.0] * (T + 2), [0.0] * (T + 2)
    for t in range(T, 0, -1):
        y = problem.target(t)
        own = h[t] - y if y is not None and (earlier_losses or t == T) else 0.0
        through_next = dz[t + 1] * problem.w_h if t < T else 0.0
        s.dh = own + through_next
        s.dz = s.dh * (local(z[t], h[t]) if with_local else 1.0)
        dh[t], dz[t] = s.dh, s.dz
    return dh, dz


def gradient(problem: Problem, h, dz, *, only_last: bool = False,
             shifted: bool = False) -> float:
    """The asked gradient from the ∂J/∂zₜ, as one line sums it: a term per step for a
    shared weight. ``only_last`` and ``shifted`` make the classic slips."""
    if problem.wrt == "h0":
        return dz[1] * problem.w_h
    first = problem.steps if only_last else 1
    source = {"w_h": lambda t: h[t] if shifted else h[t - 1],
              "w_x": lambda t: problem.xs[t - 1], "b": lambda t: 1.0}[problem.wrt]
    return sum(dz[t] * source(t) for t in range(first, problem.steps + 1))


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    s = Lines(carry)
    s.z, s.h = forward(problem, carry)
    s.dh, s.dz = backward(problem, s.z, s.h, carry)
    s.answer = gradient(problem, s.h, s.dz)
    found = tuple(_slips(problem, s, carry)) if slips else ()
    T = problem.steps
    return Solution(s.z, s.h, s.dh[:T + 1], s.dz[:T + 1], s.answer, found)


def _slips(problem: Problem, s: Lines, carry: Carry) -> list[Slip]:
    slips = []
    if problem.wrt != "h0" and problem.steps > 1:
        slips.append(Slip("truncated the backpropagation through time: kept only the last "
                          "step's term of the sum",
                          s.slip(gradient(problem, s.h, s.dz, only_last=True)), "sum"))
    if problem.loss == "every":
        _, dz_late = backward(problem, s.z, s.h, carry, earlier_losses=False)
        slips.append(Slip("left out the earlier steps' own losses in ∂J/∂hₜ",
                          s.slip(gradient(problem, s.h, dz_late)), "dh-1"))
    if problem.activation != "linear":
        _, dz_flat = backward(problem, s.z, s.h, carry, with_local=False)
        slips.append(Slip("left out f′(zₜ) when going from ∂J/∂hₜ to ∂J/∂zₜ",
                          s.slip(gradient(problem, s.h, dz_flat)), f"dz-{problem.steps}"))
    if problem.wrt == "w_h":
        slips.append(Slip("paired ∂J/∂zₜ with hₜ instead of hₜ₋₁",
                          s.slip(gradient(problem, s.h, s.dz, shifted=True)), "sum"))
    if problem.wrt == "h0":
        slips.append(Slip("stopped at ∂J/∂z₁, without the last factor ∂z₁/∂h₀ = wₕ",
                          s.dz[1], "h0"))
    slips.append(Slip("took the output error as y − h instead of h − y", -s.answer,
                      f"dh-{problem.steps}"))
    return slips
