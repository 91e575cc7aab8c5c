"""The genanki layer: stable ids, valid HTML in every field, both note types."""

import genanki
import pytest

from deck.anki_package import PRACTICE_MODEL, STATIC_MODEL, Note, deck_id, note_for
from deck.build import Options, build
from generators.registry import TOPICS


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
