"""Pooling backward: square windows of ``size`` with ``stride`` over the input.

Max pooling sends each window's ∂J/∂Y to the window's maximum (no ties are drawn) and
nothing to the other cells; average pooling spreads it evenly, ∂J/∂Y / size² to each
cell. A cell in several windows (stride < size) adds what every window gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_deck.core.carry import Carry, Lines, exact

from ..topic import Slip

Matrix = tuple[tuple[float, ...], ...]
Cell = tuple[int, int]


@dataclass(frozen=True)
class Problem:
    mode: str  # "max" or "avg"
    input: Matrix
    size: int
    stride: int
    dY: Matrix
    index: Cell

    def to_dump(self) -> dict:
        return {"mode": self.mode, "input": [list(r) for r in self.input], "size": self.size,
                "stride": self.stride, "dY": [list(r) for r in self.dY],
                "ask": {"index": list(self.index)}}


def output_shape(rows: int, cols: int, size: int, stride: int) -> Cell:
    return (rows - size) // stride + 1, (cols - size) // stride + 1


def window(problem: Problem, i: int, j: int) -> list[Cell]:
    s, k = problem.stride, problem.size
    return [(i * s + p, j * s + q) for p in range(k) for q in range(k)]


def argmax(problem: Problem, i: int, j: int) -> Cell:
    return max(window(problem, i, j), key=lambda cell: problem.input[cell[0]][cell[1]])


@dataclass(frozen=True)
class Share:
    """What one window covering the asked cell gives it."""

    output: Cell  # (i, j) in ∂J/∂Y
    maximum: Cell  # where the window's maximum is
    value: float  # this window's share for the asked cell


def shares(problem: Problem, mode: str | None = None) -> list[Share]:
    """Every window that covers the asked cell, and its share (as ``mode`` pools)."""
    mode = mode or problem.mode
    rows, cols = output_shape(len(problem.input), len(problem.input[0]), problem.size,
                              problem.stride)
    found = []
    for i in range(rows):
        for j in range(cols):
            if problem.index not in window(problem, i, j):
                continue
            gradient = problem.dY[i][j]
            top = argmax(problem, i, j)
            if mode == "avg":
                value = gradient / problem.size ** 2
            else:
                value = gradient if top == problem.index else 0.0
            found.append(Share((i, j), top, value))
    return found


@dataclass(frozen=True)
class Solution:
    shares: tuple[Share, ...]
    answer: float
    slips: tuple[Slip, ...]


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    s = Lines(carry)
    found = shares(problem)  # written to 4 figures on their lines, summed as they are
    s.answer = sum(share.value for share in found)
    return Solution(tuple(found), s.answer, tuple(_slips(problem, found, s)) if slips else ())


def _slips(problem: Problem, found: list[Share], s: Lines) -> list[Slip]:
    slips = []
    upstream = sum(problem.dY[i][j] for (i, j) in (share.output for share in found))
    if problem.mode == "max":
        if any(share.maximum != problem.index for share in found):
            slips.append(Slip("gave the gradient to a cell that is not its window's maximum",
                              s.slip(upstream), "sum"))
        slips.append(Slip("spread the gradient evenly, as average pooling does",
                          s.slip(sum(share.value for share in shares(problem, "avg"))), "sum"))
    else:
        slips.append(Slip(f"forgot to divide by the window's {problem.size ** 2} cells",
                          s.slip(upstream), "sum"))
        slips.append(Slip("sent the whole gradient to the maximum, as max pooling does",
                          s.slip(sum(share.value for share in shares(problem, "max"))), "sum"))
    if len(found) > 1:
        slips.append(Slip("counted one window only; where windows overlap, their gradients "
                          "add", s.slip(found[0].value), "sum"))
    return slips
