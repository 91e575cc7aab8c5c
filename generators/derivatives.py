"""Derivative cards, from the data sympy derived (see derivation.py).

One card per function shows its textbook derivative (checked against sympy's),
with a plot for activations; one "f′(x) = ?" card per activation asks for the
derivative at a point drawn from the seed (at several points: its variants, one shown
at each review).
"""

from __future__ import annotations

import random

from backprop_deck.core import tex
from backprop_deck.core.accepted import accepted_range
from backprop_deck.core.card import Card, slot_guid, static_guid
from backprop_deck.core.carry import four_figures
from backprop_deck.core.html import text_to_html
from backprop_deck.core.numbers import short
from backprop_deck.core.variants import Version, heading, note_fields

from .derivation import PLOT_XS, POINTS, derivations
from .plot import plot
from .worked import answer_line

GENERATOR = "derivative"


def problem(data: dict) -> dict:
    """The dump's description of a derivative card (docs/design.md)."""
    return {"function": data["key"], "variable": data["variable"],
            "expression": data["expression"], "derivative": data["derivative"]}


def _symbol_tex(data: dict) -> str:
    """The derivative's left-hand side, e.g. ``\\sigma'`` from ``\\sigma'(z) = …``."""
    return data["derivative_tex"].split("(z)")[0]


def concept_card(data: dict, deck: str) -> Card:
    card_id = f"deriv-{data['key']}"
    figure = ""
    if data["plot"]:
        label = data["title"].split(" (")[0]
        svg = plot(PLOT_XS, data["plot"]["f"], data["plot"]["df"], label, label + "′")
        figure = f'<div class="figure">{svg}</div>'
        prompt = f"What is the derivative of the {data['title']}?"
    else:
        prompt = data["question"] or f"What is the gradient of the {data['title']}?"
    front = (f'<div class="kind-note">Derivatives</div>'
             f'<p class="question">{text_to_html(prompt)}</p>'
             f'<div class="step">{tex.step(tex.equalities(data["function_tex"]))}</div>'
             + _given(data))
    back = (f'<div class="step">{tex.step(tex.equalities(data["derivative_tex"]))}</div>'
            f'{figure}<p>{text_to_html(data["note"])}</p>')
    if data["derived_words"]:  # sympy's own form, where it teaches something
        derived = tex.step((f"{_symbol_tex(data)}(z)" if data["kind"] == "activation"
                            else data["derivative_tex"].split(" = ")[0],
                            data["derivative_latex"]))
        back += f'<p class="note">{text_to_html(data["derived_words"])}</p>{derived}'

    return Card(id=card_id, guid=static_guid(card_id), deck=deck, kind="derivative",
                tags=("derivatives", data["kind"]), front=front, back=back,
                problem=problem(data), group="derivative")


def _given(data: dict, values: list[str] = ()) -> str:
    """What the card defines for the learner (GELU's Φ), with its values at the point."""
    if not data["given"]:
        return ""
    at = f" Here {', '.join(tex.inline(v) for v in values)}." if values else ""
    return f'<p class="given">{data["given"]}{at}</p>'


def evaluated(data: dict, x: float, title: str) -> Version:
    """The derivative at one point, as a card shows it."""
    point = data["points"][repr(x)]
    value = point["value"]
    lhs = f"{_symbol_tex(data)}({tex.num(x)})"
    hand = point["hand"]
    substituted = f"{point['substitution']} = {tex.num(four_figures(hand))}"
    steps = [data["derivative_tex"], *substituted.split(r", \quad ")]
    given = steps[1:1 + data["given_steps"]]
    front = (f'<div class="kind-note">{title}</div>'
             f'<div class="step">{tex.display(data["function_tex"])}</div>'
             + _given(data, given)
             + f'<p class="question">{tex.inline(lhs + " = {?}")} '
             f'(to 4 significant figures)</p>')
    back = (answer_line(value, hand)
            + "".join(f'<div class="step">{tex.step(tex.equalities(s))}</div>' for s in steps))
    return Version(front, back, value, short(value), accepted_range(value, hand),
                   {**problem(data), "at": x, "answer": value})


def evaluated_card(data: dict, xs: list[float], deck: str, seed: int | None) -> Card:
    """One "f′(x) = ?" note asking at each of ``xs`` in turn (its variants)."""
    variants = [evaluated(data, x, heading("Derivatives", k, len(xs)))
                for k, x in enumerate(xs)]
    return Card(id=f"deriv-at-{data['key']}", guid=slot_guid(GENERATOR, data["key"], 0, seed),
                deck=deck, kind="derivative", tags=("derivatives", "practice", "evaluate"),
                group="derivative", **note_fields(variants))


def points(seed: int, key: str, count: int) -> list[float]:
    """``count`` different points; the first is the one a one-point card asks."""
    rng = random.Random(f"{GENERATOR}:{seed}:{key}")
    first = rng.choice(POINTS)
    return [first, *rng.sample([x for x in POINTS if x != first], count - 1)]


def derivative_cards(seed: int, deck: str, new_notes: bool = False, variants: int = 1,
                     derived: list[dict] | None = None) -> list[Card]:
    """A card per function, then per activation one "f′(x) = ?" at seeded points;
    from ``derived`` where the caller has the derivations already."""
    cards, at_points = [], []
    for data in derivations() if derived is None else derived:
        cards.append(concept_card(data, deck))
        if data["points"]:
            at_points.append(evaluated_card(data, points(seed, data["key"], variants), deck,
                                            seed if new_notes else None))
    return cards + at_points
