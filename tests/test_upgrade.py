"""A collection that imported release 0.2.0 (tests/data/backprop-0.2.0.apkg, the file as
that release built it) takes this release in place: the same notes and cards updated,
review history and scheduling kept, no duplicates, by File → Import and by --into.

0.2.0's practice notes had one problem each and its subdecks no numbers. The note
types keep their fields, so Anki updates the notes (and their templates) rather than
reporting them as conflicting; File → Import leaves every card in its deck, --into
moves them into the numbered subdecks.
"""

from pathlib import Path

import pytest
from conftest import ROOT
from test_regenerate import review

from deck.cards_file import load

OLD = Path(__file__).parent / "data" / "backprop-0.2.0.apkg"
OLD_NOTES = 113
# The hand-written cards added since: the lessons before the practice (new notes)
ADDED = sum(1 for card in load(ROOT / "cards.yaml").cards
            if {"concept", "notation", "gradient-check"} & set(card.tags))
OLD_SUBDECKS = ("Concepts", "Gradient descent", "Formulas", "Chain rule", "Derivatives",
                "Lecture example", "Practice")


def open_collection(path):
    from anki.collection import Collection

    return Collection(str(path))


def import_as_file_import(col, path: Path):
    """What File → Import does: Anki's own presets (no scheduling, update if newer)."""
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path),
                                                            options=options)).log


def snapshot(col) -> dict:
    """Each note's id, its card's id, deck and scheduling, and the whole review log."""
    cards = {guid: (nid, cid, col.decks.name(did), (ctype, queue, due, ivl, factor, reps))
             for guid, nid, cid, did, ctype, queue, due, ivl, factor, reps in col.db.all(
                 "SELECT n.guid, n.id, c.id, c.did, c.type, c.queue, c.due, c.ivl, c.factor, "
                 "c.reps FROM notes n JOIN cards c ON c.nid = n.id")}
    revlog = col.db.all("SELECT id, cid, ease, ivl, type FROM revlog ORDER BY id")
    return {"cards": cards, "revlog": revlog}


@pytest.fixture
def old(tmp_path):
    """A profile that imported 0.2.0 and reviewed three concept and two practice cards."""
    folder = tmp_path / "User 1"
    folder.mkdir()
    path = folder / "collection.anki2"
    col = open_collection(path)
    try:
        assert len(import_as_file_import(col, OLD).new) == OLD_NOTES
        review(col, "Backpropagation::Concepts", 3)
        review(col, "Backpropagation::Practice", 2)
        before = snapshot(col)
    finally:
        col.close()
    assert len(before["revlog"]) == 5
    return path, before


def note_fields(path) -> dict[str, str]:
    col = open_collection(path)
    try:
        return dict(col.db.all("SELECT guid, flds FROM notes"))
    finally:
        col.close()


def check_updated_in_place(col, before: dict) -> dict:
    after = snapshot(col)
    assert col.note_count() == OLD_NOTES + ADDED
    assert after["revlog"] == before["revlog"]
    for guid, (nid, cid, _, scheduling) in before["cards"].items():
        assert after["cards"][guid][:2] == (nid, cid)
        assert after["cards"][guid][3] == scheduling, guid
    practice = col.models.by_name("Backprop deck: practice")
    assert "bpVariants.front" in practice["tmpls"][0]["qfmt"]  # the note type updated
    for note_id in col.find_notes("tag:practice -tag:evaluate Id:*-easy-*"):
        assert 'data-variant="7"' in col.get_note(note_id)["Front"]  # eight problems now
    return after


def test_file_import_updates_every_note_in_place(cli, old):
    path, before = old
    assert cli("--seed", "7", "-o", "new.apkg").exit_code == 0
    col = open_collection(path)
    try:
        log = import_as_file_import(col, Path("new.apkg").resolve())
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (ADDED, OLD_NOTES, 0)
        after = check_updated_in_place(col, before)
        # An import moves no card: every one stays where it was.
        assert {g: after["cards"][g][2] for g in before["cards"]} == {
            g: c[2] for g, c in before["cards"].items()}
    finally:
        col.close()


def test_into_updates_in_place_and_moves_cards_into_the_numbered_subdecks(cli, old, tmp_path):
    path, before = old
    fields = note_fields(path)
    result = cli("--seed", "7", "--dump", "deck.json", "--into", path)
    assert result.exit_code == 0, result.stderr
    # Updated: the notes whose fields changed (every practice note among them: it holds
    # eight problems now); the others only moved.
    changed = sum(fields[guid] != flds for guid, flds in note_fields(path).items()
                  if guid in fields)
    assert changed >= 54 + 8
    assert result.stdout.startswith(
        f"Wrote into {path} ({ADDED} new, {changed} updated, {OLD_NOTES - changed} unchanged, "
        f"{OLD_NOTES} moved into the numbered subdecks)")
    col = open_collection(path)
    try:
        after = check_updated_in_place(col, before)
        import json

        decks = {c["guid"]: c["deck"]
                 for c in json.loads((tmp_path / "deck.json").read_text())["cards"]}
        assert {g: c[2] for g, c in after["cards"].items()} == decks
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert not {f"Backpropagation::{name}" for name in OLD_SUBDECKS} & names
    finally:
        col.close()


def test_into_leaves_a_card_the_learner_moved(cli, old):
    path, _ = old
    col = open_collection(path)
    try:
        mine = col.decks.id("My own deck")
        (moved,) = col.find_cards('"Id:backprop-purpose"')
        col.set_deck([moved], mine)
    finally:
        col.close()
    assert cli("--seed", "7", "--into", path).exit_code == 0
    col = open_collection(path)
    try:
        assert col.get_card(moved).did == mine
        assert col.decks.name(col.get_card(col.find_cards('"Id:forward-pass"')[0]).did) == (
            "Backpropagation::1 Concepts")
    finally:
        col.close()
