"""Shape cards: dimension analysis for a dense layer, the check every matrix gradient
passes (a gradient has its parameter's shape, and one product of the matrices at hand
gives it). Recall cards with realistic sizes, no typing."""

from __future__ import annotations

import random

from backprop_deck.core import tex
from backprop_deck.core.card import Card, slot_guid

COUNT = 3
BATCH = (8, 16, 32, 64, 128)
FEATURES = (3, 10, 64, 128, 256, 784)
OUTPUTS = (1, 10, 32, 100, 128)
G = r"\frac{\partial J}{\partial Y}"


def _dims(rows: int, cols: int) -> str:
    return tex.inline(rf"{rows} \times {cols}")


def _bias_entries(n: int, m: int) -> str:
    """What ∂J/∂b holds: one entry per output, each adding that output's column of ∂J/∂Y
    down the batch (a row per example)."""
    if m == 1:
        return f"1 entry: the sum of the {n} entries of {tex.inline(G)}, one per example"
    return (f"{m} entries, one per output: the column sums of {tex.inline(G)}, each adding "
            f"that output's {n} examples (one row per example)")


def shape_card(n: int, d: int, m: int, *, card_id: str, guid: str, deck: str) -> Card:
    dw, dx = tex.inline(tex.partial("J", "W")), tex.inline(tex.partial("J", "X"))
    front = (f'<div class="kind-note">Practice · dense layer shapes</div>'
             f'<p class="question">A dense layer {tex.inline("Y = XW + b")} takes a batch '
             f'{tex.inline("X")} of shape {_dims(n, d)} (one row per example) and weights '
             f'{tex.inline("W")} of shape {_dims(d, m)}. What shapes are {dw} and {dx}, and '
             f'which product gives each?</p>')
    db = tex.inline(tex.partial("J", "b"))
    rules = [(rf"{tex.partial('J', 'W')} = X^{{\top}} {G}",
              rf"({d} \times {n}) \cdot ({n} \times {m}) = {d} \times {m}"),
             (rf"{tex.partial('J', 'X')} = {G}\, W^{{\top}}",
              rf"({n} \times {m}) \cdot ({m} \times {d}) = {n} \times {d}")]
    steps = "".join(f'<div class="step">{tex.display(rule)}{tex.display(shapes)}</div>'
                    for rule, shapes in rules)
    back = (f'<p>{tex.inline(G)} has the shape of {tex.inline("Y")}: {_dims(n, m)}. '
            f'A gradient has the shape of what it is taken with respect to:</p>{steps}'
            f'<p>And {db} has {_bias_entries(n, m)}. Only one arrangement of the matrices at '
            f'hand has the right shape, which makes a quick check on any matrix gradient.</p>')
    problem = {"shapes": {"X": [n, d], "W": [d, m]}, "ask": {"quantity": "shapes"},
               "answer": {"W": [d, m], "X": [n, d], "b": [m]}}
    return Card(id=card_id, guid=guid, deck=deck, kind="linear", tags=("practice", "linear",
                                                                       "shapes"),
                front=front, back=back, problem=problem, group="shapes")


def shape_cards(seed: int, deck: str, new_notes: bool = False) -> list[Card]:
    cards = []
    for k in range(COUNT):
        rng = random.Random(f"linear-shapes:{seed}:{k}")
        n, d, m = rng.choice(BATCH), rng.choice(FEATURES), rng.choice(OUTPUTS)
        while len({n, d, m}) < 3:  # three different sizes, so no product fits by accident
            n, d, m = rng.choice(BATCH), rng.choice(FEATURES), rng.choice(OUTPUTS)
        cards.append(shape_card(n, d, m, card_id=f"linear-shapes-{k}",
                                guid=slot_guid("linear-shapes", "any", k,
                                               seed if new_notes else None), deck=deck))
    return cards
