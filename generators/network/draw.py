"""Random small networks with hand-computable questions, by difficulty.

easy:   linear or ReLU units, one-decimal numbers, answers exact (no calculator).
medium: sigmoid units, one hidden unit.
hard:   2-2-2 (or 2-2-1) sigmoid, questions through the hidden layer, as in the lecture.

Numbers are chosen for hand work: short decimals, no saturated sigmoid, no answer
that rounds to zero. Generators take a ``random.Random`` and do no I/O.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import pairwise

from backprop_deck.core.numbers import rounded

from .maths import Ask, Network, Problem, answer, run

SHAPES = {
    "easy": ((1, 1, 1), (2, 1, 1)),
    "medium": ((1, 1, 1), (2, 1, 1)),
    "hard": ((2, 2, 2), (2, 2, 1)),
}
LEARNING_RATES = {"easy": (0.1, 0.5, 1.0), "medium": (0.1, 0.5, 1.0), "hard": (0.5, 1.0)}
MAX_SIGMOID_INPUT = 2.5  # |z| beyond this saturates: σ' below 0.0701
MIN_RELU_INPUT = 0.05  # clearly active: no dead unit, and no z that is 0 but for rounding
SMALLEST_ANSWER = {"easy": 0.001, "medium": 0.001, "hard": 0.0001}
MAX_ATTEMPTS = 1000


@cache
def _decimals(low: float, high: float, places: int) -> tuple[float, ...]:
    """Every non-zero number from low to high with ``places`` decimals, as people write them."""
    scale = 10 ** places
    return tuple(k / scale for k in range(round(low * scale), round(high * scale) + 1) if k)


def _draw(rng: random.Random, low: float, high: float, places: int, count: int) -> list[float]:
    return rng.choices(_decimals(low, high, places), k=count)


@cache
def candidate_asks(layers: tuple[int, ...], difficulty: str) -> tuple[Ask, ...]:
    """The questions a network of this shape can pose at this difficulty."""
    last = len(layers) - 2  # index of the last weight layer
    asks = [Ask("output", to=j) for j in range(layers[-1])] + [Ask("loss")]
    for quantity in ("gradient", "updated"):
        for l in range(last + 1):
            for j in range(layers[l + 1]):
                asks += [Ask(quantity, "weight", l, j, i) for i in range(layers[l])]
                asks.append(Ask(quantity, "bias", l, j))
    if difficulty == "hard":
        # Through the hidden layer, as in the lecture (three in four questions), or an
        # output weight's gradient on the way.
        hidden = [a for a in asks if a.param is not None and a.layer < last]
        output = [a for a in asks if a.quantity == "gradient" and a.param == "weight"
                  and a.layer == last]
        asks = hidden + output
    return tuple(asks)


def random_network(rng: random.Random, difficulty: str) -> Network:
    layers = rng.choice(SHAPES[difficulty])
    if difficulty == "easy":
        activations = tuple(rng.choice(("linear", "relu")) for _ in layers[1:])
        places, target_range = 1, (-1.0, 1.0)
    else:
        activations = ("sigmoid",) * (len(layers) - 1)
        places, target_range = 2, (0.01, 0.99)
    pairs = list(pairwise(layers))
    flat = iter(_draw(rng, -1.0, 1.0, places, sum(n_in * n_out for n_in, n_out in pairs)))
    weights = tuple(tuple(tuple(next(flat) for _ in range(n_in)) for _ in range(n_out))
                    for n_in, n_out in pairs)
    flat = iter(_draw(rng, -0.5, 0.5, places, sum(layers[1:])))
    biases = tuple(tuple(next(flat) for _ in range(size)) for size in layers[1:])
    inputs = tuple(_draw(rng, -1.0, 1.0, places, layers[0]))
    targets = tuple(_draw(rng, *target_range, places, layers[-1]))
    rate = rng.choice(LEARNING_RATES[difficulty])
    return Network(layers, activations, weights, biases, inputs, targets, rate)


def suitable(net: Network, ask: Ask, difficulty: str) -> bool:
    """Hand-computable: no dead or saturated unit, a visible answer, exact when easy."""
    p = run(net)
    for l, name in enumerate(net.activations, start=1):
        for z in p.z[l]:
            if name == "sigmoid" and abs(z) > MAX_SIGMOID_INPUT:
                return False
            if name == "relu" and z < MIN_RELU_INPUT:
                return False
    checks = [answer(net, ask)]
    if ask.quantity == "updated":
        checks.append(answer(net, ask.as_gradient()))
    if any(abs(v) < SMALLEST_ANSWER[difficulty] for v in checks):
        return False
    if difficulty == "easy":  # the answer (and an update's gradient) fit in 4 figures
        return all(abs(rounded(v) - v) < 1e-12 for v in checks)
    return True


def ask_skill(layers: tuple[int, ...], ask: Ask) -> tuple:
    """The kind of question: the quantity and, for a parameter, its kind and whether it
    feeds the hidden or the output layer (the unit and input may change)."""
    if ask.param is None:
        return (ask.quantity,)
    return (ask.quantity, ask.param, "hidden" if ask.layer < len(layers) - 2 else "output")


def skill(problem: Problem) -> tuple:
    return ask_skill(problem.network.layers, problem.ask)


@cache
def _asks_with(layers: tuple[int, ...], difficulty: str, wanted: tuple) -> tuple[Ask, ...]:
    return tuple(a for a in candidate_asks(layers, difficulty) if ask_skill(layers, a) == wanted)


def draw(rng: random.Random, difficulty: str, wanted: tuple | None = None) -> Problem:
    """One suitable question about a fresh random network (of the ``wanted`` skill)."""
    for _ in range(MAX_ATTEMPTS):
        net = random_network(rng, difficulty)
        asks = (candidate_asks(net.layers, difficulty) if wanted is None
                else _asks_with(net.layers, difficulty, wanted))
        if not asks:
            continue
        ask = rng.choice(asks)
        if suitable(net, ask, difficulty):
            return Problem(net, ask)
    raise RuntimeError(f"no suitable {difficulty} network problem in {MAX_ATTEMPTS} attempts")
