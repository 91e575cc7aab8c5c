"""The plain value every source of cards produces; only the output stage knows Anki."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from . import cloze
from .numbers import short

GUID_NAMESPACE = "backprop-deck"
# Anki's base-91 alphabet for GUIDs (as genanki.guid_for writes them).
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")


@dataclass(frozen=True)
class MediaFile:
    """An image or sound a card shows, checked (deck/media.py): packaged and written
    into Anki under ``name``, its content's hash, so an edited file gets a new name and
    reaches the learner's Anki (which keeps a file it has under the same name)."""

    name: str
    source: str  # the file read, symlinks resolved (inside the card file's folder)
    size: int
    sha256: str
    mime: str
    # Where a card file first named it, as written there: for messages.
    written: str = field(default="", compare=False)
    origin: tuple[str, int, int] = field(default=("", 1, 1), compare=False)


@dataclass(frozen=True)
class Card:
    """One note of the deck. ``front``/``back`` are trusted HTML, already escaped.

    ``group`` says where the card came from, for the summary line: ``static``,
    ``cloze``, ``both-ways`` (hand-written), ``network`` (a YAML network),
    ``derivative`` or ``practice``.

    ``model`` is the note type a hand-written card asks for: ``basic``, ``cloze`` (its
    text, with the deletions, in ``front``; ``back`` empty) or ``reverse`` (a second
    card asked from the back).
    """

    id: str
    guid: str
    deck: str
    kind: str
    tags: tuple[str, ...]
    front: str
    back: str
    extra: str = ""
    problem: dict | None = field(default=None, compare=False)
    # Every problem the note carries (problem is the first), for the dump.
    variants: tuple[dict, ...] = field(default=(), compare=False)
    answer: float | None = None  # exact; cards with one get the type-in note type
    accept: tuple[float, float] | None = None  # the typed answers judged right
    group: str = "static"
    # The note type, where it is not what the answer says: a card replacing a type-in
    # card keeps that note type (Anki updates a note in place only within its type).
    typed: bool | None = None
    model: str = "basic"
    media: tuple[MediaFile, ...] = ()  # the files its fields name (deck/media.py)

    def __post_init__(self):
        if self.answer is not None and self.accept is None:
            raise ValueError(f"card {self.id}: a numeric answer needs its accept window")

    @property
    def answer_text(self) -> str:
        """The answer as the card shows it: 4 significant figures, or fewer when exact."""
        return "" if self.answer is None else short(self.answer)

    @property
    def anki_cards(self) -> int:
        """How many cards Anki makes of this note: one per deletion number of a cloze,
        two for a card both ways, else one."""
        if self.model == "cloze":
            return len(cloze.numbers(self.front))
        return 2 if self.model == "reverse" else 1

    def to_dump(self) -> dict:
        """The JSON shape of docs/design.md's dump."""
        entry = {"id": self.id, "guid": self.guid, "deck": self.deck, "kind": self.kind,
                 "tags": list(self.tags)}
        if self.model == "cloze":
            entry.update({"type": "cloze", "text": self.front,
                          "cards": [f"c{n}" for n in cloze.numbers(self.front)]})
        else:
            entry.update({"front": self.front, "back": self.back})
        if self.model == "reverse":
            entry["reverse"] = True
        if self.extra:
            entry["extra"] = self.extra
        if self.problem is not None:
            entry["problem"] = self.problem
        if self.variants:
            entry["variants"] = list(self.variants)
        if self.media:
            entry["media"] = {file.name: file.written for file in self.media}
        return entry


def subdeck(root: str, name: str) -> str:
    """Subdecks live under the root deck; an empty name means the root itself."""
    return f"{root}::{name}" if name else root


def guid_for(*values) -> str:
    """The GUID genanki.guid_for gives for ``values`` (tests check they agree).

    Written out here so that the Card type does not need genanki: every note the deck
    ever shipped was identified this way, and must keep its identity.
    """
    digest = hashlib.sha256("__".join(str(v) for v in values).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    digits = []
    while number > 0:
        number, rest = divmod(number, len(_BASE91))
        digits.append(_BASE91[rest])
    return "".join(reversed(digits))


def static_guid(card_id: str) -> str:
    """A hand-written card keeps its Anki identity (and review history) through edits."""
    return guid_for(GUID_NAMESPACE, "static", card_id)


def network_guid(card_id: str) -> str:
    """A YAML network's card: like a static card, but never equal to one's GUID."""
    return guid_for(GUID_NAMESPACE, "network", card_id)


def slot_guid(generator: str, difficulty: str, index: int, seed: int | None = None) -> str:
    """Practice cards are identified by slot, so a new seed refreshes the same notes.

    Passing ``seed`` gives seed-specific identities: new notes beside the old ones.
    """
    parts = [GUID_NAMESPACE, generator, difficulty, index]
    if seed is not None:
        parts.append(f"seed={seed}")
    return guid_for(*parts)
