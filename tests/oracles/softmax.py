"""Softmax/sigmoid oracle, from docs/design.md's specification: the batch loss as a sympy
expression in every logit, differentiated symbolically; probabilities and central
differences from plain floats."""

from __future__ import annotations

import copy
import math

import sympy as sp


def _row_loss(problem: dict, n: int, row) -> sp.Expr:
    """Lₙ for one row of logits (symbols or numbers)."""
    t = problem["targets"][n]
    if problem["loss"] == "softmax_ce":
        return -sp.log(sp.exp(row[t]) / sum(sp.exp(z) for z in row))
    p = 1 / (1 + sp.exp(-row[0]))
    return -(t * sp.log(p) + (1 - t) * sp.log(1 - p))


def loss_expression(problem: dict):
    symbols = [[sp.Symbol(f"z_{n}_{c}", real=True) for c in range(len(row))]
               for n, row in enumerate(problem["logits"])]
    total = sum(_row_loss(problem, n, row) for n, row in enumerate(symbols))
    if problem["reduction"] == "mean":
        total = total / len(symbols)
    values = {s: sp.Float(v) for srow, vrow in zip(symbols, problem["logits"])
              for s, v in zip(srow, vrow)}
    return total, symbols, values


def probability(problem: dict, n: int, c: int) -> float:
    row = problem["logits"][n]
    if problem["loss"] == "sigmoid_bce":
        return 1 / (1 + math.exp(-row[0]))
    return math.exp(row[c]) / sum(math.exp(z) for z in row)


def float_loss(problem: dict) -> float:
    total = 0.0
    for n, t in enumerate(problem["targets"]):
        if problem["loss"] == "softmax_ce":
            total -= math.log(probability(problem, n, t))
        else:
            p = probability(problem, n, 0)
            total -= (t * math.log(p) if t else 0.0) + ((1 - t) * math.log(1 - p) if t != 1
                                                         else 0.0)
    return total / len(problem["logits"]) if problem["reduction"] == "mean" else total


def finite_difference(problem: dict, n: int, c: int, h: float = 1e-6) -> float:
    up, down = copy.deepcopy(problem), copy.deepcopy(problem)
    up["logits"][n][c] += h
    down["logits"][n][c] -= h
    return (float_loss(up) - float_loss(down)) / (2 * h)


def answer(problem: dict) -> float:
    ask = problem["ask"]
    if ask["quantity"] == "probability":
        return probability(problem, *ask["index"])
    total, symbols, values = loss_expression(problem)
    if ask["quantity"] == "loss":
        value = float(total.xreplace(values))
        assert math.isclose(value, float_loss(problem), rel_tol=1e-9)
        return value
    n, c = ask["index"]
    value = float(sp.diff(total, symbols[n][c]).xreplace(values))
    assert math.isclose(value, finite_difference(problem, n, c), rel_tol=1e-5, abs_tol=1e-8)
    return value
