"""Numbers as cards write them: 4 significant figures, exact values without trailing
zeros, a value carried with guard digits with all of them, and a zero that float
rounding missed as 0."""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

SIGNIFICANT = 4
_FIGURES = f".{SIGNIFICANT}g"
# Zero but for float rounding: 0.6 + (−0.6) is 0, 0.1 + 0.2 − 0.3 is 5.6e-17. Every
# number here is a sum of a few short decimals and their products (the smallest answer
# a card may ask is 1e-6), so anything below this is a zero that binary floats missed.
NOISE = 1e-12


def clean(x: float) -> float:
    """``x``, or 0 where it is zero but for float rounding."""
    return 0.0 if -NOISE < x < NOISE else x


@lru_cache(maxsize=65536)  # a deck repeats its numbers: weights, inputs, step values
def significant(x: float, digits: int = SIGNIFICANT) -> str:
    """``x`` to ``digits`` significant figures, positional (never 1e-05), keeping zeros;
    0 for a zero that float rounding missed."""
    if -NOISE < x < NOISE:
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


def rounded(x: float) -> float:
    """The number :func:`significant` writes for ``x``, read back: what a card shows."""
    return float(format(x, _FIGURES)) if not -NOISE < x < NOISE else 0.0


def written_exactly(x: float) -> bool:
    """``x`` is exactly what its 4 significant figures say: a card shows it unrounded.
    (What ``float(short(x))`` tells, without the formatting and the cache.)"""
    return rounded(x) == x


class Rounded(float):
    """A value that rounding to 4 figures changed: written with all 4 (0.5270, not 0.527)."""

    __slots__ = ()
    digits = SIGNIFICANT


class Rounded5(Rounded):
    """Rounded to 5 figures: a worked solution that carries a guard digit."""

    __slots__ = ()
    digits = 5


class Rounded6(Rounded):
    __slots__ = ()
    digits = 6


@lru_cache(maxsize=65536, typed=True)
def display(x: float) -> str:
    """A value as cards write it: a rounded one with all its figures (0.5270; 0.52700
    when carried to 5), an exact one without trailing zeros (0.25)."""
    if type(x) is Rounded:
        return significant(x)
    if isinstance(x, Rounded):
        return significant(x, x.digits)
    return short(x)
