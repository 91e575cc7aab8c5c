"""Anki's own notes export (File → Export → Notes in Plain Text, Anki 2.1.55+) as cards.

Its headers place the GUID, note type, deck and tags columns (``#guid column:1``,
counted from 1); the other columns are each note's fields in its note type's order,
padded with empty cells to the widest note type. A note keeps its GUID, so the deck
updates that very note in Anki. Its fields become a card's keys by its note type:

- this deck's own note types (question, cloze, both ways): their fields and the card's
  id (their fields as the deck wrote them, less the spans that keep a formula on one
  line, which the next build adds again), so a note brought in once, and merged into
  the deck's note type by Anki, can be exported and brought in again;
- a note type whose name says cloze: text and extra, as ``type: cloze``;
- Anki's "Basic (and reversed card)": front and back, as ``reverse: true``, and
  "Basic (optional reversed card)": front, back, and reverse when its third field is
  filled;
- any other: front, back, extra; a note with more fields filled is refused.

A note's id is its Id field (this deck's notes), else ``anki-`` and 16 hex digits of its
GUID's SHA-256: the same note has the same id in every export. The deck column, and
``#deck:``, name a deck in full, as Anki does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from backprop_deck.core import yaml_nodes as yn
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote
from backprop_deck.core.table_cells import Cell

# This deck's note types (deck/anki_package.py; tests/test_csv.py checks the names).
QUESTION = "Backprop deck: question"
PRACTICE = "Backprop deck: practice"
OWN_CLOZE = "Backprop deck: cloze"
OWN_BOTH_WAYS = "Backprop deck: both ways"
BOOL_TAG = "tag:yaml.org,2002:bool"
# What core.html.keep_together wraps around text that stays on one line (no tag inside).
_KEPT_TOGETHER = re.compile(r'<span class="nobr">([^<]*)</span>')


@dataclass(frozen=True)
class NoteType:
    """Which card key each field is, in order; ``reverse`` as a field is true when it is
    filled; ``fixed``: keys every such note has."""

    fields: tuple[str, ...]
    fixed: dict = field(default_factory=dict)


BASIC = NoteType(("front", "back", "extra"))
NOTE_TYPES = {
    QUESTION: NoteType(("front", "back", "extra", "id")),
    OWN_CLOZE: NoteType(("text", "extra", "id"), {"type": "cloze"}),
    OWN_BOTH_WAYS: NoteType(("front", "back", "extra", "id"), {"reverse": True}),
    "Basic": BASIC,
    "Basic (type in the answer)": BASIC,
    "Basic (and reversed card)": NoteType(("front", "back"), {"reverse": True}),
    "Cloze": NoteType(("text", "extra"), {"type": "cloze"}),
}
# Anki's note types whose fields are named as the deck's (Front, Back; Text, Back
# Extra). A note of any other, merged on import, would give the deck's note type its
# own fields, and from then on every note of that type in the collection conflicts:
# the built-in cards stop updating (tests/test_anki_export.py shows it in Anki).
SAFE = "Basic, Basic (type in the answer), Basic (and reversed card) or Cloze"


def note_type(name: str) -> NoteType | None:
    return NOTE_TYPES.get(name)


def unlaid(html: str) -> str:
    """A field of this deck's notes without its one-line spans (core.html.keep_together)."""
    return _KEPT_TOGETHER.sub(r"\1", html)


def derived_id(guid: str) -> str:
    return "anki-" + hashlib.sha256(guid.encode("utf-8")).hexdigest()[:16]


