"""Lecture-style names for units and parameters: i1, h1, o1; w1…w8 layer by layer; b1…"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .backprop import QUANTITIES, Ask


@dataclass(frozen=True)
class Names:
    units: tuple[tuple[str, ...], ...]  # per layer, e.g. (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
    weights: tuple  # [l][j][i] -> "w1"
    biases: tuple  # [l][j] -> "b1"

    def parameters(self) -> dict[str, Ask]:
        """Every nameable parameter, as the gradient question about it."""
        found = {}
        for l, layer in enumerate(self.weights):
            for j, row in enumerate(layer):
                for i, name in enumerate(row):
                    found[name] = Ask("gradient", "weight", l, j, i)
        for l, layer in enumerate(self.biases):
            for j, name in enumerate(layer):
                found[name] = Ask("gradient", "bias", l, j)
        return found


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


def parse_ask(text: str, names: Names) -> Ask:
    """Read "loss", "output o1", "gradient w5", "updated b2" into an Ask."""
    words = text.split()
    if not words or words[0] not in QUANTITIES:
        raise ValueError(f"'{text}' must start with one of: {', '.join(QUANTITIES)}")
    quantity = words[0]
    if quantity == "loss":
        if len(words) != 1:
            raise ValueError(f"'{text}': 'loss' takes no name")
        return Ask("loss")
    if len(words) != 2:
        raise ValueError(f"'{text}' must be '{quantity} NAME'")
    name = words[1]
    if quantity == "output":
        outputs = names.units[-1]
        if name not in outputs:
            raise ValueError(f"'{name}' is not an output unit ({', '.join(outputs)})")
        return Ask("output", to=outputs.index(name))
    params = names.parameters()
    if name not in params:
        raise ValueError(f"'{name}' is not a weight or bias of this network")
    found = params[name]
    return Ask(quantity, found.param, found.layer, found.to, found.source)
