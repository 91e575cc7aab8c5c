"""How wide a TeX expression renders, roughly: enough to lay worked solutions out for a phone.

Widths are in units of half an em of MathJax's output (a digit is about one unit);
binary operators count their spacing. tests/test_phone.py measures the real thing in
Chromium at 360 px; this estimate only has to break lines before that would overflow.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)
_INVISIBLE = {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\big", r"\Big",
              r"\,", r"\;", r"\!", r"\:", r"\displaystyle", r"\textstyle", r"\limits", r"\\"}
_COMMAND_WIDTH = {r"\quad": 2.0, r"\qquad": 4.0, r"\sum": 2.0, r"\cdot": 1.5, r"\times": 2.4,
                  r"\top": 1.4, r"\partial": 1.2, r"\ln": 1.8, r"\max": 3.0, r"\tanh": 3.6,
                  r"\exp": 2.8, r"\sigma": 1.2, r"\lambda": 1.2, r"\eta": 1.0, r"\delta": 1.0,
                  r"\mu": 1.2, r"\gamma": 1.1, r"\beta": 1.2, r"\epsilon": 1.0,
                  r"\varepsilon": 1.0, r"\hat": 0.0, r"\odot": 2.4, r"\approx": 2.7}
_CHAR_WIDTH = {"+": 2.4, "-": 2.4, "=": 2.7, "<": 2.7, ">": 2.7, ".": 0.55, ",": 1.0,
               "(": 0.8, ")": 0.8, "[": 0.6, "]": 0.6, "|": 0.6, "'": 0.6, "&": 0.0,
               " ": 0.0, "{": 0.0, "}": 0.0, **{digit: 1.0 for digit in "0123456789"}}
_FRACTIONS = {r"\frac": 0.9, r"\dfrac": 0.9, r"\tfrac": 0.75}
_WORDS = {r"\text", r"\operatorname", r"\mathrm", r"\mathbf"}


_SPECIAL = {*_FRACTIONS, *_WORDS, r"\begin", r"\end", r"\sqrt", "_", "^"}
# One lookup per token: the width of every token that is not special.
_SIMPLE = {**{name: 0.0 for name in _INVISIBLE}, **_COMMAND_WIDTH, **_CHAR_WIDTH}


def _group(items: list[str], at: int) -> tuple[list[str], int]:
    """The braced group (or single token) at ``at``, and where reading goes on."""
    while at < len(items) and items[at] == " ":
        at += 1
    if at >= len(items):
        return [], at
    if items[at] != "{":
        return [items[at]], at + 1
    depth = 0
    for end in range(at, len(items)):
        item = items[end]
        if item == "{":
            depth += 1
        elif item == "}":
            depth -= 1
            if depth == 0:
                return items[at + 1:end], end + 1
    return items[at + 1:], len(items)


def _measure(items: list[str]) -> float:
    total, at, count = 0.0, 0, len(items)
    simple = _SIMPLE
    while at < count:
        item = items[at]
        at += 1
        size = simple.get(item)
        if size is not None:
            total += size
        elif item not in _SPECIAL:
            total += 1.1  # a letter, or a command of ordinary width
        elif item in _FRACTIONS:
            top, at = _group(items, at)
            bottom, at = _group(items, at)
            total += _FRACTIONS[item] * max(_measure(top), _measure(bottom)) + 0.5
        elif item in _WORDS:
            text, at = _group(items, at)
            total += 0.95 * len("".join(text))
        elif item == r"\sqrt":
            inside, at = _group(items, at)
            total += _measure(inside) + 1.6
        elif item in ("_", "^"):
            script, at = _group(items, at)
            total += 0.7 * _measure(script)
        else:  # \begin{…}, \end{…}: the environment's name takes no room
            _, at = _group(items, at)
    return total


# Every digit is one unit wide, so a side's width depends on where its digits are, not
# on which they are: measured with each digit as 0, most sides have been measured
# before (bench/RESULTS.md). Bytes: their translate is faster than str's, and UTF-8
# keeps ASCII digits as they are.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def width(tex: str) -> float:
    return _shape_width(tex.encode().translate(_DIGITS_AS_ZERO))


@lru_cache(maxsize=65536)
def _shape_width(shape: bytes) -> float:
    return _measure(_TOKEN.findall(shape.decode()))


_SUM = re.compile(r" [+-] ")
_PRODUCT = re.compile(r" \\cdot ")


def _split(tex: str, pattern: re.Pattern) -> list[str]:
    """``tex`` cut before each match of ``pattern`` that is outside braces, parentheses
    and brackets (its depth: openings minus closings before it, counted in C)."""
    pieces, start, depth, counted = [], 0, 0, 0
    for match in pattern.finditer(tex):
        at = match.start()
        between = tex[counted:at]  # counted once: the depth carries on from the last match
        depth += (between.count("{") + between.count("(") + between.count("[")
                  - between.count("}") - between.count(")") - between.count("]"))
        counted = at
        if depth == 0:
            pieces.append(tex[start:at])
            start = at + 1
    pieces.append(tex[start:])
    return [p.strip() for p in pieces if p.strip()]


def terms(tex: str, room: float) -> list[str]:
    """Pieces to wrap ``tex`` at: before each top-level ' + ' or ' - ', and a term still
    wider than ``room`` also before each top-level ' \\cdot ' (pieces keep their
    operator). Never inside brackets: a row that ends in "(1" leaves a learner to find
    where "− 0.09 )" belongs; a piece wider than the room is the caller's to place."""
    pieces = []
    for term in _split(tex, _SUM):
        pieces += _split(term, _PRODUCT) if width(term) > room else [term]
    return pieces
