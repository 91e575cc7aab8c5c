"""Write the deck straight into an Anki collection: File → Import, in one step.

It imports the same package through Anki's own engine, so the semantics are the
import's: notes matched by GUID, changed ones updated, new ones added, review history
and scheduling kept, nothing deleted. One thing differs. Anki updates a note only
from a newer copy, and note times have one-second resolution, so two builds in one
second (or with a fixed SOURCE_DATE_EPOCH) would update nothing. The package is
therefore dated from what the collection holds: a note (or note type) whose content
differs gets a time newer than any of ours there; one that is the same keeps its own
time, so Anki leaves it, and its sync state, alone.

Media go another way: the package imported carries none, and each file is written
with Anki's media API (col.media) into the collection's own media folder, reached
from the copy through a symlink that stands for the copy's media folder. The files
are named by content, so one already there is the same file; they are written before
the copy is put in place, so a failure later leaves at most files no note uses yet.

And one thing is added. An import never moves a card that exists already, but 0.3
numbered the built-in subdecks in teaching order ("Concepts" became "1 Concepts"), so
a card of ours found in the unnumbered subdeck of an earlier release is moved into
the numbered one, and that old subdeck is removed once empty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from backprop_deck.core.card import Card
from backprop_deck.core.errors import SettingError
from backprop_deck.core.memory import out_of_memory
from backprop_deck.core.quote import quote_path

from . import media
from .anki_package import write_package

WHERE = "Anki keeps one per profile, e.g. ~/.local/share/Anki2/User 1/collection.anki2"


@dataclass(frozen=True)
class Imported:
    """Anki's import log, counted."""

    new: int
    updated: int
    unchanged: int
    conflicting: int  # a note whose note type in Anki is not ours (changed there, or a note
    # brought from its notes export): Anki leaves it as it is
    moved: int = 0  # cards moved from an earlier release's unnumbered subdeck

    def __str__(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.moved:
            text += f", {self.moved} moved into the numbered subdecks"
        if self.conflicting:
            text += (f", {self.conflicting} left alone (in Anki their note type is not "
                     "the deck's)")
        return text


def collection_path(given: str) -> Path:
    """The collection file meant: a profile folder means the collection in it."""
    path = Path(given).expanduser()
    return path / "collection.anki2" if path.is_dir() else path


# Tables every Anki collection has, from schema 11 (Anki 2.1.x) to 18 and on.
ANKI_TABLES = {"col", "notes", "cards", "revlog", "graves"}


def check_collection(given: str) -> Path:
    """The collection file, checked with SQLite alone before anything is built: Anki's
    engine would upgrade an old collection's schema as it opens it, and a file that is
    not a collection would get Anki's tables. Refused in one line if it is missing, not
    an Anki collection, open in Anki (which holds it locked), or not closed cleanly."""
    try:
        import anki.collection  # noqa: F401
    except ImportError as exc:
        if out_of_memory(exc):  # there, but no memory to load it
            raise
        raise SettingError("collection", "needs Anki's engine: pip install "
                                         "'backprop-deck[anki]' (or pip install anki)") from None
    path = collection_path(given)
    shown = quote_path(given)
    if not path.is_file():
        raise SettingError("collection", f"no Anki collection at {shown} ({WHERE})")
    not_anki = SettingError("collection", f"{shown} is not an Anki collection")
    try:
        # read-write, no wait: a lock Anki holds is an error at once; nothing is written
        # (an immediate transaction rolled back), and SQLite's -wal and -shm files go
        # with the connection
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0,
                             isolation_level=None)
        try:
            tables = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= ANKI_TABLES:
                raise not_anki
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise SettingError("collection", f"{shown} is open in Anki; close Anki (or wait "
                                             "for its sync to finish), then run again") from None
        raise not_anki from None
    except sqlite3.DatabaseError:
        raise not_anki from None
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        raise SettingError("collection", f"{shown} was not closed cleanly (its -wal file "
                                         "holds changes); open it in Anki and close Anki, "
                                         "then run again")
    return path


def write_into(original: Path, folder: Path, cards: list[Card], root_deck: str,
               descriptions: Mapping[str, str] | None = None) -> tuple[Path, Imported]:
    """Import the deck into a copy of the collection, made in ``folder`` (private, beside
    it): the caller renames the copy over the original with the other outputs, so a
    failure or a signal before then leaves the collection as it was. A backup of it goes
    into the profile's backups folder first, as Anki does; what Anki's engine refuses (a
    full disk, say) is one line."""
    from anki.collection import Collection
    from anki.errors import BackendError

    copy = folder / "collection.anki2"
    # Anki's engine raises and catches an error inside every Collection() (a setting
    # it looks for is not there); with RUST_BACKTRACE set, it symbolizes a backtrace
    # for it: tens of megabytes more at the peak, and under a memory cap a deadlock
    # (the out-of-memory hook waits for the lock the symbolizer holds). None is shown.
    os.environ.setdefault("RUST_LIB_BACKTRACE", "0")
    try:
        shutil.copyfile(original, copy)
        _share_media_folder(original, copy)
        col = Collection(str(copy))
        try:
            imported = _import(col, cards, root_deck, original.parent / "backups",
                               descriptions)
            _write_media(col, cards)
        finally:
            col.close()
    except (BackendError, OSError) as exc:
        if out_of_memory(exc):
            raise MemoryError from None
        reason = (getattr(exc, "strerror", None)
                  or (str(exc).splitlines() or [type(exc).__name__])[0])
        raise SettingError("collection", "Anki could not write into "
                                         f"{quote_path(str(original))}: {reason}") from None
    return copy, imported


