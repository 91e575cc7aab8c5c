"""--into: the deck written straight into a real Anki collection, with review history.

Every run here uses the same SOURCE_DATE_EPOCH, the case where Anki's own package
import updates nothing (its notes are never newer than the collection's).
"""

import hashlib
import subprocess
import sys
import textwrap

import pytest
from conftest import import_apkg
from test_regenerate import review

COUNT = ["--count", "18", "--no-derivatives"]


def open_collection(path):
    from anki.collection import Collection

    return Collection(str(path))


@pytest.fixture
def profile(tmp_path, monkeypatch):
    """A profile folder with a collection holding one note of the user's own."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = tmp_path / "User 1"
    folder.mkdir()
    col = open_collection(folder / "collection.anki2")
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "my own card", "stays"
    col.add_note(note, col.decks.id_for_name("Default"))
    col.close()
    return folder


def notes(path) -> dict[str, tuple]:
    """guid → (note id, modified, fields, tags), read with Anki's engine."""
    col = open_collection(path)
    try:
        return {guid: (nid, mod, flds, tags) for nid, guid, mod, flds, tags
                in col.db.all("SELECT id, guid, mod, flds, tags FROM notes")}
    finally:
        col.close()


def scheduling(col, card_ids) -> dict[int, tuple]:
    return {cid: col.db.first("SELECT type, queue, due, ivl, factor, reps, lapses FROM cards "
                              "WHERE id = ?", cid) for cid in card_ids}


def test_regenerating_into_the_collection_updates_notes_and_keeps_history(cli, tmp_path,
                                                                         profile):
    path = profile / "collection.anki2"
    first = cli("--seed", "1", *COUNT, "--into", path)
    assert first.exit_code == 0, first.stderr
    ours = len(notes(path)) - 1
    assert first.stdout.startswith(f"Wrote into {path} ({ours} new, 0 updated, 0 unchanged): ")
    assert not (tmp_path / "backprop.apkg").exists()  # --into alone writes no .apkg

    col = open_collection(path)
    reviewed = review(col, "Backpropagation::7 Practice", 6) + review(col, "Backpropagation", 4)
    history = scheduling(col, reviewed), col.db.scalar("SELECT count() FROM revlog")
    col.close()
    before = notes(path)

    second = cli("--seed", "2", *COUNT, "--into", path, "-o", "seed2.apkg")
    assert second.exit_code == 0, second.stderr
    after = notes(path)
    changed = {guid for guid in before if before[guid][2] != after[guid][2]}
    assert 0 < len(changed) < ours
    assert second.stdout.startswith(
        f"Wrote seed2.apkg and into {path} (0 new, {len(changed)} updated, "
        f"{ours - len(changed)} unchanged): ")
    assert after.keys() == before.keys()  # nothing added, nothing deleted
    assert all(after[g][0] == before[g][0] for g in before)  # the same notes, updated
    assert all(after[g][1] == before[g][1] for g in before if g not in changed)

    # What the collection now holds is what importing seed 2's .apkg gives a new one.
    fresh = open_collection(tmp_path / "fresh.anki2")
    import_apkg(fresh, tmp_path / "seed2.apkg")
    expected = {guid: (flds, tags) for guid, flds, tags
                in fresh.db.all("SELECT guid, flds, tags FROM notes")}
    fresh.close()
    assert {g: (n[2], n[3]) for g, n in after.items() if g in expected} == expected

    col = open_collection(path)
    assert (scheduling(col, reviewed), col.db.scalar("SELECT count() FROM revlog")) == history
    own = col.get_note(col.find_notes('"Front:my own card"')[0])
    assert own["Back"] == "stays"
    col.close()

    third = cli("--seed", "2", *COUNT, "--into", path)  # the same second, the same cards
    assert f"(0 new, 0 updated, {ours} unchanged)" in third.stdout
    assert notes(path) == after
    assert len(list((profile / "backups").glob("backup-*.colpkg"))) >= 1


def test_more_problems_are_added_beside_the_old(cli, profile):
    path = profile / "collection.anki2"
    assert cli("--seed", "1", *COUNT, "--into", path).exit_code == 0
    result = cli("--seed", "1", "--count", "27", "--no-derivatives", "--into", path)
    assert "(9 new, 0 updated, " in result.stdout


def test_a_collection_open_in_anki_is_refused_and_left_as_it_was(cli, profile):
    path = profile / "collection.anki2"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from anki.collection import Collection
        col = Collection({str(path)!r})
        print("open", flush=True)
        sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        result = cli("--seed", "1", *COUNT, "--into", path, "-o", "deck.apkg")
        assert (result.exit_code, result.stderr, result.stdout) == (
            2, f"--into: '{path}' is open in Anki; close Anki (or wait for its sync to "
               "finish), then run again\n", "")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert not (profile.parent / "deck.apkg").exists()
        assert not (profile / "backups").exists()
    finally:
        holder.communicate("", timeout=30)


@pytest.mark.parametrize(("given", "message"), [
    ("nowhere/collection.anki2", "--into: no Anki collection at 'nowhere/collection.anki2' "
     "(Anki keeps one per profile, e.g. ~/.local/share/Anki2/User 1/collection.anki2)"),
    ("notes.txt", "--into: 'notes.txt' is not an Anki collection"),
    (".", "--into: no Anki collection at '.' (Anki keeps one per profile, e.g. "
     "~/.local/share/Anki2/User 1/collection.anki2)"),
])
def test_what_is_not_a_collection_is_one_line_and_untouched(cli, tmp_path, profile, given,
                                                            message):
    (tmp_path / "notes.txt").write_text("my notes")
    result = cli(*COUNT, "--into", given)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert (tmp_path / "notes.txt").read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["User 1", "notes.txt"]


