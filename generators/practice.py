"""Numbered practice slots filled with fresh random networks from a seed."""

from __future__ import annotations

import random

from deck.card import Card, slot_guid

from .naming import default_names
from .network_cards import network_card
from .networks import problem, slots

GENERATOR = "network"


def practice_cards(seed: int, count: int, difficulty: str, deck: str,
                   new_notes: bool = False) -> list[Card]:
    """``count`` cards; slot k of a difficulty always has the same id and GUID.

    Each slot draws from its own ``Random``, so slot k's problem depends only on the
    seed, its difficulty and k, not on how many cards are asked for.
    """
    taken: set = set()
    cards = []
    for level, index in slots(count, difficulty):
        rng = random.Random(f"{GENERATOR}:{seed}:{level}:{index}")
        net, ask = problem(rng, level, taken)
        cards.append(network_card(
            net, ask, card_id=f"net-{level}-{index}",
            guid=slot_guid(GENERATOR, level, index, seed if new_notes else None),
            deck=deck, tags=("practice", level), names=default_names(net.layers)))
    return cards
