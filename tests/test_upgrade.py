"""A collection that imported an earlier release takes this one in place: the same notes
and cards updated, review history and scheduling kept, no duplicates and no conflicts,
by File → Import and by --into. The releases, as they were built:

- 0.2.0 (tests/data/backprop-0.2.0.apkg): practice notes of one problem each, its
  subdecks without numbers;
- 2026-12-01 (tests/data/backprop-2026-12-01.apkg): eight problems a note, numbered
  subdecks, the practice templates before "Another version" and the verdict that
  counts the figures typed.

The note types keep their ids and fields, so Anki updates the notes (and their
templates) rather than reporting them as conflicting; File → Import leaves every card
in its deck, --into moves an earlier release's cards into the numbered subdecks.
"""

import json
from pathlib import Path

import pytest
from test_regenerate import review

from backprop_deck.core.card import static_guid

DATA = Path(__file__).parent / "data"
# Each release's file, its notes, and the subdecks where the learner reviewed cards
# before upgrading (three concept cards, two practice ones).
RELEASES = {
    "0.2.0": (DATA / "backprop-0.2.0.apkg", 113, "Concepts", "Practice"),
    "2026-12-01": (DATA / "backprop-2026-12-01.apkg", 113, "1 Concepts", "7 Practice"),
}
OLD_SUBDECKS = ("Concepts", "Gradient descent", "Formulas", "Chain rule", "Derivatives",
                "Lecture example", "Practice")
MODELS = {1607392319: ["Front", "Back", "Extra", "Id"],
          1607392320: ["Front", "Back", "Answer", "Value", "Tolerance", "Id"]}


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


@pytest.fixture(params=list(RELEASES))
def old(request, tmp_path):
    """A profile that imported a release and reviewed three concept and two practice
    cards."""
    release, notes, concepts, practice = RELEASES[request.param]
    folder = tmp_path / "User 1"
    folder.mkdir()
    path = folder / "collection.anki2"
    col = open_collection(path)
    try:
        assert len(import_as_file_import(col, release).new) == notes
        review(col, f"Backpropagation::{concepts}", 3)
        review(col, f"Backpropagation::{practice}", 2)
        before = snapshot(col)
    finally:
        col.close()
    assert len(before["revlog"]) == 5
    return path, before, request.param


def note_fields(path) -> dict[str, str]:
    col = open_collection(path)
    try:
        return dict(col.db.all("SELECT guid, flds FROM notes"))
    finally:
        col.close()


def built(cli, *args, cards=()) -> dict[str, str]:
    """Build this release (seed 7, as the releases were) with ``args`` (and the card
    files ``cards``); each note's fields as Anki holds them, by GUID, from a collection
    of its own."""
    own = [arg for path in cards for arg in ("--cards", path)]
    assert cli("--seed", "7", "--dump", "new.json", *own, *args).exit_code == 0
    Path("fresh").mkdir()
    assert cli("--seed", "7", *own, "-o", "fresh/new.apkg").exit_code == 0
    col = open_collection(Path("fresh/collection.anki2").resolve())
    try:
        import_as_file_import(col, Path("fresh/new.apkg").resolve())
        return dict(col.db.all("SELECT guid, flds FROM notes"))
    finally:
        col.close()


def check_updated_in_place(col, before: dict, fields: dict[str, str]) -> dict:
    """Every note and card of before kept its id and scheduling, the review log is the
    same, the note types kept their ids and fields and took this release's templates,
    and every note holds this release's fields (``fields``, by GUID)."""
    after = snapshot(col)
    assert col.note_count() == len(fields)
    assert after["revlog"] == before["revlog"]
    for guid, (nid, cid, _, scheduling) in before["cards"].items():
        assert after["cards"][guid][:2] == (nid, cid)
        assert after["cards"][guid][3] == scheduling, guid
    for mid, names in MODELS.items():
        assert [f["name"] for f in col.models.get(mid)["flds"]] == names
    practice = col.models.get(1607392320)["tmpls"][0]
    assert "bpVariants.front" in practice["qfmt"]
    assert "bpAnother.offer" in practice["afmt"] and "bpVerdict.show" in practice["afmt"]
    assert dict(col.db.all("SELECT guid, flds FROM notes")) == fields
    for note_id in col.find_notes("tag:practice -tag:evaluate Id:*-easy-*"):
        note = col.get_note(note_id)
        assert 'data-variant="7"' in note["Front"]  # eight problems
        assert 'id="bp-verdict"' in note.cards()[0].answer()  # rendered with the new template
    return after


def test_file_import_updates_every_note_in_place(cli, old):
    path, before, _ = old
    fields = built(cli, "-o", "new.apkg")
    col = open_collection(path)
    try:
        log = import_as_file_import(col, Path("new.apkg").resolve())
        new = len(set(fields) - set(before["cards"]))
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (
            new, len(before["cards"]), 0)
        after = check_updated_in_place(col, before, fields)
        # An import moves no card: every one stays where it was.
        assert {g: after["cards"][g][2] for g in before["cards"]} == {
            g: c[2] for g, c in before["cards"].items()}
    finally:
        col.close()


