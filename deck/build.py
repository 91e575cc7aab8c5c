"""Assemble a deck from card files and practice topics: the library behind the CLI."""

from __future__ import annotations

import secrets
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from backprop_deck.core import cloze
from backprop_deck.core.card import Card, subdeck
from backprop_deck.core.errors import DeckError, SettingError
from backprop_deck.core.html import full_size_inline_fractions, keep_together
from backprop_deck.core.quote import quote
from backprop_deck.core.yaml_nodes import suggest
from backprop_deck.generators.derivation import derivations_meanwhile
from backprop_deck.generators.derivatives import derivative_cards
from backprop_deck.generators.network.yaml_spec import yaml_network_cards
from backprop_deck.generators.practice import practice_cards
from backprop_deck.generators.registry import TOPICS
from backprop_deck.generators.topic import DIFFICULTIES

from .cards_file import CardsFile, StaticSpec, load
from .media import check_total
from .order import study_order
from .sources import Placed, check_kept_guid, merge
from .static_cards import figure_html, note_type, static_card


def _builtin_cards() -> Path:
    """Installed, cards.yaml is package data (setup.py puts it there); in a checkout it
    is at the top level, where users edit it."""
    here = Path(__file__).resolve().parent
    packaged = here / "cards.yaml"
    return packaged if packaged.is_file() else here.parent / "cards.yaml"


BUILTIN_CARDS = _builtin_cards()
DEFAULT_DECK = "Backpropagation"
# Numbered so that Anki shows the subdecks in teaching order (cards.yaml numbers the
# others): 5 and 7 come after the chain rule (4) and around the lecture example (6).
PRACTICE_DECK = "7 Practice"
DERIVATIVES_DECK = "5 Derivatives"
DIFFICULTY_CHOICES = (*DIFFICULTIES, "mixed")
PER_TOPIC = 6  # the default deck: two problems of each difficulty per topic
DEFAULT_COUNT = PER_TOPIC * len(TOPICS)
MAX_COUNT = 100_000
# Problems per practice note: the card shows another at each review, so a learner
# redoes the method instead of remembering a number; 8 is more than a month of reviews
# of a card that is going well (intervals 1, 3, 8, 20 … days) before one comes back.
DEFAULT_VARIANTS = 8
MAX_VARIANTS = 30
# Practice problems in one deck, over all its notes' versions: a build holds them all
# in memory (bench/RESULTS.md, "Measurements behind the code").
MAX_PROBLEMS = MAX_COUNT
# How the summary line names where cards came from, in this order; practice is by topic.
GROUP_LABELS = {"static": "static", "cloze": "cloze", "both-ways": "both-ways",
                "network": "worked example", "derivative": "derivative", "shapes": "shape"}


@dataclass
class Options:
    """Everything a build depends on; equal options give equal decks."""

    seed: int | None = None  # None: a fresh one (the deck says which)
    card_files: list[Path] = field(default_factory=list)  # after the built-in file
    deck_name: str | None = None
    count: int = DEFAULT_COUNT
    variants: int = DEFAULT_VARIANTS
    difficulty: str = "mixed"
    topics: tuple[str, ...] = tuple(TOPICS)
    practice: bool = True
    derivatives: bool = True
    new_notes: bool = False
    include_tags: frozenset[str] = frozenset()
    exclude_tags: frozenset[str] = frozenset()


