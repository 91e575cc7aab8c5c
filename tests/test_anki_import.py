"""Import the built deck into a real Anki collection, as a user's Anki would."""

import json
import shutil

import pytest
from conftest import ROOT, import_apkg, notes_by_id

from backprop_deck.core.html import full_size_inline_fractions, keep_together, text_to_html
from backprop_deck.deck.cards_file import load


@pytest.fixture
def built(cli, tmp_path):
    result = cli("-o", tmp_path / "deck.apkg", "--dump", tmp_path / "deck.json", "--seed", "7")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "deck.apkg"


@pytest.fixture
def dump(built):
    return json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))


def test_every_card_renders_its_front_and_back(collection, built, dump):
    log = import_apkg(collection, built)
    assert len(log.new) == collection.note_count() == len(dump["cards"])
    notes = notes_by_id(collection)
    for entry in dump["cards"]:
        note = notes[entry["id"]]
        assert note.guid == entry["guid"]
        card = note.cards()[0]
        assert entry["front"] in card.question()
        assert entry["back"] in card.answer()
        assert collection.decks.name(card.did) == entry["deck"]


def test_static_cards_show_the_yaml_text(collection, built):
    import_apkg(collection, built)
    notes = notes_by_id(collection)
    for spec in load(ROOT / "cards.yaml").cards:
        card = notes[spec.id].cards()[0]
        question, answer = card.question(), card.answer()
        shown = {side: keep_together(full_size_inline_fractions(text_to_html(getattr(spec, side))))
                 for side in ("front", "back", "extra")}
        assert shown["front"] in question
        assert shown["back"] in answer
        assert shown["front"] in answer
        if spec.extra:
            assert shown["extra"] in answer


def test_subdecks_tags_and_description(collection, built):
    import_apkg(collection, built)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {"Backpropagation", "Backpropagation::1 Concepts",
            "Backpropagation::6 Lecture example"} <= names
    root = collection.decks.by_name("Backpropagation")
    assert "spaced repetition" in root["desc"]
    note = notes_by_id(collection)["chain-rule-w5"]
    assert set(note.tags) == {"chain-rule", "added"}
    assert collection.decks.name(note.cards()[0].did) == "Backpropagation::4 Chain rule"


def test_reimport_adds_nothing(collection, built):
    import_apkg(collection, built)
    count = collection.note_count()
    log = import_apkg(collection, built)
    assert len(log.new) == 0
    assert collection.note_count() == count


def test_edited_back_updates_the_note_in_place(collection, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("-o", "first.apkg").exit_code == 0
    import_apkg(collection, tmp_path / "first.apkg")
    before = notes_by_id(collection)["chain-rule"]
    count = collection.note_count()

    edited = tmp_path / "cards.yaml"
    shutil.copy(ROOT / "cards.yaml", edited)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('"The chain rule of calculus."',
                                   '"The chain rule of differential calculus."'),
                      encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    assert cli("--cards", edited, "-o", "second.apkg").exit_code == 0
    log = import_apkg(collection, tmp_path / "second.apkg")

    assert len(log.new) == 0 and len(log.updated) >= 1
    assert collection.note_count() == count
    after = notes_by_id(collection)["chain-rule"]
    assert after.id == before.id
    assert after["Back"] == "The chain rule of differential calculus."


def test_preview_renders_cards_exactly_as_anki(collection, built):
    """The preview page's HTML for each side is what Anki itself renders."""
    from backprop_deck.deck.anki_package import render
    from backprop_deck.deck.build import Options, build

    import_apkg(collection, built)
    notes = notes_by_id(collection)
    for card in build(Options(seed=7)).cards:
        anki_card = notes[card.id].cards()[0]
        question, answer = render(card)
        assert question in anki_card.question()
        assert answer in anki_card.answer()
