"""A worked solution as a card writes it: numbered steps, the givens that play no part,
the typical slips with their numbers, and the answer line."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from backprop_deck.core import tex
from backprop_deck.core.numbers import short, significant

from .hand_path import Judged
from .topic import Step


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
