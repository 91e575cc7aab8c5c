"""Regenerating with a new seed, in a real Anki collection with review history."""

import pytest
from conftest import import_apkg, notes_by_id

from backprop_deck.generators.linear.shapes import COUNT as SHAPE_CARDS


def practice_notes(col):
    return notes_by_id(col, "tag:practice")


def review(col, deck: str, how_many: int) -> list[int]:
    """Answer cards through the scheduler, as a learner does; returns their card ids."""
    col.decks.select(col.decks.id_for_name(deck))
    reviewed = []
    for _ in range(how_many):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=3))
        reviewed.append(card.id)
    return reviewed


@pytest.fixture
def first_import(collection, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("--seed", "1", "--count", "9", "--no-derivatives", "-o", "seed1.apkg").exit_code == 0
    import_apkg(collection, tmp_path / "seed1.apkg")
    reviewed = review(collection, "Backpropagation::7 Practice", 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000600")
    return reviewed


def test_new_seed_refreshes_the_same_notes_and_keeps_history(collection, cli, tmp_path,
                                                             first_import):
    before = {k: (n.id, n["Back"]) for k, n in practice_notes(collection).items()}
    total = collection.note_count()
    revlog = collection.db.scalar("select count() from revlog")
    assert cli("--seed", "2", "--count", "9", "--no-derivatives", "-o", "seed2.apkg").exit_code == 0
    log = import_apkg(collection, tmp_path / "seed2.apkg")

    after = {k: (n.id, n["Back"]) for k, n in practice_notes(collection).items()}
    assert len(log.new) == 0
    assert collection.note_count() == total
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert sum(before[k][1] != after[k][1] for k in before) == len(before)
    assert collection.db.scalar("select count() from revlog") == revlog
    for card_id in first_import:
        assert collection.get_card(card_id).reps == 1


def test_new_notes_adds_beside_the_old_ones(collection, cli, tmp_path, first_import):
    before = {n.id: n["Back"] for n in practice_notes(collection).values()}
    total = collection.note_count()
    assert cli("--seed", "2", "--count", "9", "--no-derivatives", "--new-notes",
               "-o", "seed2.apkg").exit_code == 0
    log = import_apkg(collection, tmp_path / "seed2.apkg")

    added = 9 + SHAPE_CARDS  # the practice problems, and the linear topic's shape cards
    assert len(log.new) == added
    assert collection.note_count() == total + added
    for note_id, back in before.items():
        assert collection.get_note(note_id)["Back"] == back
    for card_id in first_import:
        assert collection.get_card(card_id).reps == 1


def test_a_replaced_generated_card_keeps_its_note_and_history(collection, cli, tmp_path,
                                                              monkeypatch, write_cards):
    """lecture-loss and deriv-at-sigmoid ask for a typed number; a user's card with their
    id replaces them in place: the same GUID and note type, so Anki updates the notes
    (and keeps their reviews) instead of adding new ones or reporting a conflict."""
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("--seed", "1", "--count", "0", "-o", "first.apkg",
               "--dump", "first.json").exit_code == 0
    import_apkg(collection, tmp_path / "first.apkg")
    before = notes_by_id(collection)
    reviewed = [before[i].cards()[0].id for i in ("lecture-loss", "deriv-at-sigmoid")]
    for card_id in reviewed:
        card = collection.get_card(card_id)
        collection.sched.set_due_date([card.id], "3")
    mine = write_cards("""
        cards:
          - id: lecture-loss
            front: In words, what is the lecture network's loss after one forward pass?
            back: About 0.2984.
            extra: Half the sum of the squared errors of o1 and o2.
          - id: deriv-at-sigmoid
            front: What is σ′(0)?
            back: One quarter.
        """)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000600")
    assert cli("--seed", "1", "--count", "0", "--cards", mine, "-o", "second.apkg",
               "--dump", "second.json").exit_code == 0
    guids = [{c["id"]: c["guid"] for c in json.loads((tmp_path / f"{n}.json").read_text())
              ["cards"]} for n in ("first", "second")]
    assert guids[0]["lecture-loss"] == guids[1]["lecture-loss"]
    assert guids[0]["deriv-at-sigmoid"] == guids[1]["deriv-at-sigmoid"]
    total = collection.note_count()
    log = import_apkg(collection, tmp_path / "second.apkg")
    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert collection.note_count() == total
    after = notes_by_id(collection)
    for card_id, note_id in zip(reviewed, ("lecture-loss", "deriv-at-sigmoid"), strict=True):
        assert after[note_id].id == before[note_id].id
        assert collection.get_card(card_id).type == 2  # still a review card
    assert "About 0.2984." in after["lecture-loss"]["Back"]
    assert "Half the sum" in after["lecture-loss"]["Back"]
    card = after["deriv-at-sigmoid"].cards()[0]
    assert 'id="bp-typein"' not in card.question() and "One quarter." in card.answer()