def test_into_updates_in_place(cli, old, tmp_path):
    """--into updates the notes whose fields differ and leaves the others as they were
    (their sync state too); the note types take this release's templates either way.
    0.2.0's cards move into the numbered subdecks."""
    path, before, release = old
    old_fields = note_fields(path)
    fields = built(cli, "--into", path)
    changed = sum(old_fields[guid] != flds for guid, flds in fields.items()
                  if guid in old_fields)
    new = len(set(fields) - set(old_fields))
    if release == "0.2.0":
        assert changed >= 54 + 8  # every practice note among them: eight problems now
    col = open_collection(path)
    try:
        after = check_updated_in_place(col, before, fields)
        decks = {c["guid"]: c["deck"]
                 for c in json.loads((tmp_path / "new.json").read_text())["cards"]}
        assert {g: c[2] for g, c in after["cards"].items()} == decks
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert not {f"Backpropagation::{name}" for name in OLD_SUBDECKS} & names
        assert len(col.find_notes("")) == len(old_fields) + new
    finally:
        col.close()
    again = cli("--seed", "7", "--into", path)  # once more: nothing left to change
    assert again.stdout.startswith(f"Wrote into {path} (0 new, 0 updated, {len(fields)} "
                                   f"unchanged)")


def test_into_reports_what_it_changed(cli, old):
    path, _, release = old
    old_fields = note_fields(path)
    result = cli("--seed", "7", "--dump", "new.json", "--into", path)
    assert result.exit_code == 0, result.stderr
    new_fields = note_fields(path)
    changed = sum(old_fields[guid] != flds for guid, flds in new_fields.items()
                  if guid in old_fields)
    new = len(set(new_fields) - set(old_fields))
    moved = (f", {len(old_fields)} moved into the numbered subdecks" if release == "0.2.0"
             else "")
    assert result.stdout.startswith(
        f"Wrote into {path} ({new} new, {changed} updated, "
        f"{len(old_fields) - changed} unchanged{moved})")


def test_into_leaves_a_card_the_learner_moved(cli, old):
    path, _, _ = old
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


# A learner's own card file, with a cloze and a card both ways: it adds notes of the new
# note types, and changes nothing of what the release had.
OWN_CARDS = """cards:
  - id: my-chain
    type: cloze
    text: 'Backprop applies the {{c1::chain rule}} from the {{c2::output::where?}} back.'
    extra: The gradient flows backwards.
  - id: my-sigmoid
    front: sigmoid′(z)
    back: σ(z)(1 − σ(z))
    reverse: true
"""
OWN = {"my-chain": (1607392321, [0, 1]), "my-sigmoid": (1607392322, [0, 1])}
OWN_MODELS = {1607392321: ["Text", "Back Extra", "Id"],
              1607392322: ["Front", "Back", "Extra", "Id"]}


def own_cards(folder: Path) -> Path:
    path = folder / "mine.yaml"
    path.write_text(OWN_CARDS, encoding="utf-8")
    return path


def check_own_notes(col, cli, folder: Path) -> None:
    """The own notes have their note types and cards; every other note is as the
    release without the own file makes it."""
    notes = [col.get_note(i) for i in col.find_notes("Id:my-*")]
    assert {n["Id"]: (n.mid, sorted(c.ord for c in n.cards())) for n in notes} == OWN
    for mid, names in OWN_MODELS.items():
        assert [f["name"] for f in col.models.get(mid)["flds"]] == names
    assert cli("--seed", "7", "--dump", "plain.json").exit_code == 0
    plain = json.loads((folder / "plain.json").read_text())["cards"]
    mine = json.loads((folder / "new.json").read_text())["cards"]
    assert [card for card in mine if card["id"] not in OWN] == plain


def test_own_cloze_and_both_ways_cards_join_an_old_collection_by_file_import(cli, old,
                                                                            tmp_path):
    path, before, _ = old
    fields = built(cli, "-o", "new.apkg", cards=[own_cards(tmp_path)])
    col = open_collection(path)
    try:
        log = import_as_file_import(col, Path("new.apkg").resolve())
        new = set(fields) - set(before["cards"])
        assert {static_guid(card_id) for card_id in OWN} <= new
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (
            len(new), len(before["cards"]), 0)
        check_updated_in_place(col, before, fields)
        check_own_notes(col, cli, tmp_path)
    finally:
        col.close()


def test_own_cloze_and_both_ways_cards_join_an_old_collection_by_into(cli, old, tmp_path):
    path, before, _ = old
    old_fields = note_fields(path)
    fields = built(cli, "--into", path, cards=[own_cards(tmp_path)])
    col = open_collection(path)
    try:
        check_updated_in_place(col, before, fields)
        check_own_notes(col, cli, tmp_path)
        assert len(col.find_notes("")) == len(set(old_fields) | set(fields))
    finally:
        col.close()
    again = cli("--seed", "7", "--cards", own_cards(tmp_path), "--into", path)
    assert again.stdout.startswith(f"Wrote into {path} (0 new, 0 updated, {len(fields)} "
                                   "unchanged)")
