"""Anki's own notes export, read as a card file: notes a learner already has in Anki,
brought in and edited here, then imported back into that very collection.

The export is Anki's (Collection.export_note_csv, what File → Export → Notes in Plain
Text writes with every box ticked), never written by hand. What Anki then does with a
note whose GUID it has under another note type (Basic, say) is Anki's: File → Import
leaves it as it is and counts it as conflicting, unless "Merge note types" is ticked;
then Anki turns it into the deck's note type and updates it, keeping its cards, their
deck and their review history. Both are checked here.
"""

import contextlib
import csv
import re
import time
from pathlib import Path

import pytest
from test_regenerate import review
from test_upgrade import open_collection, snapshot

from backprop_deck.deck.anki_notes import unlaid

NOTES = [  # front, back, tags
    ("What does backpropagation compute?", "Gradients, by the <b>chain rule</b>.",
     ["ml::backprop"]),
    ('A "quoted" front, with commas; and a tab\there', "σ′(z) = σ(z)(1 − σ(z))",
     ["ml::activations", "exam"]),
    ("\\( \\frac{\\partial J}{\\partial w} \\) is?", "How J changes with w.", ["ml::backprop"]),
]
DECK = "ML::Backprop"
QUICK = ("--no-practice", "--no-derivatives", "--seed", "1")


def file_import(col, path: Path, merge: bool):
    """File → Import with Anki's own presets, "Merge note types" ticked or not."""
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    options.merge_notetypes = merge
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path),
                                                            options=options)).log


@contextlib.contextmanager
def imported(path: Path, apkg: Path, merge: bool):
    """The collection at ``path``, open, with ``apkg`` imported by File → Import; and
    Anki's log of the import. Closed afterwards."""
    col = open_collection(path)
    try:
        yield col, file_import(col, apkg, merge)
    finally:
        col.close()


def export(col, path: Path) -> None:
    """File → Export → Notes in Plain Text, every box ticked, the deck's notes."""
    from anki.collection import DeckIdLimit

    col.export_note_csv(out_path=str(path), limit=DeckIdLimit(col.decks.id_for_name(DECK)),
                        with_html=True, with_tags=True, with_deck=True, with_notetype=True,
                        with_guid=True)


@pytest.fixture
def learner(tmp_path):
    """A profile with three Basic notes in ML::Backprop, one reviewed; their export."""
    path = tmp_path / "User 1" / "collection.anki2"
    path.parent.mkdir()
    col = open_collection(path)
    try:
        basic = col.models.by_name("Basic")
        deck = col.decks.id(DECK)
        for front, back, tags in NOTES:
            note = col.new_note(basic)
            note["Front"], note["Back"], note.tags = front, back, tags
            col.add_note(note, deck)
        review(col, DECK, 1)
        export(col, tmp_path / "export.txt")
        before = snapshot(col)
    finally:
        col.close()
    return path, before


def build(cli, tmp_path, monkeypatch, minutes: int = 1, notes: int = 3) -> Path:
    """The deck with the export's notes, built ``minutes`` after they were last changed
    (a learner edits the export, then builds; Anki updates a note from a newer copy)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60 * minutes))
    apkg = tmp_path / "deck.apkg"
    result = cli(*QUICK, "--cards", tmp_path / "export.txt", "--include-tags", "ml",
                 "-o", apkg)
    assert result.exit_code == 0, result.stderr
    assert re.match(rf"{notes} notes[ (]", result.stdout.split(": ")[1]), result.stdout
    return apkg


def edit(tmp_path, old: str, new: str) -> None:
    exported = tmp_path / "export.txt"
    text = exported.read_text(encoding="utf-8")
    assert text.count(old) == 1
    exported.write_text(text.replace(old, new), encoding="utf-8")


def test_anki_writes_what_the_reader_expects(learner, tmp_path):
    """The export's headers, as Anki 2.1.55 and later write them."""
    lines = (tmp_path / "export.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#guid column:1",
                         "#notetype column:2", "#deck column:3", "#tags column:6"]


def test_without_merge_note_types_anki_leaves_the_notes_as_they_are(
        cli, learner, tmp_path, monkeypatch):
    path, before = learner
    edit(tmp_path, "Gradients, by", "The gradients, by")
    with imported(path, build(cli, tmp_path, monkeypatch), merge=False) as (col, log):
        assert (len(log.conflicting), len(log.updated), len(log.new)) == (3, 0, 0)
        assert snapshot(col) == before
        assert {col.get_note(n).note_type()["name"] for n in col.find_notes("")} == {"Basic"}
        assert col.find_notes('"back:Gradients, by*"')


