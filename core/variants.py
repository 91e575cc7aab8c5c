"""A note's variants: K problems of one skill in one note, for the card to pick from.

Each variant's front and back go in their own ``data-variant="i"`` element; all but
the first carry ``hidden``, so without JavaScript the fields show a complete card:
the first variant, its answer and its solution. The card's script (deck/templates/
variants.js) shows one variant at each review and takes the others out before MathJax
typesets (the back keeps them, for "Another version": another.js). The back's element
carries the variant's own answer window
(``data-value`` ± ``data-tolerance``) and rounded answer, for the verdict. A note of
one variant is written as before, without these elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Shown(NamedTuple):
    """One problem as a card shows it: its sides, its answer and the typed answers
    judged right, and its dump entry."""

    front: str
    back: str
    answer: float
    answer_text: str
    accept: tuple[float, float]
    dump: dict


def _wrapped(k: int, inner: str, attributes: str = "") -> str:
    hidden = " hidden" if k else ""
    return f'<div class="bp-variant" data-variant="{k}"{attributes}{hidden}>{inner}</div>'


def front_field(variants: Sequence[Shown]) -> str:
    if len(variants) == 1:
        return variants[0].front
    return "".join(_wrapped(k, v.front) for k, v in enumerate(variants))


def back_field(variants: Sequence[Shown]) -> str:
    if len(variants) == 1:
        return variants[0].back
    return "".join(_wrapped(k, v.back, window_attributes(v)) for k, v in enumerate(variants))


def window_attributes(variant: Shown) -> str:
    """The typed answers judged right, as centre ± half width, and the shown answer."""
    low, high = variant.accept
    return (f' data-value="{(low + high) / 2!r}" data-tolerance="{(high - low) / 2!r}"'
            f' data-answer="{variant.answer_text}"')


def note_fields(variants: Sequence[Shown]) -> dict:
    """A note of these variants, as the Card's fields: the sides hold every variant; the
    answer, its window and ``problem`` are the first's (what shows without scripts)."""
    first = variants[0]
    return {"front": front_field(variants), "back": back_field(variants),
            "problem": first.dump, "variants": tuple(v.dump for v in variants),
            "answer": first.answer, "accept": first.accept}
