"""How wide a TeX expression renders, roughly: enough to lay worked solutions out for a phone.

Widths are in units of half an em of MathJax's output (a digit is about one unit);
binary operators count their spacing. tests/test_phone.py measures the real thing in
Chromium at 360 px; this estimate only has to break lines before that would overflow.
"""

from __future__ import annotations

import re

_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_INVISIBLE = {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\big", r"\Big",
              r"\,", r"\;", r"\!", r"\:", r"\displaystyle", r"\textstyle", r"\limits", r"\\"}
_COMMAND_WIDTH = {r"\quad": 2.0, r"\qquad": 4.0, r"\sum": 2.0, r"\cdot": 1.5, r"\times": 2.4,
                  r"\top": 1.4, r"\partial": 1.2, r"\ln": 1.8, r"\max": 3.0, r"\tanh": 3.6,
                  r"\exp": 2.8, r"\sigma": 1.2, r"\lambda": 1.2, r"\eta": 1.0, r"\delta": 1.0,
                  r"\mu": 1.2, r"\gamma": 1.1, r"\beta": 1.2, r"\epsilon": 1.0,
                  r"\varepsilon": 1.0, r"\hat": 0.0, r"\odot": 2.4, r"\approx": 2.7}
_CHAR_WIDTH = {"+": 2.4, "-": 2.4, "=": 2.7, "<": 2.7, ">": 2.7, ".": 0.55, ",": 1.0,
               "(": 0.8, ")": 0.8, "[": 0.6, "]": 0.6, "|": 0.6, "'": 0.6, "&": 0.0,
               " ": 0.0, "{": 0.0, "}": 0.0}


def _group(tex: str, at: int) -> tuple[str, int]:
    """The braced group (or single character) starting at ``at``, and where it ends."""
    while at < len(tex) and tex[at] == " ":
        at += 1
    if at >= len(tex):
        return "", at
    if tex[at] != "{":
        match = _COMMAND.match(tex, at)
        if match:
            return match[0], match.end()
        return tex[at], at + 1
    depth = 0
    for end in range(at, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[end], 0)
        if depth == 0:
            return tex[at + 1:end], end + 1
    return tex[at + 1:], len(tex)


def width(tex: str) -> float:
    total, at = 0.0, 0
    while at < len(tex):
        char = tex[at]
        if char == "\\":
            match = _COMMAND.match(tex, at)
            name, at = match[0], match.end()
            if name in (r"\frac", r"\tfrac", r"\dfrac"):
                top, at = _group(tex, at)
                bottom, at = _group(tex, at)
                scale = 0.75 if name == r"\tfrac" else 0.9
                total += scale * max(width(top), width(bottom)) + 0.5
            elif name in (r"\text", r"\operatorname", r"\mathrm", r"\mathbf"):
                text, at = _group(tex, at)
                total += 0.95 * len(text)
            elif name in (r"\begin", r"\end"):
                _, at = _group(tex, at)
            elif name == r"\sqrt":
                inside, at = _group(tex, at)
                total += width(inside) + 1.6
            elif name not in _INVISIBLE:
                total += _COMMAND_WIDTH.get(name, 1.1)
        elif char in "_^":
            script, at = _group(tex, at + 1)
            total += 0.7 * width(script)
        else:
            total += _CHAR_WIDTH.get(char, 1.0 if char.isdigit() else 1.1)
            at += 1
    return total


_NESTING = re.compile(r"\\left\(|\\right\)|\\bigl\(|\\bigr\)|[{}()\[\]]")
_SUM = re.compile(f"{_NESTING.pattern}| [+-] ")
_PRODUCT = re.compile(f"{_NESTING.pattern}| \\\\cdot ")


def _split(tex: str, pattern: re.Pattern) -> list[str]:
    pieces, depth, start = [], 0, 0
    for match in pattern.finditer(tex):
        token = match[0]
        if token.startswith(" "):
            if depth == 0:
                pieces.append(tex[start:match.start()])
                start = match.start() + 1
        else:
            depth += 1 if token[-1] in "{([" else -1
    pieces.append(tex[start:])
    return [p.strip() for p in pieces if p.strip()]


def _split_inside(tex: str, pattern: re.Pattern) -> list[str]:
    """Split within a term's outer parentheses, f(a + b) → ['f(a', '+ b)'], when the
    term is one group: plain parentheses may open and close on different rows."""
    opening = tex.find("(")
    if opening < 0 or not tex.endswith(")") or tex[opening - 5:opening] == r"\left":
        return [tex]
    pieces = _split(tex[opening + 1:-1], pattern)
    if len(pieces) < 2 or _split(tex, pattern) != [tex]:
        return [tex]
    return [tex[:opening + 1] + pieces[0], *pieces[1:-1], pieces[-1] + ")"]


def terms(tex: str, room: float) -> list[str]:
    """Pieces to wrap ``tex`` at: before each top-level ' + ' or ' - ', and a term still
    wider than ``room`` also before each top-level ' \\cdot ', or inside its outer
    parentheses (pieces keep their operator)."""
    pieces = []
    for term in _split(tex, _SUM):
        if width(term) <= room:
            pieces.append(term)
            continue
        for factor in _split(term, _PRODUCT):
            pieces += _split_inside(factor, _SUM) if width(factor) > room else [factor]
    return pieces
