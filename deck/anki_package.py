"""The only module that knows genanki: Cards in, a reproducible .apkg out."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import genanki

try:
    from isal import isal_zlib
except ImportError:  # a platform without an isal wheel: zlib packs the deck
    isal_zlib = None

from backprop_deck.core import cloze, variants
from backprop_deck.core.atomic import temporary_name
from backprop_deck.core.card import Card
from backprop_deck.core.errors import DeckError
from backprop_deck.core.html import text_to_html
from backprop_deck.core.quote import quote

from . import media

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold
# Deflate: ISA-L's at its level 2 packs as small as zlib's level 1, four times as fast
# (bench/RESULTS.md, "Measurements behind the code"). zlib packs where the isal wheel
# is missing (requirements.txt asks for it only where PyPI has one).
ISAL_LEVEL = 2
ZIP_LEVEL = 1
# The database is scratch, packed once it is complete: no journal, no fsync. 64 KB
# pages leave less of each page empty after a large note's overflow chain: a smaller
# file, written and packed faster (bench/RESULTS.md).
SCRATCH_PRAGMAS = ("PRAGMA page_size = 65536", "PRAGMA journal_mode = OFF",
                   "PRAGMA synchronous = OFF")

# Generated once, never changed: Anki matches note types on import by these ids.
STATIC_MODEL_ID = 1607392319
PRACTICE_MODEL_ID = 1607392320
CLOZE_MODEL_ID = 1607392321
REVERSE_MODEL_ID = 1607392322

TEMPLATES = resources.files("backprop_deck.deck").joinpath("templates")
CSS = TEMPLATES.joinpath("style.css").read_text(encoding="utf-8")


# Scripts a template includes where it says /* NAME.js */: what one side leaves for
# the other, the pick of the problem shown (beside the variants contract it reads),
# the verdict on a typed number, and another version to try on the back.
SCRIPTS = {"memory.js": TEMPLATES.joinpath("memory.js"), "variants.js": variants.SCRIPT,
           "verdict.js": TEMPLATES.joinpath("verdict.js"),
           "another.js": TEMPLATES.joinpath("another.js")}


def _template(name: str) -> str:
    """A card template, with the scripts it includes written in."""
    html = TEMPLATES.joinpath(f"{name}.html").read_text(encoding="utf-8")
    for script, source in SCRIPTS.items():
        html = html.replace(f"/* {script} */", source.read_text(encoding="utf-8").strip())
    return html


def _note_type(model_id: int, name: str, fields: tuple[str, ...],
               cards: tuple[tuple[str, str], ...], **options) -> genanki.Model:
    """A note type of the deck: its fields by name, and a card template for each (name,
    stem) of ``cards``, its sides from templates/STEM_front.html and STEM_back.html."""
    return genanki.Model(
        model_id, name, fields=[{"name": field} for field in fields],
        templates=[{"name": card, "qfmt": _template(f"{stem}_front"),
                    "afmt": _template(f"{stem}_back")} for card, stem in cards],
        css=CSS, **options)


STATIC_MODEL = _note_type(STATIC_MODEL_ID, "Backprop deck: question",
                          ("Front", "Back", "Extra", "Id"), (("Card 1", "static"),))

# Value ± Tolerance is the window of typed answers judged right (its centre and half
# width); Answer is the rounded answer shown. The fields never change: Anki refuses to
# update notes whose note type gained a field (it reports them as conflicting).
PRACTICE_MODEL = _note_type(PRACTICE_MODEL_ID, "Backprop deck: practice",
                            ("Front", "Back", "Answer", "Value", "Tolerance", "Id"),
                            (("Card 1", "practice"),))

# A card file's own kinds (their ids and fields never change either). A cloze note:
# Anki makes one card per deletion number of Text, and shows Back Extra under its
# answer. The fields are named as in Anki's own Cloze and "Basic (and reversed card)",
# so that "Merge note types", which a note brought from Anki's notes export needs
# (deck/anki_notes.py), adds no field to these note types (a field of another name
# would be added, and the deck's own notes of the type would then conflict).
CLOZE_MODEL = _note_type(CLOZE_MODEL_ID, "Backprop deck: cloze",
                         ("Text", "Back Extra", "Id"), (("Cloze", "cloze"),),
                         model_type=genanki.Model.CLOZE)

# A card both ways: its first card is the question note type's card, its second asks
# from the back.
REVERSE_MODEL = _note_type(REVERSE_MODEL_ID, "Backprop deck: both ways",
                           ("Front", "Back", "Extra", "Id"),
                           (("Card 1", "static"), ("Card 2", "reverse")))

DESCRIPTION = (
    "Backpropagation with spaced repetition: the ideas, the formulas, and fresh "
    "numeric practice problems with worked, verified solutions. "
    "Rebuild with <code>python build_deck.py --seed N</code> for new numbers."
)


def deck_id(name: str) -> int:
    """Stable per deck name, so re-imports land in the same (sub)deck."""
    digest = hashlib.sha256(f"backprop-deck:{name}".encode()).digest()
    return int.from_bytes(digest[:7], "big") | (1 << 56)


def model_and_fields(card: Card) -> tuple[genanki.Model, dict[str, str]]:
    """Cards with a numeric answer get the type-in practice note type; so does a card
    that replaces one (without an answer: no box, its extra under its back). A card
    file's cloze and both-ways cards get theirs."""
    if card.model == "cloze":
        return CLOZE_MODEL, {"Text": card.front, "Back Extra": card.extra, "Id": card.id}
    if card.model == "reverse":
        return REVERSE_MODEL, {"Front": card.front, "Back": card.back, "Extra": card.extra,
                               "Id": card.id}
    if card.answer is None and not card.typed:
        return STATIC_MODEL, {"Front": card.front, "Back": card.back, "Extra": card.extra,
                              "Id": card.id}
    if card.answer is None:
        extra = f'<div class="extra">{card.extra}</div>' if card.extra else ""
        return PRACTICE_MODEL, {"Front": card.front, "Back": card.back + extra, "Answer": "",
                                "Value": "", "Tolerance": "", "Id": card.id}
    low, high = card.accept
    return PRACTICE_MODEL, {"Front": card.front, "Back": card.back, "Answer": card.answer_text,
                            "Value": repr((low + high) / 2), "Tolerance": repr((high - low) / 2),
                            "Id": card.id}


