"""Where a deck goes: an Anki package, a dump, a preview page, a collection, any of them
at once, written all or nothing (deck/outputs.py).

``Outputs(...)`` checks every destination before a deck is built, so a bad path costs
nothing; ``Outputs.write(deck)`` writes them. ``write(deck, ...)`` does both for a deck
already built. Errors are SettingErrors that name the destination as these keywords do
(``apkg``, ``dump``, ``preview``, ``collection``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .anki_collection import Imported, check_collection, collection_path, write_into
from .anki_package import build_timestamp, write_package
from .build import Deck
from .outputs import Commit, Render, Target, check_distinct, target, write_all

# A destination that is a folder (or ends in "/") gets this file in it.
DEFAULT_NAMES = {"apkg": "backprop.apkg", "preview": "backprop.html", "dump": "backprop.json"}


@dataclass(frozen=True)
class Written:
    """What a write put where: its targets, in the order of DEFAULT_NAMES, and what Anki
    made of the deck in the collection (None without one)."""

    targets: tuple[Target, ...]
    collection: str | None = None  # as given
    imported: Imported | None = None


class Outputs:
    """Destinations for a deck, checked now: each path can be written, none is a card
    file read (``card_files``) or another destination, and the collection is one Anki
    can open (closed, whole). ``dump`` may be "-", standard output."""

    def __init__(self, *, apkg: str | Path | None = None, dump: str | Path | None = None,
                 preview: str | Path | None = None, collection: str | Path | None = None,
                 card_files: Sequence[str | Path] = ()):
        given = {"apkg": apkg, "preview": preview, "dump": dump}
        self.targets = tuple(target(setting, path, DEFAULT_NAMES[setting],
                                    stdout_allowed=setting == "dump")
                             for setting, path in given.items() if path is not None)
        inputs = {Path(p): "a card file this deck reads" for p in card_files}
        self.collection = None if collection is None else str(collection)
        if self.collection is not None:
            inputs[collection_path(self.collection)] = "the collection written into"
        check_distinct(list(self.targets), inputs)
        self.collection_file = (check_collection(self.collection)
                                if self.collection is not None else None)

    def write(self, deck: Deck, commit: Commit | None = None) -> Written:
        """Render and put in place every output of ``deck`` (``commit.written`` turns true
        once all are in place: a signal then says so)."""
        check_distinct(list(self.targets), {Path(p): "a card file this deck reads"
                                            for p in deck.card_files})
        imported: list[Imported] = []
        into = None
        if self.collection_file is not None:
            def build_copy(folder: Path) -> Path:
                copy, result = write_into(self.collection_file, folder, deck.cards, deck.name,
                                          deck.descriptions)
                imported.append(result)
                return copy

            into = (Target("collection", self.collection, self.collection_file, "file"),
                    build_copy)
        write_all([(out, _render(out.setting, deck)) for out in self.targets], into, commit)
        return Written(self.targets, self.collection, imported[0] if imported else None)


def write(deck: Deck, *, apkg: str | Path | None = None, dump: str | Path | None = None,
          preview: str | Path | None = None,
          collection: str | Path | None = None) -> Written:
    """Write ``deck`` to each destination given: an .apkg file, a JSON dump, a preview
    page, an Anki collection (its file, or the profile folder holding it)."""
    return Outputs(apkg=apkg, dump=dump, preview=preview, collection=collection,
                   card_files=deck.card_files).write(deck)


def _render(setting: str, deck: Deck) -> Render:
    """How one output of the deck is written, rendered only when it is."""
    if setting == "apkg":
        timestamp = build_timestamp()
        return lambda out, scratch: write_package(deck.cards, deck.name, out, scratch,
                                                  timestamp, descriptions=deck.descriptions)
    if setting == "dump":
        return lambda out, _: out.write(
            (json.dumps(deck.to_dump(), ensure_ascii=False, indent=1) + "\n").encode())
    from .preview import page

    return lambda out, _: out.write(page(deck.cards, deck.name, deck.summary()).encode())
