"""Where each hand-written card goes: the built-in file, then the user's, merged by id.

A user's file adds cards, or replaces the card with the same id. A replacement takes
the place of the card it replaces (its deck, subdeck and tags) unless it sets them
itself. A file's top-level ``deck:`` is the deck for the cards that file adds: one
user file cannot move the built-in cards or another file's (``--deck-name`` renames
the main deck).

The order is the one written: the built-in cards as cards.yaml lists them, then each
file's new cards as it lists them. A replacement that stays in the deck of the card it
replaces keeps that card's place; one that goes into another deck takes its own place
among its file's cards there, so a file's cards keep their written order in each deck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backprop_deck.core.card import static_guid, subdeck
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote
from backprop_deck.generators.network.yaml_spec import NetworkSpec

from .cards_file import CardsFile, StaticSpec


@dataclass(frozen=True)
class Placed:
    """A card or network spec with the deck its file puts it in (None: the main deck)."""

    spec: StaticSpec | NetworkSpec
    root: str | None = None

    def deck(self, main: str) -> str:
        return subdeck(self.root or main, self.spec.deck or "")


def merge(builtin: CardsFile, mine: list[CardsFile],
          main: str) -> tuple[list[Placed], list[Placed]]:
    """The cards and networks of all files, in written order (see the top); ``main``:
    the main deck's name."""
    cards = {spec.id: Placed(spec) for spec in builtin.cards}
    networks = {spec.id: Placed(spec) for spec in builtin.networks}
    for f in mine:
        for spec in f.cards:
            _put(cards, replacing(cards.get(spec.id), placed_in(spec, f)), main)
        for spec in f.networks:
            _put(networks, replacing(networks.get(spec.id), Placed(spec, f.deck)), main)
    return list(cards.values()), list(networks.values())


def placed_in(spec: StaticSpec, f: CardsFile) -> Placed:
    """A card of ``f`` where the file puts it: a full deck name (Anki's notes export) is
    the card's deck itself."""
    if f.full_decks and spec.deck:
        return Placed(replace(spec, deck=""), spec.deck)
    return Placed(spec, f.deck)


def _put(placed: dict[str, Placed], new: Placed, main: str) -> None:
    """In the old one's place if it stays in that deck; else at the end, as written."""
    old = placed.get(new.spec.id)
    if old is not None and old.deck(main) != new.deck(main):
        del placed[new.spec.id]
    placed[new.spec.id] = new


def replacing(old: Placed | None, new: Placed) -> Placed:
    if old is None:
        return new
    spec = new.spec
    check_kept_guid(spec, getattr(old.spec, "guid", None) or static_guid(old.spec.id))
    if spec.tags is None:
        spec = replace(spec, tags=old.spec.tags)
    if spec.deck is None:
        return Placed(replace(spec, deck=old.spec.deck), old.root)
    return Placed(spec, new.root)


def check_kept_guid(spec: StaticSpec | NetworkSpec, guid: str) -> None:
    """A replacement keeps the replaced note's GUID: it may name it, never another."""
    given = getattr(spec, "guid", None)
    if given is not None and given != guid:
        origin = spec.origin
        raise DeckError(f"card {quote(spec.id)}: 'guid' {quote(given)} differs from the "
                        f"GUID of the card it replaces ({quote(guid)}); a replacement keeps "
                        "that note's identity: leave 'guid' out", origin.path, origin.line,
                        origin.column)
