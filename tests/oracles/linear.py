"""Dense-layer oracle, from docs/design.md's specification: L = Σ ∂L/∂Y ⊙ (X·W + b) +
(λ/2)ΣW² has the given ∂L/∂Y; central differences of L in the asked entry (L is linear
in it, so they are exact up to rounding), and sympy for the same derivative."""

from __future__ import annotations

import copy
import math

import sympy as sp


def loss(problem: dict) -> float:
    X, W, b, dY = problem["X"], problem["W"], problem["b"], problem["dY"]
    total = 0.0
    for n, row in enumerate(X):
        for j in range(len(b)):
            y = sum(row[i] * W[i][j] for i in range(len(W))) + b[j]
            total += dY[n][j] * y
    return total + problem["weight_decay"] / 2 * sum(w * w for r in W for w in r)


def _nudged(problem: dict, h: float) -> dict:
    changed = copy.deepcopy(problem)
    ask = problem["ask"]
    target = changed[ask["wrt"]]
    if ask["wrt"] == "b":
        target[ask["index"][0]] += h
    else:
        target[ask["index"][0]][ask["index"][1]] += h
    return changed


def finite_difference(problem: dict, h: float = 1e-3) -> float:
    return (loss(_nudged(problem, h)) - loss(_nudged(problem, -h))) / (2 * h)


def symbolic(problem: dict) -> float:
    """The same loss with the asked entry a sympy symbol."""
    ask = problem["ask"]
    entry = sp.Symbol("entry", real=True)
    values = copy.deepcopy(problem)
    index = ask["index"]
    at = (values[ask["wrt"]][index[0]] if ask["wrt"] == "b"
          else values[ask["wrt"]][index[0]][index[1]])
    if ask["wrt"] == "b":
        values["b"][index[0]] = entry
    else:
        values[ask["wrt"]][index[0]][index[1]] = entry
    X, W, b, dY = values["X"], values["W"], values["b"], values["dY"]
    total = sum(dY[n][j] * (sum(X[n][i] * W[i][j] for i in range(len(W))) + b[j])
                for n in range(len(X)) for j in range(len(b)))
    total += sp.Rational(1, 2) * problem["weight_decay"] * sum(w ** 2 for r in W for w in r)
    return float(sp.diff(total, entry).xreplace({entry: sp.Float(at)}))


def answer(problem: dict) -> float:
    value = symbolic(problem)
    assert math.isclose(value, finite_difference(problem), rel_tol=1e-6, abs_tol=1e-9)
    return value
