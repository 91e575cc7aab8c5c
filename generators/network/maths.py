"""A small, readable forward and backward pass: the maths every network card states.

Layers are numbered from 0 (the input). ``weights[l][j][i]`` joins unit ``i`` of
layer ``l`` to unit ``j`` of layer ``l+1``; ``biases[l][j]`` belongs to unit ``j``
of layer ``l+1``. The loss is J = ½ Σ (y − ŷ)², so ∂J/∂ŷ = ŷ − y.

Every value a worked solution shows passes through ``keep`` (see generators.topic):
exact for the answer, rounded as shown for the learner's hand path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from backprop_deck.core.carry import Carry, exact

from ..activations import ACTIVATIONS
from ..topic import Slip
from .naming import Names, default_names, pretty

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
class Problem:
    network: Network
    ask: Ask

    def to_dump(self) -> dict:
        return {**self.network.to_dump(), "ask": self.ask.to_dump()}


@dataclass(frozen=True)
class Pass:
    """Every intermediate value of one forward and backward pass, as carried."""

    z: list[list[float]]  # z[l] for layers 1..L (index 0 unused, empty)
    a: list[list[float]]  # a[0] = inputs
    local: list[list[float]]  # activation derivative, from the carried z and a
    delta: list[list[float]]  # ∂J/∂z per unit
    loss: float

    @property
    def output(self) -> list[float]:
        return self.a[-1]


@lru_cache(maxsize=32)  # pure: the generator's checks and the card share a pass
def run(net: Network, carry: Carry = exact) -> Pass:
    a = [list(net.inputs)]
    z: list[list[float]] = [[]]
    local: list[list[float]] = [[]]
    for l, name in enumerate(net.activations):
        act = ACTIVATIONS[name]
        zs = [carry(sum(w * x for w, x in zip(row, a[l])) + b)
              for row, b in zip(net.weights[l], net.biases[l])]
        outs = [carry(act.f(v)) for v in zs]
        z.append(zs)
        a.append(outs)
        local.append([act.local(v, out) for v, out in zip(zs, outs)])
    loss = carry(sum(0.5 * (y - out) ** 2 for y, out in zip(net.targets, a[-1])))
    depth = len(net.activations)
    delta: list[list[float]] = [[] for _ in range(depth + 1)]
    delta[depth] = [carry((out - y) * d) for out, y, d in zip(a[-1], net.targets, local[depth])]
    for l in range(depth - 1, 0, -1):
        delta[l] = [carry(sum(net.weights[l][j][i] * delta[l + 1][j]
                             for j in range(net.layers[l + 1])) * local[l][i])
                    for i in range(net.layers[l])]
    return Pass(z=z, a=a, local=local, delta=delta, loss=loss)


def upstream(net: Network, p: Pass, l: int, j: int, only: int | None = None) -> float:
    """∂J/∂a of unit ``j`` of layer ``l``: the error at the output, else the δs sent back
    (through one unit ``only``, for the slip that misses the other paths)."""
    if l == len(net.layers) - 1:
        return p.a[l][j] - net.targets[j]
    below = range(net.layers[l + 1]) if only is None else (only,)
    return sum(p.delta[l + 1][k] * net.weights[l][k][j] for k in below)


def param_name(names: Names, ask: Ask) -> str:
    """The asked parameter's name: w5, b2."""
    if ask.param == "bias":
        return names.biases[ask.layer][ask.to]
    return names.weights[ask.layer][ask.to][ask.source]


def parameter(net: Network, ask: Ask) -> float:
    if ask.param == "bias":
        return net.biases[ask.layer][ask.to]
    return net.weights[ask.layer][ask.to][ask.source]


