"""The only module that knows genanki: Cards in, a reproducible .apkg out."""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from importlib import resources
from pathlib import Path

import genanki

from .card import Card

# Generated once, never changed: Anki matches note types on import by these ids.
STATIC_MODEL_ID = 1607392319
PRACTICE_MODEL_ID = 1607392320

CSS = resources.files("deck").joinpath("templates/style.css").read_text(encoding="utf-8")

STATIC_MODEL = genanki.Model(
    STATIC_MODEL_ID,
    "Backprop deck: question",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}, {"name": "Id"}],
    templates=[{
        "name": "Card 1",
        "qfmt": '<div class="front">{{Front}}</div>',
        "afmt": ('<div class="front">{{Front}}</div>\n<hr id="answer">\n'
                 '<div class="back">{{Back}}</div>\n'
                 '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}'),
    }],
    css=CSS,
)

PRACTICE_MODEL = genanki.Model(
    PRACTICE_MODEL_ID,
    "Backprop deck: practice",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Answer"}, {"name": "Value"},
            {"name": "Tolerance"}, {"name": "Id"}],
    templates=[{
        "name": "Card 1",
        "qfmt": '<div class="front">{{Front}}</div>',
        "afmt": ('<div class="front">{{Front}}</div>\n<hr id="answer">\n'
                 '<div class="back">{{Back}}</div>'),
    }],
    css=CSS,
)

DESCRIPTION = (
    "Backpropagation with spaced repetition: the ideas, the formulas, and fresh "
    "numeric practice problems with worked, verified solutions. "
    "Rebuild with <code>python build_deck.py --seed N</code> for new numbers."
)


def deck_id(name: str) -> int:
    """Stable per deck name, so re-imports land in the same (sub)deck."""
    digest = hashlib.sha256(f"backprop-deck:{name}".encode()).digest()
    return int.from_bytes(digest[:7], "big") | (1 << 56)


def note_for(card: Card) -> genanki.Note:
    if card.kind == "static":
        fields = [card.front, card.back, card.extra, card.id]
        model = STATIC_MODEL
    else:
        fields = [card.front, card.back, card.answer_text, repr(card.answer),
                  repr(card.tolerance), card.id]
        model = PRACTICE_MODEL
    return genanki.Note(model=model, fields=fields, tags=list(card.tags), guid=card.guid,
                        sort_field=card.id)


def package(cards: list[Card], root_deck: str) -> genanki.Package:
    decks: dict[str, genanki.Deck] = {}
    root = genanki.Deck(deck_id(root_deck), root_deck, description=DESCRIPTION)
    decks[root_deck] = root
    for card in cards:
        if card.deck not in decks:
            decks[card.deck] = genanki.Deck(deck_id(card.deck), card.deck)
        decks[card.deck].add_note(note_for(card))
    return genanki.Package(list(decks.values()))


ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_timestamp() -> float:
    """``SOURCE_DATE_EPOCH`` makes the package byte-identical across builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return float(epoch) if epoch and epoch.isdigit() else time.time()


def write(cards: list[Card], root_deck: str, path: str | Path,
          timestamp: float | None = None) -> None:
    """Write the .apkg atomically: a temporary file beside ``path``, then a rename.

    Unlike ``Package.write_to_file`` this fixes the zip entry's date and cleans up
    its temporary database, so equal inputs give equal bytes.
    """
    timestamp = build_timestamp() if timestamp is None else timestamp
    path = Path(path)
    pkg = package(cards, root_deck)
    with tempfile.TemporaryDirectory(prefix="backprop-deck-") as workdir:
        db_path = os.path.join(workdir, "collection.anki2")
        conn = sqlite3.connect(db_path)
        try:
            pkg.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as out:
                for name, data in (("collection.anki2", Path(db_path).read_bytes()),
                                   ("media", b"{}")):
                    entry = zipfile.ZipInfo(name, time.gmtime(max(timestamp, ZIP_EPOCH))[:6])
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    out.writestr(entry, data)
            os.chmod(tmp_name, 0o666 & ~_umask())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
