"""Networks written in YAML (like the lecture example) become practice cards."""

from __future__ import annotations

from deck.card import Card, network_guid, subdeck
from deck.cards_file import NetworkSpec

from .naming import default_names
from .network_cards import ask_slug, network_card


def yaml_network_cards(spec: NetworkSpec, root_deck: str) -> list[Card]:
    """One card per ``ask``; ids (and so GUIDs) come from the YAML id, never the numbers."""
    names = default_names(spec.network.layers)
    cards = []
    for ask in spec.asks:
        card_id = f"{spec.id}-{ask_slug(names, ask)}"
        cards.append(network_card(spec.network, ask, card_id=card_id, guid=network_guid(card_id),
                                  deck=subdeck(root_deck, spec.deck),
                                  tags=spec.tags or ("network",), names=names))
    return cards
