"""Tag filters as Anki's search reads tags: ``--include-tags ml`` keeps what ``tag:ml``
finds (``ml`` and every ``ml::…`` under it, letter case aside), and a filter no tag
or tag parent matches is refused with a did-you-mean."""

import json

import pytest
from conftest import import_apkg

QUICK = ("--no-practice", "--no-derivatives", "--seed", "1")
MINE = """\
deck: Mine
cards:
  - {id: m-backprop, front: a, back: b, tags: [ml::backprop]}
  - {id: m-optimisation, front: a, back: b, tags: [ML::Optimisation::SGD, exam]}
  - {id: m-ml, front: a, back: b, tags: [ml]}
  - {id: m-mlops, front: a, back: b, tags: [mlops]}
  - {id: m-none, front: a, back: b}
"""


@pytest.fixture
def mine(write_cards):
    return write_cards(MINE)


def kept(cli, mine, *options) -> set[str]:
    result = cli(*QUICK, "--cards", mine, "--dump", "deck.json", *options)
    assert result.exit_code == 0, result.stderr
    with open("deck.json", encoding="utf-8") as dump:
        return {card["id"] for card in json.load(dump)["cards"]}


@pytest.fixture
def imported(cli, mine, tmp_path, collection):
    """The unfiltered deck in a real collection, and every card id it holds."""
    apkg = tmp_path / "all.apkg"
    assert cli(*QUICK, "--cards", mine, "-o", apkg).exit_code == 0
    import_apkg(collection, apkg)
    return collection, {collection.get_note(n)["Id"] for n in collection.find_notes("")}


@pytest.mark.parametrize("tag", ["ml", "ML", "ml::backprop", "ml::optimisation",
                                 "ml::optimisation::sgd", "mlops", "concepts", "lecture"])
def test_a_filter_keeps_what_anki_s_search_finds(cli, mine, imported, tag):
    col, every = imported
    found = {col.get_note(n)["Id"] for n in col.find_notes(f"tag:{tag}")}
    assert found
    assert kept(cli, mine, "--include-tags", tag) == found
    assert kept(cli, mine, "--exclude-tags", tag) == every - found


def test_the_parent_keeps_its_children_and_only_them(cli, mine):
    assert {i for i in kept(cli, mine, "--include-tags", "ml") if i.startswith("m-")} == {
        "m-backprop", "m-optimisation", "m-ml"}


def test_a_parent_no_card_has_as_a_tag_is_still_a_filter(cli, write_cards):
    cards = write_cards("cards:\n  - {id: x, front: a, back: b, tags: [course::week-1]}\n")
    assert "x" in kept(cli, cards, "--include-tags", "course")


@pytest.mark.parametrize(("option", "tag", "hint"), [
    ("--include-tags", "ml::backprp", " (did you mean 'ml::backprop'?)"),
    ("--exclude-tags", "ml::optimisation::sdg", " (did you mean 'ML::Optimisation::SGD'?)"),
    # a child's own name is not a tag of its own (Anki's tag:backprop finds nothing)
    ("--include-tags", "backprop", " (did you mean 'ml::backprop'?)"),
])
def test_a_tag_no_card_has_is_refused(cli, mine, option, tag, hint):
    result = cli(*QUICK, "--cards", mine, option, tag)
    assert (result.exit_code, result.stderr) == (
        2, f"{option}: no card has the tag '{tag}'{hint}\n")


@pytest.mark.parametrize("tag", ["ml::", "::ml", "ml::::sgd"])
def test_a_tag_with_an_empty_part_is_refused(cli, write_cards, tag):
    cards = write_cards(f"cards:\n  - {{id: x, front: a, back: b, tags: ['{tag}']}}\n")
    result = cli(*QUICK, "--cards", cards)
    assert (result.exit_code, result.stderr) == (
        2, f"{cards}:2:39: card 'x': tag '{tag}' has an empty part (between '::', or at "
           "an end); Anki would rename that part 'blank'\n")


def test_anki_keeps_hierarchical_tags_as_written(imported):
    col, _ = imported
    tags = {col.get_note(n)["Id"]: col.get_note(n).tags for n in col.find_notes("tag:ml*")}
    assert tags["m-optimisation"] == ["exam", "ML::Optimisation::SGD"]
    assert tags["m-backprop"] == ["ml::backprop"]
