"""Chain oracle, from docs/design.md's specification: the output as a sympy expression of x
and every weight and bias, differentiated; central differences of a plain float pass."""

from __future__ import annotations

import copy
import math

import sympy as sp

DRAWN = 50  # problems of each difficulty tests/test_oracles.py checks (up to 25 ms each)

SYMPY = {"sigmoid": lambda z: 1 / (1 + sp.exp(-z)), "tanh": sp.tanh,
         "relu": lambda z: sp.Max(z, 0), "linear": lambda z: z}
FLOAT = {"sigmoid": lambda z: 1 / (1 + math.exp(-z)), "tanh": math.tanh,
         "relu": lambda z: max(z, 0.0), "linear": lambda z: z}


def output(problem: dict) -> float:
    a = problem["x"]
    for w, b in zip(problem["weights"], problem["biases"]):
        a = FLOAT[problem["activation"]](w * a + b)
    return a


def _asked(problem: dict) -> tuple[str, int | None]:
    ask = problem["ask"]
    return ask["wrt"], ask.get("index")


def finite_difference(problem: dict, h: float = 1e-6) -> float:
    wrt, k = _asked(problem)
    up, down = copy.deepcopy(problem), copy.deepcopy(problem)
    if wrt == "x":
        up["x"] += h
        down["x"] -= h
    else:
        key = {"weight": "weights", "bias": "biases"}[wrt]
        up[key][k] += h
        down[key][k] -= h
    return (output(up) - output(down)) / (2 * h)


def symbolic(problem: dict) -> float:
    """Only the asked quantity is a symbol; every other number stays a number."""
    wrt, k = _asked(problem)
    symbol = sp.Symbol("asked", real=True)
    a = symbol if wrt == "x" else sp.Float(problem["x"])
    for j, (w, b) in enumerate(zip(problem["weights"], problem["biases"])):
        w = symbol if (wrt, k) == ("weight", j) else sp.Float(w)
        b = symbol if (wrt, k) == ("bias", j) else sp.Float(b)
        a = SYMPY[problem["activation"]](w * a + b)
    at = problem["x"] if wrt == "x" else problem[{"weight": "weights", "bias": "biases"}[wrt]][k]
    return float(sp.diff(a, symbol).xreplace({symbol: sp.Float(at)}))


def answer(problem: dict) -> float:
    """The symbolic derivative, confirmed by central differences. Those carry a rounding
    error near 1e-16/h = 1e-10 of the output's size (about 1): a saturated chain whose
    gradient is 1e-6 is compared to 1e-9, not to 1e-10 (hypothesis found one at 1e-10)."""
    value = symbolic(problem)
    assert math.isclose(value, finite_difference(problem), rel_tol=1e-5, abs_tol=1e-9)
    return value
