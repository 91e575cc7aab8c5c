"""A convolution layer as deep-learning libraries compute it: cross-correlation.

Y[i][j] = Σₚ Σ_q X̃[i·s + p][j·s + q]·K[p][q], where X̃ is the input zero-padded by
``padding`` (a 1-D problem, one row, is padded at its two ends only) and s the stride.
With ∂J/∂Y given:

    ∂J/∂K[p][q] = Σᵢⱼ X̃[i·s + p][j·s + q] · ∂J/∂Y[i][j]   (the input correlated with ∂J/∂Y)
    ∂J/∂X[r][c] = Σ over every (i, j, p, q) with i·s + p = r + pad, j·s + q = c + pad
                  of K[p][q] · ∂J/∂Y[i][j]                (a full cross-correlation of
                                                            ∂J/∂Y with the flipped kernel)
Indices are 0-based, in the unpadded input.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_deck.core.carry import Carry, Lines, exact

from ..topic import Slip

Matrix = tuple[tuple[float, ...], ...]
Cell = tuple[int, int]


@dataclass(frozen=True)
class Problem:
    input: Matrix
    kernel: Matrix
    stride: int
    padding: int
    dY: Matrix
    wrt: str  # "kernel" or "input"
    index: Cell

    @property
    def one_d(self) -> bool:
        return len(self.input) == 1

    @property
    def pad(self) -> Cell:
        """Padding of rows and of columns: a 1-D input is padded at its ends only."""
        return (0 if self.one_d else self.padding), self.padding

    def to_dump(self) -> dict:
        return {"input": [list(r) for r in self.input], "kernel": [list(r) for r in self.kernel],
                "stride": self.stride, "padding": self.padding,
                "dY": [list(r) for r in self.dY],
                "ask": {"wrt": self.wrt, "index": list(self.index)}}


def output_shape(problem: Problem) -> Cell:
    (rows, cols), (kr, kc) = (len(problem.input), len(problem.input[0])), (
        len(problem.kernel), len(problem.kernel[0]))
    pr, pc = problem.pad
    return ((rows + 2 * pr - kr) // problem.stride + 1,
            (cols + 2 * pc - kc) // problem.stride + 1)


def input_at(problem: Problem, r: int, c: int, pad: Cell | None = None) -> float | None:
    """The padded input at padded coordinates (r, c): None in the zero padding."""
    pr, pc = problem.pad if pad is None else pad
    r, c = r - pr, c - pc
    if 0 <= r < len(problem.input) and 0 <= c < len(problem.input[0]):
        return problem.input[r][c]
    return None


@dataclass(frozen=True)
class Term:
    """One product of the asked entry's sum, and the cells it comes from."""

    left: float  # the input value (for ∂J/∂K) or the kernel value (for ∂J/∂X)
    right: float  # ∂J/∂Y
    output: Cell  # (i, j) in ∂J/∂Y
    cell: Cell  # the input cell (padded coordinates) or the kernel cell (p, q)


def terms(problem: Problem, *, mirrored: bool = False, pad: Cell | None = None) -> list[Term]:
    """The products summed for the asked entry (zero padding, which adds 0, left out).

    ``mirrored`` reads the kernel flipped, ``pad`` overrides the padding offset: the
    slips of a learner who flips where no flip belongs, or forgets the padding.
    """
    out_rows, out_cols = output_shape(problem)
    kr, kc = len(problem.kernel), len(problem.kernel[0])
    pr, pc = problem.pad if pad is None else pad
    s = problem.stride
    found = []
    if problem.wrt == "kernel":
        p, q = problem.index
        if mirrored:
            p, q = kr - 1 - p, kc - 1 - q
        for i in range(out_rows):
            for j in range(out_cols):
                x = input_at(problem, i * s + p, j * s + q, (pr, pc))
                if x is not None:
                    found.append(Term(x, problem.dY[i][j], (i, j), (i * s + p, j * s + q)))
        return found
    r, c = problem.index
    for i in range(out_rows):
        for j in range(out_cols):
            p, q = r + pr - i * s, c + pc - j * s
            if 0 <= p < kr and 0 <= q < kc:
                k = problem.kernel[kr - 1 - p][kc - 1 - q] if mirrored else problem.kernel[p][q]
                found.append(Term(k, problem.dY[i][j], (i, j), (p, q)))
    return found


@dataclass(frozen=True)
class Solution:
    terms: tuple[Term, ...]
    answer: float
    slips: tuple[Slip, ...]


def _sum(found: list[Term]) -> float:
    """The entry's one line: the sum of its products."""
    return sum(t.left * t.right for t in found)


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    s = Lines(carry)
    found = terms(problem)
    s.answer = _sum(found)
    return Solution(tuple(found), s.answer, tuple(_slips(problem, found, s)) if slips else ())


def _slips(problem: Problem, found: list[Term], s: Lines) -> list[Slip]:
    slips = []
    if len(found) > 1:
        slips.append(Slip("used one output position only; every output the entry touches "
                          "adds a term", s.slip(found[0].left * found[0].right), "entry"))
    if problem.wrt == "kernel":
        slips.append(Slip("flipped the kernel: the layer is a cross-correlation, so ∂J/∂K "
                          "needs no flip", s.slip(_sum(terms(problem, mirrored=True))),
                          "entry"))
        p, q = problem.index
        if len(problem.kernel) == len(problem.kernel[0]) and p != q:
            swapped = Problem(problem.input, problem.kernel, problem.stride, problem.padding,
                              problem.dY, "kernel", (q, p))
            slips.append(Slip("swapped the kernel index's row and column",
                              s.slip(_sum(terms(swapped))), "entry"))
    else:
        slips.append(Slip("forgot to flip the kernel: ∂J/∂X is a full cross-correlation of "
                          "∂J/∂Y with the flipped kernel",
                          s.slip(_sum(terms(problem, mirrored=True))), "entry"))
    if problem.padding:
        slips.append(Slip("forgot the padding's offset: indexed the input as if unpadded",
                          s.slip(_sum(terms(problem, pad=(0, 0)))), "entry"))
    shifted = _counted_from_zero(problem)
    if shifted is not None:
        first = ("its first entry is entry 1" if problem.one_d
                 else "its first row and column are row 1 and column 1")
        slips.append(Slip(f"counted the indices from 0: the card's indices start at 1, so {first}",
                          s.slip(_sum(terms(shifted))), "entry"))
    return slips


def _counted_from_zero(problem: Problem) -> Problem | None:
    """The problem a learner solves who reads the asked index as counted from 0: the
    entry one further along (None if that is outside the matrix)."""
    rows, cols = ((len(problem.kernel), len(problem.kernel[0])) if problem.wrt == "kernel"
                  else (len(problem.input), len(problem.input[0])))
    r, c = problem.index
    r = r if problem.one_d else r + 1
    if r >= rows or c + 1 >= cols:
        return None
    return Problem(problem.input, problem.kernel, problem.stride, problem.padding,
                   problem.dY, problem.wrt, (r, c + 1))