def test_with_merge_note_types_anki_updates_the_very_notes(cli, learner, tmp_path,
                                                            monkeypatch):
    path, before = learner
    edit(tmp_path, "Gradients, by", "The gradients, by")
    with imported(path, build(cli, tmp_path, monkeypatch), merge=True) as (col, log):
        assert (len(log.conflicting), len(log.updated), len(log.new)) == (0, 3, 0)
        after = snapshot(col)
        assert after == before  # same notes, cards, decks, scheduling and review log
        notes = [col.get_note(n) for n in col.find_notes("")]
        assert {n.note_type()["name"] for n in notes} == {"Backprop deck: question"}
        (edited,) = [n for n in notes if "chain rule" in n["Back"]]
        assert edited["Back"] == "The gradients, by the <b>chain rule</b>."
        assert sorted(edited.tags) == ["ml::backprop"]
        assert edited["Id"].startswith("anki-")
        assert {col.decks.name(n.cards()[0].did) for n in notes} == {DECK}


def test_the_round_trip_goes_on_once_the_notes_are_the_deck_s(cli, learner, tmp_path,
                                                              monkeypatch):
    """Merged once, the notes are of the deck's note type: exported again, edited and
    built, they update with no option ticked, and keep their ids."""
    path, before = learner
    with imported(path, build(cli, tmp_path, monkeypatch), merge=True) as (col, _):
        merged = {col.get_note(n)["Id"]: col.get_note(n)["Back"] for n in col.find_notes("")}
        export(col, tmp_path / "export.txt")
    edit(tmp_path, "How J changes with w.", "How fast J changes as w does.")
    apkg = build(cli, tmp_path, monkeypatch, minutes=2)
    with imported(path, apkg, merge=False) as (col, log):
        # Anki counts a note as updated whenever its copy is newer
        assert (len(log.conflicting), len(log.updated), len(log.new)) == (0, 3, 0)
        backs = {col.get_note(n)["Id"]: col.get_note(n)["Back"] for n in col.find_notes("")}
        changed = {i for i in merged if backs[i] != merged[i]}
        assert sorted(backs) == sorted(merged) and len(changed) == 1
        assert backs[changed.pop()] == "How fast J changes as w does."
        assert snapshot(col) == before


def test_a_fresh_profile_gets_the_notes_with_their_guids_decks_and_tags(
        cli, learner, tmp_path, monkeypatch, collection):
    _, before = learner
    apkg = build(cli, tmp_path, monkeypatch)
    file_import(collection, apkg, merge=False)
    guids = {guid for guid, *_ in collection.db.all("SELECT guid FROM notes")}
    assert guids == set(before["cards"])
    notes = [collection.get_note(n) for n in collection.find_notes("")]
    assert {collection.decks.name(n.cards()[0].did) for n in notes} == {DECK}
    assert sorted(t for n in notes for t in n.tags) == sorted(
        t for _, _, tags in NOTES for t in tags)
    (tabbed,) = [n for n in notes if "quoted" in n["Front"]]
    assert tabbed["Front"] == 'A "quoted" front, with commas; and a tab\there'


def test_into_leaves_them_and_says_so(cli, learner, tmp_path, monkeypatch):
    path, before = learner
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))
    result = cli(*QUICK, "--cards", tmp_path / "export.txt", "--include-tags", "ml",
                 "--into", path)
    assert result.exit_code == 0, result.stderr
    assert ("(0 new, 0 updated, 0 unchanged, 3 left alone (in Anki their note type is not "
            "the deck's))") in result.stdout
    col = open_collection(path)
    try:
        assert snapshot(col) == before
    finally:
        col.close()


