"""The library under the command line: one call builds a deck, one writes it anywhere,
and its errors name the library's settings, never a command-line option."""

import json

import pytest
from conftest import import_apkg

from backprop_deck.core.errors import SettingError
from backprop_deck.deck.build import Options, build
from backprop_deck.deck.writing import Outputs, write


@pytest.fixture(scope="module")
def deck():
    return build(Options(seed=3, count=9, variants=2, derivatives=False))


def test_one_call_writes_the_package_the_dump_and_the_preview(deck, tmp_path, collection):
    written = write(deck, apkg=tmp_path / "d.apkg", dump=tmp_path / "d.json",
                    preview=tmp_path / "d.html")
    assert [t.setting for t in written.targets] == ["apkg", "preview", "dump"]
    assert written.imported is None
    log = import_apkg(collection, tmp_path / "d.apkg")
    assert len(log.new) == len(deck.cards) == collection.note_count()
    dump = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in dump["cards"]] == [c.id for c in deck.cards]
    assert deck.summary() in (tmp_path / "d.html").read_text(encoding="utf-8")


def test_one_call_writes_into_a_collection(deck, tmp_path):
    from anki.collection import Collection

    path = tmp_path / "collection.anki2"
    Collection(str(path)).close()
    written = write(deck, collection=path)
    assert (written.imported.new, written.imported.updated) == (len(deck.cards), 0)
    col = Collection(str(path))
    try:
        assert col.note_count() == len(deck.cards)
    finally:
        col.close()


def test_a_seed_is_drawn_when_none_is_given_and_the_deck_says_which():
    first = build(Options(count=3, variants=1, derivatives=False))
    again = build(Options(seed=first.seed, count=3, variants=1, derivatives=False))
    assert [c.back for c in again.cards] == [c.back for c in first.cards]
    assert first.summary().endswith(f"seed {first.seed}")


@pytest.mark.parametrize(("call", "setting"), [
    (lambda tmp: build(Options(seed=1, count=100_000, variants=30)), "count"),
    (lambda tmp: build(Options(seed=1, include_tags=frozenset({"lectur"}))), "include_tags"),
    (lambda tmp: build(Options(seed=1, count=1500, topics=("softmax",), difficulty="easy")),
     "count"),
    (lambda tmp: Outputs(apkg=tmp / "x.json", dump=tmp / "x.json"), "dump"),
    (lambda tmp: Outputs(dump="-", preview="-"), "preview"),
    (lambda tmp: Outputs(collection=tmp / "missing.anki2"), "collection"),
    (lambda tmp: Outputs(apkg=tmp / "mine.yaml", card_files=[tmp / "mine.yaml"]), "apkg"),
])
def test_errors_name_the_setting_and_no_option(tmp_path, call, setting):
    with pytest.raises(SettingError) as refused:
        call(tmp_path)
    assert refused.value.setting == setting
    assert "--" not in str(refused.value)
