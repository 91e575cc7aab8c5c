"""A signal at any moment of a build's end: one line or none, status 128 + N, never a
traceback, and every file either as it was or complete and new.

Real signals to real builds, two ways. Deterministic: the build runs with standard
output or error wrapped so that its k-th write or flush sends the signal to the
process itself, just before or after (the summary line, the final flush); or a module
import sends it while the command loads. Timed: SIGTERM, SIGHUP or SIGINT a spread of
delays after a ``-o deck.apkg --into PROFILE`` build started importing into the
collection, put the deck in place, or had its summary line reach the pipe (a few
here; bench/late_signals.py runs 57 at a time). Whatever the moment, the outcome is
one of:

- 128 + N, with "NAME: stopped; no files written" (or "interrupted; …") and every
  file as it was;
- 128 + N, with "NAME: stopped; every file had been written" (or no line, when the
  line on standard error was already said) and every file new;
- 0 with the summary line, every file new: the signal came once the program had
  flushed its last byte and was leaving (too late to change the status).
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT, complete_deck, processes_with

OLD_DECK = b"yesterday's deck"
ARGS = ["--seed", "1", "--count", "9", "--no-derivatives"]


@functools.cache
def notes() -> int:
    """How many notes ARGS builds (read from a build, not written down: cards.yaml grows)."""
    from backprop_deck.deck.build import Options, build

    return len(build(Options(seed=1, count=9, derivatives=False)).cards)


@pytest.fixture(scope="module")
def empty_collection(tmp_path_factory) -> Path:
    from anki.collection import Collection

    path = tmp_path_factory.mktemp("template") / "collection.anki2"
    Collection(str(path)).close()
    return path


def note_count(path: Path) -> int | None:
    """The collection's notes, or None if it is not a whole SQLite database."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.create_collation("unicase", lambda a, b: (a.lower() > b.lower())
                            - (a.lower() < b.lower()))  # Anki's, for its indexes
        try:
            if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return None
            return db.execute("SELECT count(*) FROM notes").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None


def stopped(signum: int) -> str:
    return "interrupted" if signum == signal.SIGINT else f"{signal.Signals(signum).name}: stopped"


def judge(code: int, out: str, err: str, signum: int, old_files: bool, new_files: bool,
          summary: str = "Wrote ") -> tuple[str, list[str]]:
    """What happened, and the rules it broke."""
    if code == 0:
        outcome = "0"
    elif code == 128 + signum:
        outcome = f"{code}, {err.strip() or 'no line'}"
    else:
        outcome = f"exit {code}"
    problems = []
    if "Traceback" in err or "Exception" in err or err.count("\n") > 1:
        problems.append(f"stderr: {err!r}")
    said_summary = out.startswith(summary) and out.count("\n") == 1
    if code == 0:
        if not (said_summary and err == "" and new_files):
            problems.append(f"exit 0 without the summary and every file: {out!r} {err!r}")
    elif code == 128 + signum:
        if err == f"{stopped(signum)}; no files written\n":
            if not old_files:
                problems.append("said no files written, but some were")
        elif err in (f"{stopped(signum)}; every file had been written\n", ""):
            if not new_files:
                problems.append("said every file had been written, but some were not")
        else:
            problems.append(f"a line other than the signal's: {err!r}")
        if out and not said_summary:
            problems.append(f"standard output: {out!r}")
    else:
        problems.append(f"exit {code}: {err!r}")
    if not (old_files or new_files):
        problems.append("files half old, half new")
    return outcome, problems


# Standard output or error, wrapped: its k-th write or flush signals the process.
HOOKED = """
import os, signal, sys
sys.path.insert(0, {root!r})
sys.argv = ["build_deck.py", *{args!r}]
import build_deck

class Signalling:
    def __init__(self, stream):
        self.stream, self.calls = stream, 0

    def write(self, text):
        return self.call(self.stream.write, text)

    def flush(self):
        return self.call(self.stream.flush)

    def call(self, action, *args):
        self.calls += 1
        if self.calls == {at} and {before}:
            os.kill(os.getpid(), {signum})
        result = action(*args)
        if self.calls == {at} and not {before}:
            os.kill(os.getpid(), {signum})
        return result

    def __getattr__(self, name):
        return getattr(self.stream, name)

sys.{stream} = Signalling(sys.{stream})
build_deck.run("build_deck.py")
"""


def hooked_run(folder: Path, args: list[str], stream: str, at: int, before: bool,
               signum: int) -> subprocess.CompletedProcess:
    script = HOOKED.format(root=str(ROOT), args=args, stream=stream, at=at, before=before,
                           signum=int(signum))
    return subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                          text=True, timeout=120)


# The build's last word, write by write: print() writes the line, then "\n"; the
# final flush comes last.
LAST_CALLS = [(at, before) for at in (1, 2, 3) for before in (True, False)]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_each_write_of_the_summary_and_the_final_flush(tmp_path, signum):
    """After every file was written, while the summary is said or flushed: 128 + N and
    "every file had been written", deterministically (the third call is the flush)."""
    def run(call):
        folder = tmp_path / f"{call[0]}{'b' if call[1] else 'a'}"
        folder.mkdir()
        (folder / "deck.apkg").write_bytes(OLD_DECK)
        done = hooked_run(folder, [*ARGS, "-o", "deck.apkg"], "stdout", *call, signum)
        return done, complete_deck(folder / "deck.apkg")

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(run, LAST_CALLS))
    for call, (done, new_deck) in zip(LAST_CALLS, runs):
        assert (done.returncode, done.stderr) == (
            128 + signum, f"{stopped(signum)}; every file had been written\n"), call
        assert done.stdout.startswith("Wrote deck.apkg: ") and new_deck, call


