"""A card file's ``description:`` is its deck's description in Anki: shown as typed."""

import pytest
from conftest import import_apkg

from backprop_deck.deck.anki_package import DESCRIPTION

QUICK = ("--no-practice", "--no-derivatives", "--seed", "1")
TEXT = "Notes from my course <3 & more\nWeek 1: the chain rule"
SHOWN = "Notes from my course &lt;3 &amp; more<br>Week 1: the chain rule"


def described(write_cards, description: str, deck: str | None = "My course",
              subdeck: str | None = None, name: str = "mine.yaml"):
    lines = [f"deck: {deck}"] if deck else []
    lines += ["description: |-", *(f"  {line}" for line in description.split("\n")),
              "cards:", "  - {id: " + name.split(".")[0] + "-card, front: a, back: b"
              + (f", deck: {subdeck}" if subdeck else "") + "}"]
    return write_cards("\n".join(lines) + "\n", name)


def imported(cli, collection, tmp_path, *card_files) -> dict[str, str]:
    """Each deck's description in a real collection that imported the deck."""
    apkg = tmp_path / "deck.apkg"
    args = [a for path in card_files for a in ("--cards", path)]
    result = cli(*QUICK, *args, "-o", apkg)
    assert result.exit_code == 0, result.stderr
    import_apkg(collection, apkg)
    return {d.name: collection.decks.get(d.id)["desc"]
            for d in collection.decks.all_names_and_ids()}


def test_a_file_s_description_is_its_deck_s_in_anki(cli, collection, tmp_path, write_cards):
    descriptions = imported(cli, collection, tmp_path, described(write_cards, TEXT))
    assert collection.decks.by_name("My course")["desc"] == SHOWN
    assert descriptions["Backpropagation"] == DESCRIPTION
    assert descriptions["Backpropagation::1 Concepts"] == ""


def test_a_file_without_deck_describes_the_main_deck(cli, collection, tmp_path, write_cards):
    descriptions = imported(cli, collection, tmp_path, described(write_cards, TEXT, deck=None))
    assert descriptions["Backpropagation"] == SHOWN


def test_a_deck_that_holds_only_subdecks_gets_its_description(cli, collection, tmp_path,
                                                              write_cards):
    card_file = described(write_cards, TEXT, subdeck="Week 1")
    descriptions = imported(cli, collection, tmp_path, card_file)
    assert descriptions["My course"] == SHOWN
    assert descriptions["My course::Week 1"] == ""


def test_an_edited_description_reaches_anki_on_the_next_import(cli, collection, tmp_path,
                                                               write_cards):
    imported(cli, collection, tmp_path, described(write_cards, TEXT))
    descriptions = imported(cli, collection, tmp_path, described(write_cards, "Term 2"))
    assert descriptions["My course"] == "Term 2"


def test_into_writes_it_too(cli, collection, tmp_path, write_cards):
    path = collection.path
    collection.close()
    result = cli(*QUICK, "--cards", described(write_cards, TEXT), "--into", path)
    assert result.exit_code == 0, result.stderr
    collection.reopen()
    assert collection.decks.by_name("My course")["desc"] == SHOWN


def test_two_descriptions_for_one_deck_are_refused(cli, write_cards):
    first = described(write_cards, "One", name="first.yaml")
    second = described(write_cards, "Two", name="second.yaml")
    result = cli(*QUICK, "--cards", first, "--cards", second)
    assert (result.exit_code, result.stderr) == (
        2, f"{second}:2:14: description: the deck 'My course' has one already "
           f"({first}:2:14); one description per deck\n")


@pytest.mark.parametrize(("value", "message"), [
    ("''", "2:14: description must not be empty"),
    ("[a, b]", "2:14: description must be a string, got a list"),
])
def test_a_description_is_text(cli, write_cards, value, message):
    card_file = write_cards(f"deck: X\ndescription: {value}\ncards: []\n")
    result = cli(*QUICK, "--cards", card_file)
    assert (result.exit_code, result.stderr) == (2, f"{card_file}:{message}\n")
