"""Catch the TeX mistakes a hand-edited card makes before MathJax shows them as red text.

One pass over the text, however many delimiters it has (a regex that looks ahead for
each closing delimiter takes quadratic time on an unclosed one repeated).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from backprop_deck.core.quote import quote
from backprop_deck.core.yaml_nodes import suggest

CLOSING = {"(": ")", "[": "]"}
NEAR = 0.75  # stricter than for keys: at 0.6, \relu would suggest \rceil
COMMAND = re.compile(r"\\begin\{([A-Za-z*]+)\}|\\([A-Za-z]+)")
DEFINED = re.compile(r"\\(?:re)?newcommand\s*\{?\\([A-Za-z]+)|\\def\s*\\([A-Za-z]+)"
                     r"|\\DeclareMathOperator\*?\s*\{\\([A-Za-z]+)")


@cache
def known() -> tuple[frozenset[str], frozenset[str]]:
    """The commands and environments of Anki's MathJax (deck/mathjax_commands.json, made
    by tests/mathjax/commands.js from MathJax 3.2.2 with every package Anki loads)."""
    source = resources.files("backprop_deck.deck").joinpath("mathjax_commands.json")
    data = json.loads(source.read_text())
    return frozenset(data["macros"]), frozenset(data["environments"])


def tex_problem(text: str) -> str | None:
    """A one-line description of what is wrong with the maths in ``text``, or None."""
    at = 0
    defined: frozenset[str] | None = None  # found once, on the first formula
    while True:
        start = text.find("\\", at)
        if start < 0 or start + 1 >= len(text):
            return None
        kind = text[start + 1]
        if kind in CLOSING:
            end = text.find("\\" + CLOSING[kind], start + 2)
            if end < 0:
                return f"TeX '\\{kind}' is never closed with '\\{CLOSING[kind]}'"
            if not _balanced(text[start + 2:end]):
                return f"unbalanced braces in TeX {quote(text[start:end + 2])}"
            if defined is None:
                defined = defined_commands(text)
            unknown = unknown_command(text[start + 2:end], defined)
            if unknown:
                return unknown
            at = end + 2
        elif kind in ")]":
            opening = "(" if kind == ")" else "["
            return f"TeX '\\{kind}' has no opening '\\{opening}'"
        else:
            at = start + 2  # an escaped character outside maths: \\ or \{


def _balanced(body: str) -> bool:
    depth = 0
    skip = False
    for char in body:
        if skip:
            skip = False
        elif char == "\\":
            skip = True  # \{ and \} are braces to show, not to group
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def defined_commands(text: str) -> frozenset[str]:
    """Commands the text defines itself (\\newcommand, \\def), anywhere in a field."""
    return frozenset(name for match in DEFINED.finditer(text) for name in match.groups()
                     if name)


def unknown_command(maths: str, defined: frozenset[str]) -> str | None:
    """A command or environment Anki's MathJax does not know (a typo, or LaTeX that
    MathJax lacks): MathJax would show it as an error in the reviewer."""
    macros, environments = known()
    for match in COMMAND.finditer(maths):
        environment, macro = match.groups()
        if macro and macro not in macros and macro not in defined:
            near = suggest(macro, macros, cutoff=NEAR, show="\\{}".format)
            return f"TeX \\{macro} is not a command Anki's MathJax knows{near}"
        if environment and environment not in environments:
            near = suggest(environment, environments, cutoff=NEAR, show="{{{}}}".format)
            return f"TeX environment {{{environment}}} is not one Anki's MathJax knows{near}"
    return None
