"""Catch the TeX mistakes a hand-edited card makes before MathJax shows them as red text."""

from __future__ import annotations

import re

MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
ESCAPED_BRACE = re.compile(r"\\[{}]")


def tex_problem(text: str) -> str | None:
    """A one-line description of what is wrong with the maths in ``text``, or None."""
    for match in MATH.finditer(text):
        body = ESCAPED_BRACE.sub("", match[1] if match[1] is not None else match[2])
        depth = 0
        for char in body:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                break
        if depth:
            return f"unbalanced braces in TeX '{match[0]}'"
    rest = MATH.sub("", text)
    for opening, closing in ((r"\(", r"\)"), (r"\[", r"\]")):
        if opening in rest:
            return f"TeX '{opening}' is never closed with '{closing}'"
        if closing in rest:
            return f"TeX '{closing}' has no opening '{opening}'"
    return None
