"""The plain value every source of cards produces; only the output stage knows Anki."""

from __future__ import annotations

from dataclasses import dataclass, field

import genanki

from .html import significant, tolerance

GUID_NAMESPACE = "backprop-deck"
KINDS = ("static", "network", "derivative")


@dataclass(frozen=True)
class Card:
    """One note of the deck. ``front``/``back`` are trusted HTML, already escaped."""

    id: str
    guid: str
    deck: str
    kind: str
    tags: tuple[str, ...]
    front: str
    back: str
    extra: str = ""
    problem: dict | None = field(default=None, compare=False)
    answer: float | None = None  # exact; cards with one get the type-in note type

    @property
    def answer_text(self) -> str:
        """The answer as the card shows it: 4 significant figures."""
        return "" if self.answer is None else significant(self.answer)

    @property
    def tolerance(self) -> float | None:
        """How far a typed answer may be from the exact one: half a unit of the last digit."""
        return None if self.answer is None else tolerance(self.answer)

    def to_dump(self) -> dict:
        """The JSON shape of DESIGN.md's dump."""
        entry = {"id": self.id, "guid": self.guid, "deck": self.deck, "kind": self.kind,
                 "tags": list(self.tags), "front": self.front, "back": self.back}
        if self.extra:
            entry["extra"] = self.extra
        if self.problem is not None:
            entry["problem"] = self.problem
        return entry


def subdeck(root: str, name: str) -> str:
    """Subdecks live under the root deck; an empty name means the root itself."""
    return f"{root}::{name}" if name else root


def static_guid(card_id: str) -> str:
    """A hand-written card keeps its Anki identity (and review history) through edits."""
    return genanki.guid_for(GUID_NAMESPACE, "static", card_id)


def network_guid(card_id: str) -> str:
    """A YAML network's card: like a static card, but never equal to one's GUID."""
    return genanki.guid_for(GUID_NAMESPACE, "network", card_id)


def slot_guid(generator: str, difficulty: str, index: int, seed: int | None = None) -> str:
    """Practice cards are identified by slot, so a new seed refreshes the same notes.

    Passing ``seed`` gives seed-specific identities: new notes beside the old ones.
    """
    parts = [GUID_NAMESPACE, generator, difficulty, index]
    if seed is not None:
        parts.append(f"seed={seed}")
    return genanki.guid_for(*parts)
