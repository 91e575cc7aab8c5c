"""Lecture-style names for units and parameters: i1, h1, o1; w1…w8 layer by layer; b1…"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Names:
    units: tuple[tuple[str, ...], ...]  # per layer, e.g. (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
    weights: tuple  # [l][j][i] -> "w1"
    biases: tuple  # [l][j] -> "b1"


def pretty(name: str) -> str:
    """``w5`` → ``w₅``: a name in plain text, as diagrams and verdicts write it."""
    return name.translate(SUBSCRIPTS)


@cache
def default_names(layers: tuple[int, ...]) -> Names:
    units = [tuple(f"i{k + 1}" for k in range(layers[0]))]
    hidden = 0
    for size in layers[1:-1]:
        units.append(tuple(f"h{hidden + k + 1}" for k in range(size)))
        hidden += size
    units.append(tuple(f"o{k + 1}" for k in range(layers[-1])))
    weights, biases, w, b = [], [], 0, 0
    for l in range(len(layers) - 1):
        layer = []
        for _ in range(layers[l + 1]):
            layer.append(tuple(f"w{w + i + 1}" for i in range(layers[l])))
            w += layers[l]
        weights.append(tuple(layer))
        biases.append(tuple(f"b{b + j + 1}" for j in range(layers[l + 1])))
        b += layers[l + 1]
    return Names(tuple(units), tuple(weights), tuple(biases))
