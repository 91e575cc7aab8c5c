"""Plain text to card HTML."""

from __future__ import annotations

import html


def text_to_html(text: str) -> str:
    """Plain text shows as typed: ``<``, ``&`` and ``<script>`` stay text; newlines break."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")