@dataclass(frozen=True)
class Solution:
    """The pass, the asked unit's chain-rule factors, the answer and its typical slips."""

    p: Pass
    answer: float
    slips: tuple[Slip, ...]
    upstream: float = 0.0
    local: float = 0.0
    source: float = 1.0
    gradient: float = 0.0


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing)."""
    net, ask = problem.network, problem.ask
    p = run(net, carry)
    names = default_names(net.layers)
    last = len(net.layers) - 1
    if ask.quantity == "output":
        slips = []
        if net.activations[-1] != "linear":
            unit = pretty(names.units[last][ask.to])
            slips.append(Slip(f"gave z, the input of {unit}, not its output",
                              p.z[last][ask.to], f"a-{last}-{ask.to}"))
        return Solution(p, p.output[ask.to], tuple(slips))
    if ask.quantity == "loss":
        errors = [(y - o) ** 2 for y, o in zip(net.targets, p.output)]
        slips = [Slip("left out the ½", carry(sum(errors)), "loss")]
        if len(errors) > 1:
            slips.append(Slip("counted only the first output's term of the loss",
                              carry(0.5 * errors[0]), "loss"))
        return Solution(p, p.loss, tuple(slips))

    l, j = ask.layer + 1, ask.to
    act = ACTIVATIONS[net.activations[l - 1]]
    up = carry(upstream(net, p, l, j))
    local = carry(act.local(p.z[l][j], p.a[l][j]))
    source = 1.0 if ask.param == "bias" else p.a[ask.layer][ask.source]
    gradient = carry(up * local * source)
    gradient_slips = _gradient_slips(net, p, ask, carry, up, local, source) if slips else []
    if ask.quantity == "gradient":
        return Solution(p, gradient, tuple(gradient_slips), up, local, source, gradient)
    w, eta = parameter(net, ask), net.learning_rate
    name = pretty(param_name(names, ask))
    slips = [Slip(f"gave {name} before the update: the step is −η·∂J/∂{name}", w, "update"),
             Slip("added the step instead of subtracting it", carry(w + eta * gradient), "update"),
             Slip("left out the learning rate η", carry(w - gradient), "update"),
             *(Slip(s.name, carry(w - eta * s.value), s.step) for s in gradient_slips)]
    return Solution(p, carry(w - eta * gradient), tuple(slips), up, local, source, gradient)


def _gradient_slips(net: Network, p: Pass, ask: Ask, carry: Carry, up: float, local: float,
                    source: float) -> list[Slip]:
    """The slips learners make on ∂J/∂w (issue #13): each a changed chain-rule factor."""
    names = default_names(net.layers)
    l, j = ask.layer + 1, ask.to
    act = net.activations[l - 1]
    last = len(net.layers) - 1
    symbol = {"sigmoid": "σ′", "tanh": "tanh′", "relu": "ReLU′", "linear": "f′"}[act]
    slips = [Slip(f"left out {symbol}(z), the activation's derivative", carry(up * source),
                  "local"),
             Slip("took the output error as y − o instead of o − y",
                  carry(-up * local * source),
                  "upstream" if l == last else f"delta-{last}-0")]
    if act in ("sigmoid", "tanh"):
        z = p.z[l][j]
        from_z = z * (1 - z) if act == "sigmoid" else 1 - z * z
        wrong = "z(1 − z)" if act == "sigmoid" else "1 − z²"
        slips.append(Slip(f"computed {symbol} as {wrong}, with z where a belongs",
                          carry(up * carry(from_z) * source), "local"))
    if l < last and net.layers[l + 1] > 1:
        unit = pretty(names.units[l][j])
        for k in range(net.layers[l + 1]):
            through = pretty(names.units[l + 1][k])
            one_path = carry(upstream(net, p, l, j, only=k))
            slips.append(Slip(f"took ∂J/∂{unit} through {through} only, missing the other "
                              "paths (the sum over the next layer)",
                              carry(one_path * local * source), "upstream"))
    if ask.param == "weight" and ask.layer > 0:
        unit = pretty(names.units[ask.layer][ask.source])
        slips.append(Slip(f"used z of {unit} where its output {unit} belongs",
                          carry(up * local * p.z[ask.layer][ask.source]), "source"))
    return slips


def answer(net: Network, ask: Ask) -> float:
    """The exact value a card asks for."""
    return solve(Problem(net, ask), slips=False).answer
