"""What every practice topic is, and how any topic's problem becomes a card.

A topic draws a problem from a ``random.Random`` at a difficulty, solves it (pure
maths), and shows it (front and worked solution). Solving takes a carry
(core/carry.py), the way a value goes from one step to the next: ``exact`` for the
answer, ``four_figures`` for the answer a learner reaches by following the card's
steps. The card shows the hand-path values, so every line can be redone by hand,
and accepts everything from the exact answer to the hand-path one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import NamedTuple, Protocol

from core import tex
from core.accepted import ZERO_HALF_WIDTH, accepted_range, half_unit
from core.card import Card
from core.carry import BY_HAND, Carry, exact, four_figures
from core.numbers import clean, short, significant
from core.variants import Shown, note_fields

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


def distinct(parts: Sequence[str]) -> tuple[str, ...]:
    """A chain without repeats: ``1 = 1 = 1`` says nothing after its first ``1``."""
    kept: list[str] = []
    for part in parts:
        if not kept or part != kept[-1]:
            kept.append(part)
    return tuple(kept)


def steps_html(steps: Sequence[Step]) -> str:
    """Numbered lines (CSS counts them); a verdict points at one by its ``data-step``."""
    return "".join(f'<div class="step" data-step="{s.key}">{s.words}'
                   f'{tex.step(s.parts) if s.parts else ""}</div>' for s in steps)


def unused_note(names: Sequence[str], why: str, values: bool = True) -> str:
    """Givens the card shows that play no part in its answer, said so: a learner would
    otherwise hunt for where they enter. ``names``: TeX or words, as the card writes them;
    ``values``: said as "the values of …" (the asked gradient may be of one of them)."""
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if values:
        listed = f"The value{'s' if len(names) > 1 else ''} of {listed}"
        verb = "play" if len(names) > 1 else "plays"
    else:
        verb = "plays" if len(names) == 1 else "play"
    return f'<p class="note idle-note">{listed} {verb} no part here: {why}</p>'


def slips_html(slips: Sequence[Judged]) -> str:
    """The typical slips and their numbers: the type-in verdict names the one typed."""
    if not slips:
        return ""
    items = "".join(
        f'<li class="slip" data-low="{s.accept[0]!r}" data-high="{s.accept[1]!r}" '
        f'data-step="{s.step}" data-name="{escape(s.name)}">{escape(s.name)}: '
        f'{short(s.value)}</li>' for s in slips)
    return f'<div class="slips">Typical slips, and the number each gives:<ul>{items}</ul></div>'


def answer_line(answer: float, hand: float, digits: int = 4) -> str:
    line = f'Answer: <span class="answer-value">{short(answer)}</span>'
    if significant(hand) != significant(answer):
        line += (f' <span class="hand-note">(following the steps below with {digits}-figure '
                 f'values gives {significant(hand)}; both are right)</span>')
    if digits > 4:
        line += (f'<p class="note guard-note">The steps carry {digits} significant figures: '
                 "rounded to 4 at every step, they would end too far from the answer.</p>")
    return f'<div class="answer-line">{line}</div>'


def shown_problem(topic: Topic, problem: Problem, heading: str) -> Shown:
    """One problem as a card shows it: front, worked solution, slips, dump and window."""
    solution = topic.solve(problem, exact)
    answer = clean(solution.answer)
    # A drawn problem has a hand path (slots redraw those without); a user's network is
    # shown with the most figures carried.
    hand, carry = hand_path(topic, problem) or (topic.solve(problem, BY_HAND[-1]), BY_HAND[-1])
    accept = accepted_range(answer, hand.answer)
    slips = judged_slips(solution.slips, hand.slips, accept)
    front = f'<div class="kind-note">{escape(heading)}</div>{topic.front(problem, carry)}'
    back = (answer_line(answer, clean(hand.answer), carry.digits)
            + f'<div class="solution">{topic.back(problem, hand)}</div>' + slips_html(slips))
    dump = {**problem.to_dump(), "answer": answer,
            "mistakes": [{"name": s.name, "answer": s.value} for s in slips]}
    return Shown(front, back, answer, short(answer), accept, dump)


def variant_heading(heading: str, k: int, count: int) -> str:
    return heading if count == 1 else f"{heading} · version {k + 1} of {count}"


def practice_card(topic: Topic, problems: Sequence[Problem], *, card_id: str, guid: str,
                  deck: str, tags: tuple[str, ...], heading: str,
                  group: str = "practice") -> Card:
    """A note of one or more problems of one skill (its variants): the first is what the
    fields show without scripts, and what ``problem``, ``answer`` and ``accept`` say."""
    variants = [shown_problem(topic, p, variant_heading(heading, k, len(problems)))
                for k, p in enumerate(problems)]
    return Card(id=card_id, guid=guid, deck=deck, kind=topic.name, tags=tags, group=group,
                **note_fields(variants))