def test_cloze_and_reversed_notes_come_back_as_those_kinds(cli, tmp_path, monkeypatch,
                                                           collection):
    """Anki's Cloze and "Basic (and reversed card)" notes, read from Anki's export and
    imported into a fresh profile, make the cards Anki makes for them."""
    source = open_collection(tmp_path / "source.anki2")
    try:
        deck = source.decks.id(DECK)
        cloze = source.new_note(source.models.by_name("Cloze"))
        cloze["Text"] = "Backprop applies the {{c1::chain rule}} from the {{c2::output}}."
        both = source.new_note(source.models.by_name("Basic (and reversed card)"))
        both["Front"], both["Back"] = "sigmoid′(z)", "σ(z)(1 − σ(z))"
        for note in (cloze, both):
            note.tags = ["ml::kinds"]
            source.add_note(note, deck)
        export(source, tmp_path / "export.txt")
    finally:
        source.close()
    file_import(collection, build(cli, tmp_path, monkeypatch, notes=2), merge=False)
    cards = {collection.get_note(n).guid: len(collection.get_note(n).cards())
             for n in collection.find_notes("tag:ml::kinds")}
    assert cards == {cloze.guid: 2, both.guid: 2}


def kinds_learner(tmp_path) -> tuple[Path, dict]:
    """A profile with Anki's own Cloze and "Basic (and reversed card)" notes in the deck,
    one card reviewed; their export."""
    path = tmp_path / "User 1" / "collection.anki2"
    path.parent.mkdir()
    col = open_collection(path)
    try:
        deck = col.decks.id(DECK)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "Backprop applies the {{c1::chain rule}} from the {{c2::output}}."
        cloze["Back Extra"] = "J depends on w through z."
        both = col.new_note(col.models.by_name("Basic (and reversed card)"))
        both["Front"], both["Back"] = "sigmoid′(z)", "σ(z)(1 − σ(z))"
        for note in (cloze, both):
            note.tags = ["ml::kinds"]
            col.add_note(note, deck)
        review(col, DECK, 1)
        export(col, tmp_path / "export.txt")
        before = snapshot(col)
    finally:
        col.close()
    return path, before


def test_merged_cloze_and_both_ways_notes_leave_the_deck_s_note_types_as_they_are(
        cli, tmp_path, monkeypatch):
    """Merged once, Anki's Cloze and reversed notes are the deck's cloze and both-ways
    notes, and those note types keep their fields (a field Anki's had and the deck's
    lacked would be added: then every note of the type would conflict). Exported
    again, they are read back as the same kinds and update with no option ticked, and
    by --into; the cards and their history stay."""
    from backprop_deck.deck.anki_package import CLOZE_MODEL, REVERSE_MODEL

    path, before = kinds_learner(tmp_path)
    col = open_collection(path)
    try:
        log = file_import(col, build(cli, tmp_path, monkeypatch, notes=2), merge=True)
        assert (len(log.conflicting), len(log.updated), len(log.new)) == (0, 2, 0)
        for model in (CLOZE_MODEL, REVERSE_MODEL):
            kept = col.models.get(model.model_id)
            assert [f["name"] for f in kept["flds"]] == [f["name"] for f in model.fields]
            assert len(kept["tmpls"]) == len(model.templates)
        (cloze,) = [col.get_note(n) for n in col.find_notes("chain")]
        assert cloze["Back Extra"] == "J depends on w through z."
        export(col, tmp_path / "export.txt")
    finally:
        col.close()
    edit(tmp_path, "from the {{c2::output}}", "back from the {{c2::output}}")
    col = open_collection(path)
    try:
        log = file_import(col, build(cli, tmp_path, monkeypatch, minutes=2, notes=2),
                          merge=False)
        assert (len(log.conflicting), len(log.updated), len(log.new)) == (0, 2, 0)
        assert col.find_notes('"back from the"')
        assert snapshot(col) == before
    finally:
        col.close()
    edit(tmp_path, "σ(z)(1 − σ(z))", "σ(z)·(1 − σ(z))")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 180))
    result = cli(*QUICK, "--cards", tmp_path / "export.txt", "--include-tags", "ml",
                 "--into", path)
    assert result.exit_code == 0, result.stderr
    assert "(0 new, 1 updated, 1 unchanged)" in result.stdout
    col = open_collection(path)
    try:
        (both,) = [col.get_note(n) for n in col.find_notes("front:sigmoid*")]
        assert unlaid(both["Back"]) == "σ(z)·(1 − σ(z))"
        assert snapshot(col) == before
    finally:
        col.close()


