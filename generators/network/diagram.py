"""An inline SVG of a small network: inputs, weights on edges, biases, targets.

Strokes and text use ``currentColor`` so the picture follows Anki's day and night
colours; the viewBox scales it down to a phone's width.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from core.numbers import short

from .maths import Ask, Network
from .naming import Names, pretty

COLUMN = 170
ROW = 96
RADIUS = 21
MARGIN_X = 78
MARGIN_Y = 40
LABEL_AT = 0.3  # weight labels sit 30% along their edge, clear of the crossings


def _centres(layers: tuple[int, ...]) -> list[list[tuple[float, float]]]:
    tallest = max(layers)
    centres = []
    for l, size in enumerate(layers):
        top = MARGIN_Y + (tallest - size) * ROW / 2
        centres.append([(MARGIN_X + l * COLUMN, top + k * ROW) for k in range(size)])
    return centres


def diagram(net: Network, names: Names, ask: Ask | None = None) -> str:
    highlighted = None
    if ask is not None and ask.param is not None:
        highlighted = (ask.param, ask.layer, ask.to, ask.source)
    values = [w for layer in net.weights for row in layer for w in row]
    for l, size in enumerate(net.layers):
        for k in range(size):
            values.append(net.inputs[k] if l == 0 else net.biases[l - 1][k])
            if l == len(net.layers) - 1:
                values.append(net.targets[k])
    return _layout(net.layers, net.activations, names, highlighted).format(
        *(short(v) for v in values))


@lru_cache(maxsize=256)
def _layout(layers: tuple[int, ...], activations: tuple[str, ...], names: Names,
            highlighted: tuple | None) -> str:
    """The drawing of a shape, with a ``{}`` for each number: one per shape, not per card.

    Numbers fill in, in order: weights (layer, to, from), then per layer and unit the
    input or bias, and after each output unit's bias its target.
    """
    centres = _centres(layers)
    width = 2 * MARGIN_X + COLUMN * (len(layers) - 1) + 30
    height = 2 * MARGIN_Y + ROW * (max(layers) - 1) + 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="network diagram" font-size="14">']
    for l in range(len(layers) - 1):
        for j in range(layers[l + 1]):
            (x2, y2) = centres[l + 1][j]
            for i in range(layers[l]):
                (x1, y1) = centres[l][i]
                accent = highlighted == ("weight", l, j, i)
                cls = "accent" if accent else "edge muted"
                stroke = 2.5 if accent else 1.2
                parts.append(f'<line class="{cls}" x1="{x1 + RADIUS}" y1="{y1}" '
                             f'x2="{x2 - RADIUS}" y2="{y2}" stroke-width="{stroke}"/>')
                lx = x1 + RADIUS + LABEL_AT * (x2 - x1 - 2 * RADIUS)
                ly = y1 + LABEL_AT * (y2 - y1) - 5
                text_cls = ' class="accent-text"' if accent else ""
                parts.append(f'<text{text_cls} x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">'
                             f'{pretty(names.weights[l][j][i])}={{}}</text>')
    for l, column in enumerate(centres):
        for k, (x, y) in enumerate(column):
            parts.append(f'<circle class="unit" cx="{x}" cy="{y}" r="{RADIUS}" '
                         'stroke-width="1.5"/>')
            parts.append(f'<text x="{x}" y="{y + 5}" text-anchor="middle" font-weight="bold">'
                         f'{pretty(names.units[l][k])}</text>')
            if l == 0:
                parts.append(f'<text x="{x - RADIUS - 6}" y="{y + 5}" text-anchor="end">'
                             "{}</text>")
            else:
                accent = highlighted == ("bias", l - 1, k, None)
                text_cls = ' class="accent-text"' if accent else ""
                parts.append(f'<text{text_cls} x="{x}" y="{y + RADIUS + 16}" text-anchor="middle" '
                             f'font-size="12">{pretty(names.biases[l - 1][k])}={{}}</text>')
            if l == len(centres) - 1:
                parts.append(f'<text x="{x + RADIUS + 6}" y="{y - 4}" font-size="12">target</text>')
                parts.append(f'<text x="{x + RADIUS + 6}" y="{y + 12}" font-size="12">'
                             f'y{pretty(str(k + 1))}={{}}</text>')
    for l, name in enumerate(activations, start=1):
        x = centres[l][0][0]
        parts.append(f'<text x="{x}" y="{height - 4}" text-anchor="middle" font-size="12" '
                     f'class="muted">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
