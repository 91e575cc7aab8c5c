"""What every practice topic is: one unit with one interface (draw, skill, solve, front,
back, the problem's dump), so that a new topic is a new folder and one line in
generators/registry.py.

A topic draws a problem from a ``random.Random`` at a difficulty, solves it (pure
maths), and shows it (front and worked solution). Solving takes a carry
(core/carry.py), the way a value goes from one step to the next: ``exact`` for the
answer, ``four_figures`` for the answer a learner reaches by following the card's
steps (generators/hand_path.py). generators/practice_note.py makes a card of a
topic's problems.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from backprop_deck.core.card import Card

DIFFICULTIES = ("easy", "medium", "hard")


class Slip(NamedTuple):
    """A typical wrong answer: what one common slip gives, and the step where it happens.
    (Records made by the dozen per card are named tuples: half the cost of a frozen
    dataclass to make.)"""

    name: str  # as the verdict says it: "left out σ′(z)"
    value: float
    step: str  # the key of the worked-solution step


class Step(NamedTuple):
    """One line of a worked solution: ``parts`` are the sides of ``a = b = c`` in TeX."""

    key: str
    parts: tuple[str, ...]  # empty: the step is its words alone
    words: str = ""  # HTML said before the maths


class Problem(Protocol):
    def to_dump(self) -> dict:
        """The givens and the question, as docs/design.md specifies them for this topic."""


class Solution(Protocol):
    answer: float
    slips: tuple[Slip, ...]


@dataclass(frozen=True)
class Topic:
    name: str  # for --topics, card kinds and slot ids
    title: str  # what it drills, in a few words
    # (rng, difficulty, wanted=None): a hand-computable problem, of the wanted skill if given
    draw: Callable[..., Problem]
    # The kind of question a problem asks: what a note's variants share (the skill its
    # schedule tracks), while their numbers differ.
    skill: Callable[[Problem], Hashable]
    # (problem, carry, *, slips=True): the answer, the values each step shows, the slips
    solve: Callable[..., Solution]
    front: Callable[[Problem], str]  # question, givens and diagram (HTML)
    back: Callable[[Problem, Solution], str]  # the worked solution from shown values
    id_prefix: str = ""  # slot ids are PREFIX-difficulty-index; default: the name
    # A problem's own title where it differs from the topic's (softmax: sigmoid's cards)
    titled: Callable[[Problem], str] | None = None
    # (difficulty) -> every problem draw can give, where they are few (else None): a
    # deck asking for more is refused with their number, one asking for all gets all
    every: Callable[[str], Sequence[Problem] | None] | None = None
    # Cards beside the problems (seed, deck, new_notes) -> cards, e.g. the shape cards
    extras: Callable[[int, str, bool], list[Card]] | None = None

    @property
    def prefix(self) -> str:
        return self.id_prefix or self.name

    def title_of(self, problem: Problem) -> str:
        return self.title if self.titled is None else self.titled(problem)