@pytest.mark.parametrize("kind", ["Vocabulary", "Basic (optional reversed card)"])
def test_a_note_type_of_other_fields_is_refused_where_anki_exported_it(
        cli, tmp_path, kind):
    """Another note type's fields would join the deck's in Anki (the test below): the
    export's note is refused at its row, with what to do."""
    col = open_collection(tmp_path / "source.anki2")
    try:
        if kind == "Vocabulary":
            vocabulary_note_type(col)
        note = col.new_note(col.models.by_name(kind))
        note.fields[0], note.fields[1] = "gradient", "slope"
        col.add_note(note, col.decks.id(DECK))
        export(col, tmp_path / "export.txt")
    finally:
        col.close()
    result = cli(*QUICK, "--cards", tmp_path / "export.txt", "-o", tmp_path / "d.apkg")
    line = next(n for n, text in enumerate((tmp_path / "export.txt").read_text(
        encoding="utf-8").splitlines(), start=1) if not text.startswith("#"))
    assert (result.exit_code, result.stderr) == (2, (
        f"{tmp_path / 'export.txt'}:{line}:1: note type '{kind}': only notes of Anki's "
        "Basic, Basic (type in the answer), Basic (and reversed card) or Cloze, or this "
        "deck's own, can come back (another's fields would join the deck's note type in "
        "Anki and stop its notes updating): change it in Anki's browser (Notes → Change "
        "Note Type…), then export again\n"))
    assert not (tmp_path / "d.apkg").exists()


def vocabulary_note_type(col) -> None:
    """A note type of one's own, its fields named otherwise than Basic's."""
    models = col.models
    vocabulary = models.new("Vocabulary")
    for name in ("Word", "Meaning"):
        models.add_field(vocabulary, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Word}}", "{{FrontSide}}<hr>{{Meaning}}"
    models.add_template(vocabulary, template)
    models.add(vocabulary)


def test_merging_a_note_type_of_other_fields_adds_them_to_the_deck_s(cli, tmp_path,
                                                                    monkeypatch):
    """Why notes of other note types are refused: merged, a note type whose fields are
    named otherwise (one's own, a translated Basic) gives its fields to the deck's
    question note type in that collection, and from then on the deck's own notes of
    that type conflict on File → Import and --into leaves them. (The note comes back
    here by a CSV's guid column, which cannot know its note type.)"""
    from backprop_deck.deck.anki_package import STATIC_MODEL

    path = tmp_path / "User 1" / "collection.anki2"
    path.parent.mkdir()
    (tmp_path / "mine.yaml").write_text("cards:\n  - {id: my-own, front: a, back: b, "
                                        "tags: [mine]}\n", encoding="utf-8")
    mine = ("--cards", tmp_path / "mine.yaml", "--include-tags", "mine")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) - 60))
    assert cli(*QUICK, *mine, "-o", tmp_path / "mine.apkg").exit_code == 0
    col = open_collection(path)
    try:
        file_import(col, tmp_path / "mine.apkg", merge=False)
        vocabulary_note_type(col)
        note = col.new_note(col.models.by_name("Vocabulary"))
        note["Word"], note["Meaning"], note.tags = "gradient", "slope", ["ml"]
        col.add_note(note, col.decks.id(DECK))
        guid = note.guid
    finally:
        col.close()
    with open(tmp_path / "vocabulary.csv", "w", encoding="utf-8", newline="") as table:
        # csv's quoting: an Anki GUID may hold a comma or a quote
        csv.writer(table).writerows([("id", "guid", "front", "back", "tags"),
                                     ("word", guid, "gradient", "slope", "ml")])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))
    apkg = tmp_path / "vocabulary.apkg"
    assert cli(*QUICK, "--cards", tmp_path / "vocabulary.csv", "--include-tags", "ml",
               "-o", apkg).exit_code == 0
    col = open_collection(path)
    try:
        file_import(col, apkg, merge=True)
        fields = [f["name"] for f in col.models.get(STATIC_MODEL.model_id)["flds"]]
        assert fields == ["Front", "Back", "Extra", "Id", "Word", "Meaning"]
    finally:
        col.close()
    (tmp_path / "mine.yaml").write_text("cards:\n  - {id: my-own, front: a, back: b (edited), "
                                        "tags: [mine]}\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 120))
    assert cli(*QUICK, *mine, "-o", tmp_path / "mine.apkg").exit_code == 0
    col = open_collection(path)
    try:
        log = file_import(col, tmp_path / "mine.apkg", merge=False)
        assert (len(log.conflicting), len(log.updated)) == (1, 0)
    finally:
        col.close()
    result = cli(*QUICK, *mine, "--into", path)
    assert "1 left alone (in Anki their note type is not the deck's)" in result.stdout
