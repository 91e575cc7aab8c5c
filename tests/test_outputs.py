"""Where the files go: devices written through, inputs never overwritten, all or nothing.

Each test runs the command line as a user would and checks the exit status, the exact
message, and that every file that existed is as it was.
"""

import json
import os
import re
import secrets
import signal
import stat
import subprocess
import sys
import time

import pytest
from conftest import ROOT, processes_with

from backprop_deck.core.atomic import remove_stale

SMALL = ["--seed", "1", "--count", "0", "--no-derivatives"]


def test_a_character_device_is_written_through_not_replaced(cli):
    """As root a rename would replace /dev/null itself with a regular file."""
    before = os.stat("/dev/null")
    result = cli(*SMALL, "-o", "/dev/null")
    assert result.exit_code == 0 and result.stdout.startswith("Wrote /dev/null: ")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_full_device_is_one_line_and_the_deck_stays_as_it_was(cli, tmp_path):
    (tmp_path / "deck.apkg").write_bytes(b"yesterday's deck")
    result = cli(*SMALL, "-o", "deck.apkg", "--dump", "/dev/full")
    assert (result.exit_code, result.stderr) == (
        2, "--dump: cannot write '/dev/full': No space left on device\n")
    assert (tmp_path / "deck.apkg").read_bytes() == b"yesterday's deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_dump_to_standard_output(cli, tmp_path):
    result = cli(*SMALL, "-o", "deck.apkg", "--dump", "-")
    assert json.loads(result.stdout)["seed"] == 1
    assert result.stderr.startswith("Wrote deck.apkg: ")


def test_a_pipe_is_refused(cli, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    result = cli(*SMALL, "-o", "pipe")
    assert (result.exit_code, result.stderr) == (
        2, "--output: 'pipe' is a FIFO, not a regular file\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--cards", "my.yaml", "-o", "my.yaml"],
     "--output: 'my.yaml' is a card file this deck reads; writing it would destroy it"),
    (["-o", "d.apkg", "--preview", "d.apkg"],
     "--preview: 'd.apkg' is the same file as the .apkg file"),
    (["-o", "d.apkg", "--dump", "link.json"],
     "--dump: 'link.json' is the same file as the .apkg file"),
    (["-o", ROOT / "cards.yaml"],
     f"--output: '{ROOT / 'cards.yaml'}' is a card file this deck reads; writing it would "
     "destroy it"),
])
def test_outputs_that_are_inputs_or_each_other_are_refused(cli, tmp_path, write_cards, args,
                                                           message):
    mine = write_cards("cards: [{id: mine, front: x, back: y}]\n", name="my.yaml")
    (tmp_path / "d.apkg").write_bytes(b"deck")
    os.symlink(tmp_path / "d.apkg", tmp_path / "link.json")
    before = {p.name: p.read_bytes() for p in (mine, tmp_path / "d.apkg")}
    result = cli(*SMALL, *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert {p.name: p.read_bytes() for p in (mine, tmp_path / "d.apkg")} == before


def test_a_symlink_stays_a_link_to_the_new_deck(cli, tmp_path):
    (tmp_path / "real.apkg").write_bytes(b"old")
    os.symlink("real.apkg", tmp_path / "link.apkg")
    assert cli(*SMALL, "-o", "link.apkg").exit_code == 0
    assert os.path.islink(tmp_path / "link.apkg")
    assert (tmp_path / "real.apkg").read_bytes()[:2] == b"PK"


def test_permission_bits_are_kept(cli, tmp_path):
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"old")
    deck.chmod(0o640)
    assert cli(*SMALL, "-o", deck).exit_code == 0
    assert stat.S_IMODE(deck.stat().st_mode) == 0o640


def test_a_255_byte_name_works_and_a_longer_one_is_one_line(cli, tmp_path):
    longest = "d" * 250 + ".apkg"
    assert cli(*SMALL, "-o", longest).exit_code == 0
    assert (tmp_path / longest).stat().st_size > 1000
    result = cli(*SMALL, "-o", "d" * 251 + ".apkg")
    assert (result.exit_code, result.stderr) == (
        2, "--output: the file name is too long (256 bytes; at most 255)\n")
    result = cli(*SMALL, "-o", "f" * 300 + "/deck.apkg")
    assert (result.exit_code, result.stderr) == (
        2, "--output: the file name is too long (300 bytes; at most 255)\n")


def test_leftovers_of_a_killed_build_are_removed_by_the_next(cli, tmp_path):
    dead = tmp_path / ".bp-99999999-0123abcd-backprop.apkg.tmp"  # no such process
    live = tmp_path / f".bp-{os.getppid()}-0123abcd-backprop.apkg.tmp"  # still running
    dead.write_bytes(b"x" * 1000)
    live.write_bytes(b"x")
    assert cli(*SMALL).exit_code == 0
    assert not dead.exists() and live.exists()
    remove_stale(tmp_path)
    assert live.exists()


