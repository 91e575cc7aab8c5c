"""A computational graph drawn top-down for a phone: one node per row, its equation and
value beside it, edges as arcs on the left (a value used twice fans out visibly).

Strokes and text use ``currentColor`` (day and night); the asked node is accented.
"""

from __future__ import annotations

from html import escape

from backprop_deck.core.numbers import display

from .maths import Node, Problem

RADIUS = 20
CHARACTER = 9.4  # the width of a character of 15-unit text, roughly (labels are sized by it)
BOW = 11  # how much further left an arc bows for each row it skips
ROW = 58
TOP = 26
SYMBOLS = {"input": "", "add": "+", "sub": "−", "mul": "×", "div": "÷", "max": "max",
           "neg": "−x", "square": "x²", "exp": "exp", "log": "ln", "sigmoid": "σ",
           "tanh": "tanh", "relu": "ReLU"}


def equation(n: Node) -> str:
    """How a node is computed, in plain text: ``p = x × y``, ``q = σ(p)``."""
    a = n.args
    text = {"add": lambda: f"{a[0]} + {a[1]}", "sub": lambda: f"{a[0]} − {a[1]}",
            "mul": lambda: f"{a[0]} × {a[1]}", "div": lambda: f"{a[0]} ÷ {a[1]}",
            "max": lambda: f"max({a[0]}, {a[1]})", "neg": lambda: f"−{a[0]}",
            "square": lambda: f"{a[0]}²", "exp": lambda: f"exp({a[0]})",
            "log": lambda: f"ln({a[0]})", "sigmoid": lambda: f"σ({a[0]})",
            "tanh": lambda: f"tanh({a[0]})", "relu": lambda: f"ReLU({a[0]})"}[n.op]()
    return f"{n.name} = {text}"


def diagram(problem: Problem, values: dict[str, float],
            gradients: dict[str, float] | None = None) -> str:
    rows = {n.name: k for k, n in enumerate(problem.nodes)}
    labels = [f"{n.name} = {display(values[n.name])}" if n.op == "input"
              else f"{equation(n)} = {display(values[n.name])}" for n in problem.nodes]
    span = max((rows[n.name] - rows[a] for n in problem.nodes for a in n.args), default=1)
    centre = RADIUS + 16 + BOW * span  # room on the left for the widest arc
    width = round(centre + RADIUS + 9 + CHARACTER * max(len(label) for label in labels) + 4)
    height = TOP + ROW * (len(problem.nodes) - 1) + RADIUS + (26 if gradients else 12)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="computational graph, values flowing down" '
             f'font-size="15">']
    for n in problem.nodes:
        for arg in n.args:
            parts.append(_edge(rows[arg], rows[n.name], centre))
    for k, n in enumerate(problem.nodes):
        y = TOP + k * ROW
        accent = n.name == problem.wrt
        cls = "accent" if accent else "unit"
        parts.append(f'<circle class="{cls}" cx="{centre}" cy="{y}" r="{RADIUS}" '
                     f'stroke-width="{2.5 if accent else 1.5}"/>')
        inside = n.name if n.op == "input" else SYMBOLS[n.op]
        size = 15 if len(inside) <= 2 else 14.5
        parts.append(f'<text x="{centre}" y="{y + size / 3:.1f}" text-anchor="middle" '
                     f'font-size="{size}" font-weight="bold">{escape(inside)}</text>')
        text_cls = ' class="accent-text"' if accent else ""
        parts.append(f'<text{text_cls} x="{centre + RADIUS + 9}" y="{y + 5}">'
                     f'{escape(labels[k])}</text>')
        if gradients is not None and n.name in gradients:
            parts.append(f'<text class="accent-text" x="{centre + RADIUS + 9}" y="{y + 22}" '
                         f'font-size="15">∂{escape(problem.output)}/∂{escape(n.name)} = '
                         f'{display(gradients[n.name])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _edge(source: int, target: int, centre: float) -> str:
    """Next row: a short line down; further: an arc bowing left, wider the further."""
    y1, y2 = TOP + source * ROW, TOP + target * ROW
    if target == source + 1:
        return (f'<line class="edge" x1="{centre}" y1="{y1 + RADIUS}" x2="{centre}" '
                f'y2="{y2 - RADIUS}" stroke-width="1.5"/>')
    bow = centre - RADIUS - 2 * BOW - BOW * (target - source)
    x = centre - RADIUS * 0.8
    return (f'<path class="edge" fill="none" stroke-width="1.5" d="M {x:.1f} {y1 + 8} '
            f'Q {bow:.1f} {(y1 + y2) / 2:.1f} {x:.1f} {y2 - 8}"/>')