def _share_media_folder(original: Path, copy: Path) -> None:
    """The copy's media folder is the collection's own (made if it is missing, as Anki
    makes it): a symlink where Anki looks for the copy's."""
    from anki.collection import media_paths_from_col_path

    folder = Path(media_paths_from_col_path(str(original))[0])
    folder.mkdir(exist_ok=True)
    Path(media_paths_from_col_path(str(copy))[0]).symlink_to(folder.resolve(),
                                                              target_is_directory=True)


def _write_media(col, cards: list[Card]) -> None:
    """Each file of the cards into the media folder, one at a time, by Anki's media API:
    it keeps a file it has with the same content, and would rename one whose name is
    taken by other content (then the notes would not find theirs: refused)."""
    for file in media.distinct(f for card in cards for f in card.media):
        written = col.media.write_data(file.name, media.content(file))
        if written != file.name:
            col.media.trash_files([written])
            raise SettingError("collection", f"its media folder holds other content under the "
                                             f"name {file.name} (edited there?); move that "
                                             "file away, then run again")


def _import(col, cards: list[Card], root_deck: str, backups: Path,
            descriptions: Mapping[str, str] | None = None) -> Imported:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Condition

    backups.mkdir(exist_ok=True)
    col.create_backup(backup_folder=str(backups), force=True, wait_for_completion=True)
    retime = Retime(col)
    with tempfile.TemporaryDirectory(prefix="backprop-deck-") as scratch:
        package = os.path.join(scratch, "deck.apkg")
        with open(package, "wb") as out:
            write_package(cards, root_deck, out, Path(scratch), retime=retime,
                          descriptions=descriptions, with_media=False)
        log = col.import_anki_package(ImportAnkiPackageRequest(
            package_path=package,
            options=ImportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, merge_notetypes=False,
                update_notes=Condition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
                update_notetypes=Condition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER))).log
    moved = move_from_unnumbered_subdecks(col, cards)
    return Imported(len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting),
                    moved)


_NUMBERED = re.compile(r"^\d+ (.+)$")


def former_name(deck: str) -> str | None:
    """``Root::1 Concepts`` was ``Root::Concepts`` before 0.3; None if not numbered."""
    parent, _, last = deck.rpartition("::")
    match = _NUMBERED.match(last)
    if match is None:
        return None
    return f"{parent}::{match[1]}" if parent else match[1]


def move_from_unnumbered_subdecks(col, cards: list[Card]) -> int:
    """Cards of ours still in an earlier release's unnumbered subdeck go to the numbered
    one the deck puts them in; a subdeck that leaves empty is removed. A card the
    learner moved anywhere else stays where it is."""
    wanted = {card.guid: card.deck for card in cards}
    decks = {d.id: d.name for d in col.decks.all_names_and_ids()}
    moves: dict[int, list[int]] = {}
    left: set[int] = set()
    for card_id, deck_id, guid in col.db.all(
            "SELECT c.id, c.did, n.guid FROM cards c JOIN notes n ON c.nid = n.id"):
        target = wanted.get(guid)
        if target is None or decks.get(deck_id) != former_name(target):
            continue
        moves.setdefault(col.decks.id(target), []).append(card_id)
        left.add(deck_id)
    for deck_id, card_ids in moves.items():
        col.set_deck(card_ids, deck_id)
    empty = [d for d in left if not col.decks.card_count(d, include_subdecks=True)
             and not list(col.decks.children(d))]
    if empty:
        col.decks.remove(empty)
    return sum(len(ids) for ids in moves.values())


class Retime:
    """Dates the package's notes and note types from the collection (see the top)."""

    def __init__(self, col):
        self.notes = {guid: (mod, flds, tags) for guid, mod, flds, tags
                      in col.db.all("SELECT guid, mod, flds, tags FROM notes")}
        self.notetypes = {str(nt["id"]): nt for nt in col.models.all()}

    def __call__(self, cursor) -> None:
        ours = cursor.execute("SELECT id, guid, flds, tags FROM notes").fetchall()
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        models = json.loads(models_json)
        known_times = [self.notes[guid][0] for _, guid, _, _ in ours if guid in self.notes]
        known_times += [self.notetypes[mid]["mod"] for mid in models if mid in self.notetypes]
        newer = max([int(time.time()), *(t + 1 for t in known_times)])
        cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", [
            (self._note_time(guid, flds, tags, newer), note_id)
            for note_id, guid, flds, tags in ours])
        for mid, model in models.items():
            old = self.notetypes.get(mid)
            model["mod"] = old["mod"] if old and _same_notetype(old, model) else newer
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))

    def _note_time(self, guid: str, flds: str, tags: str, newer: int) -> int:
        old = self.notes.get(guid)
        if old and _text(old[1]) == _text(flds) and _tags(old[2]) == _tags(tags):
            return old[0]
        return newer


def _text(fields: str) -> str:
    return unicodedata.normalize("NFC", fields)


def _tags(tags: str) -> set[str]:
    return {tag.lower() for tag in tags.split()}  # Anki matches tags case-blind


def _same_notetype(old: dict, new: dict) -> bool:
    def shape(nt: dict):
        return (nt["css"], [f["name"] for f in nt["flds"]],
                [(t["name"], t["qfmt"], t["afmt"]) for t in nt["tmpls"]])

    return shape(old) == shape(new)
