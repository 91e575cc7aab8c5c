"""An RNN unrolled in time: h₀ → h₁ → … left to right, inputs xₜ below, the steps' targets
above. ``currentColor`` strokes and text follow day and night mode."""

from __future__ import annotations

from html import escape

from backprop_deck.core.numbers import display

from .maths import Problem

WIDTH, HEIGHT = 360, 178
LEFT, RIGHT = 46, 314
H_ROW, X_ROW, Y_ROW = 88, 158, 22
RADIUS = 20
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(t: int) -> str:
    return str(t).translate(SUB)


def _arrow_right(x1: float, x2: float, y: float) -> str:
    return (f'<line class="edge" x1="{x1}" y1="{y}" x2="{x2 - 6}" y2="{y}" stroke-width="1.5"/>'
            f'<polygon class="arrow" points="{x2},{y} {x2 - 8},{y - 4} {x2 - 8},{y + 4}"/>')


def _arrow_up(x: float, y1: float, y2: float) -> str:
    return (f'<line class="edge" x1="{x}" y1="{y1}" x2="{x}" y2="{y2 + 6}" stroke-width="1.5"/>'
            f'<polygon class="arrow" points="{x},{y2} {x - 4},{y2 + 8} {x + 4},{y2 + 8}"/>')


def diagram(problem: Problem) -> str:
    steps = problem.steps
    xs = [LEFT + k * (RIGHT - LEFT) / steps for k in range(steps + 1)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="the RNN unrolled over {steps} steps" font-size="15">']
    for t in range(steps + 1):
        x = xs[t]
        parts.append(f'<circle class="unit" cx="{x:.1f}" cy="{H_ROW}" r="{RADIUS}" '
                     f'stroke-width="1.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{H_ROW + 5}" text-anchor="middle" '
                     f'font-weight="bold">h{_sub(t)}</text>')
        if t == 0:
            parts.append(f'<text x="{x:.1f}" y="{X_ROW + 5}" text-anchor="middle">'
                         f'h₀ = {escape(display(problem.h0))}</text>')
            continue
        parts.append(_arrow_right(xs[t - 1] + RADIUS, x - RADIUS, H_ROW))
        parts.append(_arrow_up(x, X_ROW - 12, H_ROW + RADIUS))
        parts.append(f'<text x="{x:.1f}" y="{X_ROW + 5}" text-anchor="middle">'
                     f'x{_sub(t)} = {escape(display(problem.xs[t - 1]))}</text>')
        y = problem.target(t)
        if y is not None:
            parts.append(f'<line class="edge muted" x1="{x:.1f}" y1="{H_ROW - RADIUS}" '
                         f'x2="{x:.1f}" y2="{Y_ROW + 8}" stroke-width="1.2" '
                         f'stroke-dasharray="4 3"/>')
            parts.append(f'<text class="accent-text" x="{x:.1f}" y="{Y_ROW}" '
                         f'text-anchor="middle">y{_sub(t)} = {escape(display(y))}</text>')
    parts.append("</svg>")
    return "".join(parts)
