"""The order a beginner meets new cards in: a fresh profile, Anki's default options.

Imported as File → Import does, the new-card queue of the main deck follows the
teaching order README.md writes down; studying the practice subdeck alone goes from
easy to hard; and either way, each topic's concept cards come before its first
practice card, the notation and gradient-check cards before the first of all.
"""

import re
from pathlib import Path

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


def days_of_new_cards(folder, deck: str) -> list[list[str]]:
    """The new cards Anki shows studying ``deck``, day after day, with the default
    options untouched (20 new cards a day): each day's cards are buried once fetched,
    so the next fetch gives what the next day would (a buried card is not studied and
    does not count against the day's limit). Works on a copy: burying changes the
    collection."""
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp(dir=folder)) / "collection.anki2"
    shutil.copyfile(folder / "collection.anki2", copy)
    col = open_collection(copy)
    try:
        assert col.decks.config_dict_for_deck_id(col.decks.id_for_name(deck))["new"][
            "perDay"] == 20
        col.decks.select(col.decks.id_for_name(deck))
        days = []
        while cards := col.sched.get_queued_cards(fetch_limit=10_000).cards:
            days.append([col.get_card(c.card.id).note()["Id"] for c in cards])
            col.sched.bury_cards([c.card.id for c in cards])
        return days
    finally:
        col.close()


def lessons_before_drills(shown: list[str], tags: dict[str, list[str]]) -> None:
    """Each concept card before its topic's first practice card; the notation and
    gradient-check cards before the first practice card of any topic."""
    topics = ("network", "graph", "linear", "softmax", "chain", "rnn", "conv", "pool",
              "batchnorm")
    first = {}
    for at, card_id in enumerate(shown):
        if "practice" in tags[card_id]:
            for topic in set(tags[card_id]) & set(topics):
                first.setdefault(topic, at)
                first.setdefault("any", at)
    assert set(first) == {*topics, "any"}
    lessons = 0
    for at, card_id in enumerate(shown):
        if {"notation", "gradient-check"} & set(tags[card_id]):
            assert at < first["any"], card_id
            lessons += 1
        if "concept" in tags[card_id]:
            (topic,) = set(tags[card_id]) & set(topics)
            assert at < first[topic], card_id
            lessons += 1
    assert lessons == sum(1 for t in tags.values()
                          if {"concept", "notation", "gradient-check"} & set(t))
    # and just before: a topic's lessons lead straight into its first practice card
    taught = {topic: [i for i in shown if "concept" in tags[i] and topic in tags[i]]
              for topic in topics}
    for topic in topics:
        assert shown[first[topic] - len(taught[topic]):first[topic]] == taught[topic], topic
    (opening,) = set(tags[shown[first["any"]]]) & set(topics)
    start = first["any"] - len(taught[opening])
    assert shown[start - 2:start] == ["notation", "gradient-check"]


@pytest.mark.parametrize("deck", ["Backpropagation", "Backpropagation::7 Practice"])
def test_concept_cards_come_before_their_topics_first_practice_card(imported, deck):
    """A fresh profile with Anki's default options, the whole deck or the practice
    subdeck alone selected: every lesson before the practice it prepares for."""
    folder, dump = imported
    days = days_of_new_cards(folder, deck)
    assert all(len(day) == 20 for day in days[:-1])
    shown = [card_id for day in days for card_id in day]
    tags = {card["id"]: card["tags"] for card in dump["cards"]}
    in_deck = [c["id"] for c in dump["cards"] if c["deck"].startswith(deck)]
    assert sorted(shown) == sorted(in_deck)
    lessons_before_drills(shown, tags)


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
    practice = [i for i in shown if i.count("-") == 2 and i.split("-")[1] in DIFFICULTY]
    levels = [DIFFICULTY[i.split("-")[1]] for i in practice]
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


def practice_deck(**options) -> list:
    """The practice subdeck's cards in their order, built with ``options``."""
    from backprop_deck.deck.build import Options, build

    deck = build(Options(seed=3, derivatives=False, **options))
    return [card for card in deck.cards if card.deck.endswith("::7 Practice")]


def test_lessons_keep_their_file_order_within_a_topic():
    from backprop_deck.deck.cards_file import load

    written = [c.id for c in load(ROOT / "cards.yaml").cards if "concept" in c.tags]
    shown = [c.id for c in practice_deck() if "concept" in c.tags]
    for topic in ("network", "linear", "batchnorm"):
        assert [i for i in shown if f"-{topic}-" in i] == [
            i for i in written if f"-{topic}-" in i]


def test_a_topic_without_practice_cards_keeps_its_lessons_after_the_practice():
    """--topics graph: notation first, graph's lessons before graph-easy-0, the other
    topics' lessons after the last practice card, in file order."""
    cards = practice_deck(topics=("graph",), count=3)
    ids = [c.id for c in cards]
    assert ids[:2] == ["notation", "gradient-check"]
    graph = [i for i in ids if i.startswith("concept-graph-")]
    assert ids[2:2 + len(graph)] == graph and ids[2 + len(graph)] == "graph-easy-0"
    last_practice = max(k for k, c in enumerate(cards) if "practice" in c.tags)
    rest = ids[last_practice + 1:]
    assert rest[0].startswith("concept-network-") and rest[-1].startswith("concept-batchnorm-")
    assert not [i for i in rest if i.startswith("concept-graph-")]


def test_without_practice_the_lessons_stay_in_file_order():
    from backprop_deck.deck.cards_file import load

    written = [c.id for c in load(ROOT / "cards.yaml").cards if c.deck == "7 Practice"]
    assert [c.id for c in practice_deck(practice=False)] == written
    assert [c.id for c in practice_deck(count=0)] == written


def test_tag_filters_keep_the_lessons_with_their_practice():
    cards = practice_deck(include_tags=frozenset({"concept", "rnn", "notation"}))
    ids = [c.id for c in cards]
    assert ids[0] == "notation" and ids.index("concept-rnn-unroll") < ids.index("rnn-easy-0")
    assert ids[ids.index("rnn-easy-0") - 3:ids.index("rnn-easy-0")] == [
        "concept-rnn-unroll", "concept-rnn-recursion", "concept-rnn-shared-weight"]
