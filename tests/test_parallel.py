"""Jobs shared out between processes: results in order, handed back through files of a
private folder that is always removed, or through the pipe where no file can be written."""

import tempfile
from pathlib import Path

import pytest
from conftest import processes_with

from generators.parallel import WorkerDied, in_background, parallel, run_to_file


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
from generators.parallel import parallel

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

    marker = f"marker-{tmp_path.name}"
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


@pytest.mark.parametrize(("limit", "value", "size"), [
    ("RLIMIT_NOFILE", 12, ["600", "1"]), ("RLIMIT_NOFILE", 14, ["600", "1"]),
    ("RLIMIT_AS", 150_000_000, ["2000", "8"])])
def test_resource_limits_are_one_line_and_leave_no_process_behind(tmp_path, limit, value, size):
    """Too few file descriptors: the jobs run in one process; too little memory: one
    line and exit 2. No traceback, and no worker left running, either way."""
    import resource
    import subprocess
    import sys

    from conftest import ROOT

    marker = f"marker-{tmp_path.name}.json"

    def limited():
        resource.setrlimit(getattr(resource, limit), (value, value))

    done = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--seed", "1",
                           "--count", size[0], "--variants", size[1], "--dump", marker],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          preexec_fn=limited)
    if done.returncode == 0:
        assert done.stderr.startswith("Wrote ") or done.stderr == ""
    else:
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert processes_with(marker) == []
    assert [p.name for p in tmp_path.iterdir()] in ([], [marker])


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

    from core import workers

    monkeypatch.setattr(workers, "CAN_FORK", False)
    with in_background(whose_pid) as result:
        assert result() == os.getpid()
    assert parallel(whose_pid_of, [1, 2, 3], 2) == [os.getpid()] * 3


SIGNAL_WHILE_FORKING = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from generators.parallel import in_background, parallel

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
    print("stopped")
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
    done = subprocess.run([sys.executable, "-c", script, f"marker-{tmp_path.name}"],
                          capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("stopped\n", "")
    assert processes_with(f"marker-{tmp_path.name}") == []
