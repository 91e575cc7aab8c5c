"""Random computational graphs a learner can do by hand, by difficulty.

easy:   2 inputs, 2–3 operations (+ − × neg square max ReLU), small integers; exact.
medium: 2–3 inputs, 3–4 operations, one-decimal inputs, a fork (a value used twice)
        on the asked gradient's path; ÷, exp, ln, σ and tanh join in.
hard:   3 inputs, 4–6 operations, as medium; sometimes an intermediate node is asked.

Each new operation takes the previous one's result and, for two arguments, an
input not yet used (or, once all are, any earlier value: that makes a fork).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from backprop_deck.core.numbers import written_exactly

from .maths import (
    OPS,
    Backward,
    Node,
    Problem,
    backward,
    forward,
    local_derivatives,
    unused_inputs,
)

# Letters docs/notation.md does not reserve: not y (the target), z (a pre-activation), s
# (the stride), p or t (written for an output and a target elsewhere); the output is J
INPUT_NAMES = ("x", "w", "u")
NODE_NAMES = ("q", "r", "v", "g", "d", "m")
OUTPUT_NAME = "J"
KINK = 0.05  # no ReLU input and no max difference this close to 0
MAX_VALUE = 50.0
FAR = 100.0  # a move past every value a graph holds
MAX_ATTEMPTS = 5000
RARE = {"max": 0.4, "relu": 0.5, "neg": 0.5}  # they route gradients; too many make dull zeros
# Easy circuits of + − × answer ±1 often (45% of them): half of those are drawn again,
# so that 1 is not a good guess (27% of easy graphs answered 1, now about 16%).
SKIP_GUESSABLE = 0.5


@dataclass(frozen=True)
class Level:
    inputs: tuple[int, ...]
    operations: tuple[int, ...]
    ops: tuple[str, ...]
    values: tuple[float, ...]
    fork: bool  # the asked gradient passes a value used twice
    ask_intermediate: float  # how often an intermediate node is asked
    smallest_answer: float


_INTEGERS = tuple(float(k) for k in range(-3, 4) if k)
_ONE_DECIMAL = tuple(k / 10 for k in range(-20, 21) if k)
LEVELS = {
    "easy": Level((2,), (2, 3), ("add", "sub", "mul", "neg", "square", "max", "relu"),
                  _INTEGERS, fork=False, ask_intermediate=0.0, smallest_answer=1.0),
    "medium": Level((2, 3), (3, 4), ("add", "sub", "mul", "div", "square", "exp", "log",
                                     "sigmoid", "tanh", "max", "relu"),
                    _ONE_DECIMAL, fork=True, ask_intermediate=0.15, smallest_answer=0.01),
    "hard": Level((3,), (4, 5, 6), ("add", "sub", "mul", "div", "neg", "square", "exp", "log",
                                    "sigmoid", "tanh", "max", "relu"),
                  _ONE_DECIMAL, fork=True, ask_intermediate=0.3, smallest_answer=0.001),
}


def _valid(op: str, args: list[float]) -> float | None:
    """The operation's value if a learner can do it by hand: no kink, no tiny
    denominator, no log of a small number, no saturated exp/σ/tanh; else None."""
    if op == "relu" and abs(args[0]) < KINK:
        return None
    if op == "max" and abs(args[0] - args[1]) < KINK:
        return None
    if op == "div" and abs(args[1]) < 0.5:
        return None
    if op == "log" and args[0] < 0.2:
        return None
    if op in ("exp", "sigmoid", "tanh") and abs(args[0]) > 3:
        return None
    value = OPS[op].forward(*args)
    return value if abs(value) <= MAX_VALUE else None


def random_graph(rng: random.Random, level: Level) -> tuple[Node, ...] | None:
    """Inputs, then operations chosen knowing the values so far, so (nearly) every graph
    drawn is one a learner can compute; None when no operation fits."""
    count = rng.choice(level.inputs)
    nodes = [Node(name, "input", value=rng.choice(level.values))
             for name in INPUT_NAMES[:count]]
    values = {n.name: n.value for n in nodes}
    unused = [n.name for n in nodes]
    rng.shuffle(unused)
    operations = max(rng.choice(level.operations), count)  # enough to use every input
    current = None
    for k in range(operations):
        remaining = operations - k
        spare = remaining - (len(unused) - (1 if current is None else 0))
        binary_needed = spare <= 0
        allowed = [o for o in level.ops if OPS[o].arity == 2 or not binary_needed]
        weights = [RARE.get(o, 1.0) for o in allowed]
        name = OUTPUT_NAME if k == operations - 1 else NODE_NAMES[k]
        for _ in range(8):
            op = rng.choices(allowed, weights)[0]
            args = _arguments(rng, op, current, unused, nodes, level.fork and spare > 0)
            value = _valid(op, [values[a] for a in args])
            if value is not None:
                break
        else:
            return None
        for arg in args:
            if arg in unused:
                unused.remove(arg)
        nodes.append(Node(name, op, args))
        values[name] = value
        current = name
    return tuple(nodes)


def _arguments(rng: random.Random, op: str, current: str | None, unused: list[str],
               nodes: list[Node], reuse: bool) -> tuple[str, ...]:
    """The previous result and, for two arguments, an input not used yet, or (to make a
    fork, or once every input is used) an earlier value."""
    if current is None:
        first = unused[-1]
        if OPS[op].arity == 1:
            return (first,)
        return (first, unused[-2] if len(unused) > 1 else first)
    if OPS[op].arity == 1:
        return (current,)
    make_fork = reuse and rng.random() < 0.5
    other = unused[-1] if unused and not make_fork else rng.choice(
        [n.name for n in nodes if n.name != current])
    return (current, other) if rng.random() < 0.5 else (other, current)


def suitable(problem: Problem, level: Level, difficulty: str,
             values: dict[str, float]) -> bool:
    """A fork where wanted, every node used, a visible answer; exact when easy.
    (random_graph already chose every operation to be hand-computable.) ``values``:
    the forward pass, the same whichever node is asked."""
    if any(len(set(n.args)) < len(n.args) for n in problem.nodes):
        return False  # x·x is a square; a repeated argument hides the fork
    if any(not problem.uses(n.name) for n in problem.nodes[:-1]):
        return False
    if level.fork and all(len(edges) < 2 for _, edges in problem.backward_edges()):
        return False  # no value on the path used twice: no fork to check by numbers
    derivatives = local_derivatives(problem, values)
    back = backward(problem, values, derivatives=derivatives)
    if level.fork and not _live_fork(problem, back, values, derivatives):
        return False
    answer = back.gradients[problem.wrt]
    if not level.smallest_answer <= abs(answer) <= MAX_VALUE:
        return False
    if difficulty == "easy":  # every value and gradient a short exact number
        shown = [*values.values(), *back.gradients.values()]
        if not all(map(written_exactly, shown)):
            return False
    return _nothing_cancels(problem, answer)


def _nothing_cancels(problem: Problem, answer: float) -> bool:
    """Every input a local derivative on the path reads changes the answer when moved
    far (past any gate: the graph's values stay within MAX_VALUE): none cancels out, as
    x does from ∂J/∂x of J = x·y/y … The card names the inputs that play no part, and
    would not know to name that one."""
    unused = set(unused_inputs(problem))
    for n in problem.nodes:
        if n.op != "input" or n.name in unused:
            continue
        for value in (n.value + FAR, n.value - FAR):
            moved = Problem(tuple(Node(m.name, "input", value=value) if m is n else m
                                  for m in problem.nodes), problem.wrt)
            try:
                gradient = backward(moved, forward(moved)).gradients[problem.wrt]
            except (ValueError, ZeroDivisionError, OverflowError):
                continue  # a value the graph cannot take (ln of a negative) tells nothing
            if not math.isclose(gradient, answer, rel_tol=1e-6, abs_tol=1e-7):
                break
        else:
            return False
    return True


def _live_fork(problem: Problem, back: Backward, values: dict[str, float],
               derivatives: dict) -> bool:
    """A value on the asked path used twice, where leaving out either use changes the
    answer: the gradients of both uses reach the asked node."""
    answer = back.gradients[problem.wrt]
    for _, edges in problem.backward_edges():
        if len(edges) > 1 and all(
                backward(problem, values, change={e: lambda d: 0.0},
                         derivatives=derivatives).gradients[problem.wrt]
                != answer for e in edges):
            return True
    return False


def skill(problem: Problem) -> str:
    """The kind of question: the gradient of an input, or the one flowing into an
    intermediate node."""
    return "input" if problem.node(problem.wrt).op == "input" else "intermediate"


def _a_guess(problem: Problem, values: dict[str, float]) -> bool:
    return abs(backward(problem, values).gradients[problem.wrt]) == 1


def draw(rng: random.Random, difficulty: str, wanted: str | None = None) -> Problem:
    """A graph, then the first node (an intermediate one sometimes, else an input, in a
    random order; or of the ``wanted`` skill) whose gradient makes a suitable question."""
    level = LEVELS[difficulty]
    for _ in range(MAX_ATTEMPTS):
        nodes = random_graph(rng, level)
        if nodes is None:
            continue
        inputs = [n.name for n in nodes if n.op == "input"]
        inner = [n.name for n in nodes if n.op != "input"][:-1]
        rng.shuffle(inputs)
        rng.shuffle(inner)
        if wanted is None:
            asked_first = inner if inner and rng.random() < level.ask_intermediate else []
            order = (*asked_first, *inputs)
        else:
            order = inner if wanted == "intermediate" else inputs
        values = None
        for wrt in order:
            problem = Problem(nodes, wrt)
            values = values or forward(problem)
            if suitable(problem, level, difficulty, values):
                if _a_guess(problem, values) and rng.random() < SKIP_GUESSABLE:
                    break
                return problem
    raise RuntimeError(f"no suitable {difficulty} graph in {MAX_ATTEMPTS} attempts")
