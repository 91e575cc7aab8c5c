"""Network oracle, from docs/design.md's dump specification alone: sympy differentiation of
J, and central differences of a plain float forward pass. Nothing here calls the
generators."""

from __future__ import annotations

import copy
import math

import sympy as sp

DRAWN = 40  # problems of each difficulty tests/test_oracles.py checks (up to 40 ms each)

SYMPY_ACTIVATIONS = {
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "tanh": sp.tanh,
    "relu": lambda z: sp.Max(0, z),
    "linear": lambda z: z,
}
FLOAT_ACTIVATIONS = {
    "sigmoid": lambda z: 1 / (1 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
    "linear": lambda z: z,
}


def _symbol(ask: dict) -> sp.Symbol:
    if ask["param"] == "bias":
        return sp.Symbol(f"b_{ask['layer']}_{ask['to']}", real=True)
    return sp.Symbol(f"w_{ask['layer']}_{ask['to']}_{ask['from']}", real=True)


def symbolic(problem: dict, free=lambda symbol: True):
    """J as a sympy expression, the outputs, and the parameters' values: each parameter
    ``free`` picks is a symbol of its own, every other number stays a number."""
    values = {}

    def parameter(symbol: sp.Symbol, value: float):
        if not free(symbol):
            return sp.Float(value)
        values[symbol] = value
        return symbol

    a = [sp.Float(x) for x in problem["inputs"]]
    for l, name in enumerate(problem["activations"]):
        nxt = []
        for j, row in enumerate(problem["weights"][l]):
            z = parameter(sp.Symbol(f"b_{l}_{j}", real=True), problem["biases"][l][j])
            for i, weight in enumerate(row):
                z += parameter(sp.Symbol(f"w_{l}_{j}_{i}", real=True), weight) * a[i]
            nxt.append(SYMPY_ACTIVATIONS[name](z))
        a = nxt
    loss = sum(sp.Rational(1, 2) * (sp.Float(y) - out) ** 2
               for y, out in zip(problem["targets"], a))
    return loss, a, values


class SympyOracle:
    """J built once per network; any question answered by substituting the numbers
    (each gradient differentiated when first asked). ``free`` picks the parameters
    that stay symbols: by default every one, so any gradient can be asked."""

    def __init__(self, problem: dict, free=lambda symbol: True):
        self.problem = problem
        self.expression, outputs, self.values = symbolic(problem, free)
        self.numbers = {s: sp.Float(v) for s, v in self.values.items()}
        self.loss = self._value(self.expression)
        self.outputs = [self._value(out) for out in outputs]
        self.gradients: dict[sp.Symbol, float] = {}

    def _value(self, expression) -> float:
        return float(expression.xreplace(self.numbers))

    def gradient(self, symbol: sp.Symbol) -> float:
        if symbol not in self.gradients:
            self.gradients[symbol] = self._value(sp.diff(self.expression, symbol))
        return self.gradients[symbol]

    def answer(self, ask: dict) -> float:
        if ask["quantity"] == "output":
            return self.outputs[ask["to"]]
        if ask["quantity"] == "loss":
            return self.loss
        symbol = _symbol(ask)
        gradient = self.gradient(symbol)
        if ask["quantity"] == "gradient":
            return gradient
        return self.values[symbol] - self.problem["learning_rate"] * gradient


def float_loss(problem: dict) -> float:
    a = list(problem["inputs"])
    for l, name in enumerate(problem["activations"]):
        f = FLOAT_ACTIVATIONS[name]
        a = [f(sum(w * x for w, x in zip(row, a)) + b)
             for row, b in zip(problem["weights"][l], problem["biases"][l])]
    return 0.5 * sum((y - out) ** 2 for y, out in zip(problem["targets"], a))


def nudged(problem: dict, ask: dict, h: float) -> dict:
    changed = copy.deepcopy(problem)
    if ask["param"] == "bias":
        changed["biases"][ask["layer"]][ask["to"]] += h
    else:
        changed["weights"][ask["layer"]][ask["to"]][ask["from"]] += h
    return changed


def finite_difference(problem: dict, ask: dict, h: float = 1e-6) -> float:
    """Central difference of the loss in one parameter."""
    return (float_loss(nudged(problem, ask, h)) - float_loss(nudged(problem, ask, -h))) / (2 * h)


def answer(problem: dict) -> float:
    """The asked value, from sympy (gradients also checked by central differences)."""
    ask = problem["ask"]
    asked = _symbol(ask) if ask["quantity"] in ("gradient", "updated") else None
    value = SympyOracle(problem, free=lambda symbol: symbol == asked).answer(ask)
    if ask["quantity"] == "gradient":
        assert math.isclose(value, finite_difference(problem, ask), rel_tol=1e-5, abs_tol=1e-9)
    return value
