"""Random computational graphs a learner can do by hand, by difficulty.

easy:   2 inputs, 2–3 operations (+ − × neg square max ReLU), small integers; exact.
medium: 2–3 inputs, 3–4 operations, one-decimal inputs, a fork (a value used twice)
        on the asked gradient's path; ÷, exp, ln, σ and tanh join in.
hard:   3 inputs, 4–6 operations, as medium; sometimes an intermediate node is asked.

Each new operation takes the previous one's result and, for two arguments, an
input not yet used (or, once all are, any earlier value: that makes a fork).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.numbers import short

from .maths import OPS, Node, Problem, solve

INPUT_NAMES = ("x", "y", "z")
NODE_NAMES = ("p", "q", "r", "s", "t", "u")
OUTPUT_NAME = "L"
KINK = 0.05  # no ReLU input and no max difference this close to 0
MAX_VALUE = 50.0
MAX_ATTEMPTS = 5000
RARE = {"max": 0.4, "relu": 0.5, "neg": 0.5}  # they route gradients; too many make dull zeros


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


def random_graph(rng: random.Random, level: Level) -> tuple[Node, ...]:
    count = rng.choice(level.inputs)
    nodes = [Node(name, "input", value=rng.choice(level.values))
             for name in INPUT_NAMES[:count]]
    unused = [n.name for n in nodes]
    rng.shuffle(unused)
    operations = max(rng.choice(level.operations), count)  # enough to use every input
    current = None
    for k in range(operations):
        remaining = operations - k
        binary_needed = len(unused) - (1 if current is None else 0) >= remaining
        allowed = [o for o in level.ops if OPS[o].arity == 2 or not binary_needed]
        op = rng.choices(allowed, [RARE.get(o, 1.0) for o in allowed])[0]
        if current is None:
            first = unused.pop()
            args = (first,) if OPS[op].arity == 1 else (first, unused.pop() if unused else first)
        elif OPS[op].arity == 1:
            args = (current,)
        else:
            earlier = [n.name for n in nodes if n.name != current]
            other = unused.pop() if unused else rng.choice(earlier)
            args = (current, other) if rng.random() < 0.5 else (other, current)
        name = OUTPUT_NAME if k == operations - 1 else NODE_NAMES[k]
        nodes.append(Node(name, op, args))
        current = name
    return tuple(nodes)


def suitable(problem: Problem, level: Level, difficulty: str) -> bool:
    """Hand-computable: no kink, no huge value, a fork where wanted, a visible answer."""
    if any(len(set(n.args)) < len(n.args) for n in problem.nodes):
        return False  # x·x is a square; a repeated argument hides the fork
    if any(len(problem.uses(n.name)) == 0 for n in problem.nodes[:-1]):
        return False
    try:
        solution = solve(problem)
    except (ValueError, ZeroDivisionError, OverflowError):
        return False
    values = solution.values
    for n in problem.nodes:
        if abs(values[n.name]) > MAX_VALUE:
            return False
        args = [values[a] for a in n.args]
        if n.op == "relu" and abs(args[0]) < KINK:
            return False
        if n.op == "max" and abs(args[0] - args[1]) < KINK:
            return False
        if n.op == "div" and abs(args[1]) < 0.5:
            return False
        if n.op == "log" and args[0] < 0.2:
            return False
        if n.op in ("exp", "sigmoid", "tanh") and abs(args[0]) > 3:
            return False
    if level.fork and not _live_fork(problem, solution):
        return False
    answer = solution.answer
    if not level.smallest_answer <= abs(answer) <= MAX_VALUE:
        return False
    if difficulty == "easy":  # every value and gradient a short exact number
        shown = [*values.values(), *solution.back.gradients.values()]
        return all(float(short(v).replace("−", "-")) == v for v in shown)
    return True


def _live_fork(problem: Problem, solution) -> bool:
    """A value on the asked path used twice, with gradient flowing back through both uses."""
    path = problem.on_path()
    for name in path:
        edges = [(c.name, k) for c, k in problem.uses(name) if c.name in path]
        if len(edges) > 1 and all(solution.back.contributions[e] != 0 for e in edges):
            return True
    return False


def draw(rng: random.Random, difficulty: str) -> Problem:
    level = LEVELS[difficulty]
    for _ in range(MAX_ATTEMPTS):
        nodes = random_graph(rng, level)
        inner = [n.name for n in nodes if n.op != "input"][:-1]
        if inner and rng.random() < level.ask_intermediate:
            wrt = rng.choice(inner)
        else:
            wrt = rng.choice([n.name for n in nodes if n.op == "input"])
        problem = Problem(nodes, wrt)
        if suitable(problem, level, difficulty):
            return problem
    raise RuntimeError(f"no suitable {difficulty} graph in {MAX_ATTEMPTS} attempts")
