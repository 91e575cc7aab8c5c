"""An inline SVG of a small network: units, weights named on their edges, biases, the
inputs' values and the targets.

Sized for a phone: at 360 px wide its text is as large as the card's small text.
Edge labels carry the weight's name only (the values are in the givens), on a halo of
the background colour, placed near the source where a unit's edges are far apart;
tests/test_phone.py checks that no label touches another line or label. Colours come
from the stylesheet's variables, so day and night mode both read.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from backprop_deck.core.numbers import short

from ..activations import ACTIVATIONS
from .maths import Ask, Network
from .naming import Names, pretty

COLUMN = 118
ROW = 92
RADIUS = 18
LEFT = 30  # the inputs' values go below them
RIGHT = 92  # room for the targets
TOP = 34
LABEL_AT = 0.3  # how far along its edge a weight's name sits


def _centres(layers: tuple[int, ...]) -> list[list[tuple[float, float]]]:
    tallest = max(layers)
    return [[(LEFT + l * COLUMN, TOP + (tallest - size) * ROW / 2 + k * ROW)
             for k in range(size)] for l, size in enumerate(layers)]


def diagram(net: Network, names: Names, ask: Ask | None = None) -> str:
    highlighted = None
    if ask is not None and ask.param is not None:
        highlighted = (ask.param, ask.layer, ask.to, ask.source)
    values = [*net.inputs, *(b for layer in net.biases for b in layer), *net.targets]
    return _layout(net.layers, net.activations, names, highlighted).format(
        *(escape(short(v)) for v in values))


@lru_cache(maxsize=256)
def _layout(layers: tuple[int, ...], activations: tuple[str, ...], names: Names,
            highlighted: tuple | None) -> str:
    """The drawing of a shape, with a ``{}`` per number: one per shape, not per card.
    Numbers fill in: the inputs, the biases layer by layer, the targets."""
    centres = _centres(layers)
    width = LEFT + COLUMN * (len(layers) - 1) + RIGHT
    height = 2 * TOP + ROW * (max(layers) - 1) + 26
    edges, labels, units = [], [], []
    for l in range(len(layers) - 1):
        for j in range(layers[l + 1]):
            (x2, y2) = centres[l + 1][j]
            for i in range(layers[l]):
                (x1, y1) = centres[l][i]
                accent = highlighted == ("weight", l, j, i)
                edges.append(f'<line class="{"accent" if accent else "edge"}" x1="{x1 + RADIUS}" '
                             f'y1="{y1}" x2="{x2 - RADIUS}" y2="{y2}" '
                             f'stroke-width="{3 if accent else 1.2}" data-edge="{l}-{j}-{i}"/>')
                lx = x1 + RADIUS + LABEL_AT * (x2 - x1 - 2 * RADIUS)
                ly = y1 + LABEL_AT * (y2 - y1)
                cls = "label accent-text" if accent else "label"
                labels.append(f'<text class="{cls}" x="{lx:.1f}" y="{ly + 5:.1f}" '
                              f'text-anchor="middle" data-edge="{l}-{j}-{i}">'
                              f'{pretty(names.weights[l][j][i])}</text>')
    for l, column in enumerate(centres):
        for k, (x, y) in enumerate(column):
            units.append(f'<circle class="unit" cx="{x}" cy="{y}" r="{RADIUS}" '
                         'stroke-width="1.5"/>')
            units.append(f'<text x="{x}" y="{y + 5}" text-anchor="middle" font-weight="bold">'
                         f'{pretty(names.units[l][k])}</text>')
            if l == 0:
                units.append(f'<text class="label" x="{x}" y="{y + RADIUS + 17}" '
                             'text-anchor="middle">{}</text>')
                continue
            accent = highlighted == ("bias", l - 1, k, None)
            cls = "label accent-text" if accent else "label"
            units.append(f'<text class="{cls}" x="{x}" y="{y + RADIUS + 17}" text-anchor="middle">'
                         f'{pretty(names.biases[l - 1][k])}={{}}</text>')
    for k, (x, y) in enumerate(centres[-1]):
        units.append(f'<text class="label" x="{x + RADIUS + 5}" y="{y + 5}">'
                     f'y{pretty(str(k + 1))}={{}}</text>')
    for l, name in enumerate(activations, start=1):
        units.append(f'<text x="{centres[l][0][0]}" y="{height - 4}" text-anchor="middle">'
                     f'{escape(ACTIVATIONS[name].title)}</text>')
    ordered = [*edges, *labels[::-1], *units]  # labels over the lines, units on top
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="network diagram" font-size="15">'
            + "".join(ordered).replace("{", "{{").replace("}", "}}").replace("{{}}", "{}")
            + "</svg>")
