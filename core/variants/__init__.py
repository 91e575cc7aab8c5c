"""A note's variants: K problems of one skill in one note, for the card to pick from
(docs/design.md, "Variants: fresh numbers at each review"). Everything that contract
is lives here: how a note's
fields hold its versions (this module), how they are read back (``versions_of``), and
how the card picks one at each showing (variants.js, beside this file, which the
templates include).

Each version's front and back go in their own ``data-variant="i"`` element; all but
the first carry ``hidden``, so without JavaScript the fields show a complete card:
the first version, its answer and its solution. variants.js shows one version at each
review and takes the others out before MathJax typesets (the back keeps them, for
"Another version": deck/templates/another.js). The back's element carries the
version's own accepted answers (``data-value`` ± ``data-tolerance``) and rounded
answer, for the verdict. A note of one version is written as before, without these
elements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

# The card's script: which version a showing shows (the templates include it).
SCRIPT = resources.files(__name__).joinpath("variants.js")


class Version(NamedTuple):
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


def front_field(variants: Sequence[Version]) -> str:
    if len(variants) == 1:
        return variants[0].front
    return "".join(_wrapped(k, v.front) for k, v in enumerate(variants))


def back_field(variants: Sequence[Version]) -> str:
    if len(variants) == 1:
        return variants[0].back
    return "".join(_wrapped(k, v.back, accept_attributes(v)) for k, v in enumerate(variants))


def accept_attributes(variant: Version) -> str:
    """The typed answers judged right, as centre ± half width, and the shown answer."""
    low, high = variant.accept
    return (f' data-value="{(low + high) / 2!r}" data-tolerance="{(high - low) / 2!r}"'
            f' data-answer="{variant.answer_text}"')


def note_fields(variants: Sequence[Version]) -> dict:
    """A note of these variants, as the Card's fields: the sides hold every variant; the
    answer, its window and ``problem`` are the first's (what shows without scripts)."""
    first = variants[0]
    return {"front": front_field(variants), "back": back_field(variants),
            "problem": first.dump, "variants": tuple(v.dump for v in variants),
            "answer": first.answer, "accept": first.accept}


def heading(title: str, k: int, count: int) -> str:
    """A version's heading: which of the note's versions a showing shows."""
    return title if count == 1 else f"{title} · version {k + 1} of {count}"


_WRAPPER = re.compile(r'<div class="bp-variant" data-variant="(\d+)"([^>]*)>')
_ATTRIBUTE = re.compile(r'data-(value|tolerance|answer)="([^"]*)"')


class FieldVersion(NamedTuple):
    """One version as a note's fields hold it: what a showing of it shows."""

    front: str
    back: str
    accept: tuple[float, float]
    answer_text: str


def split_field(field: str) -> list[tuple[str, str]]:
    """A field's versions: each wrapper's attributes and inner HTML, in order; one
    part, without attributes, for a note of one version."""
    starts = list(_WRAPPER.finditer(field))
    if not starts:
        return [("", field)]
    if starts[0].start() != 0:
        raise ValueError("a field of versions is its wrappers alone")
    parts = []
    for k, match in enumerate(starts):
        if int(match[1]) != k:
            raise ValueError(f"version {match[1]} where {k} belongs")
        end = starts[k + 1].start() if k + 1 < len(starts) else len(field)
        chunk = field[match.end():end]
        if not chunk.endswith("</div>"):
            raise ValueError(f"version {k} is not closed")
        parts.append((match[2], chunk[:-len("</div>")]))
    return parts


def versions_of(card) -> list[FieldVersion]:
    """Every version a note holds, read back from its fields (the inverse of
    ``note_fields``): its front, back, accepted answers and shown answer."""
    fronts, backs = split_field(card.front), split_field(card.back)
    if not len(fronts) == len(backs) == max(1, len(card.variants)):
        raise ValueError(f"card {card.id}: its fields do not hold its versions")
    found = []
    for (_, front), (attributes, back) in zip(fronts, backs, strict=True):
        if not attributes:
            found.append(FieldVersion(front, back, card.accept, card.answer_text))
            continue
        values = dict(_ATTRIBUTE.findall(attributes))
        centre, half = float(values["value"]), float(values["tolerance"])
        found.append(FieldVersion(front, back, (centre - half, centre + half),
                                  values["answer"]))
    return found
