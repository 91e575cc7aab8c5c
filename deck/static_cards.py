"""Hand-written card specs to Cards: each field as the card holds it (deck/field_html.py),
the files it names, the YAML id as identity (or the GUID a note brought from Anki has),
and the network a card's ``figure:`` names."""

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

    model = note_type(spec)
    front, back = ((render(spec.text) + figure, "") if model == "cloze"
                   else (render(spec.front) + figure, render(spec.back)))
    return Card(id=spec.id, guid=spec.guid or static_guid(spec.id), deck=deck,
                kind="static", tags=spec.tags or (), front=front, back=back,
                extra=render(spec.extra) if spec.extra else "", group=GROUPS[model],
                model=model, media=tuple(distinct(use.file for use in spec.media)))


# The note type a card asks for (core.card.Card.model), and how the summary counts it.
GROUPS = {"basic": "static", "cloze": "cloze", "reverse": "both-ways"}


def note_type(spec: StaticSpec) -> str:
    """``basic``, ``cloze`` or ``reverse`` (a basic card both ways)."""
    if spec.type == "cloze":
        return "cloze"
    return "reverse" if spec.reverse else "basic"


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
