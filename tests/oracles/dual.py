"""Forward-mode derivatives with dual numbers: exact at any size of value, where central
differences lose their digits (a value of 10⁴³ beside a slope of 2). Written from the
specifications in docs/design.md, for tests/oracles/idle.py's moved problems and for
tests that need many answers quickly (sympy takes tens of milliseconds a problem)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Dual:
    v: float
    d: float = 0.0

    def __add__(self, o):
        o = lift(o)
        return Dual(self.v + o.v, self.d + o.d)

    __radd__ = __add__

    def __sub__(self, o):
        o = lift(o)
        return Dual(self.v - o.v, self.d - o.d)

    def __rsub__(self, o):
        return lift(o) - self

    def __mul__(self, o):
        o = lift(o)
        return Dual(self.v * o.v, self.d * o.v + self.v * o.d)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = lift(o)
        return Dual(self.v / o.v, (self.d * o.v - self.v * o.d) / (o.v * o.v))

    def __rtruediv__(self, o):
        return lift(o) / self

    def __neg__(self):
        return Dual(-self.v, -self.d)


def lift(x) -> Dual:
    return x if isinstance(x, Dual) else Dual(float(x))


def exp(x: Dual) -> Dual:
    e = math.exp(x.v)
    return Dual(e, e * x.d)


def log(x: Dual) -> Dual:
    return Dual(math.log(x.v), x.d / x.v)


def sqrt(x: Dual) -> Dual:
    r = math.sqrt(x.v)
    return Dual(r, x.d / (2 * r))


def tanh(x: Dual) -> Dual:
    t = math.tanh(x.v)
    return Dual(t, (1 - t * t) * x.d)


def sigmoid(x: Dual) -> Dual:
    s = 1 / (1 + math.exp(-x.v)) if x.v >= 0 else math.exp(x.v) / (1 + math.exp(x.v))
    return Dual(s, s * (1 - s) * x.d)


def relu(x: Dual) -> Dual:
    return x if x.v > 0 else Dual(0.0, 0.0)


def maximum(a: Dual, b: Dual) -> Dual:
    return a if a.v > b.v else b


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "linear": lambda x: x}
GRAPH_OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "max": maximum, "neg": lambda a: -a,
    "square": lambda a: a * a, "exp": exp, "log": log, "sigmoid": sigmoid, "tanh": tanh,
    "relu": relu,
}


def graph(problem: dict) -> float:
    """∂output/∂(asked node): the asked node's value carries the derivative 1 (for an
    intermediate node, the gradient flowing into it: what feeds it carries none)."""
    values: dict[str, Dual] = {}
    for node in problem["nodes"]:
        if node["op"] == "input":
            value = Dual(node["value"])
        else:
            value = GRAPH_OPS[node["op"]](*(values[a] for a in node["args"]))
        if node["name"] == problem["ask"]["wrt"]:
            value = Dual(value.v, 1.0)
        values[node["name"]] = value
    return values[problem["output"]].d


def chain(problem: dict) -> float:
    ask = problem["ask"]
    f = ACTIVATIONS[problem["activation"]]
    a = Dual(problem["x"], 1.0 if ask["wrt"] == "x" else 0.0)
    for k, (w, b) in enumerate(zip(problem["weights"], problem["biases"], strict=True)):
        w = Dual(w, 1.0 if (ask["wrt"], ask.get("index")) == ("weight", k) else 0.0)
        b = Dual(b, 1.0 if (ask["wrt"], ask.get("index")) == ("bias", k) else 0.0)
        a = f(w * a + b)
    return a.d


def rnn(problem: dict) -> float:
    wrt = problem["ask"]["wrt"]
    values = {key: Dual(problem[key], 1.0 if key == wrt else 0.0)
              for key in ("h0", "w_h", "w_x", "b")}
    f = ACTIVATIONS[problem["activation"]]
    h, hs = values["h0"], []
    for x in problem["xs"]:
        h = f(values["w_h"] * h + values["w_x"] * x + values["b"])
        hs.append(h)
    if problem["loss"] == "last":
        loss = 0.5 * (hs[-1] - problem["targets"][0]) * (hs[-1] - problem["targets"][0])
    else:
        loss = sum(((h - y) * (h - y) * 0.5 for h, y in zip(hs, problem["targets"],
                                                            strict=True)), Dual(0.0))
    return loss.d


def network(problem: dict) -> float:
    """The asked gradient of J = ½ Σ (y − o)² (the other questions need no derivative)."""
    ask = problem["ask"]
    a = [Dual(x) for x in problem["inputs"]]
    for l, name in enumerate(problem["activations"]):
        f = ACTIVATIONS[name]
        nxt = []
        for j, (row, b) in enumerate(zip(problem["weights"][l], problem["biases"][l],
                                         strict=True)):
            here = ask["layer"] == l and ask["to"] == j
            z = Dual(b, 1.0 if here and ask["param"] == "bias" else 0.0)
            for i, w in enumerate(row):
                z = z + Dual(w, 1.0 if here and ask["param"] == "weight"
                             and ask["from"] == i else 0.0) * a[i]
            nxt.append(f(z))
        a = nxt
    loss = sum(((y - o) * (y - o) * 0.5 for y, o in zip(problem["targets"], a, strict=True)),
               Dual(0.0))
    return loss.d


def batchnorm(problem: dict) -> float:
    """J = Σₙ ∂J/∂Yₙ · Yₙ, Yₙ = γ x̂ₙ + β, x̂ from the batch's mean and biased variance."""
    ask = problem["ask"]
    xs = [Dual(v, 1.0 if ask["wrt"] == "x" and ask["index"] == n else 0.0)
          for n, v in enumerate(problem["x"])]
    gamma = Dual(problem["gamma"], 1.0 if ask["wrt"] == "gamma" else 0.0)
    beta = Dual(problem["beta"], 1.0 if ask["wrt"] == "beta" else 0.0)
    size = len(xs)
    mean = sum(xs, Dual(0.0)) / size
    var = sum(((v - mean) * (v - mean) for v in xs), Dual(0.0)) / size
    std = sqrt(var + problem["eps"])
    return sum((d * (gamma * (v - mean) / std + beta) for d, v in zip(problem["dY"], xs,
                                                                     strict=True)),
               Dual(0.0)).d
