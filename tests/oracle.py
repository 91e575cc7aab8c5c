"""Independent oracles for the backprop maths: sympy differentiation and finite differences.

Nothing here calls generators.backprop's forward or backward pass.
"""

from __future__ import annotations

import math

import sympy as sp

from generators.backprop import Ask, Network

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


def _param_symbol(ask: Ask) -> sp.Symbol:
    if ask.param == "bias":
        return sp.Symbol(f"b_{ask.layer}_{ask.to}")
    return sp.Symbol(f"w_{ask.layer}_{ask.to}_{ask.source}")


def symbolic_loss(net: Network):
    """J as a sympy expression in one symbol per parameter, plus their values."""
    values = {}
    a = [sp.Float(x) for x in net.inputs]
    for l, name in enumerate(net.activations):
        nxt = []
        for j in range(net.layers[l + 1]):
            b = sp.Symbol(f"b_{l}_{j}")
            values[b] = net.biases[l][j]
            z = b
            for i in range(net.layers[l]):
                w = sp.Symbol(f"w_{l}_{j}_{i}")
                values[w] = net.weights[l][j][i]
                z += w * a[i]
            nxt.append(SYMPY_ACTIVATIONS[name](z))
        a = nxt
    loss = sum(sp.Rational(1, 2) * (sp.Float(y) - out) ** 2 for y, out in zip(net.targets, a))
    return loss, a, values


class SympyOracle:
    """Build J once per network, then answer any question by substitution."""

    def __init__(self, net: Network):
        self.net = net
        loss, outputs, self.values = symbolic_loss(net)
        symbols = list(self.values)
        gradients = [sp.diff(loss, s) for s in symbols]
        # lambdify only evaluates the derived expressions; it is much faster than subs.
        numbers = sp.lambdify(symbols, [loss, *outputs, *gradients], "math")(*self.values.values())
        self.loss = numbers[0]
        self.outputs = numbers[1:1 + len(outputs)]
        self.gradients = dict(zip(symbols, numbers[1 + len(outputs):]))

    def answer(self, ask: Ask) -> float:
        if ask.quantity == "output":
            return self.outputs[ask.to]
        if ask.quantity == "loss":
            return self.loss
        symbol = _param_symbol(ask)
        grad = self.gradients[symbol]
        if ask.quantity == "gradient":
            return grad
        return self.values[symbol] - self.net.learning_rate * grad


def float_loss(net: Network) -> float:
    a = list(net.inputs)
    for l, name in enumerate(net.activations):
        f = FLOAT_ACTIVATIONS[name]
        a = [f(sum(w * x for w, x in zip(row, a)) + b)
             for row, b in zip(net.weights[l], net.biases[l])]
    return 0.5 * sum((y - out) ** 2 for y, out in zip(net.targets, a))


def nudged(net: Network, ask: Ask, h: float) -> Network:
    weights = [[list(row) for row in layer] for layer in net.weights]
    biases = [list(layer) for layer in net.biases]
    if ask.param == "bias":
        biases[ask.layer][ask.to] += h
    else:
        weights[ask.layer][ask.to][ask.source] += h
    return Network(net.layers, net.activations,
                   tuple(tuple(tuple(r) for r in layer) for layer in weights),
                   tuple(tuple(layer) for layer in biases), net.inputs, net.targets,
                   net.learning_rate)


def finite_difference(net: Network, ask: Ask, h: float = 1e-6) -> float:
    """Central difference of the loss in one parameter."""
    return (float_loss(nudged(net, ask, h)) - float_loss(nudged(net, ask, -h))) / (2 * h)
