"""An output layer and its loss: softmax with cross-entropy, or sigmoid with binary
cross-entropy, averaged (mean) or summed over the N rows of a batch.

softmax_ce:  ŷₙ = softmax(zₙ), Jₙ = −Σₖ yₙₖ ln ŷₙₖ = −ln ŷₙ at the target class,
             ∂J/∂zₙₖ = (ŷₙₖ − yₙₖ) / N for a mean (yₙₖ = 1 at the target class, else 0).
sigmoid_bce: ŷₙ = σ(zₙ), Jₙ = −[yₙ ln ŷₙ + (1 − yₙ) ln(1 − ŷₙ)], ∂J/∂zₙ = (ŷₙ − yₙ) / N.

A learner works from the exponentials the card gives (to 4 figures): eᶻ for softmax,
e⁻ᶻ for sigmoid; the hand path carries those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backprop_deck.core.carry import Carry, exact

from ..topic import Slip

Matrix = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Problem:
    loss: str  # "softmax_ce" or "sigmoid_bce"
    logits: Matrix  # N×C, or N×1 for sigmoid_bce
    targets: tuple[float, ...]  # class indices (softmax_ce) or numbers in [0, 1]
    reduction: str  # "mean" or "sum"
    quantity: str  # "loss", "probability" or "gradient"
    index: tuple[int, int] = (0, 0)  # [n, c]

    @property
    def rows(self) -> int:
        return len(self.logits)

    def to_dump(self) -> dict:
        targets = [int(t) for t in self.targets] if self.loss == "softmax_ce" else list(
            self.targets)
        ask = {"quantity": self.quantity}
        if self.quantity != "loss":
            ask["index"] = list(self.index)
        return {"loss": self.loss, "logits": [list(r) for r in self.logits],
                "targets": targets, "reduction": self.reduction, "ask": ask}


def exponentials(problem: Problem, carry: Carry = exact) -> Matrix:
    """What the card gives: eᶻ for softmax, e⁻ᶻ for sigmoid, to 4 figures by hand; a
    whole number k or its reciprocal 1/k exactly (easy cards' logits are ±ln k, and
    the card writes 1/k as a fraction)."""
    sign = 1 if problem.loss == "softmax_ce" else -1
    return tuple(tuple(_exact_or(carry, math.exp(sign * z)) for z in row)
                 for row in problem.logits)


def _exact_or(carry: Carry, value: float) -> float:
    for k in (value, 1 / value):
        if abs(k - round(k)) < 1e-9 and round(k) >= 1:
            return float(round(k)) if k == value else 1 / round(k)
    return carry(value)


@dataclass(frozen=True)
class Solution:
    exps: Matrix
    sums: tuple[float, ...]  # per row: Σ eᶻ (softmax) or 1 + e⁻ᶻ (sigmoid)
    probabilities: Matrix
    losses: tuple[float, ...]  # per row
    answer: float
    slips: tuple[Slip, ...]
    total: float = 0.0  # Σ Jₙ, before a mean divides it


def target(problem: Problem, n: int, c: int) -> float:
    """yₙc: one-hot for softmax, the given number for sigmoid."""
    if problem.loss == "softmax_ce":
        return 1.0 if c == int(problem.targets[n]) else 0.0
    return problem.targets[n]


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing)."""
    exps = exponentials(problem, carry)
    if problem.loss == "softmax_ce":
        sums = tuple(carry(sum(row)) for row in exps)
        probabilities = tuple(tuple(carry(e / s) for e in row) for row, s in zip(exps, sums))
        losses = tuple(carry(-math.log(p[int(t)])) for p, t in zip(probabilities,
                                                                   problem.targets))
    else:
        sums = tuple(1 + row[0] for row in exps)  # inside p's line, not a line of its own
        probabilities = tuple((carry(1 / s),) for s in sums)
        losses = tuple(carry(_bce(p[0], t)) for p, t in zip(probabilities, problem.targets))
    scale = problem.rows if problem.reduction == "mean" else 1
    total = carry(sum(losses)) if len(losses) > 1 else losses[0]
    n, c = problem.index
    if problem.quantity == "loss":  # one line: (J₁ + J₂ + …) / N
        answer = carry(sum(losses) / scale) if scale > 1 else total
    elif problem.quantity == "probability":
        answer = probabilities[n][c]
    else:
        answer = carry((probabilities[n][c] - target(problem, n, c)) / scale)
    solution = Solution(exps, sums, probabilities, losses, answer, (), total)
    if not slips:
        return solution
    return Solution(exps, sums, probabilities, losses, answer,
                    tuple(_slips(problem, solution, carry)), total)


def _bce(p: float, t: float) -> float:
    """−[t ln p + (1 − t) ln(1 − p)], leaving out a term whose weight is 0."""
    loss = 0.0
    if t:
        loss -= t * math.log(p)
    if t != 1:
        loss -= (1 - t) * math.log(1 - p)
    return loss


def _slips(problem: Problem, s: Solution, carry: Carry) -> list[Slip]:
    n, c = problem.index
    rows = problem.rows
    scale = rows if problem.reduction == "mean" else 1
    slips = []
    if problem.quantity == "gradient":
        p, y = s.probabilities[n][c], target(problem, n, c)
        if problem.loss == "softmax_ce":
            if y == 1:
                slips.append(Slip("left out the −1 at the target class: the gradient is ŷ − y",
                                  carry(p / scale), "gradient"))
            else:
                slips.append(Slip("subtracted 1 at a class that is not the target",
                                  carry((p - 1) / scale), "gradient"))
        slips.append(Slip("took y − ŷ instead of ŷ − y", carry((y - p) / scale), "gradient"))
        if rows > 1 and problem.reduction == "mean":
            slips.append(Slip("left out the 1/N of the mean", carry(p - y), "gradient"))
        if rows > 1 and problem.reduction == "sum":
            slips.append(Slip("divided by N, but the loss is a sum", carry((p - y) / rows),
                              "gradient"))
    elif problem.quantity == "probability":
        if problem.loss == "softmax_ce":
            slips.append(Slip("gave eᶻ without dividing by the sum over the classes",
                              s.exps[n][c], f"p-{n}-{c}"))
        else:
            slips.append(Slip("gave e⁻ᶻ/(1 + e⁻ᶻ), which is 1 − σ(z)",
                              carry(1 - s.probabilities[n][0]), f"p-{n}-0"))
    else:
        slips.append(Slip("left out the minus sign: ln ŷ is negative", -s.answer, "loss"))
        slips.append(Slip("used log₁₀ instead of the natural log",
                          carry(s.answer / math.log(10)), "loss"))
        if rows > 1 and problem.reduction == "mean":
            slips.append(Slip("summed over the batch instead of averaging", s.total, "loss"))
        if rows > 1 and problem.reduction == "sum":
            slips.append(Slip("averaged over the batch, but the loss is a sum",
                              carry(s.total / rows), "loss"))
    return slips
