"""Plain text to card HTML, and card HTML that wraps well on a phone."""

from __future__ import annotations

import html
import re


def text_to_html(text: str) -> str:
    """Plain text shows as typed: ``<``, ``&`` and ``<script>`` stay text; newlines break;
    indentation and runs of spaces stay (as no-break spaces: HTML would fold them into
    one), so code keeps its shape. Blank lines around the text go."""
    lines = html.escape(_BLANK_EDGES.sub("", text).rstrip(), quote=False).split("\n")
    return "<br>".join(_SPACES.sub(_kept_spaces, line.expandtabs(4)) for line in lines)


_BLANK_EDGES = re.compile(r"\A(?:[ \t]*\n)+")
# Spaces HTML would fold or drop: a line's indentation, and every space after another.
_SPACES = re.compile(r"^ +| {2,}")


def _kept_spaces(match: re.Match) -> str:
    spaces = match[0]
    if match.start() == 0:
        return "&nbsp;" * len(spaces)
    return " " + "&nbsp;" * (len(spaces) - 1)


# Where text is not laid out as HTML text: a span there would break the SVG, the CSS…
# (or, in code, hold together what is not prose).
_NOT_TEXT = re.compile(r"<(svg|math|style|script|textarea|title|pre)\b.*?</\1\s*>", re.S | re.I)
# A card's HTML as tags, display formulas, inline formulas (in "\( … \( … \)" the inner
# one, as MathJax reads it) and text between them.
_PIECE = re.compile(r"(<[^>]*>)|(\\\[.*?\\\])|(\\\((?:(?!\\\().)*?\\\))", re.S)
# What stays on one line, in running text where each inline formula stands as one
# object character: a formula and the marks touching it (an opening bracket before it,
# punctuation and closing brackets after it); a binary operator or relation between
# spaces with its operands ("p − y", "w ← w − η"); a short bracket ("(biased, ÷ 4)").
_FORMULA = "\ufffc"
_TOGETHER = (re.compile(r"[(\[]\ufffc[,.;:!?)\]]*|\ufffc[,.;:!?)\]]+"),
             re.compile(r"\S+(?: [−+=÷×·≈≤≥←→-] \S+)+"),
             re.compile(r"\([^()]*\s[^()]*\)"))
# The most a kept-together piece may hold, in about half an em (a text character is one,
# a formula its estimated width): wider, it would not fit a 320 px phone's line.
LONGEST_TOGETHER = 32


def keep_together(card_html: str) -> str:
    """``card_html`` with what must not be split across lines in ``nobr`` spans (the text
    and formulas themselves unchanged). Chromium (so Anki on desktop and Android) breaks
    a line either side of MathJax's output, before a comma too, and at any space: at
    360 px the lecture card began a line with ", w₄ = 0.3", a batch-norm card broke
    "(biased, ÷" / "4)" and a softmax card "p −" / "t". Needs HTML whose tags hold no
    ``>`` (ours, and nh3's output, which escapes it)."""
    apart = [m.span() for m in _NOT_TEXT.finditer(card_html)]
    pieces, done = [], 0
    for run in _runs(card_html, apart):
        for begin, end in _together(card_html, run):
            pieces += [card_html[done:begin], '<span class="nobr">', card_html[begin:end],
                       "</span>"]
            done = end
    if not pieces:
        return card_html
    pieces.append(card_html[done:])
    return "".join(pieces)


def _runs(card_html: str, apart: list[tuple[int, int]]):
    """Each stretch of running text (no tag or display formula inside, not in SVG, style
    or script), as (start, end, is-formula) pieces."""
    run: list[tuple[int, int, bool]] = []
    at = 0
    for match in _PIECE.finditer(card_html):
        if match.start() > at and not _inside(apart, at):
            run.append((at, match.start(), False))
        at = match.end()
        if match[3] and not _inside(apart, match.start()):
            run.append((match.start(), at, True))
        else:
            if run:
                yield run
            run = []
    if at < len(card_html) and not _inside(apart, at):
        run.append((at, len(card_html), False))
    if run:
        yield run


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(low <= at < high for low, high in spans)


def _together(card_html: str, run: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """Spans of the card's HTML to keep on one line, within one run of running text."""
    from .tex_width import width

    virtual, where, size = [], [], []  # a character each: its place in the HTML, its width
    for start, end, formula in run:
        if formula:
            virtual.append(_FORMULA)
            where.append((start, end))
            size.append(width(html.unescape(card_html[start + 2:end - 2])))
        else:
            virtual += card_html[start:end]
            where += [(at, at + 1) for at in range(start, end)]
            size += [1.0] * (end - start)
    text = "".join(virtual)
    marks, *phrases = _TOGETHER
    spans = [m.span() for m in marks.finditer(text)]
    spans += [m.span() for pattern in phrases for m in pattern.finditer(text)
              if sum(size[m.start():m.end()]) <= LONGEST_TOGETHER]
    merged: list[list[int]] = []
    for begin, end in sorted(spans):
        if merged and begin < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(where[begin][0], where[end - 1][1]) for begin, end in merged]


def full_size_inline_fractions(card_html: str) -> str:
    """Every inline formula of the running text with its fractions at the text's size
    (core.tex.full_size_fractions); display formulas already set them so."""
    from .tex import full_size_fractions

    apart = [m.span() for m in _NOT_TEXT.finditer(card_html)]

    def full_size(match: re.Match) -> str:
        if not match[3] or _inside(apart, match.start()):
            return match[0]
        return full_size_fractions(match[0])

    return _PIECE.sub(full_size, card_html)
