"""Batch-norm oracle, from docs/design.md's specification: L = Σ ∂L/∂yₙ · yₙ with y = γ·x̂
+ β and x̂ from the batch's own (biased) mean and variance, differentiated by sympy in
the asked quantity (every x a symbol when x is asked, so μ and σ² depend on it), and
central differences."""

from __future__ import annotations

import copy
import math

import sympy as sp

DRAWN = 80  # problems of each difficulty tests/test_oracles.py checks


def loss(problem: dict, x=None, gamma=None, beta=None, root=math.sqrt):
    x = problem["x"] if x is None else x
    gamma = problem["gamma"] if gamma is None else gamma
    beta = problem["beta"] if beta is None else beta
    n = len(x)
    mean = sum(x) / n
    var = sum((v - mean) ** 2 for v in x) / n
    std = root(var + problem["eps"])
    return sum(d * (gamma * (v - mean) / std + beta) for d, v in zip(problem["dY"], x))


def symbolic(problem: dict) -> float:
    ask = problem["ask"]
    if ask["wrt"] == "x":
        xs = list(sp.symbols(f"x0:{len(problem['x'])}", real=True))
        expr = loss(problem, x=xs, root=sp.sqrt)
        target = xs[ask["index"]]
        values = dict(zip(xs, problem["x"]))
    else:
        target = sp.Symbol(ask["wrt"], real=True)
        expr = loss(problem, **{ask["wrt"]: target}, root=sp.sqrt)
        values = {target: problem[ask["wrt"]]}
    return float(sp.diff(expr, target).xreplace(
        {s: sp.Float(v) for s, v in values.items()}))


def finite_difference(problem: dict, h: float = 1e-6) -> float:
    ask = problem["ask"]
    up, down = copy.deepcopy(problem), copy.deepcopy(problem)
    if ask["wrt"] == "x":
        up["x"][ask["index"]] += h
        down["x"][ask["index"]] -= h
    else:
        up[ask["wrt"]] += h
        down[ask["wrt"]] -= h
    return (loss(up) - loss(down)) / (2 * h)


def scale(problem: dict) -> float:
    """The size of the terms a gradient is the sum of: γ·|∂L/∂y|/√(σ² + ε) for x, and
    |∂L/∂y|·|x̂| or |∂L/∂y| for γ and β. A gradient near 0 is a cancellation of such
    terms, and central differences are only that close (their error grows as 1/σ⁴)."""
    x, n = problem["x"], len(problem["x"])
    mean = sum(x) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in x) / n + problem["eps"])
    dy = sum(abs(d) for d in problem["dY"])
    return dy * (abs(problem["gamma"]) / std + max(abs(v - mean) for v in x) / std + 1)


def answer(problem: dict) -> float:
    value = symbolic(problem)
    assert math.isclose(value, finite_difference(problem), rel_tol=1e-5,
                        abs_tol=1e-7 * scale(problem))
    return value
