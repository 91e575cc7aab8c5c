"""Numbers as a learner writes them: 4 significant figures, and what a typed answer may be."""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

SIGNIFICANT = 4
# An answer of exactly 0 accepts whatever rounds to 0.0000: a learner writes 0, -0 or 0.0000.
ZERO_HALF_WIDTH = 0.5e-4
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
def shown(x: float) -> float:
    """The value a card shows for ``x``: what a learner carries to the next step.

    Exact values come back as they are (0.25 stays 0.25); rounded ones as Rounded.
    """
    if type(x) is Rounded:
        return x
    value = rounded(x)
    if value == x or math.isclose(value, x, rel_tol=1e-12, abs_tol=1e-15):
        return float(x)
    return Rounded(value)


shown.digits = SIGNIFICANT


def _carried(kind: type[Rounded]):
    figures = f".{kind.digits}g"

    @lru_cache(maxsize=65536, typed=True)
    def keep(x: float) -> float:
        if type(x) is kind:
            return x
        value = float(format(x, figures))
        if (value == x or math.isclose(value, x, rel_tol=1e-12, abs_tol=1e-15)) and (
                written_exactly(value)):
            return float(x)  # 0.25: what 4 figures write whole
        return kind(value)  # written with all its figures

    keep.__doc__ = f"Like shown, to {kind.digits} significant figures."
    keep.digits = kind.digits
    return keep


shown5 = _carried(Rounded5)
shown6 = _carried(Rounded6)
# How a worked solution may carry its values: 4 figures, or with guard digits where 4
# would take its last line too far from the answer (generators.topic.hand_path).
CARRIED = (shown, shown5, shown6)


@lru_cache(maxsize=65536, typed=True)
def display(x: float) -> str:
    """A value as cards write it: a rounded one with all its figures (0.5270; 0.52700
    when carried to 5), an exact one without trailing zeros (0.25)."""
    if type(x) is Rounded:
        return significant(x)
    if isinstance(x, Rounded):
        return significant(x, x.digits)
    return short(x)


def exact(x: float) -> float:
    """The other way to carry a value: unrounded (how the answer itself is computed)."""
    return x


def half_unit(x: float, digits: int = SIGNIFICANT) -> float:
    """Half a unit in the last digit :func:`significant` shows; 0 for an answer of 0.
    (Only 0 shows as 0: 4 significant figures of anything else are not all zeros.)"""
    if x == 0:
        return 0.0
    text = f"{x:.{digits - 1}e}"  # 8.217e-02: the exponent of the shown value, rounded
    return 0.5 * 10.0 ** (int(text[text.index("e") + 1:]) - digits + 1)


def window(answer: float, hand: float) -> tuple[float, float]:
    """What a typed answer may be: from the exact answer to the hand-path one, widened by
    half a unit of the last shown digit (the larger of the two's); ±0.00005 around 0."""
    low, high = sorted((clean(answer), clean(hand)))
    slack = max(half_unit(answer), half_unit(hand)) or ZERO_HALF_WIDTH
    return low - slack, high + slack