def cards(nodes, headers: dict, rows: Iterator[list[Cell]]) -> list:
    """The export's rows as card nodes (deck/table_file.py's Nodes)."""
    path = nodes.path
    places = {key: column_number(path, headers[key])
              for key in ("guid column", "notetype column", "deck column", "tags column")
              if key in headers}
    fixed_type = headers["notetype"].value.strip() if "notetype" in headers else None
    html = headers.get("html")
    width = None
    result = []
    for row in rows:
        width = width or max(len(row), *places.values())
        check_width(path, row, width, places)
        at = {key: row[number - 1] for key, number in places.items()}
        fields = [cell for k, cell in enumerate(row[:width], start=1)
                  if k not in places.values()]
        guid = at["guid column"]
        if not guid.text:
            raise DeckError("this note has no GUID: a note brought from Anki keeps the one "
                            "Anki gave it (a new card goes in a card file with a header "
                            "row, with its own id)", path, guid.line, guid.column)
        name = at["notetype column"].text if "notetype column" in at else fixed_type
        pairs = note_pairs(nodes, row, fields, name, guid)
        pairs.append((nodes.key("guid", guid.line, guid.column),
                      nodes.text(guid.text, guid.line, guid.column)))
        for key in ("deck", "tags"):
            cell = at.get(f"{key} column")
            if cell is not None and cell.text:
                pairs.append((nodes.key(key, cell.line, cell.column), nodes.cell(key, cell)))
        if html is not None and html.value.strip().casefold() == "true":
            pairs.append((nodes.key("format", html.line, 1), nodes.text("html", html.line, 7)))
        elif html is not None and html.value.strip().casefold() != "false":
            raise html.error(path, f"must be true or false, got {quote(html.value.strip())}")
        result.append(nodes.card(row, pairs))
    return result


def note_pairs(nodes, row: list[Cell], fields: list[Cell], name: str | None,
               guid: Cell) -> list:
    """The card keys a note's fields give, by its note type."""
    path = nodes.path
    if name == PRACTICE:
        raise DeckError(f"note type {quote(name)}: this deck's practice problems are "
                        "generated at each build, not read from a file: leave them out of "
                        "the export", path, row[0].line, row[0].column)
    kind = BASIC if name is None else note_type(name)  # no note type column: Basic's
    if kind is None:
        raise DeckError(f"note type {quote(name)}: only notes of Anki's {SAFE}, or this "
                        "deck's own, can come back (another's fields would join the "
                        "deck's note type in Anki and stop its notes updating): change "
                        "it in Anki's browser (Notes → Change Note Type…), then export "
                        "again", path, row[0].line, row[0].column)
    for cell in fields[len(kind.fields):]:
        if cell.text:
            raise DeckError(f"note type {quote(name or 'Basic')}: a card here has the "
                            f"fields {', '.join(kind.fields)}; this note has more",
                            path, cell.line, cell.column)
    if name in (QUESTION, OWN_CLOZE, OWN_BOTH_WAYS):
        fields = [replace(cell, text=unlaid(cell.text)) for cell in fields]
    place = row[0]
    pairs = [(nodes.key(key, place.line, place.column),
              nodes.text(str(value).lower(), place.line, place.column,
                         BOOL_TAG if isinstance(value, bool) else yn.STR_TAG))
             for key, value in kind.fixed.items()]
    for key, cell in zip(kind.fields, fields, strict=False):
        if key == "reverse":
            if cell.text:
                pairs.append((nodes.key(key, cell.line, cell.column),
                              nodes.text("true", cell.line, cell.column, BOOL_TAG)))
        elif cell.text or key in ("front", "back", "text"):
            pairs.append((nodes.key(key, cell.line, cell.column), nodes.cell(key, cell)))
    if not any(key == "id" for key, cell in zip(kind.fields, fields, strict=False)
               if cell.text):
        pairs.append((nodes.key("id", guid.line, guid.column),
                      nodes.text(derived_id(guid.text), guid.line, guid.column)))
    return pairs


def column_number(path: str, header) -> int:
    value = header.value.strip()
    if not value.isdigit() or int(value) < 1:
        raise header.error(path, f"must be a column number from 1, got {quote(value)}")
    return int(value)


def check_width(path: str, row: list[Cell], width: int, places: dict) -> None:
    """Every row as wide as the first (Anki pads each note's fields to the widest)."""
    extra = [cell for cell in row[width:] if cell.text]
    if extra:
        raise DeckError(f"this row has {len(row)} cells, the first row {width}: a separator "
                        "inside a cell needs the cell in quotes", path, extra[0].line,
                        extra[0].column)
    if len(row) < width:
        raise DeckError(f"this row has {len(row)} cells, the first row {width}: a missing "
                        "separator?", path, row[0].line, row[0].column)
