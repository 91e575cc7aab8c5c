"""Jobs shared out between processes: results in order, handed back through files of a
private folder that is always removed, or through the pipe where no file can be written."""

import tempfile
from pathlib import Path

import pytest
from conftest import processes_with

from backprop_deck.generators.parallel import WorkerDied, in_background, parallel, run_to_file


def unique(stem: str, suffix: str = "") -> str:
    """A name for a build's command line, to find its processes by: no other build on
    the machine (another test session, say) has it."""
    import secrets

    return f"{stem}-{secrets.token_hex(6)}{suffix}"


def square(n):
    return {"n": n, "square": n * n, "text": "x" * n}


def fail_on_three(n):
    if n == 3:
        raise ValueError("three")
    return n


@pytest.fixture
def temporary(tmp_path, monkeypatch):
    """The folder tempfile hands out temporary folders in, empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_results_come_back_in_job_order_and_the_folder_goes(temporary):
    assert parallel(square, list(range(12)), 2) == [square(n) for n in range(12)]
    assert list(temporary.iterdir()) == []


def test_an_error_in_a_job_reaches_the_caller_and_the_folder_still_goes(temporary):
    with pytest.raises(ValueError, match="three"):
        parallel(fail_on_three, list(range(8)), 2)
    assert list(temporary.iterdir()) == []


def test_without_a_temporary_folder_results_go_through_the_pipe(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert parallel(square, list(range(6)), 2) == [square(n) for n in range(6)]


def test_a_result_that_cannot_be_written_is_handed_back_as_it_is(tmp_path):
    assert run_to_file((square, 4, str(tmp_path / "missing" / "4.pickle"))) == (
        False, square(4))
    assert run_to_file((square, 4, str(tmp_path / "4.pickle"))) == (
        True, str(tmp_path / "4.pickle"))


def die_on_five(n):
    import os
    import signal

    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does
    return n


def test_a_worker_killed_mid_job_stops_the_build_with_one_line(temporary):
    with pytest.raises(WorkerDied, match="a worker process died"):
        parallel(die_on_five, list(range(10)), 2)
    assert list(temporary.iterdir()) == []


def test_what_a_killed_build_left_in_the_temporary_folder_goes_with_the_next(temporary):
    left = temporary / "backprop-deck-999999999-abcd"
    left.mkdir()
    (left / "0.pickle").write_bytes(b"half a result")
    mine = temporary / "backprop-deck-notours"
    mine.mkdir()
    assert parallel(square, list(range(4)), 2) == [square(n) for n in range(4)]
    assert sorted(p.name for p in temporary.iterdir()) == ["backprop-deck-notours"]


SLOW_BUILD = """
import os, sys, time
sys.path.insert(0, {root!r})
from backprop_deck.generators.parallel import parallel

def slow(n):
    os.write(1, b"%d\\n" % os.getpid())  # one write: two workers' lines never mix
    time.sleep(120)

