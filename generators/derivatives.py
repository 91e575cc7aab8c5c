"""Derivative cards: sympy derives each function's derivative at build time.

Cards show the textbook form, after checking it against sympy's derivative at
sample points: a wrong textbook form fails the build instead of teaching an error.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import sympy as sp

from deck.card import Card, slot_guid, static_guid
from deck.html import significant, text_to_html, tolerance

from . import tex
from .derivative_catalogue import Entry, catalogue
from .plot import plot

GENERATOR = "derivative"
POINT_RANGE = (-3.0, 3.0)
CHECK_TOLERANCE = 1e-9


class TextbookFormError(RuntimeError):
    """A textbook derivative disagrees with sympy's: a bug in the catalogue."""


@dataclass(frozen=True)
class Derived:
    entry: Entry
    derivative: sp.Expr

    def to_dump(self) -> dict:
        return {"function": self.entry.key, "variable": str(self.entry.variable),
                "expression": str(self.entry.function), "derivative": str(self.derivative)}


def derive(entry: Entry) -> Derived:
    """Differentiate with sympy and prove the textbook form equal at the sample points."""
    derivative = sp.diff(entry.function, entry.variable)
    symbols = list(entry.samples)
    both = sp.lambdify(symbols, [derivative, entry.textbook], "math")
    for values in _grid([entry.samples[s] for s in symbols]):
        derived, textbook = both(*values)
        if not math.isclose(derived, textbook, rel_tol=CHECK_TOLERANCE,
                            abs_tol=CHECK_TOLERANCE):
            at = ", ".join(f"{s} = {v}" for s, v in zip(symbols, values))
            raise TextbookFormError(f"textbook derivative of {entry.key} is {textbook} at {at}, "
                                    f"but sympy's derivative is {derived}")
    return Derived(entry, derivative)


def _grid(axes):
    if not axes:
        yield ()
        return
    for head in axes[0]:
        for rest in _grid(axes[1:]):
            yield (head, *rest)


class _Numbers:
    """What substitution templates need: the point as TeX, values to 4 figures."""

    def __init__(self, x: float):
        self.x = tex.num(x)

    @staticmethod
    def num(expr) -> str:
        return tex.num(float(expr))

    @staticmethod
    def paren(text: str) -> str:
        return f"({text})" if text.startswith("-") else text


def _symbol_tex(entry: Entry) -> str:
    """The derivative's left-hand side, e.g. ``\\sigma'`` from ``\\sigma'(z) = …``."""
    return entry.derivative_tex.split("(z)")[0]


def concept_card(d: Derived, deck: str) -> Card:
    entry = d.entry
    card_id = f"deriv-{entry.key}"
    figure = ""
    if entry.kind == "activation":
        f = sp.lambdify(entry.variable, entry.function, "math")
        df = sp.lambdify(entry.variable, d.derivative, "math")
        label = entry.title.split(" (")[0]
        figure = f'<div class="figure">{plot(f, df, label, label + "′")}</div>'
        prompt = f"What is the derivative of the {entry.title}?"
    else:
        prompt = f"What is the gradient of the {entry.title}?"
    front = (f'<div class="kind-note">Derivatives</div>'
             f'<p class="question">{text_to_html(prompt)}</p>'
             f'<div class="step">{tex.display(entry.function_tex)}</div>')
    back = (f'<div class="step">{tex.display(entry.derivative_tex)}</div>{figure}'
            f'<p>{text_to_html(entry.note)}</p>'
            f'<p class="note">sympy derives it as '
            f'{tex.inline(sp.latex(d.derivative))}, the same function in another form.</p>')
    return Card(id=card_id, guid=static_guid(card_id), deck=deck, kind="derivative",
                tags=("derivatives", entry.kind), front=front, back=back,
                problem=d.to_dump())


def random_point(rng: random.Random) -> float:
    """One decimal, never 0 (where ReLU-like functions have a kink)."""
    while True:
        x = rng.randint(round(POINT_RANGE[0] * 10), round(POINT_RANGE[1] * 10)) / 10
        if x != 0:
            return x


def evaluated_card(d: Derived, x: float, deck: str, seed: int | None) -> Card:
    entry = d.entry
    value = float(d.derivative.subs(entry.variable, x))
    shown = significant(value)
    lhs = f"{_symbol_tex(entry)}({tex.num(x)})"
    card_id = f"deriv-at-{entry.key}"
    front = (f'<div class="kind-note">Derivatives</div>'
             f'<div class="step">{tex.display(entry.function_tex)}</div>'
             f'<p class="question">{tex.inline(lhs + " = {?}")} '
             f'(to 4 significant figures)</p>')
    substituted = f"{entry.substitution(x, _Numbers(x))} = {tex.num(value)}"
    steps = [entry.derivative_tex, *substituted.split(r", \quad ")]
    back = (f'<div class="answer-line">Answer: <span class="answer-value">{shown}</span></div>'
            + "".join(f'<div class="step">{tex.step(tex.equalities(s))}</div>' for s in steps))
    return Card(id=card_id, guid=slot_guid(GENERATOR, entry.key, 0, seed), deck=deck,
                kind="derivative", tags=("derivatives", "practice", "evaluate"), front=front,
                back=back, problem={**d.to_dump(), "at": x, "answer": value}, answer=value,
                answer_text=shown, tolerance=tolerance(value))


def derivative_cards(seed: int, deck: str, new_notes: bool = False) -> list[Card]:
    """A card per function, and per activation one "f′(x) = ?" at a point drawn from the seed."""
    cards = []
    evaluated = []
    for entry in catalogue():
        d = derive(entry)
        cards.append(concept_card(d, deck))
        if entry.substitution is not None:
            x = random_point(random.Random(f"{GENERATOR}:{seed}:{entry.key}"))
            evaluated.append(evaluated_card(d, x, deck, seed if new_notes else None))
    return cards + evaluated