class Note(genanki.Note):
    """A genanki note without the per-build scan of every field for broken HTML tags.

    Every field is generated and escaped here; tests/test_anki_package.py runs
    genanki's own scan over every kind of card instead. The scan was a tenth of a large
    build (bench/RESULTS.md).
    """

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass

    def _cloze_cards(self) -> list[genanki.Card]:
        """A card per deletion number, as Anki counts them (core/cloze.py): genanki's
        own count differs on nested deletions and on a '}}' in a deletion's maths."""
        return [genanki.Card(number - 1) for number in cloze.numbers(self.fields[0])]


def note_for(card: Card, position: int = 0) -> genanki.Note:
    """``position``: where a new card stands in Anki's new-card order within its deck
    (deck/order.py)."""
    model, fields = model_and_fields(card)
    return Note(model=model, fields=[fields[f["name"]] for f in model.fields],
                tags=list(card.tags), guid=card.guid, sort_field=card.id, due=position)


_SECTION = re.compile(r"{{#(\w[\w ]*)}}(.*?){{/\1}}", re.S)
_FIELD = re.compile(r"{{(cloze:)?(\w[\w ]*)}}")


def render(card: Card) -> tuple[str, str]:
    """Question and answer HTML as Anki renders this card's templates (for previews);
    of a note that makes several cards, the first."""
    return render_all(card)[0]


def render_all(card: Card) -> list[tuple[str, str]]:
    """Question and answer of each card Anki makes of this note, in order: one per
    template, or of a cloze note one per deletion number."""
    model, fields = model_and_fields(card)

    def fill(text: str, number: int = 0, question: bool = True) -> str:
        text = _SECTION.sub(lambda m: m[2] if fields.get(m[1]) else "", text)
        return _FIELD.sub(lambda m: cloze.reveal(fields[m[2]], number, question) if m[1]
                          else fields[m[2]], text)

    if model.model_type == genanki.Model.CLOZE:
        (template,) = model.templates
        return [(fill(template["qfmt"], n, True), fill(template["afmt"], n, False))
                for n in cloze.numbers(fields["Text"])]
    return [(fill(template["qfmt"]), fill(template["afmt"])) for template in model.templates]


def package(cards: list[Card], root_deck: str,
            descriptions: Mapping[str, str] | None = None) -> genanki.Package:
    """The cards in the order given (deck/order.py's): each one's position is its place
    in the list, and decks are written as they first appear, so card ids rise in the
    same order (an import without scheduling numbers new cards by id).
    ``descriptions``: plain text, by deck name (card files' ``description:``)."""
    decks: dict[str, genanki.Deck] = {}
    root = genanki.Deck(deck_id(root_deck), root_deck, description=DESCRIPTION)
    decks[root_deck] = root
    for position, card in enumerate(cards, start=1):
        if card.deck not in decks:
            decks[card.deck] = genanki.Deck(deck_id(card.deck), card.deck)
        decks[card.deck].add_note(note_for(card, position))
    describe(decks, descriptions or {})
    return genanki.Package(list(decks.values()))


