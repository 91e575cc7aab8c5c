"""Small helpers for writing MathJax: names, numbers and delimiters."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html import escape

from . import numbers
from .tex_width import terms, width

_NAME = re.compile(r"^([A-Za-z]+)(\d+)$")


@cache
def name(text: str) -> str:
    """``w5`` → ``w_{5}``, ``h1`` → ``h_{1}``: lecture names as TeX."""
    match = _NAME.match(text)
    return f"{match[1]}_{{{match[2]}}}" if match else text


@lru_cache(maxsize=65536, typed=True)  # bounded: a 50,000-card deck has millions of values
def num(x: float) -> str:
    """A value to 4 significant figures, TeX minus; exact values without trailing zeros."""
    return numbers.display(x).replace("−", "-")


def factor(x: float) -> str:
    """A value inside a product: negatives in parentheses."""
    return paren(num(x))


def paren(text: str) -> str:
    """A formatted value, parenthesised if negative, to stand after an operator."""
    return f"({text})" if text.startswith("-") else text


def inline(tex: str) -> str:
    """Inline maths, HTML-escaped: ``<``, ``>`` and ``&`` (cases, alignment) are common in TeX."""
    return rf"\({escape(tex, quote=False)}\)"


def display(tex: str) -> str:
    return rf"\[{escape(tex, quote=False)}\]"


def indicator(condition: str) -> str:
    """A bold 1[condition]: 1 where it holds, else 0 (docs/notation.md; never δᵢⱼ). Bold,
    not blackboard: MathJax's fonts have no blackboard 1, and a phone may show a box."""
    return rf"\mathbf{{1}}[{condition}]"


def partial(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


# The widest line (in tex_width units, about half an em) that fits a 320 px phone's
# worked solution; tests/test_phone.py measures that nothing overflows.
LINE = 28
EQUALS = width(" = ")
_STRUCTURE = re.compile(r"\\(begin|end)\{\w+\*?\}|\\[{}]|[{}]| = ")
_DEPTH = {"begin": 1, "end": -1, "{": 1, "}": -1}


def equalities(tex: str) -> list[str]:
    """The sides of a hand-written chain ``a = b = c``, split at " = " outside braces
    and environments (cases has its own '='), for :func:`step`."""
    parts, depth, start = [], 0, 0
    for match in _STRUCTURE.finditer(tex):
        token = match[0]
        if token == " = ":
            if depth == 0:
                parts.append(tex[start:match.start()])
                start = match.end()
        else:
            depth += _DEPTH.get(match[1] or token, 0)  # escaped braces \{ \} count 0
    parts.append(tex[start:])
    return parts


def step(parts: tuple[str, ...] | list[str]) -> str:
    """A worked-solution line ``a = b = c``, laid out to fit a phone: on one line if it
    fits, else one ``= …`` per row, and a side too wide for a row broken before a
    top-level + or − (never inside brackets). The left side stays on the first row if
    it is narrow and every piece still fits beside it; else it gets a row of its own."""
    widths = [width(part) for part in parts]
    if sum(widths) + EQUALS * (len(parts) - 1) <= LINE:
        return display(" = ".join(parts))
    lhs, rest = parts[0], list(parts[1:])
    indent = widths[0] + 3
    beside = widths[0] <= LINE / 3 and all(
        width(piece) <= LINE - indent - 2
        for part, size in zip(rest, widths[1:]) if size > LINE - indent
        for piece in terms(part, LINE - indent))
    if beside:
        rows, lead = [], f"{lhs} &= "
    else:
        indent = 3.0
        rows, lead = [f"&{lhs}"], "&= "
    for part, size in zip(rest, widths[1:]):
        rows += _wrapped(part, size, LINE - indent, lead)
        lead = "&= "
    return display(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")


def _wrapped(part: str, size: float, room: float, lead: str) -> list[str]:
    """One side (``size`` wide) as rows of at most ``room``: continuation rows start
    with \\quad + …"""
    if size <= room:
        return [lead + part]
    rows, current, used = [], "", 0.0
    for term in terms(part, room):  # widths add up: the space between terms adds nothing
        term_width = width(term)
        if current and used + term_width > (room if not rows else room - 2):
            rows.append(current)
            current, used = term, term_width
        else:
            current, used = (f"{current} {term}" if current else term), used + term_width
    rows.append(current)
    return [lead + rows[0]] + [rf"&\quad {row}" for row in rows[1:]]


_FRACTION_TOKEN = re.compile(
    r"\\(?:frac|tfrac|dfrac)(?![A-Za-z])|\\[A-Za-z]+|\\.|[{}^_]|[^\\{}^_]+")


def full_size_fractions(tex: str) -> str:
    """Inline TeX whose fractions are set at the size of the text around them (\\dfrac):
    in a line of text, MathJax sets a \\frac's numerator and denominator at 71 % of it,
    and (x − μ)/√(σ² + ε) came out about 8 px tall on a 360 px phone. A fraction inside
    a sub- or superscript stays as written (an exponent is small on purpose)."""
    out, groups, script, pending = [], [], 0, False
    for token in _FRACTION_TOKEN.findall(tex):
        if token in (r"\frac", r"\tfrac") and not script and not pending:
            token = r"\dfrac"
        if token in ("^", "_"):
            pending = True
        elif token == "{":
            groups.append(pending)
            script += pending
            pending = False
        elif token == "}":
            script -= groups.pop() if groups else 0
        elif pending and not token.isspace():
            pending = False  # a script of one token (x^2): done
        out.append(token)
    return "".join(out)