def test_a_profile_folder_means_its_collection(cli, profile):
    result = cli(*COUNT, "--into", "User 1")
    assert result.exit_code == 0 and result.stdout.startswith("Wrote into User 1 (")
    assert len(notes(profile / "collection.anki2")) > 1


@pytest.mark.parametrize("into", ["User 1/collection.anki2", "User 1"])
def test_the_collection_is_never_an_output(cli, profile, into):
    result = cli(*COUNT, "--into", into, "--dump", "User 1/collection.anki2")
    assert (result.exit_code, result.stderr) == (
        2, "--dump: 'User 1/collection.anki2' is the collection written into; writing it "
           "would destroy it\n")


def test_without_ankis_engine_it_says_what_to_install(cli, profile, monkeypatch):
    """Where the anki package is not installed, 'import anki.collection' fails."""
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    result = cli(*COUNT, "--into", profile / "collection.anki2")
    assert (result.exit_code, result.stderr) == (
        2, "--into: needs Anki's engine: pip install 'backprop-deck[anki]' (or pip install "
           "anki)\n")


def test_a_collection_that_cannot_be_written_is_one_line(cli, profile):
    """A 'backups' file where Anki's backups folder belongs: the backup fails first, and
    nothing is imported."""
    path = profile / "collection.anki2"
    (profile / "backups").write_text("not a folder")
    before = notes(path)
    result = cli(*COUNT, "--into", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"--into: Anki could not write into '{path}': ")
    assert result.stderr.count("\n") == 1
    assert notes(path) == before


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_programs_sqlite_file_gets_no_anki_tables(cli, tmp_path):
    import sqlite3

    other = tmp_path / "app.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    db.commit()
    db.close()
    before = digest(other)
    result = cli(*COUNT, "--into", other)
    assert (result.exit_code, result.stderr) == (
        2, f"--into: '{other}' is not an Anki collection\n")
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.sqlite"]  # no -wal, -shm


def test_an_old_collection_is_not_upgraded_when_the_build_is_refused(cli, profile):
    """Anki's engine upgrades a schema-11 collection (older Anki cannot open it then) as
    it opens it: a build refused for a tag typo must not have opened it."""
    path = profile / "collection.anki2"
    col = open_collection(path)
    col.close(downgrade=True)
    before = digest(path)
    result = cli(*COUNT, "--into", path, "--include-tags", "lectur")
    assert result.exit_code == 2 and result.stderr.startswith("--include-tags: no card has ")
    assert digest(path) == before
    col = open_collection(path)  # opens (and upgrades) fine: it is still a collection
    col.close()


def test_a_failing_collection_leaves_the_deck_and_dump_as_they_were(cli, profile, tmp_path):
    path = profile / "collection.anki2"
    (tmp_path / "deck.apkg").write_bytes(b"yesterday's deck")
    (tmp_path / "deck.json").write_text("yesterday's dump")
    (profile / "backups").write_text("not a folder")  # Anki's backup fails, mid-way
    before = digest(path)
    result = cli(*COUNT, "-o", "deck.apkg", "--dump", "deck.json", "--into", path)
    assert result.exit_code == 2 and result.stderr.startswith("--into: Anki could not write ")
    assert (tmp_path / "deck.apkg").read_bytes() == b"yesterday's deck"
    assert (tmp_path / "deck.json").read_text() == "yesterday's dump"
    assert digest(path) == before
    assert sorted(p.name for p in profile.iterdir()) == ["backups", "collection.anki2",
                                                         "collection.media"]


def test_a_signal_while_importing_leaves_every_file_as_it_was(profile, tmp_path):
    """SIGTERM while Anki's engine imports (into the copy, beside the collection): the
    collection, the deck and the dump stay as they were, the copy goes."""
    import os
    import signal
    import time

    from conftest import ROOT

    path = profile / "collection.anki2"
    (tmp_path / "deck.apkg").write_bytes(b"yesterday's deck")
    before = digest(path)
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "build_deck.py"), "--count", "1800", "--variants", "2",
         "--no-derivatives", "-o", "deck.apkg", "--dump", "deck.json", "--into", str(path)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    deadline = time.monotonic() + 120
    while not list(profile.glob(".bp-*.work/collection.anki2")):
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.01)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=120)
    assert (child.returncode, err) == (143, "SIGTERM: stopped; no files written\n"), out
    assert digest(path) == before
    assert (tmp_path / "deck.apkg").read_bytes() == b"yesterday's deck"
    assert not (tmp_path / "deck.json").exists()
    assert not list(profile.glob(".bp-*")) and not list(tmp_path.glob(".bp-*"))


def test_what_a_killed_build_left_beside_the_collection_goes_with_the_next(cli, profile):
    left = profile / ".bp-999999999-0badc0de-into.work"
    left.mkdir()
    (left / "collection.anki2").write_bytes(b"half a copy")
    assert cli(*COUNT, "--into", profile / "collection.anki2").exit_code == 0
    assert not left.exists()


def test_signals_wait_while_the_outputs_are_put_in_place():
    import os
    import signal

    from backprop_deck.core.signals import held

    seen = []
    previous = signal.signal(signal.SIGHUP, lambda *_: seen.append("handled"))
    try:
        with held():
            os.kill(os.getpid(), signal.SIGHUP)
            seen.append("placed")
        assert seen == ["placed", "handled"]
    finally:
        signal.signal(signal.SIGHUP, previous)
