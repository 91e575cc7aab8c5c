"""The built-in card file: the seed deck word for word, the three promised cards, and
the lessons before the practice (concept cards, notation, gradient check)."""

from pathlib import Path

import pytest

from backprop_deck.deck.cards_file import load

ROOT = Path(__file__).resolve().parent.parent
SEED = (Path(__file__).parent / "data" / "seed-deck.txt").read_text(encoding="utf-8")


def seed_pairs() -> list[tuple[str, str]]:
    lines = SEED.splitlines()
    assert lines[:2] == ["Backprop Flashcards", "(27 cards)"]
    return list(zip(lines[2::2], lines[3::2], strict=True))


@pytest.fixture(scope="module")
def builtin():
    return load(ROOT / "cards.yaml")


def test_seed_lists_24_pairs():
    assert len(seed_pairs()) == 24


def test_every_seed_card_is_verbatim(builtin):
    cards = [(c.front, c.back) for c in builtin.cards]
    for pair in seed_pairs():
        assert pair in cards


def test_the_seed_the_3_added_and_the_lessons(builtin):
    added = [c for c in builtin.cards if "added" in c.tags]
    originals = [c for c in builtin.cards if "seed" in c.tags]
    assert len(added) == 3 and len(originals) == 24
    assert not {c.id for c in added} & {c.id for c in originals}
    seed_fronts = {front for front, _ in seed_pairs()}
    assert all(c.front not in seed_fronts for c in added)
    lessons = [c for c in builtin.cards if c not in added and c not in originals]
    assert lessons and all({"concept", "notation", "gradient-check"} & set(c.tags)
                           for c in lessons)
    assert [c.deck for c in builtin.cards].count("7 Practice") == len(lessons)


def test_ids_unique_and_every_card_in_a_subdeck(builtin):
    ids = [c.id for c in builtin.cards]
    assert len(ids) == len(set(ids))
    assert all(c.deck and c.tags for c in builtin.cards)


def test_lecture_network_is_in_yaml(builtin):
    (lecture,) = builtin.networks
    assert lecture.id == "lecture"
    assert lecture.network.inputs == (0.05, 0.10)
    assert lecture.network.weights[1] == ((0.40, 0.45), (0.50, 0.55))


def test_the_chain_rule_is_written_out_before_its_terms_are_asked_about(builtin):
    """Review 2026-12-08, 5.3: chain-rule-terms asked about "each term in the chain rule"
    one card before chain-rule-w5 showed the terms."""
    ids = [c.id for c in builtin.cards]
    assert ids.index("chain-rule-w5") < ids.index("chain-rule-terms")
    terms = next(c for c in builtin.cards if c.id == "chain-rule-terms")
    assert "on the card before" in terms.extra
