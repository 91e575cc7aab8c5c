"""Text to card HTML, and numbers as a learner writes them."""

from __future__ import annotations

import html
import math
from decimal import Decimal
from functools import lru_cache

SIGNIFICANT = 4


def text_to_html(text: str) -> str:
    """Plain text shows as typed: ``<``, ``&`` and ``<script>`` stay text; newlines break."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")


@lru_cache(maxsize=65536)  # a deck repeats its numbers: weights, inputs, step values
def significant(x: float, digits: int = SIGNIFICANT) -> str:
    """``x`` to ``digits`` significant figures, positional (never 1e-05), keeping zeros."""
    if x == 0:
        return "0"
    text = f"{x:#.{digits}g}"  # '#' keeps trailing zeros: 0.3500, 1.000
    if "e" in text:  # below 1e-4 or from 1e4 on: written out in full
        text = format(Decimal(text), "f")
    text = text.rstrip(".")  # '#' also leaves 1235. for 1234.6
    return "−" + text[1:] if text.startswith("-") else text


@lru_cache(maxsize=65536)
def short(x: float, digits: int = SIGNIFICANT) -> str:
    """Like :func:`significant`, but exact values drop trailing zeros (0.35, not 0.3500)."""
    text = significant(x, digits)
    if "." in text and math.isclose(float(text.replace("−", "-")), x, rel_tol=1e-12, abs_tol=1e-15):
        text = text.rstrip("0").rstrip(".")
    return text


def tolerance(x: float, digits: int = SIGNIFICANT) -> float:
    """Half a unit in the last digit :func:`significant` shows: the type-in slack."""
    if x == 0:
        return 0.5 * 10 ** -digits
    exponent = math.floor(math.log10(abs(float(f"{x:.{digits - 1}e}"))))
    return 0.5 * 10 ** (exponent - digits + 1)
