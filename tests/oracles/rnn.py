"""RNN oracle, from docs/design.md's specification: the loss as a sympy expression of the
asked quantity alone (every other number a number), differentiated; central differences
of a plain float unrolling."""

from __future__ import annotations

import copy
import math

import sympy as sp

DRAWN = 40  # problems of each difficulty tests/test_oracles.py checks (up to 55 ms each)

SYMPY = {"sigmoid": lambda z: 1 / (1 + sp.exp(-z)), "tanh": sp.tanh,
         "relu": lambda z: sp.Max(z, 0), "linear": lambda z: z}
FLOAT = {"sigmoid": lambda z: 1 / (1 + math.exp(-z)), "tanh": math.tanh,
         "relu": lambda z: max(z, 0.0), "linear": lambda z: z}


def _loss(problem: dict, values: dict, f, half) -> object:
    h = values["h0"]
    hs = []
    for x in problem["xs"]:
        h = f(values["w_h"] * h + values["w_x"] * x + values["b"])
        hs.append(h)
    if problem["loss"] == "last":
        return half * (hs[-1] - problem["targets"][0]) ** 2
    return sum(half * (h - y) ** 2 for h, y in zip(hs, problem["targets"]))


def float_loss(problem: dict) -> float:
    return _loss(problem, problem, FLOAT[problem["activation"]], 0.5)


def finite_difference(problem: dict, h: float = 1e-6) -> float:
    wrt = problem["ask"]["wrt"]
    up, down = copy.deepcopy(problem), copy.deepcopy(problem)
    up[wrt] += h
    down[wrt] -= h
    return (float_loss(up) - float_loss(down)) / (2 * h)


def symbolic(problem: dict) -> float:
    wrt = problem["ask"]["wrt"]
    symbol = sp.Symbol(wrt, real=True)
    values = {key: sp.Float(problem[key]) for key in ("h0", "w_h", "w_x", "b")}
    values[wrt] = symbol
    loss = _loss(problem, values, SYMPY[problem["activation"]], sp.Rational(1, 2))
    return float(sp.diff(loss, symbol).xreplace({symbol: sp.Float(problem[wrt])}))


def answer(problem: dict) -> float:
    value = symbolic(problem)
    assert math.isclose(value, finite_difference(problem), rel_tol=1e-5, abs_tol=1e-9)
    return value
