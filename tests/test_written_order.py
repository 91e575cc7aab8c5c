"""A card file's cards come in the order written, in each deck they go to: a fresh
profile, Anki's default options, the new-card queue of each deck as Anki gives it.

A replacement that stays in the deck of the card it replaces takes that card's place
(a generated one's too); one that goes into the file's deck takes its written place
there. Before, one moved into a deck came ahead of the file's cards written before it,
and a card replacing a generated one jumped to the head of that card's deck."""

import pytest
from test_order import queue
from test_upgrade import import_as_file_import, open_collection

QUICK = ("--no-practice", "--seed", "1")
FIRST = """\
deck: My course
cards:
  - {id: my-first, front: a, back: b}
  - {id: my-week-1, front: a, back: b, deck: Week 1}
  - {id: forward-pass, front: 'What does the forward pass give? (mine)', back: ŷ,
     deck: Week 1}
  - {id: my-second, front: a, back: b}
  - {id: deriv-elu, front: ELU′ (mine), back: 1 or e^z}
  - {id: chain-rule, front: 'The chain rule? (mine)', back: Derivatives multiply.}
  - {id: deriv-tanh, front: tanh′ (mine), back: 1 − tanh², deck: Week 1}
  - {id: my-week-1-last, front: a, back: b, deck: Week 1}
"""
SECOND = """\
deck: My course
cards:
  - {id: other-first, front: a, back: b}
  - {id: my-first, front: a (edited by the second file), back: b}
"""


@pytest.fixture(scope="module")
def profiles(tmp_path_factory):
    """Two fresh profiles: one imported the deck alone, one with the two files."""
    import build_deck

    folder = tmp_path_factory.mktemp("written")
    (folder / "first.yaml").write_text(FIRST, encoding="utf-8")
    (folder / "second.yaml").write_text(SECOND, encoding="utf-8")
    for name, cards in (("plain", []), ("mine", ["--cards", str(folder / "first.yaml"),
                                                 "--cards", str(folder / "second.yaml")])):
        (folder / name).mkdir()
        assert build_deck.main([*QUICK, *cards, "-o", str(folder / name / "deck.apkg")]) == 0
        col = open_collection(folder / name / "collection.anki2")
        import_as_file_import(col, folder / name / "deck.apkg")
        col.close()
    return folder / "plain", folder / "mine"


def test_a_file_s_cards_come_as_written_in_its_decks(profiles):
    _, mine = profiles
    assert queue(mine, "My course", None) == [
        "my-first", "my-second", "other-first",  # My course, then its subdeck
        "my-week-1", "forward-pass", "deriv-tanh", "my-week-1-last"]
    assert queue(mine, "My course::Week 1", None) == [
        "my-week-1", "forward-pass", "deriv-tanh", "my-week-1-last"]


def test_a_replacement_that_stays_takes_the_place_of_the_card_it_replaces(profiles):
    plain, mine = profiles
    for deck in ("Backpropagation::1 Concepts", "Backpropagation::5 Derivatives"):
        before = queue(plain, deck, None)
        after = queue(mine, deck, None)
        moved = {"forward-pass", "deriv-tanh"}  # into My course::Week 1
        assert after == [card for card in before if card not in moved], deck
    assert "chain-rule" in queue(mine, "Backpropagation::1 Concepts", None)
    assert "deriv-elu" in queue(mine, "Backpropagation::5 Derivatives", None)


def test_the_replaced_text_is_what_anki_shows(profiles):
    _, mine = profiles
    col = open_collection(mine / "collection.anki2")
    try:
        fronts = {col.get_note(n)["Id"]: col.get_note(n)["Front"]
                  for n in col.find_notes("Id:my-first OR Id:deriv-elu OR Id:chain-rule")}
    finally:
        col.close()
    assert "edited by the second file" in fronts["my-first"]
    assert fronts["deriv-elu"] == "ELU′ (mine)"
    assert fronts["chain-rule"].startswith("The chain rule?")
