"""What a typed answer may be and still be right: from the exact answer to the one the
card's own steps reach by hand, widened by half a unit of the last figure shown."""

from __future__ import annotations

from .numbers import SIGNIFICANT, clean

# An answer of exactly 0 accepts whatever rounds to 0.0000: a learner writes 0, -0 or 0.0000.
ZERO_HALF_WIDTH = 0.5e-4


def half_unit(x: float, digits: int = SIGNIFICANT) -> float:
    """Half a unit in the last digit :func:`significant` shows; 0 for an answer of 0.
    (Only 0 shows as 0: 4 significant figures of anything else are not all zeros.)"""
    if x == 0:
        return 0.0
    text = f"{x:.{digits - 1}e}"  # 8.217e-02: the exponent of the shown value, rounded
    return 0.5 * 10.0 ** (int(text[text.index("e") + 1:]) - digits + 1)


def accepted_range(answer: float, hand: float) -> tuple[float, float]:
    """What a typed answer may be: from the exact answer to the hand-path one, widened by
    half a unit of the last shown digit (the larger of the two's); ±0.00005 around 0."""
    low, high = sorted((clean(answer), clean(hand)))
    slack = max(half_unit(answer), half_unit(hand)) or ZERO_HALF_WIDTH
    return low - slack, high + slack
