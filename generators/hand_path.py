"""The worked solution a learner follows by hand: how it carries values so that its last
line ends near the exact answer, and which typical slips a typed answer can be told
apart by."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from backprop_deck.core.accepted import ZERO_HALF_WIDTH, accepted_range, half_unit
from backprop_deck.core.carry import BY_HAND, Carry, exact, four_figures
from backprop_deck.core.numbers import clean

from .topic import Problem, Slip, Solution, Topic


def steady(solve: Callable[..., Solution], problem: Problem,
           tolerance: float = 0.005) -> bool:
    """Rounding each step to 4 figures moves the answer by less than ``tolerance`` of it:
    a problem whose answer is a small difference of large terms is not hand-friendly."""
    answer = solve(problem, exact, slips=False).answer
    hand = solve(problem, four_figures, slips=False).answer
    return abs(hand - answer) <= tolerance * abs(answer)


# The last line of a worked solution ends at most this many units of the answer's 4th
# significant figure from the exact answer (else its values carry more figures).
HAND_DRIFT = 2


@lru_cache(maxsize=4096)  # a slot checks its problems as it draws them, then shows them
def hand_path(topic: Topic, problem: Problem) -> tuple[Solution, Carry] | None:
    """The worked solution a learner follows, and how it carries values: to 4 significant
    figures, or to 5 or 6 (guard digits) where the rounding of 4 would add up, or a
    difference of nearly equal numbers cancel, to more than HAND_DRIFT units of the
    answer's last figure (about 1 problem in 20). None where 6 are not enough either
    (about 1 in 4,000): a problem too ill-conditioned to ask."""
    answer = clean(topic.solve(problem, exact, slips=False).answer)
    allowed = HAND_DRIFT * 2 * (half_unit(answer) or ZERO_HALF_WIDTH) * (1 + 1e-9)
    for carry in BY_HAND:
        hand = topic.solve(problem, carry)
        if abs(clean(hand.answer) - answer) <= allowed:
            return hand, carry
    return None


class Judged(NamedTuple):
    """A slip with the typed answers that count as it."""

    name: str
    value: float
    step: str
    accept: tuple[float, float]


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def judged_slips(exact_slips: Sequence[Slip], hand_slips: Sequence[Slip],
                 accept: tuple[float, float]) -> list[Judged]:
    """Slips a typed answer can be told apart by: none inside the answer's window, and
    of two slips giving the same number only the first."""
    kept: list[Judged] = []
    for slip, hand in zip(exact_slips, hand_slips, strict=True):
        judged = Judged(slip.name, clean(slip.value), slip.step,
                        accepted_range(slip.value, hand.value))
        if overlaps(judged.accept, accept) or any(overlaps(judged.accept, k.accept)
                                                  for k in kept):
            continue
        kept.append(judged)
    return kept
