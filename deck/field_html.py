"""A card field, written as text, HTML or Markdown, as the card holds it.

Every format ends the same way: sanitized HTML (core/card_safety.py), its images
named by content (deck/media.py), its code coloured after sanitizing with the deck's
own classes (core/highlight.py), Anki's bracket tags inert, except a [sound:NAME] of a
checked file, which plays. Checking (``problem``, ``references``) and showing
(``field_html``) read the field the same way, so what was checked is what is shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import unquote

from backprop_deck.core import card_safety
from backprop_deck.core.card import MediaFile
from backprop_deck.core.card_safety import dollar_problem, inert_anki_tags, plain_html
from backprop_deck.core.highlight import highlighted
from backprop_deck.core.html import text_to_html

from . import markdown
from .tex_check import tex_problem

FORMATS = ("text", "html", "markdown")
SOUND = re.compile(r"\[sound:([^\]]*)\]")
_INERT_SOUND = re.compile(r"&#91;sound:([^\]]*)\]")
# Code, where MathJax typesets nothing (a Markdown code span may hold "\\(").
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class Use(NamedTuple):
    """A file a field names: as written (an image's src unquoted), and how."""

    written: str
    sound: bool
    file: MediaFile | None = None


def problem(text: str, fmt: str) -> str | None:
    """Why ``text`` may not be a field in format ``fmt``: maths MathJax would fail on or
    that links or styles, markup that runs or is cut, $$ that Anki would show as typed."""
    if fmt == "markdown":
        shown = markdown.to_html(text)
        return (tex_problem(_CODE.sub("", shown)) or card_safety.tex_problem(shown)
                or card_safety.html_problem(shown)
                or ("'$$' opens a formula that is never closed" if "$$" in shown else None))
    return (tex_problem(text) or card_safety.tex_problem(text) or dollar_problem(text)
            or (card_safety.html_problem(text) if fmt == "html" else None))


def references(text: str, fmt: str) -> list[Use]:
    """The files a (checked) field names: its images' src that are no web address, and
    its [sound:NAME]s, in the order written."""
    if fmt == "text":  # no image, and escaping changes no sound's name
        return [Use(name, True) for name in SOUND.findall(text)]
    if "[sound:" not in text and "<img" not in text.lower() and "![" not in text:
        return []
    shown = _sanitized(text, fmt)
    sources = _ImageSources()
    sources.feed(shown)
    sources.close()
    found = [Use(unquote(src), False) for src in sources.found if not _SCHEME.match(src)]
    return found + [Use(html.unescape(name), True) for name in SOUND.findall(shown)]


def field_html(text: str, fmt: str, media: Mapping[tuple[str, bool], MediaFile]) -> str:
    """The field as the card holds it; ``media``: each Use's file by (written, sound)."""
    def packaged(src: str) -> str:
        return src if _SCHEME.match(src) else media[unquote(src), False].name

    def sound(match: re.Match) -> str:
        file = media.get((html.unescape(match[1]), True))
        return match[0] if file is None else f"[sound:{file.name}]"

    shown = inert_anki_tags(highlighted(_sanitized(text, fmt, packaged)))
    return _INERT_SOUND.sub(sound, shown)


def _sanitized(text: str, fmt: str, rename=None) -> str:
    if fmt == "text":
        return text_to_html(text)
    source = markdown.to_html(text) if fmt == "markdown" else text
    return plain_html(source.strip(), rename)


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found += [value or "" for name, value in attrs if name == "src"]