@dataclass
class Deck:
    name: str
    seed: int
    cards: list[Card]
    card_files: tuple[Path, ...] = ()  # every card file read, built-in first: inputs
    # A card file's description: of its deck, by the deck's full name (plain text).
    descriptions: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """What the deck holds, in a line: "113 notes (27 static, …), seed 7"; with
        "making N cards" where Anki makes more cards than notes (cloze, both-ways)."""
        groups, topics = self.counts()
        counts = ", ".join(f"{n} {label}" for label, n in groups.items())
        if topics:
            practice = ", ".join(f"{n} {name}" for name, n in topics.items())
            fewest, most = self.versions()
            if most > 1:
                practice += (f", each in {most} versions" if fewest == most
                             else f", each in {fewest} to {most} versions")
            counts = f"{counts}; practice: {practice}" if counts else f"practice: {practice}"
        cards = sum(card.anki_cards for card in self.cards)
        making = f" making {cards} cards" if cards != len(self.cards) else ""
        return f"{len(self.cards)} notes{making} ({counts or 'empty'}), seed {self.seed}"

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Notes by origin, and practice notes by topic (in the registry's order)."""
        groups = Counter(card.group for card in self.cards)
        topics = Counter(card.kind for card in self.cards if card.group == "practice")
        return ({label: groups[group] for group, label in GROUP_LABELS.items() if groups[group]},
                {name: topics[name] for name in TOPICS if topics[name]})

    def versions(self) -> tuple[int, int]:
        """The fewest and the most problems a practice note holds: a kind of question
        with fewer problems than asked for (easy sigmoid probabilities: 14) gives fewer."""
        sizes = [len(card.variants) or 1 for card in self.cards if card.group == "practice"]
        return (min(sizes), max(sizes)) if sizes else (0, 0)

    def to_dump(self) -> dict:
        return {"deck": self.name, "seed": self.seed,
                "cards": [card.to_dump() for card in self.cards]}


def has_tag(card: Card, wanted: str) -> bool:
    """As Anki's search ``tag:wanted`` finds notes: the tag itself or one under it
    (``ml`` finds ``ml::backprop``), letter case aside."""
    wanted = wanted.casefold()
    return any(tag.casefold() == wanted or tag.casefold().startswith(wanted + "::")
               for tag in card.tags)


def wanted(card: Card, options: Options) -> bool:
    if options.include_tags and not any(has_tag(card, t) for t in options.include_tags):
        return False
    return not any(has_tag(card, t) for t in options.exclude_tags)


def build(options: Options) -> Deck:
    """The deck the options ask for: raises DeckError (SettingError for a setting) on
    bad input, and never writes anything."""
    if options.seed is None:
        options = replace(options, seed=secrets.randbelow(1_000_000))
    check_problems(options)
    builtin = load(BUILTIN_CARDS)
    name = options.deck_name or builtin.deck or DEFAULT_DECK
    mine = [load(path) for path in options.card_files]
    cards = study_order(chosen_cards(options, builtin, mine, name))
    check_total(file for card in cards for file in card.media)
    for k, card in enumerate(cards):  # one card's HTML at a time is held twice
        cards[k] = laid_out(card)
    return Deck(name=name, seed=options.seed, cards=cards,
                card_files=(BUILTIN_CARDS, *map(Path, options.card_files)),
                descriptions=descriptions(mine, name))


def descriptions(files: list[CardsFile], main: str) -> dict[str, str]:
    """Each file's description, for the file's deck (the main deck for a file without
    ``deck:``); two for one deck are refused."""
    found: dict[str, CardsFile] = {}
    for f in files:
        if f.description is None:
            continue
        deck = f.deck or main
        if deck in found:
            origin, first = f.description.origin, found[deck].description.origin
            raise DeckError(f"description: the deck {quote(deck)} has one already "
                            f"({first}); one description per deck", origin.path,
                            origin.line, origin.column)
        found[deck] = f
    return {deck: f.description.text for deck, f in found.items()}


def chosen_cards(options: Options, builtin: CardsFile, mine: list[CardsFile],
                 name: str) -> list[Card]:
    """Every card the options ask for: the card files', the generated ones."""
    written, networks = merge(builtin, mine, name)
    by_name = {placed.spec.id: placed.spec for placed in networks}
    figures = {placed.spec.id: figure_html(placed.spec, by_name) for placed in written}
    generated = []
    for placed in networks:
        generated += yaml_network_cards(placed.spec, placed.deck(name))
    # sympy (on a first build) derives on the other core while practice problems are drawn
    with derivations_meanwhile() if options.derivatives else nullcontext() as derived:
        practice = []
        if options.practice and options.topics:
            practice = practice_cards(options.seed, options.count, options.difficulty,
                                      subdeck(name, PRACTICE_DECK), options.topics,
                                      options.new_notes, variants=options.variants)
        if derived is not None:
            generated += derivative_cards(options.seed, subdeck(name, DERIVATIVES_DECK),
                                          options.new_notes, options.variants, derived())
    generated += practice
    by_id = {card.id: card for card in generated}
    replaced = {spec.id: (note_type(spec), "built-in") for spec in builtin.cards}
    replaced.update((card.id, (card.model, "generated")) for card in generated)
    for placed in written:
        same_note_type(placed.spec, *replaced.get(placed.spec.id, (None, "")))
    cards = one_of_each([hand_written(placed, name, by_id, figures[placed.spec.id])
                         for placed in written], generated)
    check_tags(cards, options)
    kept = [card for card in cards if wanted(card, options)]
    if not kept:
        raise SettingError(("include_tags", "exclude_tags"), "no card is left to write")
    return kept


def laid_out(card: Card) -> Card:
    """The card as its note holds it (and the dump and preview show it), laid out for a
    phone: inline fractions at the text's size; each formula and its punctuation, each
    operator and its operands, each short bracket on one line. A cloze's text is laid
    out between its deletions' markers, so no span crosses one."""
    def lay_out(html: str) -> str:
        return keep_together(full_size_inline_fractions(html))

    front = cloze.each_text(card.front, lay_out) if card.model == "cloze" else lay_out(card.front)
    back, extra = lay_out(card.back), lay_out(card.extra)
    if (front, back, extra) == (card.front, card.back, card.extra):
        return card
    return replace(card, front=front, back=back, extra=extra)


def check_problems(options: Options) -> None:
    """Refused before anything is drawn: --count 100000 --variants 30 would draw three
    million problems and run out of memory after minutes."""
    problems = options.count * options.variants
    if options.practice and options.topics and problems > MAX_PROBLEMS:
        raise SettingError("count", f"{options.count:,} notes of {options.variants} versions "
                                    f"are {problems:,} practice problems, more than the "
                                    f"{MAX_PROBLEMS:,} a deck may hold; ask for at most "
                                    f"{MAX_PROBLEMS // options.variants:,} notes, or fewer "
                                    "versions")


# How a refusal names each note type.
TYPE_NAMES = {"basic": "basic", "cloze": "cloze", "reverse": "both-ways"}


def same_note_type(spec: StaticSpec, replaced: str | None, source: str) -> None:
    """A card of a file that replaces a built-in card (``source``: of cards.yaml) or a
    generated one keeps its note type (``replaced``): Anki cannot change the type of a
    note it holds, so on import it would report the note as conflicting and keep the old
    one, unchanged. (A card of one user file replacing another's is not checked: which
    of them a learner imported before is not known here.)"""
    wanted = note_type(spec)
    if replaced is None or replaced == wanted:
        return
    at = spec.origin
    raise DeckError(f"card {quote(spec.id)}: a {TYPE_NAMES[wanted]} card cannot replace the "
                    f"{source} {TYPE_NAMES[replaced]} card of that id: Anki cannot change a "
                    "note's type on import (it would report a conflict and keep the old "
                    "note); give this card a new id", at.path, at.line, at.column)


def hand_written(placed: Placed, main: str, generated: dict[str, Card],
                 figure: str = "") -> Card:
    """A card from a file; one that replaces a generated card (deriv-sigmoid, say) keeps
    that card's GUID and note type, and its deck and tags unless it sets them."""
    spec = placed.spec
    card = static_card(spec, placed.deck(main), figure)
    replaced = generated.get(spec.id)
    if replaced is None:
        return card
    check_kept_guid(spec, replaced.guid)
    # The replaced card's identity and note type: Anki updates that note in place.
    return replace(card, deck=replaced.deck if spec.deck is None else card.deck,
                   tags=replaced.tags if spec.tags is None else card.tags,
                   guid=replaced.guid, typed=replaced.answer is not None)


def check_tags(cards: list[Card], options: Options) -> None:
    """A filter tag that no card has, itself or as a parent (``ml`` of ``ml::backprop``),
    is a typo: say so rather than filter by it."""
    tags = {tag for card in cards for tag in card.tags}
    names = {"::".join(parts[:k]) for parts in (tag.split("::") for tag in tags)
             for k in range(1, len(parts) + 1)}
    known = {name.casefold() for name in names}
    for setting, asked in (("include_tags", options.include_tags),
                           ("exclude_tags", options.exclude_tags)):
        for tag in sorted(asked):
            if tag.casefold() not in known:
                raise SettingError(setting, f"no card has the tag {quote(tag)}"
                                            f"{suggest(tag, sorted(names))}")


def one_of_each(written: list[Card], generated: list[Card]) -> list[Card]:
    """Every id and every GUID once: a hand-written card replaces a generated card of the
    same id (deriv-sigmoid, say: it then also has that card's GUID, so Anki updates the
    note and keeps its history), in that card's place unless it goes into another deck
    (deck/sources.py). Two generated cards with one id are refused."""
    by_id = {card.id: card for card in written}
    in_place = {card.id for card in generated
                if card.id in by_id and by_id[card.id].deck == card.deck}
    cards = ([card for card in written if card.id not in in_place]
             + [by_id[card.id] if card.id in in_place else card for card in generated
                if card.id in in_place or card.id not in by_id])
    for what, values in (("id", [c.id for c in cards]), ("GUID", [c.guid for c in cards])):
        twice = [value for value, n in Counter(values).items() if n > 1]
        if twice:
            raise DeckError(f"two cards have the {what} {quote(twice[0])}; rename a network "
                            "or a card so that each is made once")
    return cards
