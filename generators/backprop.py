"""A small, readable forward and backward pass: the maths every practice card states.

Layers are numbered from 0 (the input). ``weights[l][j][i]`` joins unit ``i`` of
layer ``l`` to unit ``j`` of layer ``l+1``; ``biases[l][j]`` belongs to unit ``j``
of layer ``l+1``. The loss is J = ½ Σ (y − ŷ)², so ∂J/∂ŷ = ŷ − y.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from .activations import ACTIVATIONS

QUANTITIES = ("output", "loss", "gradient", "updated")
PARAMS = ("weight", "bias")


@dataclass(frozen=True)
class Ask:
    """What a card asks: a unit's output, the loss, a parameter's gradient or update."""

    quantity: str
    param: str | None = None
    layer: int = 0
    to: int = 0
    source: int | None = None  # "from" in the dump; a bias has none

    def to_dump(self) -> dict:
        if self.quantity == "loss":
            return {"quantity": "loss"}
        if self.quantity == "output":
            return {"quantity": "output", "to": self.to}
        entry = {"quantity": self.quantity, "param": self.param, "layer": self.layer,
                 "to": self.to}
        if self.param == "weight":
            entry["from"] = self.source
        return entry

    def as_gradient(self) -> Ask:
        """The gradient question about this ask's parameter (an update needs it)."""
        return replace(self, quantity="gradient")


@dataclass(frozen=True)
class Network:
    layers: tuple[int, ...]
    activations: tuple[str, ...]
    weights: tuple  # [l][j][i]
    biases: tuple  # [l][j]
    inputs: tuple[float, ...]
    targets: tuple[float, ...]
    learning_rate: float

    def to_dump(self) -> dict:
        return {"layers": list(self.layers), "activations": list(self.activations),
                "loss": "half_sse", "inputs": list(self.inputs), "targets": list(self.targets),
                "weights": [[list(row) for row in layer] for layer in self.weights],
                "biases": [list(layer) for layer in self.biases],
                "learning_rate": self.learning_rate}


@dataclass(frozen=True)
class Pass:
    """Every intermediate value of one forward and backward pass."""

    z: list[list[float]]  # z[l] for layers 1..L (index 0 unused, empty)
    a: list[list[float]]  # a[0] = inputs
    local: list[list[float]]  # activation derivative at z, per unit
    delta: list[list[float]]  # ∂J/∂z per unit
    loss: float

    @property
    def output(self) -> list[float]:
        return self.a[-1]


@lru_cache(maxsize=16)  # pure: the generator's checks and the card renderer share a pass
def run(net: Network) -> Pass:
    a = [list(net.inputs)]
    z: list[list[float]] = [[]]
    local: list[list[float]] = [[]]
    for l, name in enumerate(net.activations):
        act = ACTIVATIONS[name]
        zs = [sum(w * x for w, x in zip(row, a[l])) + b
              for row, b in zip(net.weights[l], net.biases[l])]
        z.append(zs)
        a.append([act.f(v) for v in zs])
        local.append([act.df(v) for v in zs])
    loss = 0.5 * sum((y - out) ** 2 for y, out in zip(net.targets, a[-1]))
    depth = len(net.activations)
    delta: list[list[float]] = [[] for _ in range(depth + 1)]
    delta[depth] = [(out - y) * d for out, y, d in zip(a[-1], net.targets, local[depth])]
    for l in range(depth - 1, 0, -1):
        delta[l] = [sum(net.weights[l][j][i] * delta[l + 1][j] for j in range(net.layers[l + 1]))
                    * local[l][i] for i in range(net.layers[l])]
    return Pass(z=z, a=a, local=local, delta=delta, loss=loss)


def gradient(net: Network, p: Pass, ask: Ask) -> float:
    if ask.param == "bias":
        return p.delta[ask.layer + 1][ask.to]
    return p.delta[ask.layer + 1][ask.to] * p.a[ask.layer][ask.source]


def parameter(net: Network, ask: Ask) -> float:
    if ask.param == "bias":
        return net.biases[ask.layer][ask.to]
    return net.weights[ask.layer][ask.to][ask.source]


def answer(net: Network, ask: Ask, p: Pass | None = None) -> float:
    """The exact value a card asks for."""
    p = p or run(net)
    if ask.quantity == "output":
        return p.output[ask.to]
    if ask.quantity == "loss":
        return p.loss
    grad = gradient(net, p, ask)
    if ask.quantity == "gradient":
        return grad
    return parameter(net, ask) - net.learning_rate * grad