def test_a_build_stopped_while_sympy_derives_beside_it_leaves_no_process(tmp_path):
    """A first build derives in a worker process: SIGTERM then is still one line, and the
    worker goes with the build."""
    marker = f"marker-{secrets.token_hex(6)}.apkg"  # no other build has it
    child = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py"), "--count", "12500",
                              "--topics", "network,graph,linear",
                              "-o", marker], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "BACKPROP_DECK_CACHE": str(tmp_path / "cold")})
    deadline = time.monotonic() + 30
    while len(processes_with(marker)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)  # until the derivation worker is there
    assert len(processes_with(marker)) >= 2
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=60)
    assert (child.returncode, err, out) == (143, "SIGTERM: stopped; no files written\n", "")
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(marker) == []
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.parametrize(("given", "written"), [
    ("decks/backprop.apkg", "decks/backprop.apkg"),
    ("newdir/", "newdir/backprop.apkg"),
    ("a/b/c/", "a/b/c/backprop.apkg"),
    (".", "backprop.apkg"),
])
def test_a_folder_or_missing_folder_is_made_as_the_user_means(cli, tmp_path, given, written):
    """Never a file named like a folder (issue #15: -o newdir/ wrote a file 'newdir')."""
    result = cli(*SMALL, "-o", given)
    assert result.exit_code == 0 and result.stdout.startswith(f"Wrote {given.rstrip('/')}")
    assert (tmp_path / written).is_file()


@pytest.mark.parametrize("look", [["--preview", "look.html"], ["--dump", "look.json"],
                                  ["--preview", "look.html", "--dump", "look.json"],
                                  ["--dump", "look.json", "--preview", "look.html"]])
def test_a_look_at_the_cards_leaves_the_deck_alone(cli, tmp_path, look):
    """Issue #15: '--preview deck.html' also replaced backprop.apkg with other problems."""
    (tmp_path / "backprop.apkg").write_bytes(b"the deck I imported")
    result = cli("--seed", "8", "--count", "9", *look)
    assert result.exit_code == 0
    named = "look.html" if "--preview" in look else "look.json"  # the preview, if any
    assert result.stdout.startswith(
        f"Wrote {named} (no deck: -o FILE --seed 8 writes one with these cards): ")
    assert (tmp_path / "backprop.apkg").read_bytes() == b"the deck I imported"


def test_the_deck_and_its_preview_in_one_run_show_the_same_cards(cli, tmp_path):
    result = cli("--count", "9", "-o", "deck.apkg", "--preview", "deck.html", "--dump", "d.json")
    assert result.exit_code == 0 and result.stdout.startswith("Wrote deck.apkg: ")
    page = (tmp_path / "deck.html").read_text()
    dump = json.loads((tmp_path / "d.json").read_text())
    assert all(json.dumps(card["back"], ensure_ascii=False)[1:-1].replace("<", "\\u003c")
               in page for card in dump["cards"] if card["kind"] == "network")


def test_an_empty_output_name_is_one_line(cli, tmp_path):
    result = cli(*SMALL, "-o", "")
    assert (result.exit_code, result.stderr) == (2, "--output: the file name is empty\n")
    assert list(tmp_path.iterdir()) == []


def _build(*args, **kwargs) -> subprocess.CompletedProcess:
    """The command line in a shell: what redirections do is the shell's business."""
    return subprocess.run(["sh", "-c", *args], capture_output=True, text=True, timeout=120,
                          **kwargs)


COMMAND = f"{sys.executable} {ROOT / 'build_deck.py'} --seed 3 --count 9 --no-derivatives"


def test_dump_to_a_closed_standard_output_is_one_line(tmp_path):
    done = _build(f"{COMMAND} --dump - >&-", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2, "--dump: cannot write standard output: Bad file descriptor\n")


def test_dump_to_dev_stdout_goes_through_a_pipe(tmp_path):
    done = _build(f"{COMMAND} --dump /dev/stdout | cat", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seed"] == 3
    assert done.stderr.startswith("Wrote standard output (no deck: ")


def test_dump_to_dev_stdout_appends_where_the_shell_appends(tmp_path):
    (tmp_path / "build.log").write_text("earlier runs\n")
    done = _build(f"{COMMAND} --dump /dev/stdout >> build.log", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "build.log").read_text()
    assert log.startswith("earlier runs\n{") and json.loads(log.split("\n", 1)[1])["seed"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build.log"]


def test_a_reader_that_stops_early_is_an_error_not_a_success(tmp_path):
    child = subprocess.Popen([*COMMAND.split(), "--dump", "-"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(child.stdout.read(100)) == 100  # head -c 100
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=120) == 2
    assert re.fullmatch(r"--dump: standard output was closed by its reader after "
                        r"[\d,]+ of [\d,]+ bytes\n", err), err


def test_a_deleted_current_folder_is_one_line(tmp_path):
    done = _build(f"mkdir gone && cd gone && rmdir ../gone && {COMMAND}", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2, "the current folder no longer exists (was it deleted?); cd into one that does, "
           "then run again\n")
