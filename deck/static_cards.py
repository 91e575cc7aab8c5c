"""Hand-written card specs to Cards: escape text, keep the YAML id as identity."""

from __future__ import annotations

from core.card import Card, static_guid
from core.card_safety import inert_anki_tags, plain_html
from core.html import text_to_html

from .cards_file import StaticSpec


def static_card(spec: StaticSpec, deck: str) -> Card:
    def render(text: str) -> str:  # Anki's [sound:…] and [latex] shown as typed, not run
        html = plain_html(text.strip()) if spec.format == "html" else text_to_html(text)
        return inert_anki_tags(html)

    return Card(id=spec.id, guid=static_guid(spec.id), deck=deck,
                kind="static", tags=spec.tags or (), front=render(spec.front),
                back=render(spec.back), extra=render(spec.extra) if spec.extra else "")
