"""A dense layer on a batch, Y = X·W + b, and its backward pass from a given ∂J/∂Y.

X is N×D (a row per example), W is D×M, b has M entries added to every row. With
weight decay λ the loss also has (λ/2)·ΣW², so ∂J/∂W gains λW:

    ∂J/∂W = Xᵀ·∂J/∂Y + λW,   ∂J/∂X = ∂J/∂Y·Wᵀ,   ∂J/∂b = Σₙ ∂J/∂Yₙ (the sum of the rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_deck.core.carry import Carry, Lines, exact

from ..topic import Slip

Matrix = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Problem:
    X: Matrix
    W: Matrix
    b: tuple[float, ...]
    dY: Matrix
    weight_decay: float
    wrt: str  # "W", "X" or "b"
    index: tuple[int, ...]  # [row, col], or [col] for b

    @property
    def shape(self) -> tuple[int, int, int]:
        """(N, D, M)."""
        return len(self.X), len(self.W), len(self.b)

    def to_dump(self) -> dict:
        return {"X": [list(r) for r in self.X], "W": [list(r) for r in self.W],
                "b": list(self.b), "dY": [list(r) for r in self.dY],
                "weight_decay": self.weight_decay,
                "ask": {"wrt": self.wrt, "index": list(self.index)}}


def terms(problem: Problem) -> list[tuple[float, float]]:
    """The products summed for the asked entry, as (left, right) pairs."""
    X, W, dY = problem.X, problem.W, problem.dY
    n_rows, _, m_cols = problem.shape
    if problem.wrt == "W":
        i, j = problem.index
        return [(X[n][i], dY[n][j]) for n in range(n_rows)]
    if problem.wrt == "X":
        n, i = problem.index
        return [(dY[n][j], W[i][j]) for j in range(m_cols)]
    (j,) = problem.index
    return [(dY[n][j], 1.0) for n in range(n_rows)]


def decay_term(problem: Problem) -> float:
    if problem.wrt != "W":
        return 0.0
    i, j = problem.index
    return problem.weight_decay * problem.W[i][j]


@dataclass(frozen=True)
class Solution:
    answer: float
    slips: tuple[Slip, ...]
    products: float  # the entry of Xᵀ·∂J/∂Y, ∂J/∂Y·Wᵀ or the column sum, before any λW


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The asked entry: a sum of products, then (for ∂J/∂W with decay) plus λW.
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    s = Lines(carry)
    s.products = sum(a * b for a, b in terms(problem))
    decay = decay_term(problem)  # λW, inside the answer's line
    s.answer = s.products + decay if decay else s.products
    return Solution(s.answer, tuple(_slips(problem, s)) if slips else (), s.products)


def _slips(problem: Problem, s: Lines) -> list[Slip]:
    X, W, dY = problem.X, problem.W, problem.dY
    n_rows, d, m = problem.shape
    decay = decay_term(problem)
    slips = []
    if problem.wrt == "W":
        i, j = problem.index
        if j < d and i < m:
            slips.append(Slip("computed ∂J/∂Yᵀ·X (the transpose) instead of Xᵀ·∂J/∂Y",
                              s.slip(sum(dY[n][i] * X[n][j] for n in range(n_rows)) + decay),
                              "entry"))
        if n_rows > 1:
            slips.append(Slip("used only the first example instead of summing over the batch",
                              s.slip(X[0][i] * dY[0][j] + decay), "entry"))
        if problem.weight_decay:
            plain = sum(X[n][i] * dY[n][j] for n in range(n_rows))
            slips.append(Slip("left out the weight-decay term λW", s.slip(plain), "decay"))
            slips.append(Slip("took the decay term as (λ/2)·W; differentiating (λ/2)W² gives "
                              "λW", s.slip(plain + decay / 2), "decay"))
    elif problem.wrt == "X":
        n, i = problem.index
        if d == m:
            slips.append(Slip("multiplied by W instead of Wᵀ",
                              s.slip(sum(dY[n][j] * W[j][i] for j in range(m))), "entry"))
        if m > 1:
            slips.append(Slip("used only the first output column instead of summing over "
                              "all outputs", s.slip(dY[n][0] * W[i][0]), "entry"))
    else:
        (j,) = problem.index
        if n_rows > 1:
            column = [dY[n][j] for n in range(n_rows)]
            slips.append(Slip("took the first example's ∂J/∂Y instead of summing over the "
                              "batch", s.slip(column[0]), "entry"))
            slips.append(Slip("averaged over the batch; the bias gradient is the sum",
                              s.slip(sum(column) / n_rows), "entry"))
    return slips
