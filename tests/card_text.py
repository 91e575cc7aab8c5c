"""A card's HTML as a reader takes it in: blocks of text in reading order, each words
with maths in them, and the labels of its tables and diagrams apart.

Used by the notation checks (tests/notation_checks.py), which read the dump's fields
as any tool would, without the generators.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
_BLOCKS = {"div", "p", "li", "th", "td", "caption", "text", "tr", "table", "ul", "svg"}


class Block(NamedTuple):
    kind: str  # "text"; "label" (a table's header or caption, a diagram's label); "cell"
    text: str  # unescaped: maths still between \( \) and \[ \]


class Piece(NamedTuple):
    tex: bool
    text: str
    end: int  # where it ends in its block's text (for what follows it)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [["text", ""]]
        self.stack: list[str] = []

    def _kind(self) -> str:
        for tag in reversed(self.stack):
            if tag in ("text", "th", "caption"):
                return "label"
            if tag == "td":
                return "cell"
            if tag == "svg":
                return "hidden"  # shapes; only <text> holds words
        return "text"

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.blocks.append([self._kind(), ""])
            return
        self.stack.append(tag)
        if tag in _BLOCKS:
            self.blocks.append([self._kind(), ""])

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag in _BLOCKS:
            self.blocks.append([self._kind(), ""])

    def handle_data(self, data):
        self.blocks[-1][1] += data


def blocks(field: str) -> list[Block]:
    reader = _Reader()
    reader.feed(field)
    reader.close()
    return [Block(kind, text) for kind, text in reader.blocks
            if text.strip() and kind != "hidden"]


def pieces(text: str) -> list[Piece]:
    """Words and maths, in order."""
    found, at = [], 0
    for match in MATH.finditer(text):
        if match.start() > at:
            found.append(Piece(False, text[at:match.start()], match.start()))
        found.append(Piece(True, html.unescape(match[1] if match[1] is not None else match[2]),
                           match.end()))
        at = match.end()
    if at < len(text):
        found.append(Piece(False, text[at:], len(text)))
    return found


def sentences(text: str) -> list[str]:
    """Words split where a sentence or clause ends (maths kept whole)."""
    guarded = MATH.sub(lambda m: m[0].replace(".", "\0").replace(";", "\1")
                       .replace(":", "\2"), text)
    return [s.replace("\0", ".").replace("\1", ";").replace("\2", ":")
            for s in re.split(r"(?<=[.;:])\s+|\n", guarded) if s.strip()]
