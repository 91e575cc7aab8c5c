"""A card's ``figure:`` draws a network of the card files on its front: the lecture's
on the chain-rule cards, a user's own on theirs, as Anki shows the imported card."""

import re

from conftest import import_apkg, rendered_sides
from deck_counts import BUILTIN

MY_CARDS = """
cards:
  - id: which-weight
    front: Which weight carries h1 into o1?
    back: w5.
    figure: lecture
  - id: my-figure
    front: What does my network compute?
    back: One sigmoid unit.
    figure: my-net
  - id: chain-rule-w5
    front: My own words for the chain rule.
    back: Local gradients, multiplied.
networks:
  - id: my-net
    layers: [1, 1]
    activations: [sigmoid]
    inputs: [0.5]
    targets: [0.75]
    weights: [[[0.3]]]
    biases: [[0.1]]
    learning_rate: 0.5
"""

SVG = re.compile(r'<div class="figure"><svg [^>]*aria-label="network diagram".*?</svg></div>',
                 re.S)


def test_figures_show_on_the_cards_anki_imports(cli, tmp_path, write_cards, collection):
    mine = write_cards(MY_CARDS)
    result = cli("--cards", mine, "--seed", "1", "--no-practice", "--no-derivatives",
                 "-o", "deck.apkg")
    assert result.exit_code == 0, result.stderr
    import_apkg(collection, tmp_path / "deck.apkg")
    sides = rendered_sides(collection)
    lecture, = SVG.findall(sides["which-weight"][0])
    assert "w₅" in lecture and "o₁" in lecture and ">0.05<" in lecture  # its names, values
    own, = SVG.findall(sides["my-figure"][0])
    assert "w₁" in own and "w₅" not in own and "y₁=0.75" in own
    assert "which weight carries" in sides["which-weight"][0].lower()
    # the figure stays on the answer side too, under the question
    assert SVG.search(sides["which-weight"][1])
    # a replacement is new content: without figure: it shows none
    assert not SVG.search(sides["chain-rule-w5"][0])
    # the built-in chain-rule cards (cards.yaml's, all drawing the lecture network) show it
    builtin = [c.id for c in BUILTIN.cards if c.deck == "4 Chain rule"]
    assert "chain-rule-w5" in builtin
    assert all(c.figure.network == "lecture" for c in BUILTIN.cards if c.id in builtin)
    chain = collection.find_notes('"deck:Backpropagation::4 Chain rule"')
    assert len(chain) == len(builtin)
    shown = {collection.get_note(n)["Id"]: SVG.search(collection.get_note(n).cards()[0].question())
             for n in chain}
    assert [card_id for card_id, s in shown.items() if not s] == ["chain-rule-w5"]  # replaced
