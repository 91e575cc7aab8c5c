"""Computational graphs of scalar operations (micrograd, CS231n's circuits).

Nodes come in topological order; each operation's local derivatives are written
from the values a learner has (its inputs and its own output). The gradient of a
node is the sum over every use of it: local derivative × the user's gradient.
A typical slip is the same backward pass with one edge's local derivative changed
(or one path left out), so every slip's number comes from one rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from backprop_deck.core.carry import Carry, Lines, exact

from ..activations import ACTIVATIONS
from ..topic import Slip

_SIGMOID = ACTIVATIONS["sigmoid"].f


@dataclass(frozen=True)
class Op:
    arity: int
    forward: Callable[..., float]
    # (argument values, output) -> the local derivative for each argument
    local: Callable[..., tuple[float, ...]]


OPS: dict[str, Op] = {
    "add": Op(2, lambda a, b: a + b, lambda a, b, out: (1.0, 1.0)),
    "sub": Op(2, lambda a, b: a - b, lambda a, b, out: (1.0, -1.0)),
    "mul": Op(2, lambda a, b: a * b, lambda a, b, out: (b, a)),
    "div": Op(2, lambda a, b: a / b, lambda a, b, out: (1 / b, -a / (b * b))),
    "max": Op(2, max, lambda a, b, out: (1.0 if a > b else 0.0, 1.0 if b > a else 0.0)),
    "neg": Op(1, lambda a: -a, lambda a, out: (-1.0,)),
    "square": Op(1, lambda a: a * a, lambda a, out: (2 * a,)),
    "exp": Op(1, math.exp, lambda a, out: (out,)),
    "log": Op(1, math.log, lambda a, out: (1 / a,)),
    "sigmoid": Op(1, _SIGMOID, lambda a, out: (out * (1 - out),)),
    "tanh": Op(1, math.tanh, lambda a, out: (1 - out * out,)),
    "relu": Op(1, lambda a: max(a, 0.0), lambda a, out: (1.0 if a > 0 else 0.0,)),
}


@dataclass(frozen=True)
class Node:
    name: str
    op: str  # "input" or a key of OPS
    args: tuple[str, ...] = ()
    value: float | None = None  # inputs only

    def to_dump(self) -> dict:
        if self.op == "input":
            return {"name": self.name, "op": "input", "value": self.value}
        return {"name": self.name, "op": self.op, "args": list(self.args)}


Edge = tuple[str, int]  # (consumer, argument slot)


@dataclass(frozen=True)
class Problem:
    nodes: tuple[Node, ...]
    wrt: str
    # Derived once: the structure every step of drawing and solving asks about.
    _uses: dict = field(init=False, repr=False, compare=False)
    _path: list = field(init=False, repr=False, compare=False)
    _edges: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        uses: dict[str, list[tuple[Node, int]]] = {}
        for n in self.nodes:
            for k, arg in enumerate(n.args):
                uses.setdefault(arg, []).append((n, k))
        reached = {self.wrt}
        for n in self.nodes:
            if any(arg in reached for arg in n.args):
                reached.add(n.name)
        object.__setattr__(self, "_uses", uses)
        path = [n.name for n in self.nodes if n.name in reached]
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_edges", tuple(
            (name, tuple((c.name, k) for c, k in uses.get(name, ()) if c.name in reached))
            for name in reversed(path) if name != self.output))

    @property
    def output(self) -> str:
        return self.nodes[-1].name

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    def uses(self, name: str) -> list[tuple[Node, int]]:
        """(consumer, argument slot) for every place ``name`` is used."""
        return self._uses.get(name, [])

    def on_path(self) -> list[str]:
        """Nodes the asked gradient flows through: ``wrt`` and everything it feeds."""
        return self._path

    def backward_edges(self) -> tuple[tuple[str, tuple[Edge, ...]], ...]:
        """The path from the output back to ``wrt``, but the output: each node with its
        uses on the path, the edges its gradient sums over."""
        return self._edges

    def to_dump(self) -> dict:
        return {"nodes": [n.to_dump() for n in self.nodes], "output": self.output,
                "ask": {"wrt": self.wrt}}


# A slip's change to one edge: (consumer, slot) -> new local derivative from the old one
Change = dict[Edge, Callable[[float], float]]


def forward(problem: Problem, carry: Carry = exact) -> dict[str, float]:
    """Each node's value, a line of the card (an input's is given)."""
    s = Lines(carry)
    values: dict[str, float] = {}
    for n in problem.nodes:
        if n.op == "input":
            values[n.name] = n.value
            continue
        s.value = OPS[n.op].forward(*(values[a] for a in n.args))
        values[n.name] = s.value
    return values


def local(n: Node, values: dict[str, float]) -> tuple[float, ...]:
    return OPS[n.op].local(*(values[a] for a in n.args), values[n.name])


@dataclass(frozen=True)
class Backward:
    gradients: dict[str, float]  # ∂output/∂node, for the nodes on the asked path
    contributions: dict[Edge, float]  # local × the consumer's gradient, per edge


def local_derivatives(problem: Problem, values: dict[str, float]) -> dict[Edge, float]:
    """Each edge's local derivative on the asked path: a slip's backward pass changes one
    edge, so they are worked out once, not once per slip."""
    consumers = set(problem.on_path()[1:])  # each uses a node on the path
    derivatives: dict[Edge, float] = {}
    for n in problem.nodes:
        if n.name in consumers:
            for slot, derivative in enumerate(local(n, values)):
                derivatives[n.name, slot] = derivative
    return derivatives


def backward(problem: Problem, values: dict[str, float], carry: Carry = exact,
             change: Change | None = None,
             derivatives: dict[Edge, float] | None = None) -> Backward:
    """Gradients from the output back to ``wrt``, each the sum over its uses: a line per
    use (the local derivative, not a line of its own, times the user's gradient), and
    for a node used more than once a line adding them."""
    change = change or {}
    if derivatives is None:
        derivatives = local_derivatives(problem, values)
    s = Lines(carry)
    gradients = {problem.output: 1.0}
    contributions: dict[Edge, float] = {}
    for name, edges in problem.backward_edges():
        for edge in edges:  # through one use: ∂user/∂node · ∂output/∂user
            derivative = change[edge](derivatives[edge]) if edge in change else derivatives[edge]
            s.contribution = derivative * gradients[edge[0]]
            contributions[edge] = s.contribution
        parts = [contributions[edge] for edge in edges]
        s.gradient = parts[0] if len(parts) == 1 else sum(parts)
        gradients[name] = s.gradient
    return Backward(gradients, contributions)


@dataclass(frozen=True)
class Solution:
    values: dict[str, float]
    back: Backward
    answer: float
    slips: tuple[Slip, ...]


def solve(problem: Problem, carry: Carry = exact, *, slips: bool = True) -> Solution:
    values = forward(problem, carry)
    derivatives = local_derivatives(problem, values)
    back = backward(problem, values, carry, derivatives=derivatives)
    return Solution(values, back, back.gradients[problem.wrt],
                    tuple(_slips(problem, values, Lines(carry), derivatives)) if slips else ())


def _read(n: Node, slot: int) -> tuple[str, ...]:
    """The values the local derivative ∂n/∂(argument ``slot``) is worked out from (exp,
    σ and tanh read their own output, which their argument decides)."""
    if n.op in ("add", "sub", "neg"):
        return ()
    if n.op == "mul":
        return (n.args[1 - slot],)
    if n.op == "div":
        return (n.args[1],) if slot == 0 else n.args
    if n.op == "max":
        return n.args
    return (n.args[0],)


def unused_inputs(problem: Problem) -> list[str]:
    """Inputs whose values no local derivative on the asked path reads: the answer is
    the same whatever they are (y in ∂J/∂y of J = y − q)."""
    feeds: dict[str, set[str]] = {}
    for n in problem.nodes:
        feeds[n.name] = {n.name} if n.op == "input" else set().union(
            *(feeds[a] for a in n.args))
    read: set[str] = set()
    for _, edges in problem.backward_edges():
        for consumer, slot in edges:
            for name in _read(problem.node(consumer), slot):
                read |= feeds[name]
    return [n.name for n in problem.nodes if n.op == "input" and n.name not in read]


def _slips(problem: Problem, values: dict[str, float], s: Lines,
           derivatives: dict[Edge, float]) -> list[Slip]:
    def answer_with(change: Change) -> float:
        """The backward pass worked with one edge's local derivative changed."""
        return backward(problem, values, s.carry, change, derivatives).gradients[problem.wrt]

    path = problem.on_path()
    slips = []
    # a missed path at a fork: one use left out of the sum (in path order)
    for name, edges in reversed(problem.backward_edges()):
        if len(edges) > 1:
            times = {2: "twice", 3: "three times"}.get(len(edges), f"{len(edges)} times")
            for edge in edges:
                slips.append(Slip(f"missed the path through {edge[0]}: {name} is used "
                                  f"{times}, and the gradients of its uses add",
                                  answer_with({edge: lambda d: 0.0}), f"sum-{name}"))
    for consumer in problem.nodes:
        for slot, arg in enumerate(consumer.args):
            if consumer.name not in path or arg not in path:
                continue
            for name, rule in _wrong_locals(consumer, slot, values):
                slips.append(Slip(name, answer_with({(consumer.name, slot): rule}),
                                  f"edge-{arg}-{consumer.name}-{slot}"))
    uses = problem.uses(problem.wrt)
    if len(uses) == 1 and uses[0][0].name != problem.output:
        consumer, slot = uses[0]
        slips.append(Slip(f"used the local derivative ∂{consumer.name}/∂{problem.wrt} alone, "
                          "without the upstream gradient",
                          s.slip(derivatives[consumer.name, slot]),
                          f"edge-{problem.wrt}-{consumer.name}-{slot}"))
    return slips


def _wrong_locals(consumer: Node, slot: int, values: dict[str, float]):
    """The classic wrong local derivatives of one operation, as (slip, new derivative).
    Each names its own node and argument, so two alike on one card read apart."""
    op, c = consumer.op, consumer.name
    a = consumer.args[slot]
    other = consumer.args[1 - slot] if len(consumer.args) == 2 else ""
    own = values[a]
    out = values[c]
    if op == "sub" and slot == 1:
        yield f"took ∂{c}/∂{a} as +1 instead of −1 ({c} = {other} − {a})", lambda d: 1.0
    if op == "mul":
        yield (f"used {a}'s own value for ∂{c}/∂{a}, not the other factor {other}"
               ), lambda d: own
    if op == "div":
        if slot == 0:
            yield (f"multiplied by {other} instead of dividing: ∂{c}/∂{a} is 1/{other}",
                   lambda d: 1 / d)
        else:
            yield f"dropped the minus sign of ∂{c}/∂{a} = −{other}/{a}²", lambda d: -d
    if op == "max":
        yield (f"sent the gradient through both inputs of {c} = max({consumer.args[0]}, "
               f"{consumer.args[1]}), not only the larger", lambda d: 1.0)
    if op == "relu":
        yield f"let the gradient through {c} = ReLU({a}) whatever the sign of {a}", lambda d: 1.0
    if op == "square":
        yield f"forgot the 2 in ∂{c}/∂{a} = 2{a}", lambda d: own
    if op == "sigmoid":
        yield f"used {c} = σ({a}) where ∂{c}/∂{a} = {c}(1 − {c}) belongs", lambda d: out
    if op == "tanh":
        yield f"used 1 − {c} where ∂{c}/∂{a} = 1 − {c}² belongs", lambda d: 1 - out
    if op == "exp":
        yield f"used {a} where ∂{c}/∂{a} = e^{a} = {c} belongs", lambda d: own
    if op == "log":
        yield f"used {c} = ln {a} where ∂{c}/∂{a} = 1/{a} belongs", lambda d: out
