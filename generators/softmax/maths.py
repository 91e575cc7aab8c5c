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

from backprop_deck.core.carry import Carry, Exact, Lines, carried, exact

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
    return carried(carry, [[_whole_or_reciprocal(math.exp(sign * z)) for z in row]
                           for row in problem.logits])


def _whole_or_reciprocal(value: float) -> float:
    """``value``, marked Exact where it is a whole number k or 1/k."""
    for k in (value, 1 / value):
        if abs(k - round(k)) < 1e-9 and round(k) >= 1:
            return Exact(round(k) if k == value else 1 / round(k))
    return value


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
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    s = Lines(carry)
    s.exps = exponentials(problem, carry)
    if problem.loss == "softmax_ce":
        s.sums = [sum(row) for row in s.exps]
        s.probabilities = [[e / S for e in row] for row, S in zip(s.exps, s.sums)]
        s.losses = [-math.log(yhat[int(k)]) for yhat, k in zip(s.probabilities,
                                                                problem.targets)]
        sums = s.sums
    else:
        sums = tuple(1 + row[0] for row in s.exps)  # inside ŷ's line, not a line of its own
        s.probabilities = [[1 / S] for S in sums]
        s.losses = [_bce(yhat[0], y) for yhat, y in zip(s.probabilities, problem.targets)]
    N = problem.rows if problem.reduction == "mean" else 1
    n, c = problem.index
    s.total = sum(s.losses)
    if problem.quantity == "loss":  # one line, J = (J₁ + J₂ + …) / N: the sum not rounded
        s.answer = sum(s.losses) / N if N > 1 else s.total
    elif problem.quantity == "probability":
        s.answer = s.probabilities[n][c]
    else:
        s.answer = (s.probabilities[n][c] - target(problem, n, c)) / N
    found = tuple(_slips(problem, s)) if slips else ()
    return Solution(s.exps, sums, s.probabilities, s.losses, s.answer, found, s.total)


def _bce(yhat: float, y: float) -> float:
    """−[y ln ŷ + (1 − y) ln(1 − ŷ)], leaving out a term whose weight is 0."""
    loss = 0.0
    if y:
        loss -= y * math.log(yhat)
    if y != 1:
        loss -= (1 - y) * math.log(1 - yhat)
    return loss


def _slips(problem: Problem, s: Lines) -> list[Slip]:
    n, c = problem.index
    rows = problem.rows
    N = rows if problem.reduction == "mean" else 1
    slips = []
    if problem.quantity == "gradient":
        yhat, y = s.probabilities[n][c], target(problem, n, c)
        if problem.loss == "softmax_ce":
            if y == 1:
                slips.append(Slip("left out the −1 at the target class: the gradient is ŷ − y",
                                  s.slip(yhat / N), "gradient"))
            else:
                slips.append(Slip("subtracted 1 at a class that is not the target",
                                  s.slip((yhat - 1) / N), "gradient"))
        slips.append(Slip("took y − ŷ instead of ŷ − y", s.slip((y - yhat) / N), "gradient"))
        if rows > 1 and problem.reduction == "mean":
            slips.append(Slip("left out the 1/N of the mean", s.slip(yhat - y), "gradient"))
        if rows > 1 and problem.reduction == "sum":
            slips.append(Slip("divided by N, but the loss is a sum", s.slip((yhat - y) / rows),
                              "gradient"))
    elif problem.quantity == "probability":
        if problem.loss == "softmax_ce":
            slips.append(Slip("gave eᶻ without dividing by the sum over the classes",
                              s.exps[n][c], f"p-{n}-{c}"))
        else:
            slips.append(Slip("gave e⁻ᶻ/(1 + e⁻ᶻ), which is 1 − σ(z)",
                              s.slip(1 - s.probabilities[n][0]), f"p-{n}-0"))
    else:
        slips.append(Slip("left out the minus sign: ln ŷ is negative", -s.answer, "loss"))
        slips.append(Slip("used log₁₀ instead of the natural log",
                          s.slip(s.answer / math.log(10)), "loss"))
        if rows > 1 and problem.reduction == "mean":
            slips.append(Slip("summed over the batch instead of averaging", s.total, "loss"))
        if rows > 1 and problem.reduction == "sum":
            slips.append(Slip("averaged over the batch, but the loss is a sum",
                              s.slip(s.total / rows), "loss"))
    return slips
