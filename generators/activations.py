"""Activation functions as plain floats: what a learner computes by hand."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Activation:
    name: str
    f: Callable[[float], float]
    df: Callable[[float], float]
    # The derivative as learners compute it, from the unit's input z and output a
    # (σ′ = a(1 − a)): by hand they reuse the a they already have.
    local: Callable[[float, float], float]
    tex_function: str  # how a worked solution writes it applied: \sigma(…); "" for linear
    tex_derivative: str  # local gradient in textbook form; {a} is the unit's output, {z} its input

    @property
    def title(self) -> str:
        """The name as a card writes it in words: ReLU, sigmoid."""
        return "ReLU" if self.name == "relu" else self.name


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _tanh_prime(z: float) -> float:
    return 1.0 - math.tanh(z) ** 2


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", _sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)),
                          lambda z, a: a * (1.0 - a), r"\sigma", r"{a}\,(1 - {a})"),
    "tanh": Activation("tanh", math.tanh, _tanh_prime, lambda z, a: 1.0 - a * a, r"\tanh",
                       r"1 - {a}^2"),
    "relu": Activation("relu", lambda z: z if z > 0 else 0.0, lambda z: 1.0 if z > 0 else 0.0,
                       lambda z, a: 1.0 if z > 0 else 0.0, r"\operatorname{ReLU}",
                       r"\mathbf{{1}}[{z} > 0]"),
    "linear": Activation("linear", lambda z: z, lambda z: 1.0, lambda z, a: 1.0, "", "1"),
}
