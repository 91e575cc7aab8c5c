"""Anki's cloze deletions (``{{c1::text}}``, ``{{c1::text::hint}}``) read as Anki reads
them: which cards a note makes, what each side shows, and what in a card file would
make Anki show something other than what its writer meant.

The reading follows Anki's own (rslib/src/cloze.rs, Anki 23.10 to 26.9): a deletion
opens at ``{{c`` + a number + ``::`` and closes at the next ``}}``; deletions nest (up
to 10 deep); the first ``::`` in a deletion's text starts its hint. So a ``}}`` in the
maths of a deletion ends it there, which is what ``problem`` looks for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .quote import quote

_OPEN = re.compile(r"\{\{c([0-9]+)::")  # ASCII digits only, as Anki's
_ANY_OPEN = re.compile(r"\{\{c[0-9]+::")
_MARK = re.compile(r"\{\{c[0-9]+::|\}\}")
MAX_ORDINAL = 65535  # Anki reads the number as a u16: a larger one is no deletion
MAX_NESTING = 10  # Anki ignores an opening deeper than this (its closing still counts)
_MATHS = re.compile(r"(\\[(\[])(.*?)(\\[)\]])", re.S)  # Anki's own MathJax pattern
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


@dataclass
class Deletion:
    """One ``{{cN::…}}``: its number, its content (text and nested deletions), its hint,
    and where it opens and closes in the text."""

    ordinal: int
    start: int
    nodes: list = field(default_factory=list)
    hint: str | None = None
    hint_at: int | None = None  # where its hint's '::' is
    end: int | None = None  # just after its '}}'; None: never closed

    def shown(self) -> str:
        """The content as the answer shows it, nested deletions included."""
        return "".join(node if isinstance(node, str) else node.shown() for node in self.nodes)


def _open_at(text: str, at: int) -> int | None:
    """The deletion number of a ``{{cN::`` at ``at``, or None (Anki's ``open_cloze``)."""
    match = _OPEN.match(text, at)
    digits = match[1].lstrip("0") if match else ""
    if match is None or len(digits) > len(str(MAX_ORDINAL)) or int(digits or 0) > MAX_ORDINAL:
        return None
    return int(digits or 0)


def _tokens(text: str):
    """(kind, start, end, ordinal) for each opening, closing and run of text."""
    at = 0
    while at < len(text):
        ordinal = _open_at(text, at)
        if ordinal is not None:
            end = text.index("::", at) + 2
            yield "open", at, end, ordinal
            at = end
        elif text.startswith("}}", at):
            yield "close", at, at + 2, None
            at += 2
        else:
            end = next((m.start() for m in _MARK.finditer(text, at + 1)
                        if m[0] == "}}" or _open_at(text, m.start()) is not None), len(text))
            yield "text", at, end, None
            at = end


def parse(text: str) -> tuple[list, list[Deletion]]:
    """The text as Anki parses it: top-level text and deletions; and any deletion left
    open at the end (Anki drops those, content and all)."""
    output: list = []
    open_: list[Deletion] = []
    for kind, start, end, ordinal in _tokens(text):
        if kind == "open":
            if len(open_) < MAX_NESTING:
                open_.append(Deletion(ordinal, start))
        elif kind == "text":
            piece = text[start:end]
            if open_:
                head, colons, tail = piece.partition("::")
                if colons:
                    piece, open_[-1].hint, open_[-1].hint_at = head, tail, start + len(head)
                open_[-1].nodes.append(piece)
            else:
                output.append(piece)
        elif open_:
            deletion = open_.pop()
            deletion.end = end
            (open_[-1].nodes if open_ else output).append(deletion)
        else:
            output.append("}}")
    return output, open_


def _deletions(nodes: list):
    for node in nodes:
        if isinstance(node, Deletion):
            yield node
            yield from _deletions(node.nodes)


def numbers(text: str) -> list[int]:
    """The deletion numbers Anki makes a card for (card N is ordinal N - 1); c0 makes
    none."""
    return sorted({d.ordinal for d in _deletions(parse(text)[0]) if d.ordinal})


def _attribute(text: str) -> str:
    """htmlescape's encode_attribute, as Anki writes a deletion's data-cloze."""
    named = {'"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
    return "".join(
        named.get(c) or f"&#x{ord(c):02X};" if ord(c) < 256 and (
            ord(c) > 127 or not (c.isascii() and c.isalnum())) else c
        for c in text)


def _reveal(deletion: Deletion, ordinal: int, question: bool, found: list) -> str:
    active = deletion.ordinal == ordinal
    if active:
        found.append(True)
    inner = "".join(node if isinstance(node, str) else _reveal(node, ordinal, question, found)
                    for node in deletion.nodes)
    if active and question:
        return (f'<span class="cloze" data-cloze="{_attribute(inner)}" '
                f'data-ordinal="{deletion.ordinal}">[{deletion.hint or "..."}]</span>')
    css = "cloze" if active else "cloze-inactive"
    return f'<span class="{css}" data-ordinal="{deletion.ordinal}">{inner}</span>'


def _strip_html_inside_maths(text: str) -> str:
    return _MATHS.sub(lambda m: m[1] + _TAG.sub("", m[2]) + m[3], text)


def reveal(text: str, ordinal: int, question: bool) -> str:
    """What Anki's ``{{cloze:Field}}`` shows on card ``ordinal``'s question or answer
    (empty if the text has no such deletion): that deletion hidden as [...] or [hint]
    on the question, shown on the answer; the others shown."""
    nodes, _ = parse(text)
    found: list = []
    shown = "".join(node if isinstance(node, str) else _reveal(node, ordinal, question, found)
                    for node in nodes)
    return _strip_html_inside_maths(shown) if found else ""


def first_opening(text: str) -> str | None:
    """The first ``{{cN::`` in ``text`` (a basic card would show it as typed), or None."""
    match = _ANY_OPEN.search(text)
    return match[0] if match else None


def _deepest(text: str) -> int:
    depth = deepest = 0
    for kind, *_ in _tokens(text):
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
    return deepest


def _formula_at(formulas: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The formula (of ``formulas``, in order, apart) that holds offset ``at``."""
    k = bisect_right(formulas, at, key=lambda formula: formula[0]) - 1
    return formulas[k] if k >= 0 and formulas[k][0] <= at < formulas[k][1] else None


def _formulas(text: str) -> list[tuple[int, int]]:
    """Where each ``\\(…\\)`` and ``\\[…\\]`` lies (as deck.tex_check finds them)."""
    found, at = [], 0
    while True:
        start = text.find("\\", at)
        if start < 0 or start + 1 >= len(text):
            return found
        kind = text[start + 1]
        if kind in "([":
            end = text.find("\\" + {"(": ")", "[": "]"}[kind], start + 2)
            if end < 0:
                return found
            found.append((start, end + 2))
            at = end + 2
        else:
            at = start + 2


def _balanced(tex: str) -> bool:
    depth, skip = 0, False
    for char in tex:
        if skip:
            skip = False
        elif char == "\\":
            skip = True
        elif char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def problem(text: str, html: bool) -> str | None:
    """Why Anki would not show ``text`` as a cloze card's writer means it, or None.
    ``html``: the text is HTML (so a deletion must not cut an element in two)."""
    nodes, unclosed = parse(text)
    if unclosed:
        start = unclosed[0].start
        return (f"the deletion {quote(text[start:text.index('::', start) + 2])} is never "
                "closed with '}}' (Anki would drop it, text and all)")
    deletions = list(_deletions(nodes))
    if _deepest(text) > MAX_NESTING:
        return f"deletions are nested more than {MAX_NESTING} deep (Anki reads no deeper)"
    if not deletions:
        return "no deletion: mark what to hide as {{c1::…}} (c2, c3 … for more cards)"
    formulas = _formulas(text)
    for deletion in deletions:
        name = f"c{deletion.ordinal}"
        if deletion.ordinal == 0:
            return "'{{c0::' makes no card: deletions are numbered from c1"
        if not deletion.shown().strip():
            return f"the deletion {name} is empty: it would hide nothing"
        where = _formula_at(formulas, deletion.start)
        for at in (deletion.end - 2, deletion.hint_at):
            if at is not None and _formula_at(formulas, at) != where:
                return _cut_formula(text, name, where, _formula_at(formulas, at),
                                    at == deletion.hint_at)
        if where is not None:
            for part in (deletion.shown(), deletion.hint or ""):
                if not _balanced(part):
                    return (f"the deletion {name} inside TeX {quote(text[slice(*where)])} "
                            "holds unbalanced braces, but each card shows it alone (a '}}' "
                            "in maths ends a deletion: write '} }')")
    if html:
        return _cut_element(text, deletions)
    return None


def _cut_formula(text, name, where, other, hint) -> str:
    if where is None and not hint:
        formula = text[slice(*other)]
        return (f"the '}}}}' in TeX {quote(formula)} ends the deletion {name} early; write "
                "'} }' there (MathJax ignores the space)")
    if hint:
        return (f"the '::' that starts the hint of deletion {name} is inside TeX "
                f"{quote(text[slice(*(other or where))])}; a hint cannot start in maths")
    return (f"the deletion {name} starts inside TeX {quote(text[slice(*where)])} and ends "
            "outside it; a deletion holds whole formulas, or lies inside one")


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "source", "track", "wbr"})


class _Elements(HTMLParser):
    """Each element's start and end tag offsets in the text (void elements have none)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, int]] = []
        self.spans: list[tuple[str, int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append((tag, self._offset()))

    def handle_endtag(self, tag):
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == tag:
                name, start = self.open.pop(k)
                self.spans.append((name, start, self._offset()))
                return


def _innermost(deletions: list[Deletion], offsets: list[int]) -> dict[int, Deletion | None]:
    """The innermost deletion holding each offset (none stands on a marker), in one
    sweep: deletions nest, so a stack of the open ones holds it."""
    events = sorted([(d.start, 2, k) for k, d in enumerate(deletions)]
                    + [(d.end, 0, k) for k, d in enumerate(deletions)]
                    + [(at, 1, -1) for at in offsets])
    holding: dict[int, Deletion | None] = {}
    stack: list[Deletion] = []
    for at, kind, k in events:
        if kind == 2:
            stack.append(deletions[k])
        elif kind == 0:
            stack.remove(deletions[k])
        else:
            holding[at] = stack[-1] if stack else None
    return holding


def cut_element(html: str) -> str | None:
    """For text written in another format (Markdown) and then made HTML: does a
    deletion cut an element of the HTML it became in two?"""
    nodes, unclosed = parse(html)
    return None if unclosed else _cut_element(html, list(_deletions(nodes)))


def _cut_element(text: str, deletions: list[Deletion]) -> str | None:
    """A deletion that holds one tag of an element and not the other: its question
    would hide that tag and leave its partner."""
    parser = _Elements()
    parser.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    parser.feed(text)
    parser.close()
    holding = _innermost(deletions, [at for _, start, end in parser.spans
                                     for at in (start, end)])
    for name, start, end in sorted(parser.spans, key=lambda span: span[1]):
        first, last = holding[start], holding[end]
        if first is not last:
            cut = first if first is not None and not first.start < end < first.end else last
            return (f"the deletion c{cut.ordinal} cuts the element <{name}> in two; "
                    f"put the whole <{name}>…</{name}> inside it or outside it")
    return None


def _segments(text: str):
    """(start, end, is_marker) for each piece of ``text``: a deletion's opening, its
    closing, its hint's '::', and the text between them."""
    depth = 0
    for kind, start, end, _ in _tokens(text):
        if kind == "open":
            depth += 1
            yield start, end, True
        elif kind == "close":
            depth = max(0, depth - 1)
            yield start, end, True
        else:
            colons = text.find("::", start, end) if depth else -1
            if colons < 0:
                yield start, end, False
            else:
                yield start, colons, False
                yield colons, colons + 2, True
                yield colons + 2, end, False


def each_text(text: str, change) -> str:
    """``text`` with ``change`` applied to each stretch between cloze markers that no
    formula crosses (a stretch inside a formula that holds a deletion stays as it is):
    the layout that wraps text in spans must not put a tag across a deletion."""
    formulas = _formulas(text)
    pieces = []
    for start, end, marker in _segments(text):
        first, last = _formula_at(formulas, start), _formula_at(formulas, end - 1)
        crossed = (first is not None and first[0] < start) or (last is not None
                                                                and last[1] > end)
        piece = text[start:end]
        pieces.append(piece if marker or crossed or not piece else change(piece))
    return "".join(pieces)
