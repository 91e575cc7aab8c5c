"""Small helpers for writing MathJax: names, numbers and delimiters."""

from __future__ import annotations

import re
from html import escape

from deck.html import short

_NAME = re.compile(r"^([A-Za-z]+)(\d+)$")


def name(text: str) -> str:
    """``w5`` → ``w_{5}``, ``h1`` → ``h_{1}``: lecture names as TeX."""
    match = _NAME.match(text)
    return f"{match[1]}_{{{match[2]}}}" if match else text


def num(x: float) -> str:
    """A value to 4 significant figures, TeX minus."""
    return short(x).replace("−", "-")


def factor(x: float) -> str:
    """A value inside a product: negatives in parentheses."""
    text = num(x)
    return f"({text})" if text.startswith("-") else text


def inline(tex: str) -> str:
    """Inline maths, HTML-escaped: ``<``, ``>`` and ``&`` (cases, alignment) are common in TeX."""
    return rf"\({escape(tex, quote=False)}\)"


def display(tex: str) -> str:
    return rf"\[{escape(tex, quote=False)}\]"


def partial(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


ALIGN_WIDTH = 40  # TeX characters: longer chains go one "= …" per line, to fit a phone


def _top_level_equals(tex: str) -> list[str]:
    """Split at " = " outside braces and environments (cases has its own '=')."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(tex):
        if tex.startswith(r"\begin{", k):
            depth += 1
        elif tex.startswith(r"\end{", k):
            depth -= 1
        elif tex[k] == "{" and not tex.startswith("\\{", k - 1):
            depth += 1
        elif tex[k] == "}" and not tex.startswith("\\}", k - 1):
            depth -= 1
        elif depth == 0 and tex.startswith(" = ", k):
            parts.append(tex[start:k])
            start = k + 3
            k += 2
        k += 1
    parts.append(tex[start:])
    return parts


def step(tex: str) -> str:
    """A worked-solution line: a long chain of equalities becomes an aligned column."""
    parts = _top_level_equals(tex)
    if len(parts) <= 2 or len(tex) <= ALIGN_WIDTH:
        return display(tex)
    rows = [f"{parts[0]} &= {parts[1]}"] + [f"&= {p}" for p in parts[2:]]
    return display(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")
