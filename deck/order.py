"""The order a learner meets new cards in, under Anki's default deck options.

Anki gathers new cards deck by deck, in the order of the decks' names (parents before
their subdecks), and within a deck by position; it then shows them sorted by card type
(the template's number), then in the order gathered: its default. All the cards of a
note share its position, so the notes' first cards come in the order gathered, and
the further cards of a card file's cloze and both-ways notes (a cloze's c2, c3 …, the
card asked from the back) after the first cards gathered with them on that day. So the
built-in subdecks are numbered in teaching order (cards.yaml), the deck's cards are
listed in the order Anki gathers them, and each card's position is its place in that
list (deck/anki_package.py writes it).

Within a deck, cards come as listed: hand-written ones in file order (cards.yaml, then
each user file; a replacement where the card it replaces was, unless it goes into
another deck: deck/sources.py), then the generated ones (a hand-written card replacing
one in its place), except that a method is taught just before it is drilled. In a deck
that holds practice cards (tagged ``practice`` and a topic's name), a card that is not
one of them and is tagged

- ``notation`` or ``gradient-check`` stands right before the deck's first practice card;
- ``concept`` and a topic's name stands right before that topic's first practice card
  (a topic's practice cards include the dense layer's shape cards); with no practice
  card of its topic in the deck (``--topics``, ``--count``, tag filters), it comes after
  the deck's other cards.

Cards placed before the same card keep their file order, and so do those moved to the
end. A deck without practice cards (``--no-practice``) keeps its cards as listed.
Studying the practice subdeck alone, Anki gathers it by the same positions, so the
order holds there too.
"""

from __future__ import annotations

from collections.abc import Iterable

from backprop_deck.core.card import Card
from backprop_deck.generators.registry import TOPICS

BEFORE_ALL = ("notation", "gradient-check")
CONCEPT = "concept"
PRACTICE = "practice"
TOPIC_NAMES = frozenset(TOPICS)


def deck_key(name: str) -> tuple[str, ...]:
    """How Anki orders deck names: part by part ("A::B" right after "A"), case-blind."""
    return tuple(part.casefold() for part in name.split("::"))


def study_order(cards: Iterable[Card]) -> list[Card]:
    """Cards as Anki's default options show them new: by deck, then as listed, each
    topic's concept cards just before its first practice card."""
    decks: dict[str, list[Card]] = {}
    for card in cards:
        decks.setdefault(card.deck, []).append(card)
    return [card for name in sorted(decks, key=deck_key)
            for card in taught_before_drilled(decks[name])]


def practice_topics(card: Card) -> frozenset[str]:
    """The topics a practice card drills (none for any other card)."""
    return TOPIC_NAMES.intersection(card.tags) if PRACTICE in card.tags else frozenset()


def taught_before_drilled(cards: list[Card]) -> list[Card]:
    """One deck's cards, each lesson moved to just before the first card it teaches."""
    first: dict[str, int] = {}  # a topic (or "" for any topic) -> its first practice card
    for k, card in enumerate(cards):
        for topic in practice_topics(card):
            first.setdefault(topic, k)
            first.setdefault("", k)
    if not first:
        return list(cards)
    before: dict[int, list[Card]] = {}  # a card's place -> the lessons that precede it
    staying, last = [], []
    for k, card in enumerate(cards):
        anchors = lesson_anchors(card)
        if anchors is None:
            staying.append((k, card))
            continue
        found = [first[topic] for topic in anchors if topic in first]
        if found:
            before.setdefault(min(found), []).append(card)
        else:
            last.append(card)
    ordered = []
    for k, card in staying:
        ordered += before.get(k, ())
        ordered.append(card)
    return ordered + last


def lesson_anchors(card: Card) -> set[str] | None:
    """The topics ("" for any) before whose first practice card this card stands, or
    None: a card that stays where it is listed."""
    tags = card.tags
    lesson = CONCEPT in tags or any(tag in tags for tag in BEFORE_ALL)
    if not lesson or (PRACTICE in tags and practice_topics(card)):
        return None
    anchors = {""} if any(tag in tags for tag in BEFORE_ALL) else set()
    if CONCEPT in tags:
        anchors |= TOPIC_NAMES.intersection(tags)
    return anchors or None
