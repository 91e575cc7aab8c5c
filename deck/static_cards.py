"""Hand-written card specs to Cards: each field as the card holds it (deck/field_html.py),
the files it names, the YAML id as identity, and the network a card's ``figure:`` names."""

from __future__ import annotations

from collections.abc import Mapping

from backprop_deck.core.card import Card, static_guid
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote
from backprop_deck.core.yaml_nodes import suggest
from backprop_deck.generators.network.diagram import diagram
from backprop_deck.generators.network.naming import default_names
from backprop_deck.generators.network.yaml_spec import NetworkSpec

from .cards_file import StaticSpec
from .field_html import field_html
from .media import distinct


def static_card(spec: StaticSpec, deck: str, figure: str = "") -> Card:
    """``figure``: the drawing for the front, trusted markup made by figure_html."""
    files = {(use.written, use.sound): use.file for use in spec.media}

    def render(text: str) -> str:
        return field_html(text, spec.format, files)

    return Card(id=spec.id, guid=static_guid(spec.id), deck=deck,
                kind="static", tags=spec.tags or (), front=render(spec.front) + figure,
                back=render(spec.back), extra=render(spec.extra) if spec.extra else "",
                media=tuple(distinct(use.file for use in spec.media)))


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
