"""Plain text to card HTML, and card HTML that wraps well on a phone."""

from __future__ import annotations

import html
import re


def text_to_html(text: str) -> str:
    """Plain text shows as typed: ``<``, ``&`` and ``<script>`` stay text; newlines break."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")


# Marks that touch an inline formula: an opening bracket before it, punctuation and
# closing brackets after it.
_OPENING_MARKS = "(["
_CLOSING_MARKS = frozenset(",.;:!?)]")
# Where text is not laid out as HTML text: a span there would break the SVG, the CSS…
_NOT_TEXT = re.compile(r"<(svg|math|style|script|textarea|title)\b.*?</\1\s*>", re.S | re.I)


def keep_marks_with_formulas(card_html: str) -> str:
    """``card_html`` with each inline formula and the punctuation touching it in a
    ``nobr`` span. Chromium (so Anki on desktop and Android) breaks a line either side
    of MathJax's output, before a comma too: at 360 px the lecture card began a line
    with ", w₄ = 0.3"; at 320 px 3 of 157 cards did. Needs HTML whose tags hold no
    ``>`` (ours, and nh3's output, which escapes it)."""
    pieces, start, apart = [], 0, None
    opening = card_html.find("\\(")
    while opening >= 0:
        closing = card_html.find("\\)", opening + 2)
        if closing < 0:
            break
        inner = card_html.find("\\(", opening + 2, closing)
        if inner >= 0:  # \( … \( … \) (or TeX's \\ then a bracket): the inner one
            opening = inner
            continue
        begin, end = opening, closing + 2
        if begin > start and card_html[begin - 1] in _OPENING_MARKS:
            begin -= 1
        while end < len(card_html) and card_html[end] in _CLOSING_MARKS:
            end += 1
        if (begin, end) != (opening, closing + 2) and _is_text(card_html, begin):
            if apart is None:
                apart = [m.span() for m in _NOT_TEXT.finditer(card_html)]
            if not any(low < begin < high for low, high in apart):
                pieces += [card_html[start:begin], '<span class="nobr">',
                           card_html[begin:end], "</span>"]
                start = end
        opening = card_html.find("\\(", closing + 2)
    if not pieces:
        return card_html
    pieces.append(card_html[start:])
    return "".join(pieces)


def _is_text(html: str, at: int) -> bool:
    """Not inside a tag (an attribute's value)."""
    return html.rfind("<", 0, at) <= html.rfind(">", 0, at)