def describe(decks: dict[str, genanki.Deck], descriptions: Mapping[str, str]) -> None:
    """Each deck's description, shown as typed (Anki shows a description as HTML). A
    described deck that holds only subdecks is written too, so it gets its text."""
    for name, text in descriptions.items():
        if name not in decks and not any(d.startswith(f"{name}::") for d in decks):
            continue  # every card of that deck was left out
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        decks[name].description = text_to_html(text)


def fast_deflate(entry: BinaryIO) -> bool:
    """Let ISA-L compress a zip entry being written. zipfile has no public way to choose
    a compressor, so the entry's own (its private ``_compressor``) is replaced by
    ISA-L's, which writes the same raw deflate stream. True if it was: a Python whose
    zipfile works otherwise packs with zlib, and tests/test_anki_package.py fails."""
    if isal_zlib is None or getattr(entry, "_compressor", None) is None:
        return False
    entry._compressor = isal_zlib.compressobj(ISAL_LEVEL, isal_zlib.DEFLATED, -15)
    return True


def _entry(name: str, date: tuple) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry._compresslevel = ZIP_LEVEL  # public as compress_level only from Python 3.13
    return entry


# Zip entries hold dates from 1980 to 2107; a SOURCE_DATE_EPOCH outside is clamped.
ZIP_LAST = 4354819198  # 2107-12-31 23:59:58 UTC
LATEST_EPOCH = 253402300799  # 9999-12-31: Anki and SQLite hold times up to here


def build_timestamp() -> float:
    """``SOURCE_DATE_EPOCH`` makes the package byte-identical across builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return time.time()
    if not epoch.isdigit() or int(epoch) > LATEST_EPOCH:
        raise DeckError(f"SOURCE_DATE_EPOCH: must be a whole number of seconds from 1970 to "
                        f"9999, got {quote(epoch)}")
    return float(epoch)


def write_package(cards: list[Card], root_deck: str, out: BinaryIO, scratch: Path,
                  timestamp: float | None = None,
                  retime: Callable[[sqlite3.Cursor], None] | None = None,
                  descriptions: Mapping[str, str] | None = None,
                  with_media: bool = True) -> None:
    """Write the .apkg to ``out``; its SQLite database is built in ``scratch`` first.

    Unlike ``Package.write_to_file`` this fixes the zip entry's date and cleans up
    its temporary database, so equal inputs give equal bytes. ``retime`` may change
    the database's modification times before it is packed (see anki_collection).
    ``with_media``: the cards' files go in too (anki_collection writes them itself).
    """
    timestamp = build_timestamp() if timestamp is None else timestamp
    pkg = package(cards, root_deck, descriptions)
    db_path = temporary_name(scratch, "collection", suffix=".anki2")
    try:
        conn = sqlite3.connect(db_path)
        try:
            cursor = conn.cursor()
            for pragma in SCRATCH_PRAGMAS:
                cursor.execute(pragma)
            pkg.write_to_db(cursor, timestamp, itertools.count(int(timestamp * 1000)))
            if retime is not None:
                retime(cursor)
            conn.commit()
        finally:
            conn.close()
        date = time.gmtime(min(max(timestamp, ZIP_EPOCH), ZIP_LAST))[:6]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zipped:
            # Streamed, not read whole: a large deck's database is tens of megabytes.
            with open(db_path, "rb") as db, zipped.open(_entry("collection.anki2", date),
                                                         "w") as z:
                fast_deflate(z)
                shutil.copyfileobj(db, z, 1 << 20)
            files = media.distinct(f for card in cards for f in card.media) if with_media else []
            write_media(zipped, files, date)
    finally:
        db_path.unlink(missing_ok=True)


def write_media(zipped: zipfile.ZipFile, files: list[media.MediaFile], date: tuple) -> None:
    """The files as genanki packs them: entries "0", "1", … and the "media" map of each
    entry to its name in Anki. Streamed, one file at a time; a format that compresses
    its data already (PNG, JPEG, MP3, …) is stored as it is, deflating it would only
    cost time."""
    for number, file in enumerate(files):
        entry = _entry(str(number), date)
        if media.KINDS[file.name.rpartition(".")[2]].packed:
            entry.compress_type = zipfile.ZIP_STORED
        entry.file_size = file.size
        with zipped.open(entry, "w") as z:
            fast_deflate(z)
            for chunk in media.chunks(file):
                z.write(chunk)
    names = {str(number): file.name for number, file in enumerate(files)}
    zipped.writestr(_entry("media", date), json.dumps(names).encode())

