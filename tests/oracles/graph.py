"""Graph oracle, from docs/design.md's specification: sympy differentiates the output with
respect to the asked node (a fresh symbol standing for it), and central differences
nudge it."""

from __future__ import annotations

import math

import sympy as sp

DRAWN = 150  # problems of each difficulty tests/test_oracles.py checks

SYMPY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "max": sp.Max, "neg": lambda a: -a,
    "square": lambda a: a ** 2, "exp": sp.exp, "log": sp.log,
    "sigmoid": lambda a: 1 / (1 + sp.exp(-a)), "tanh": sp.tanh,
    "relu": lambda a: sp.Max(a, 0),
}
FLOAT = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "max": max, "neg": lambda a: -a, "square": lambda a: a * a,
    "exp": math.exp, "log": math.log, "sigmoid": lambda a: 1 / (1 + math.exp(-a)),
    "tanh": math.tanh, "relu": lambda a: max(a, 0.0),
}


def values(problem: dict, nudge: tuple[str, float] | None = None,
           constant: tuple[str, int] | None = None) -> dict[str, float]:
    """The forward pass; ``nudge`` adds h to one node's value after computing it."""
    found = {}
    for node in problem["nodes"]:
        if node["op"] == "input":
            value = node["value"]
        else:
            value = FLOAT[node["op"]](*(found[a] for a in node["args"]))
        if nudge and nudge[0] == node["name"]:
            value += nudge[1]
        found[node["name"]] = value
    return found


def symbolic(problem: dict, cut: tuple[str, int] | None = None):
    """The output as a sympy expression in the asked node's own symbol.

    ``cut`` = (consumer, slot) reads that argument as a number, not through the symbol:
    the gradient with that one path left out.
    """
    wrt = problem["ask"]["wrt"]
    plain = values(problem)
    symbol = sp.Symbol(f"node_{wrt}", real=True)
    exprs: dict[str, sp.Expr] = {}
    for node in problem["nodes"]:
        name = node["name"]
        if name == wrt:
            exprs[name] = symbol
        elif node["op"] == "input":
            exprs[name] = sp.Float(node["value"])
        else:
            args = [sp.Float(plain[a]) if (name, k) == cut else exprs[a]
                    for k, a in enumerate(node["args"])]
            exprs[name] = SYMPY[node["op"]](*args)
    return exprs[problem["output"]], symbol, plain[wrt]


def gradient(problem: dict, cut: tuple[str, int] | None = None) -> float:
    expr, symbol, at = symbolic(problem, cut)
    return float(sp.diff(expr, symbol).xreplace({symbol: sp.Float(at)}))


def finite_difference(problem: dict, h: float = 1e-6) -> float:
    wrt, out = problem["ask"]["wrt"], problem["output"]
    up = values(problem, (wrt, h))[out]
    down = values(problem, (wrt, -h))[out]
    return (up - down) / (2 * h)


def answer(problem: dict) -> float:
    value = gradient(problem)
    assert math.isclose(value, finite_difference(problem), rel_tol=1e-5, abs_tol=1e-7)
    return value
