"""Redo a worked-solution line as a learner does: evaluate the numbers it shows.

A small evaluator for the numeric TeX the cards write (numbers, + − · /, \\frac,
powers, e^{…}, \\sigma, \\tanh, \\ln, ReLU, max, √, implicit products such as
0.75(1 - 0.75)). It is written from TeX's meaning, not from the generators, so
a card whose arithmetic does not add up fails whatever produced it.
"""

from __future__ import annotations

import html
import itertools
import math
import re

from symbols import sides

_TOKEN = re.compile(r"""
    (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<command>\\operatorname\{[A-Za-z]+\}|\\[A-Za-z]+|\\[,;!:\ ])
  | (?P<symbol>[-+*/^(){},=])
  | (?P<letter>[A-Za-z])
  | (?P<space>\s+)
""", re.X)
_SKIP = {r"\,", r"\;", r"\!", r"\:", "\\ ", r"\left", r"\right", r"\bigl", r"\bigr",
         r"\Bigl", r"\Bigr", r"\quad", r"\qquad", r"\big", r"\Big"}
_FUNCTIONS = {
    r"\sigma": lambda x: 1 / (1 + math.exp(-x)),
    r"\tanh": math.tanh,
    r"\ln": math.log,
    r"\exp": math.exp,
    r"\operatorname{ReLU}": lambda x: max(0.0, x),
    r"\max": max,
}
_OPERATORS = {r"\cdot": "*", r"\times": "*", r"\div": "/"}


class NotNumeric(ValueError):
    """The side has symbols in it (z_{h_1}, \\partial …): nothing to redo."""


def tokens(tex: str) -> list[str]:
    tex = re.sub(r"\\text\{[^{}]*\}", " ", html.unescape(tex)).replace("−", "-")
    found = []
    position = 0
    while position < len(tex):
        match = _TOKEN.match(tex, position)
        if match is None:
            raise NotNumeric(tex[position:])
        position = match.end()
        kind, text = match.lastgroup, match[0]
        if kind == "space" or text in _SKIP:
            continue
        if kind == "letter" and text != "e":
            raise NotNumeric(text)
        if kind == "command":
            text = _OPERATORS.get(text, text)
            if text not in _FUNCTIONS and text not in ("*", "/", r"\frac", r"\tfrac",
                                                        r"\dfrac", r"\sqrt"):
                raise NotNumeric(text)
        found.append(text)
    return found


class _Parser:
    def __init__(self, items: list[str]):
        self.items = items
        self.at = 0

    def peek(self) -> str | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def take(self, expected: str | None = None) -> str:
        item = self.peek()
        if item is None or (expected is not None and item != expected):
            raise NotNumeric(f"expected {expected!r}, got {item!r}")
        self.at += 1
        return item

    def expression(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while True:
            item = self.peek()
            if item in ("*", "/"):
                self.take()
                value = value * self.unary() if item == "*" else value / self.unary()
            elif item is not None and self.starts_primary(item):
                value *= self.power()  # implicit product: 0.75(1 - 0.75)
            else:
                return value

    @staticmethod
    def starts_primary(item: str) -> bool:
        return (item[0].isdigit() or item.startswith(".") or item in ("(", "{", "e")
                or item in _FUNCTIONS or item in (r"\frac", r"\tfrac", r"\dfrac", r"\sqrt"))

    def unary(self) -> float:
        if self.peek() == "-":
            self.take()
            return -self.unary()
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> float:
        base = self.primary()
        if self.peek() == "^":
            self.take()
            return base ** self.group()
        return base

    def group(self) -> float:
        if self.peek() == "{":
            self.take()
            value = self.expression()
            self.take("}")
            return value
        item = self.take()
        if item[0].isdigit():
            return float(item)
        raise NotNumeric(item)

    def primary(self) -> float:
        item = self.take()
        if item[0].isdigit() or item.startswith("."):
            return float(item)
        if item in ("(", "{"):
            value = self.expression()
            self.take(")" if item == "(" else "}")
            return value
        if item in (r"\frac", r"\tfrac", r"\dfrac"):
            top = self.group()
            return top / self.group()
        if item == r"\sqrt":
            return math.sqrt(self.group())
        if item == "e":
            self.take("^")
            return math.exp(self.group())
        if item in _FUNCTIONS:
            self.take("(")
            args = [self.expression()]
            while self.peek() == ",":
                self.take()
                args.append(self.expression())
            self.take(")")
            return _FUNCTIONS[item](*args)
        raise NotNumeric(item)


def evaluate(tex: str) -> float:
    """The value of a numeric TeX expression; NotNumeric if it has symbols in it."""
    parser = _Parser(tokens(tex))
    value = parser.expression()
    if parser.peek() is not None:
        raise NotNumeric(f"left over: {parser.items[parser.at:]}")
    return value


def number(tex: str) -> float | None:
    """The side as a plain number (-0.5, 0.2500), else None."""
    text = html.unescape(tex).strip().replace("−", "-")
    return float(text) if re.fullmatch(r"-?(\d+(\.\d+)?|\.\d+)", text) else None


_STEP = re.compile(r'<div class="step"[^>]*>(.*?)</div>', re.S)
_DISPLAY = re.compile(r"\\\[(.*?)\\\]", re.S)


def worked_lines(back: str) -> list[list[str]]:
    """Each worked-solution step of a card's back, as its list of sides."""
    lines = []
    for step in _STEP.findall(back):
        for display in _DISPLAY.findall(step):
            lines.append(sides(display))
    return lines


def shown(x: float) -> float:
    """x rounded to 4 significant figures, as the cards show computed values."""
    return float(f"{x:.4g}") if x else 0.0


def checked_results(line: list[str]) -> list[tuple[str, float, float]]:
    """(expression, its value, the shown result) for each ``… = number`` in a line."""
    found = []
    for expression, result in itertools.pairwise(line):
        value = number(result)
        if value is None or number(expression) is not None:
            continue
        try:
            found.append((expression, evaluate(expression), value))
        except NotNumeric:
            continue
    return found
