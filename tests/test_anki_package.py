"""The genanki layer: stable ids, valid HTML in every field, both note types."""

import zipfile

import genanki
import pytest

from backprop_deck.deck import anki_package
from backprop_deck.deck.anki_package import (
    PRACTICE_MODEL,
    STATIC_MODEL,
    Note,
    deck_id,
    fast_deflate,
    note_for,
    write_package,
)
from backprop_deck.deck.build import Options, build
from backprop_deck.generators.registry import TOPICS


@pytest.fixture(scope="module")
def cards():
    decks = [build(Options(seed=seed, count=60, difficulty=level))
             for seed, level in ((1, "easy"), (2, "medium"), (3, "hard"))]
    return [card for deck in decks for card in deck.cards]


def test_every_field_passes_genankis_html_scan(cards):
    """What genanki checks on each note, run here once instead of on every build."""
    assert Note._check_invalid_html_tags_in_fields is not (
        genanki.Note._check_invalid_html_tags_in_fields)
    assert {card.kind for card in cards} == {"static", "derivative", *TOPICS}
    for card in cards:
        for field in note_for(card).fields:
            assert genanki.Note._find_invalid_html_tags_in_field(field) == [], card.id


def test_model_ids_never_change():
    assert (STATIC_MODEL.model_id, PRACTICE_MODEL.model_id) == (1607392319, 1607392320)


def test_numeric_cards_use_the_practice_note_type(cards):
    for card in cards:
        expected = PRACTICE_MODEL if card.answer is not None else STATIC_MODEL
        assert note_for(card).model is expected


def test_deck_ids_are_stable_per_name():
    assert deck_id("Backpropagation") == deck_id("Backpropagation")
    assert deck_id("Backpropagation") != deck_id("Backpropagation::Practice")
    assert 0 < deck_id("Backpropagation") < 2**63


def _package(cards, tmp_path) -> zipfile.ZipFile:
    out = tmp_path / "deck.apkg"
    with open(out, "wb") as f:
        write_package(cards, "Root", f, tmp_path, timestamp=1_700_000_000)
    return zipfile.ZipFile(out)


def test_isal_packs_the_deck_on_this_python(cards, tmp_path):
    """requirements.txt installs isal here; a zipfile that no longer lets its compressor
    be replaced would quietly fall back to zlib, so this says so."""
    assert anki_package.isal_zlib is not None
    with zipfile.ZipFile(tmp_path / "probe.zip", "w") as zipped, zipped.open(
            anki_package._entry("probe", (2024, 1, 1, 0, 0, 0)), "w") as entry:
        assert fast_deflate(entry)
        entry.write(b"probe")
    with _package(cards, tmp_path) as deck:
        assert deck.testzip() is None
        assert deck.getinfo("collection.anki2").compress_type == zipfile.ZIP_DEFLATED


def test_without_isal_zlib_packs_the_same_collection(cards, tmp_path, monkeypatch):
    """Where no isal wheel exists: the same database inside, packed by zlib."""
    for folder in ("isal", "zlib"):
        (tmp_path / folder).mkdir()
    with _package(cards, tmp_path / "isal") as deck:
        fast = deck.read("collection.anki2")
    monkeypatch.setattr(anki_package, "isal_zlib", None)
    with _package(cards, tmp_path / "zlib") as deck:
        assert deck.testzip() is None
        assert deck.read("collection.anki2") == fast