def test_a_signal_while_an_error_is_said_changes_the_status_not_the_line(tmp_path):
    """Bad input, and SIGTERM while its line is written: the one line, and 143."""
    for at, before in LAST_CALLS[:4]:
        done = hooked_run(tmp_path, ["--count", "x"], "stderr", at, before, signal.SIGTERM)
        assert (done.returncode, done.stderr, done.stdout) == (
            143, "--count: must be a whole number, got 'x'\n", ""), (at, before)


# A module import that sends the signal, as the command loads.
IMPORTING = """
import os, runpy, signal, sys
sys.path.insert(0, {root!r})
sys.argv = ["build_deck.py", "-o", "deck.apkg"]

class Signalling:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), {signum})
        return None

sys.meta_path.insert(0, Signalling())
runpy.run_path({script!r}, run_name="__main__")
"""


@pytest.mark.parametrize(("module", "signum"), [
    ("argparse", signal.SIGINT), ("backprop_deck.deck.build", signal.SIGTERM),
    ("backprop_deck.generators.network", signal.SIGHUP)])
def test_a_signal_while_the_command_loads_is_one_line(tmp_path, module, signum):
    script = IMPORTING.format(root=str(ROOT), module=module, signum=int(signum),
                              script=str(ROOT / "build_deck.py"))
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr, done.stdout) == (
        128 + signum, f"{stopped(signum)}; no files written\n", "")
    assert list(tmp_path.iterdir()) == []


def timed_trial(folder: Path, template: Path, signum: int, trigger: str,
                delay: float) -> tuple[str, str | None]:
    """(what happened, the rules it broke or None) for one ``-o deck.apkg --into``
    build, sent ``signum`` ``delay`` seconds after its ``trigger``: "importing" (the
    copy of the collection appeared beside it), "placed" (deck.apkg was replaced) or
    "said" (the summary line came through the pipe)."""
    folder.mkdir()
    profile = folder / "User 1"
    profile.mkdir()
    shutil.copyfile(template, profile / "collection.anki2")
    old_collection = (profile / "collection.anki2").read_bytes()
    deck = folder / "deck.apkg"
    deck.write_bytes(OLD_DECK)
    old_inode = deck.stat().st_ino
    marker = f"deck-{secrets.token_hex(6)}.apkg"  # no other build has it
    os.symlink("deck.apkg", folder / marker)  # the workers' command line shows it
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "build_deck.py"), *ARGS, "-o", marker,
         "--into", str(profile)], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    said = b""
    deadline = time.monotonic() + 120
    if trigger == "said":
        said = child.stdout.readline()
    else:
        while child.poll() is None and (
                not list(profile.glob(".bp-*.work")) if trigger == "importing"
                else deck.stat().st_ino == old_inode):
            assert time.monotonic() < deadline
            time.sleep(0.0002)
    time.sleep(delay)
    child.send_signal(signum)  # nothing, once the child has ended
    out, err = child.communicate(timeout=120)
    deadline = time.monotonic() + 5
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.02)

    same_collection = (profile / "collection.anki2").read_bytes() == old_collection
    new_collection = not same_collection and note_count(profile / "collection.anki2") == notes()
    outcome, problems = judge(
        child.returncode, (said + out).decode(), err.decode(), signum,
        old_files=deck.read_bytes() == OLD_DECK and same_collection,
        new_files=complete_deck(deck) and new_collection, summary=f"Wrote {marker} and into")
    leftovers = [p.name for p in (*folder.iterdir(), *profile.iterdir())
                 if p.name.startswith(".bp-")]
    if leftovers:
        problems.append(f"left behind: {leftovers}")
    if processes_with(marker):
        problems.append("a process left running")
    return outcome, "; ".join(problems) or None


def timed_trials(tmp_path: Path, template: Path, plan: list[tuple[int, str, float]]
                 ) -> tuple[list[str], list[str]]:
    def run(k_plan):
        k, (signum, trigger, delay) = k_plan
        return timed_trial(tmp_path / f"t{k}", template, signum, trigger, delay)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, enumerate(plan)))
    outcomes = [outcome for outcome, _ in results]
    problems = [f"{plan[k]}: {problem}" for k, (_, problem) in enumerate(results) if problem]
    print(f"\n{len(problems)} of {len(plan)} broke a rule; outcomes:",
          *(f"{n:3d} × {outcome}" for outcome, n in Counter(outcomes).most_common()),
          *problems, sep="\n")
    return outcomes, problems


def test_a_signal_at_the_end_of_a_build_into_a_collection(tmp_path, empty_collection):
    plan = [(signal.SIGTERM, "importing", 0.05), (signal.SIGTERM, "placed", 0),
            (signal.SIGHUP, "placed", 0.0005), (signal.SIGINT, "said", 0)]
    outcomes, problems = timed_trials(tmp_path, empty_collection, plan)
    assert problems == [], outcomes
