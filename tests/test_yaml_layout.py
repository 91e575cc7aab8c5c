"""YAML layout slips (core/yaml_indent.py): whatever a slip of indentation, tab or
colon does to a card file, the message is one line at a line of the file, never a
traceback (the exact messages are in tests/bad_inputs/yaml-*)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_deck.core.errors import DeckError
from backprop_deck.deck.cards_file import parse

CARDS = """\
deck: My cards
description: Mine
cards:
  - id: a
    front: What is σ′(z)?
    back: |
      σ(z)(1 − σ(z))
      at every z
    tags: [ml::backprop]
  - id: b
    front: x
    back: y
networks:
  - id: n
    layers: [1, 1]
"""
SLIPS = [lambda line: " " + line, lambda line: line[1:], lambda line: "\t" + line.lstrip(),
         lambda line: line.replace(":", "", 1), lambda line: line.replace(": ", ":", 1),
         lambda line: line.replace("- ", "", 1), lambda line: "- " + line,
         lambda line: line.replace(": ", ": a: ", 1), lambda line: line.replace("  ", "", 1)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, CARDS.count("\n") - 1), st.sampled_from(SLIPS)),
                min_size=1, max_size=3))
def test_any_slip_gives_a_deck_or_one_line_at_a_line_of_the_file(slips):
    lines = CARDS.split("\n")
    for number, slip in slips:
        lines[number] = slip(lines[number])
    text = "\n".join(lines)
    try:
        parse(text, "slip.yaml")
    except DeckError as exc:
        assert str(exc).startswith("slip.yaml:") and "\n" not in str(exc)
        assert 1 <= exc.line <= len(lines) and exc.column >= 1
