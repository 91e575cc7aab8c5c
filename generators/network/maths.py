"""A small, readable forward and backward pass: the maths every network card states.

Layers are numbered from 0 (the input). ``weights[l][j][i]`` joins unit ``i`` of
layer ``l`` to unit ``j`` of layer ``l+1``; ``biases[l][j]`` belongs to unit ``j``
of layer ``l+1``. The loss is J = ½ Σ (y − ŷ)², so ∂J/∂ŷ = ŷ − y.

Every value a worked solution shows is a line set on ``Lines(carry)`` (core.carry):
exact for the answer, rounded as shown for the learner's hand path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from backprop_deck.core.carry import Carry, Lines, exact

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
    """The forward pass, the loss and every unit's δ, each layer's values a line of the
    card, carried as the learner carries them."""
    s = Lines(carry)
    z: list[list[float]] = [[]]
    a = [list(net.inputs)]  # given: not carried
    local: list[list[float]] = [[]]  # f′(z), inside δ's line: not carried
    for W, b, name in zip(net.weights, net.biases, net.activations):
        f = ACTIVATIONS[name]
        s.z = [sum(w * x for w, x in zip(row, a[-1])) + bj for row, bj in zip(W, b)]
        s.a = [f.f(zj) for zj in s.z]
        z.append(list(s.z))
        a.append(list(s.a))
        local.append([f.local(zj, aj) for zj, aj in zip(s.z, s.a)])
    s.loss = sum(0.5 * (y - o) ** 2 for y, o in zip(net.targets, a[-1]))
    L = len(net.activations)
    delta: list[list[float]] = [[] for _ in range(L + 1)]
    s.delta = [(o - y) * d for o, y, d in zip(a[L], net.targets, local[L])]
    delta[L] = list(s.delta)
    for l in range(L - 1, 0, -1):  # δ of a hidden unit: (Σₖ wₖⱼ δₖ) · f′(zⱼ), one line
        s.delta = [sum(net.weights[l][k][j] * delta[l + 1][k] for k in range(net.layers[l + 1]))
                   * local[l][j] for j in range(net.layers[l])]
        delta[l] = list(s.delta)
    return Pass(z=z, a=a, local=local, delta=delta, loss=s.loss)


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
    """The answer and its steps; ``slips`` False skips the typical slips (for drawing).
    Each value set on ``s`` is a line of the card, carried as the learner carries it."""
    net, ask = problem.network, problem.ask
    p = run(net, carry)
    s = Lines(carry)
    names = default_names(net.layers)
    last = len(net.layers) - 1
    if ask.quantity == "output":
        found = []
        if net.activations[-1] != "linear":
            unit = pretty(names.units[last][ask.to])
            found.append(Slip(f"gave z, the input of {unit}, not its output",
                              p.z[last][ask.to], f"a-{last}-{ask.to}"))
        return Solution(p, p.output[ask.to], tuple(found))
    if ask.quantity == "loss":
        errors = [(y - o) ** 2 for y, o in zip(net.targets, p.output)]
        found = [Slip("left out the ½", s.slip(sum(errors)), "loss")]
        if len(errors) > 1:
            found.append(Slip("counted only the first output's term of the loss",
                              s.slip(0.5 * errors[0]), "loss"))
        return Solution(p, p.loss, tuple(found))

    l, j = ask.layer + 1, ask.to
    f = ACTIVATIONS[net.activations[l - 1]]
    s.upstream = upstream(net, p, l, j)  # ∂J/∂a
    s.local = f.local(p.z[l][j], p.a[l][j])  # ∂a/∂z
    source = 1.0 if ask.param == "bias" else p.a[ask.layer][ask.source]  # ∂z/∂w, a line already
    s.gradient = s.upstream * s.local * source
    gradient_slips = _gradient_slips(net, p, ask, s, source) if slips else []
    if ask.quantity == "gradient":
        return Solution(p, s.gradient, tuple(gradient_slips), s.upstream, s.local, source,
                        s.gradient)
    w, eta = parameter(net, ask), net.learning_rate
    s.updated = w - eta * s.gradient
    name = pretty(param_name(names, ask))
    found = [Slip(f"gave {name} before the update: the step is −η·∂J/∂{name}", w, "update"),
             Slip("added the step instead of subtracting it", s.slip(w + eta * s.gradient),
                  "update"),
             Slip("left out the learning rate η", s.slip(w - s.gradient), "update"),
             *(Slip(g.name, s.slip(w - eta * g.value), g.step) for g in gradient_slips)]
    return Solution(p, s.updated, tuple(found), s.upstream, s.local, source, s.gradient)


def _gradient_slips(net: Network, p: Pass, ask: Ask, s: Lines, source: float) -> list[Slip]:
    """The slips learners make on ∂J/∂w (issue #13): each a changed chain-rule factor."""
    names = default_names(net.layers)
    l, j = ask.layer + 1, ask.to
    act = net.activations[l - 1]
    last = len(net.layers) - 1
    symbol = {"sigmoid": "σ′", "tanh": "tanh′", "relu": "ReLU′", "linear": "f′"}[act]
    slips = [Slip(f"left out {symbol}(z), the activation's derivative",
                  s.slip(s.upstream * source), "local"),
             Slip("took the output error as y − o instead of o − y",
                  s.slip(-s.upstream * s.local * source),
                  "upstream" if l == last else f"delta-{last}-0")]
    if act in ("sigmoid", "tanh"):
        z = p.z[l][j]
        from_z = s.slip(z * (1 - z) if act == "sigmoid" else 1 - z * z)
        wrong = "z(1 − z)" if act == "sigmoid" else "1 − z²"
        slips.append(Slip(f"computed {symbol} as {wrong}, with z where a belongs",
                          s.slip(s.upstream * from_z * source), "local"))
    if l < last and net.layers[l + 1] > 1:
        unit = pretty(names.units[l][j])
        for k in range(net.layers[l + 1]):
            through = pretty(names.units[l + 1][k])
            one_path = s.slip(upstream(net, p, l, j, only=k))
            slips.append(Slip(f"took ∂J/∂{unit} through {through} only, missing the other "
                              "paths (the sum over the next layer)",
                              s.slip(one_path * s.local * source), "upstream"))
    if ask.param == "weight" and ask.layer > 0:
        unit = pretty(names.units[ask.layer][ask.source])
        slips.append(Slip(f"used z of {unit} where its output {unit} belongs",
                          s.slip(s.upstream * s.local * p.z[ask.layer][ask.source]), "source"))
    return slips


def answer(net: Network, ask: Ask) -> float:
    """The exact value a card asks for."""
    return solve(Problem(net, ask), slips=False).answer
