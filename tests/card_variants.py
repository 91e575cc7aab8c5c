"""A note's variants read back from its fields, as a test sees what each one shows."""

from __future__ import annotations

import re
from typing import NamedTuple

WRAPPER = re.compile(r'<div class="bp-variant" data-variant="(\d+)"([^>]*)>')
ATTRIBUTE = re.compile(r'data-(value|tolerance|answer)="([^"]*)"')


class Variant(NamedTuple):
    front: str
    back: str
    accept: tuple[float, float]
    answer_text: str


def _split(field: str) -> list[tuple[str, str]]:
    """The wrappers' attributes and inner HTML, in order; one part if there are none."""
    starts = list(WRAPPER.finditer(field))
    if not starts:
        return [("", field)]
    assert starts[0].start() == 0, "a variant field is its wrappers alone"
    parts = []
    for k, match in enumerate(starts):
        assert int(match[1]) == k
        end = starts[k + 1].start() if k + 1 < len(starts) else len(field)
        chunk = field[match.end():end]
        assert chunk.endswith("</div>")
        parts.append((match[2], chunk[:-len("</div>")]))
    return parts


def variants(card) -> list[Variant]:
    """Every problem the note holds: its front, back, judged-right window and answer."""
    fronts, backs = _split(card.front), _split(card.back)
    assert len(fronts) == len(backs) == max(1, len(card.variants))
    found = []
    for (_, front), (attributes, back) in zip(fronts, backs, strict=True):
        if not attributes:
            found.append(Variant(front, back, card.accept, card.answer_text))
            continue
        values = dict(ATTRIBUTE.findall(attributes))
        centre, half = float(values["value"]), float(values["tolerance"])
        found.append(Variant(front, back, (centre - half, centre + half), values["answer"]))
    return found
