"""Hand-written card specs to Cards: escape text, keep the YAML id as identity (or the
GUID a note brought from Anki has), and draw the network a card's ``figure:`` names."""

from __future__ import annotations

from collections.abc import Mapping

from backprop_deck.core.card import Card, static_guid
from backprop_deck.core.card_safety import inert_anki_tags, plain_html
from backprop_deck.core.errors import DeckError
from backprop_deck.core.html import text_to_html
from backprop_deck.core.quote import quote
from backprop_deck.core.yaml_nodes import suggest
from backprop_deck.generators.network.diagram import diagram
from backprop_deck.generators.network.naming import default_names
from backprop_deck.generators.network.yaml_spec import NetworkSpec

from .cards_file import StaticSpec


def static_card(spec: StaticSpec, deck: str, figure: str = "") -> Card:
    """``figure``: the drawing for the front, trusted markup made by figure_html."""
    def render(text: str) -> str:  # Anki's [sound:…] and [latex] shown as typed, not run
        html = plain_html(text.strip()) if spec.format == "html" else text_to_html(text)
        return inert_anki_tags(html)

    return Card(id=spec.id, guid=spec.guid or static_guid(spec.id), deck=deck,
                kind="static", tags=spec.tags or (), front=render(spec.front) + figure,
                back=render(spec.back), extra=render(spec.extra) if spec.extra else "")


def figure_html(spec: StaticSpec, networks: Mapping[str, NetworkSpec]) -> str:
    """The card's network diagram, drawn by the same code as the practice cards' (so
    generated SVG, never a file's), or "" for a card without ``figure:``."""
    if spec.figure is None:
        return ""
    name, origin = spec.figure.network, spec.figure.origin
    if name not in networks:
        known = ", ".join(quote(n) for n in networks) or "none"
        raise DeckError(f"card {quote(spec.id)}: 'figure': no network {quote(name)} in the "
                        f"card files{suggest(name, networks) or f' (networks: {known})'}",
                        origin.path, origin.line, origin.column)
    net = networks[name].network
    return f'<div class="figure">{diagram(net, default_names(net.layers))}</div>'
