"""The order a learner meets new cards in, under Anki's default deck options.

Anki gathers new cards deck by deck, in the order of the decks' names (parents before
their subdecks), and within a deck by position; it then shows them in that order (its
default sort: card type, then the order gathered; every card here is of one type).
So the built-in subdecks are numbered in teaching order (cards.yaml), the deck's cards
are listed in the order Anki gathers them, and each card's position is its place in
that list (deck/anki_package.py writes it).
"""

from __future__ import annotations

from collections.abc import Iterable

from core.card import Card


def deck_key(name: str) -> tuple[str, ...]:
    """How Anki orders deck names: part by part ("A::B" right after "A"), case-blind."""
    return tuple(part.casefold() for part in name.split("::"))


def study_order(cards: Iterable[Card]) -> list[Card]:
    """Cards as Anki's default options show them new: by deck, then as listed."""
    return sorted(cards, key=lambda card: deck_key(card.deck))
