"""A small inline SVG plot of a function and its derivative, in day and night colours."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from backprop_deck.core.numbers import short

WIDTH, HEIGHT = 340, 220
LEFT, RIGHT, TOP, BOTTOM = 38, 12, 14, 48


def plot(xs: Sequence[float], ys_f: Sequence[float], ys_df: Sequence[float], f_label: str,
         df_label: str) -> str:
    """Both curves over ``xs`` (about [−4, 4]), axes through 0, and a legend."""
    x_low, x_high = xs[0], xs[-1]
    low = min(0.0, *ys_f, *ys_df)
    high = max(1.0, *ys_f, *ys_df)
    pad = 0.05 * (high - low)
    low, high = low - pad, high + pad

    def px(x):
        return LEFT + (x - x_low) / (x_high - x_low) * (WIDTH - LEFT - RIGHT)

    def py(v):
        return TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM)

    def polyline(ys, cls):
        points = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, ys))
        return f'<polyline class="{cls}" stroke-width="2" points="{points}"/>'

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="plot of {escape(f_label)} and {escape(df_label)}" '
             'font-size="14">',
             f'<line class="axis muted" x1="{LEFT}" y1="{py(0):.1f}" x2="{WIDTH - RIGHT}" '
             f'y2="{py(0):.1f}" stroke-width="1"/>',
             f'<line class="axis muted" x1="{px(0):.1f}" y1="{TOP}" x2="{px(0):.1f}" '
             f'y2="{HEIGHT - BOTTOM}" stroke-width="1"/>']
    # x ticks on the axis, their labels under the plot's lowest point, clear of both
    # curves (SiLU and GELU dip below 0 where a label under the axis would sit), written
    # as cards write numbers (short: a true minus sign, −4)
    for tick in (-4, -2, 2, 4):
        parts.append(f'<line class="axis muted" x1="{px(tick):.1f}" y1="{py(0) - 3:.1f}" '
                     f'x2="{px(tick):.1f}" y2="{py(0) + 3:.1f}" stroke-width="1"/>')
        parts.append(f'<text x="{px(tick):.1f}" y="{py(low) + 15:.1f}" text-anchor="middle" '
                     f'>{short(tick)}</text>')
    for value in sorted({1.0, round(high - pad, 1)} - {0.0}):
        if low < value < high:
            parts.append(f'<line class="axis muted" x1="{px(0) - 3:.1f}" y1="{py(value):.1f}" '
                         f'x2="{px(0) + 3:.1f}" y2="{py(value):.1f}" stroke-width="1"/>')
            # the value in the left margin, clear of curves that pass the axis near it
            # (tanh′ and ELU′ reach 1 at 0)
            parts.append(f'<line class="axis muted" x1="{LEFT - 2}" y1="{py(value):.1f}" '
                         f'x2="{px(0) - 3:.1f}" y2="{py(value):.1f}" stroke-width="0.5" '
                         'stroke-dasharray="2 3"/>')
            parts.append(f'<text x="{LEFT - 4}" y="{py(value) + 4:.1f}" text-anchor="end" '
                         f'>{short(value)}</text>')
    parts.append(polyline(ys_f, "curve"))
    parts.append(polyline(ys_df, "curve-derivative"))
    legend_y = HEIGHT - 10
    parts.append(f'<line class="curve" x1="{LEFT}" y1="{legend_y - 4}" x2="{LEFT + 22}" '
                 f'y2="{legend_y - 4}" stroke-width="2"/>')
    parts.append(f'<text x="{LEFT + 27}" y="{legend_y}">{escape(f_label)}</text>')
    mid = WIDTH / 2 + 10
    parts.append(f'<line class="curve-derivative" x1="{mid}" y1="{legend_y - 4}" '
                 f'x2="{mid + 22}" y2="{legend_y - 4}" stroke-width="2"/>')
    parts.append(f'<text x="{mid + 27}" y="{legend_y}">{escape(df_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
