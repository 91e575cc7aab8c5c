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
