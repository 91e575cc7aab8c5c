"""Which givens play no part in a problem's answer, found by changing them.

Each given a card shows is changed: each of its numbers moved both ways by about the
given's own size and far (past any ReLU's gate or window's maximum), then all of them
at once; a given whose every change leaves the answer as it was plays no part. The
answer is worked out from the dump alone, in floats: with dual numbers
(tests/oracles/dual.py) where central differences would lose their digits to a
far-moved value, by the oracles' central differences where the answer is linear in
every given. A change the problem cannot take (a log of a negative number) is left
out.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Callable

from . import conv, dual, linear, network, pool, softmax

TRIALS = 4
FAR = 100  # beyond every value a problem holds (a graph's values stay within 50)


def _network_answer(problem: dict) -> float:
    ask = problem["ask"]
    if ask["quantity"] == "output":
        a = list(problem["inputs"])
        for l, name in enumerate(problem["activations"]):
            f = network.FLOAT_ACTIVATIONS[name]
            a = [f(sum(w * x for w, x in zip(row, a)) + b)
                 for row, b in zip(problem["weights"][l], problem["biases"][l])]
        return a[ask["to"]]
    if ask["quantity"] == "loss":
        return network.float_loss(problem)
    gradient = dual.network(problem)
    if ask["quantity"] == "gradient":
        return gradient
    place = (problem["biases"][ask["layer"]][ask["to"]] if ask["param"] == "bias"
             else problem["weights"][ask["layer"]][ask["to"]][ask["from"]])
    return place - problem["learning_rate"] * gradient


def _softmax_answer(problem: dict) -> float:
    ask = problem["ask"]
    if ask["quantity"] == "probability":
        return softmax.probability(problem, *ask["index"])
    if ask["quantity"] == "loss":
        return softmax.float_loss(problem)
    return softmax.finite_difference(problem, *ask["index"])


def _conv_answer(problem: dict, h: float = 0.5) -> float:
    """∂J/∂(asked entry) by central differences: J is linear in every entry."""
    r, c = problem["ask"]["index"]
    at = problem["kernel" if problem["ask"]["wrt"] == "kernel" else "input"][r][c]
    return (conv.loss(problem, **conv._with(problem, at + h))
            - conv.loss(problem, **conv._with(problem, at - h))) / (2 * h)


ANSWERS: dict[str, Callable[[dict], float]] = {
    "network": _network_answer,
    "graph": dual.graph,
    "linear": linear.finite_difference,
    "softmax": _softmax_answer,
    "chain": dual.chain,
    "rnn": dual.rnn,
    "conv": _conv_answer,
    "pool": pool.answer,
    "batchnorm": dual.batchnorm,
}

# The givens each kind of card shows, by their dump keys
GIVENS = {
    "network": ("inputs", "targets", "weights", "biases", "learning_rate"),
    "linear": ("X", "W", "b", "dY", "weight_decay"),
    "softmax": ("logits", "targets"),
    "chain": ("x", "weights", "biases"),
    "rnn": ("xs", "h0", "w_h", "w_x", "b", "targets"),
    "conv": ("input", "kernel", "dY"),
    "pool": ("input", "dY"),
    "batchnorm": ("x", "gamma", "beta", "eps", "dY"),
}


def givens(kind: str, problem: dict) -> list[str]:
    """The givens a card of this kind shows: for a graph, its inputs by name; a weight
    decay of 0 is not shown."""
    if kind == "graph":
        return [n["name"] for n in problem["nodes"] if n["op"] == "input"]
    keys = GIVENS.get(kind, ())
    return [k for k in keys if not (k == "weight_decay" and problem[k] == 0)]


def _leaves(value, path=()):
    """Where the numbers of a given are: () for a number, (i, j) in a matrix."""
    if isinstance(value, list):
        for k, item in enumerate(value):
            yield from _leaves(item, (*path, k))
    else:
        yield path


def _set(value, path, new):
    if not path:
        return new
    copied = list(value)
    copied[path[0]] = _set(value[path[0]], path[1:], new)
    return copied


def _get(value, path):
    for k in path:
        value = value[k]
    return value


def _moves(kind: str, problem: dict, given: str):
    """Values to try in place of a given: each of its numbers moved far both ways, past
    all the others (a ReLU's gate, a window's maximum), then all of them at once."""
    value = _given_value(kind, problem, given)
    rng = random.Random(f"{kind}:{given}:{problem['answer']!r}")
    if kind == "softmax" and given == "targets":
        if problem["loss"] == "softmax_ce":
            classes = len(problem["logits"][0])
            for k, t in enumerate(value):
                for other in range(classes):
                    if other != t:
                        yield _set(value, (k,), other)
        else:
            for k, t in enumerate(value):
                yield _set(value, (k,), 1 - t if t != 0.5 else 0.2)
                yield _set(value, (k,), 0.5 if t != 0.5 else 0.9)
        return
    positive = given in ("eps", "learning_rate", "weight_decay")
    size = 1 + max(abs(_get(value, path)) for path in _leaves(value))
    for path in _leaves(value):
        old = _get(value, path)
        if positive:  # ε, η, λ stay positive
            news = (old * 3 + 0.5, old / 3 + 0.05)
        else:  # FAR: past any gate
            news = (old + size, old - size, old + FAR, old - FAR)
        for new in news:
            yield _set(value, path, new)
    for _ in range(TRIALS):
        yield _everywhere(value, rng, positive)


def _everywhere(value, rng: random.Random, positive: bool):
    if isinstance(value, list):
        return [_everywhere(v, rng, positive) for v in value]
    return value * rng.uniform(1.5, 3) + 0.01 if positive else value + rng.uniform(-3, 3)


def _given_value(kind: str, problem: dict, given: str):
    if kind == "graph":
        return next(n["value"] for n in problem["nodes"] if n["name"] == given)
    return problem[given]


def _with(kind: str, problem: dict, given: str, value) -> dict:
    changed = copy.deepcopy(problem)
    if kind == "graph":
        for node in changed["nodes"]:
            if node["name"] == given:
                node["value"] = value
    else:
        changed[given] = value
    return changed


def plays_a_part(kind: str, problem: dict, given: str) -> bool:
    answer = ANSWERS[kind](problem)
    for value in _moves(kind, problem, given):
        try:
            moved = ANSWERS[kind](_with(kind, problem, given, value))
        except (ValueError, ZeroDivisionError, OverflowError, AssertionError, IndexError):
            continue  # a value the problem cannot take (ln of a negative) tells nothing
        if not math.isclose(moved, answer, rel_tol=1e-6, abs_tol=1e-7):
            return True
    return False


def idle(kind: str, problem: dict) -> list[str]:
    """The givens that play no part in the answer."""
    if kind not in ANSWERS or problem is None or "ask" not in problem or (
            kind == "linear" and "X" not in problem):  # the shape cards ask no number
        return []
    return [g for g in givens(kind, problem) if not plays_a_part(kind, problem, g)]