parallel(slow, [1, 2], 2)  # {marker}
"""


def test_a_killed_parent_takes_its_workers_with_it(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    marker = unique("marker")
    parent = subprocess.Popen([sys.executable, "-c", SLOW_BUILD.format(
        root=str(ROOT), marker=marker)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(marker) == [], workers


@pytest.mark.parametrize("value", [12, 14])
def test_too_few_file_descriptors_for_workers_and_the_jobs_run_here(tmp_path, value):
    import resource
    import subprocess
    import sys

    from conftest import ROOT

    marker = unique("marker", ".json")

    def limited():
        resource.setrlimit(resource.RLIMIT_NOFILE, (value, value))

    done = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--seed", "1",
                           "--count", "600", "--variants", "1", "--dump", marker],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          preexec_fn=limited)
    if done.returncode == 0:
        assert done.stdout.startswith("Wrote ") and done.stderr == ""
    else:
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert processes_with(marker) == []
    assert [p.name for p in tmp_path.iterdir()] in ([], [marker])


@pytest.fixture(scope="module")
def warm_cache(derivation_cache):
    """The derivation cache, filled (a first build derives, in 2 s or so)."""
    import subprocess
    import sys

    from conftest import ROOT

    subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--count", "0", "-o",
                    "/dev/null"], check=True, capture_output=True)
    return derivation_cache


OLD_DECK = b"the deck from yesterday"
# Where the command used to fail (40 MB: a MemoryError while importing; 48 MB: "can't
# start new thread", a traceback; 56 MB: a pool that waited forever; --into at 80 MB: a
# warning from requests, at 160 MB Anki's engine deadlocked), and a few steps on.
# bench/memory_cap.py sweeps every 8 MB from 40 to 400.
SWEEP = [("--count 1000", "warm", cap) for cap in (40, 48, 56, 64, 80)] + [
    ("", "cold", cap) for cap in (48, 56, 64, 96)] + [
    ("--into", "warm", cap) for cap in (80, 160)]


@pytest.mark.parametrize(("size", "cache", "cap"), SWEEP)
def test_under_a_memory_cap_a_deck_or_one_line_and_no_process_behind(
        tmp_path, warm_cache, size, cache, cap):
    """``ulimit -v``: a finished deck, or one line and exit 2, soon after memory runs
    out; never a traceback or a hang; no worker left, no file changed but the deck
    (replaced whole)."""
    import os
    import resource
    import shutil
    import subprocess
    import sys
    import time
    import zipfile

    from conftest import ROOT

    (tmp_path / "deck.apkg").write_bytes(OLD_DECK)
    marker = unique("deck", ".apkg")
    os.symlink("deck.apkg", tmp_path / marker)  # the workers' command line shows it
    args = size.split()
    if size == "--into":
        from anki.collection import Collection

        (tmp_path / "User 1").mkdir()
        Collection(str(tmp_path / "User 1" / "collection.anki2")).close()
        args.append(str(tmp_path / "User 1"))
    folder = tmp_path / "cache"
    if cache == "warm":
        shutil.copytree(warm_cache, folder)
    else:
        folder.mkdir()

    def capped():
        resource.setrlimit(resource.RLIMIT_AS, (cap << 20, cap << 20))

    started = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "-o", marker, *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          preexec_fn=capped, env={**os.environ, "BACKPROP_DECK_CACHE": str(folder),
                                                  "RUST_BACKTRACE": "1"})
    seconds = time.monotonic() - started
    if done.returncode == 0:
        assert done.stdout.startswith(f"Wrote {marker}") and done.stderr == ""
        with zipfile.ZipFile(tmp_path / "deck.apkg") as deck:
            assert deck.testzip() is None
    else:
        assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stderr
        assert done.stderr.startswith("out of memory: "), done.stderr
        assert (tmp_path / "deck.apkg").read_bytes() == OLD_DECK
    assert seconds < 30
    assert processes_with(marker) == []
    assert not [p.name for p in tmp_path.rglob(".bp-*")]


def whose_pid():
    import os

    return os.getpid()


def whose_pid_of(job):
    return whose_pid()


def unpicklable():
    return lambda: None


def die_now():
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def sleep_long():
    import time

    time.sleep(120)


def test_work_in_the_background_comes_back_from_another_process():
    import os

    with in_background(whose_pid) as result:
        assert result() != os.getpid()


@pytest.mark.parametrize(("function", "error", "message"), [
    (lambda: fail_on_three(3), ValueError, "three"),
    (unpicklable, RuntimeError, "pickle .*lambda"),
    (die_now, WorkerDied, "a worker process died")])
def test_what_goes_wrong_in_the_background_is_raised_in_the_caller(function, error, message):
    with in_background(function) as result, pytest.raises(error, match=message):
        result()


def test_leaving_the_block_early_ends_the_background_worker():
    import os

    with in_background(sleep_long):
        listed = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text()
        children = {int(pid) for pid in listed.split()}
        assert children
    assert not [pid for pid in children if os.path.exists(f"/proc/{pid}")]  # ended and reaped


def test_without_fork_the_work_runs_in_this_process(monkeypatch, temporary):
    import os

    from backprop_deck.core import workers

    monkeypatch.setattr(workers, "CAN_FORK", False)
    with in_background(whose_pid) as result:
        assert result() == os.getpid()
    assert parallel(whose_pid_of, [1, 2, 3], 2) == [os.getpid()] * 3


SIGNAL_WHILE_FORKING = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from backprop_deck.generators.parallel import in_background, parallel

class Stop(BaseException):
    pass

def stop(signum, frame):
    raise Stop

def slow(n=0):
    time.sleep(10)  # lost signal: "not stopped" after this

signal.signal(signal.SIGTERM, stop)
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGTERM))
try:
    {call}
    print("not stopped")
except Stop:
    me = os.getpid()
    with open(f"/proc/{{me}}/task/{{me}}/children") as children:  # ended and reaped
        print("stopped", children.read().split())
"""


@pytest.mark.parametrize("call", [
    "with in_background(slow) as result: result()",
    "parallel(slow, [1, 2], 2)"])
def test_a_signal_that_comes_while_a_worker_is_forked_is_not_lost(tmp_path, call):
    """Python swallows what a handler raises inside fork's callbacks (the logging module
    has some): a SIGTERM then let the build run on to the end. Held, it stops the build,
    and the worker goes too."""
    import subprocess
    import sys

    from conftest import ROOT

    script = SIGNAL_WHILE_FORKING.format(root=str(ROOT), call=call)
    marker = unique("marker")
    done = subprocess.run([sys.executable, "-c", script, marker],
                          capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("stopped []\n", "")
    assert processes_with(marker) == []
