"""Hand-written card specs to Cards: escape text, keep the YAML id as identity."""

from __future__ import annotations

from core.card import Card, static_guid, subdeck
from core.html import text_to_html

from .cards_file import StaticSpec


def static_card(spec: StaticSpec, root_deck: str) -> Card:
    render = (lambda s: s.strip()) if spec.format == "html" else text_to_html
    return Card(id=spec.id, guid=static_guid(spec.id), deck=subdeck(root_deck, spec.deck),
                kind="static", tags=spec.tags, front=render(spec.front),
                back=render(spec.back), extra=render(spec.extra) if spec.extra else "")
