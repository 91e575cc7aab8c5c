"""Assemble a deck from card files and generators: the library behind the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generators.derivatives import derivative_cards
from generators.networks import DIFFICULTIES
from generators.practice import practice_cards
from generators.yaml_networks import yaml_network_cards

from .card import KINDS, Card, subdeck
from .cards_file import CardsFile, load
from .static_cards import static_card

BUILTIN_CARDS = Path(__file__).resolve().parent.parent / "cards.yaml"
DEFAULT_DECK = "Backpropagation"
PRACTICE_DECK = "Practice"
DERIVATIVES_DECK = "Derivatives"
DIFFICULTY_CHOICES = (*DIFFICULTIES, "mixed")
DEFAULT_COUNT = 30
MAX_COUNT = 100_000


@dataclass
class Options:
    """Everything a build depends on; equal options give equal decks."""

    seed: int
    card_files: list[Path] = field(default_factory=list)  # after the built-in file
    deck_name: str | None = None
    count: int = DEFAULT_COUNT
    difficulty: str = "mixed"
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

    def counts(self) -> dict[str, int]:
        """Notes of each kind present, in the fixed order of ``KINDS``."""
        kinds = [card.kind for card in self.cards]
        return {kind: kinds.count(kind) for kind in KINDS if kind in kinds}

    def to_dump(self) -> dict:
        return {"deck": self.name, "seed": self.seed,
                "cards": [card.to_dump() for card in self.cards]}


def merge(files: list[CardsFile]) -> CardsFile:
    """Later files add cards or replace earlier ones with the same id, in place."""
    merged = CardsFile(path="")
    cards: dict = {}
    networks: dict = {}
    for f in files:
        merged.deck = f.deck or merged.deck
        cards.update((card.id, card) for card in f.cards)
        networks.update((net.id, net) for net in f.networks)
    merged.cards = list(cards.values())
    merged.networks = list(networks.values())
    return merged


def wanted(card: Card, options: Options) -> bool:
    tags = set(card.tags)
    if options.include_tags and not tags & options.include_tags:
        return False
    return not tags & options.exclude_tags


def build(options: Options) -> Deck:
    source = merge([load(path) for path in [BUILTIN_CARDS, *options.card_files]])
    name = options.deck_name or source.deck or DEFAULT_DECK
    cards = [static_card(spec, name) for spec in source.cards]
    for spec in source.networks:
        cards += yaml_network_cards(spec, name)
    if options.derivatives:
        cards += derivative_cards(options.seed, subdeck(name, DERIVATIVES_DECK), options.new_notes)
    if options.practice:
        cards += practice_cards(options.seed, options.count, options.difficulty,
                                subdeck(name, PRACTICE_DECK), options.new_notes)
    return Deck(name=name, seed=options.seed,
                cards=[card for card in cards if wanted(card, options)])
