"""How a worked solution carries a value from one line to the next: exactly (how the
answer itself is computed), or as the card writes it, to 4 significant figures (the
path a learner follows by hand), or with a guard digit or two where 4 would take the
last line too far from the answer (generators/hand_path.py picks which).

A carry is a function of a value; its ``digits`` say how many figures it keeps. A
rounded value comes back as a Rounded float, which the card writes with all its
figures (core.numbers.display).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from .numbers import SIGNIFICANT, Rounded, Rounded5, Rounded6, rounded, written_exactly

Carry = Callable[[float], float]


def exact(x: float) -> float:
    """Unrounded: how the answer itself is computed."""
    return x




@lru_cache(maxsize=65536, typed=True)
def four_figures(x: float) -> float:
    """The value a card shows for ``x``: what a learner carries to the next step.

    Exact values come back as they are (0.25 stays 0.25); rounded ones as Rounded.
    """
    if type(x) is Rounded:
        return x
    value = rounded(x)
    if value == x or math.isclose(value, x, rel_tol=1e-12, abs_tol=1e-15):
        return float(x)
    return Rounded(value)


four_figures.digits = SIGNIFICANT


def _carried(kind: type[Rounded]):
    figures = f".{kind.digits}g"

    @lru_cache(maxsize=65536, typed=True)
    def carry(x: float) -> float:
        if type(x) is kind:
            return x
        value = float(format(x, figures))
        if (value == x or math.isclose(value, x, rel_tol=1e-12, abs_tol=1e-15)) and (
                written_exactly(value)):
            return float(x)  # 0.25: what 4 figures write whole
        return kind(value)  # written with all its figures

    carry.__doc__ = f"Like four_figures, to {kind.digits} significant figures."
    carry.digits = kind.digits
    return carry


five_figures = _carried(Rounded5)
six_figures = _carried(Rounded6)
# How a worked solution may carry its values, in the order a hand path tries them: 4
# figures, or with guard digits where 4 would take its last line too far from the
# answer (generators/hand_path.py).
BY_HAND = (four_figures, five_figures, six_figures)




class Exact(float):
    """A value the card writes exactly whatever the carry (a whole number, or the 1/k of
    an easy card's fraction): carried as it is, however often."""

    __slots__ = ()


def carried(carry: Carry, value):
    """``value`` as ``carry`` carries it: a number, or a sequence number by number."""
    if isinstance(value, float | int):  # the common case first: a line's one number
        return value if type(value) is Exact else carry(value)
    return tuple(carried(carry, item) for item in value)


class Lines:
    """The values a worked solution writes, each carried as the learner carries it.

    A topic's solve sets every value its card shows as an attribute, in the order the
    card works them out (``s.mean = s.total / n``), and the carry it was given rounds
    it as set: not at all for the exact answer, to 4 figures (or 5, 6) for the path a
    learner follows by hand. So the solve reads as its maths, and the same lines give
    both answers. ``slip`` carries a typical slip's number the same way.
    """

    def __init__(self, carry: Carry):
        object.__setattr__(self, "carry", carry)

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, carried(self.carry, value))

    def slip(self, value: float) -> float:
        """The number a typical slip gives, worked as the card's own lines are."""
        return carried(self.carry, value)
