"""The order a beginner meets new cards in: a fresh profile, Anki's default options.

Imported as File → Import does, the new-card queue of the main deck follows the
teaching order README.md writes down; studying the practice subdeck alone goes from
easy to hard.
"""

import re

import pytest
from conftest import ROOT
from test_upgrade import import_as_file_import, open_collection

README = (ROOT / "README.md").read_text(encoding="utf-8")
DIFFICULTY = {"easy": 0, "medium": 1, "hard": 2}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A fresh profile that imported the default deck, and the deck's dump."""
    import json

    import build_deck

    folder = tmp_path_factory.mktemp("order")
    assert build_deck.main(["--seed", "4", "-o", str(folder / "deck.apkg"),
                            "--dump", str(folder / "deck.json")]) == 0
    col = open_collection(folder / "collection.anki2")
    import_as_file_import(col, folder / "deck.apkg")
    col.close()
    return folder, json.loads((folder / "deck.json").read_text(encoding="utf-8"))


def queue(folder, deck: str, limit: int | None) -> list[str]:
    """The new cards Anki would show, in order, studying ``deck``; ``limit``: the new
    cards per day of the default options (None: every card, a day without limits)."""
    col = open_collection(folder / "collection.anki2")
    try:
        if limit is None:
            for config in col.decks.all_config():
                config["new"]["perDay"] = 9999  # its most
                col.decks.update_config(config)
        col.decks.select(col.decks.id_for_name(deck))
        cards = col.sched.get_queued_cards(fetch_limit=10_000).cards
        return [col.get_card(c.card.id).note()["Id"] for c in cards]
    finally:
        col.close()


def test_default_options_show_the_first_day_in_teaching_order(imported):
    folder, dump = imported
    first_day = queue(folder, "Backpropagation", limit=20)
    assert first_day == [card["id"] for card in dump["cards"]][:20]
    assert first_day[:3] == ["backprop-purpose", "forward-pass", "loss-function"]


def test_every_new_card_comes_in_the_order_the_readme_writes_down(imported):
    folder, dump = imported
    shown = queue(folder, "Backpropagation", limit=None)
    assert shown == [card["id"] for card in dump["cards"]]
    decks = {card["id"]: card["deck"].removeprefix("Backpropagation::")
             for card in dump["cards"]}
    order = list(dict.fromkeys(decks[i] for i in shown))
    assert order == written_order()


def written_order() -> list[str]:
    """The subdecks as README.md's "The order of new cards" lists them."""
    section = README.split("## The order of new cards")[1].split("\n## ")[0]
    return re.findall(r"^\d+\. \*\*(\d+ [^*]+)\*\*", section, re.M)


def test_practice_goes_from_easy_to_hard_with_the_topics_in_turn(imported):
    folder, _ = imported
    shown = queue(folder, "Backpropagation::7 Practice", limit=None)
    practice = [i for i in shown if i.rsplit("-", 2)[-2] in DIFFICULTY]
    levels = [DIFFICULTY[i.rsplit("-", 2)[-2]] for i in practice]
    assert levels == sorted(levels)
    assert practice[:2] == ["net-easy-0", "graph-easy-0"]
    assert shown.index("linear-shapes-0") == shown.index("linear-easy-0") - 3
    firsts = {}
    for card_id in practice:
        firsts.setdefault(card_id.split("-")[0], card_id)
    topics = list(firsts)
    # network and graph before chain, linear and softmax; those before rnn, conv, pool
    # and batch norm
    assert set(topics[:2]) == {"net", "graph"}
    assert set(topics[2:5]) == {"linear", "softmax", "chain"}
    assert set(topics[5:]) == {"rnn", "conv", "pool", "batchnorm"}
