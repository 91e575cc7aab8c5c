"""Worker processes that start quietly, say nothing, and never outlive the build.

A worker is a bare ``os.fork()``: no helper thread to start (multiprocessing's pools
start two, and under ``ulimit -v`` a thread's stack is what fails first: a traceback,
or a pool waiting forever on a thread that never ran) and no bootstrap code of
someone else's that prints a traceback when memory runs out. Whatever happens in the
child, it ends with ``os._exit``: it never returns into the caller's code, and never
flushes the parent's buffers a second time. What it writes to standard error (Rust's
"memory allocation of 416 bytes failed" as it aborts, say) goes to a file of its own,
not to the user. How it ended is its exit status (``OUT_OF_MEMORY`` when memory ran
out) and what it wrote there.

Workers ignore SIGINT (Ctrl-C is the parent's to handle) and end on SIGTERM and SIGHUP
with the default action; a parent killed outright takes them with it (Linux:
PR_SET_PDEATHSIG; elsewhere each watches its parent).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from backprop_deck.core.errors import DeckError
from backprop_deck.core.memory import out_of_memory
from backprop_deck.core.signals import held, uncut

PR_SET_PDEATHSIG = 1
OUT_OF_MEMORY = 3  # a worker's exit status when memory ran out
CAN_FORK = hasattr(os, "fork")


class WorkerDied(DeckError):
    pass


@dataclass
class Worker:
    pid: int
    said: BinaryIO | None = None  # its standard error, kept from the user's (a file)
    status: int | None = None  # as os.waitpid gives it, once reaped

    def died(self) -> DeckError | MemoryError:
        """The error to stop the build with, now that the worker is gone unasked."""
        if self.status is None:
            self.status = _reap(self.pid, wait=True)
        if (self.status not in (None, -1)
                and os.waitstatus_to_exitcode(self.status) == OUT_OF_MEMORY) or any(
                words in self._said() for words in _SAID_OUT_OF_MEMORY):
            return MemoryError()
        return WorkerDied("a worker process died (killed, or out of memory?); the build "
                          "stopped: run again, or ask for fewer cards")

    def _said(self) -> bytes:
        if self.said is None:
            return b""
        with contextlib.suppress(OSError):
            self.said.seek(0)
            return self.said.read(1 << 16)
        return b""


# What a process says on its way out when memory ran out in compiled code: Rust
# (Anki's engine) aborts with the first, Python with one of the others.
_SAID_OUT_OF_MEMORY = (b"memory allocation of", b"MemoryError", b"Cannot allocate memory",
                       b"out of memory")


def start(work: Callable[[], None]) -> Worker | None:
    """A child running ``work()``; None where none can be forked (no fork, or no
    processes or memory for one). What it writes to standard error goes to a file of
    its own (the parent reads it if the worker dies): the user sees one line, the
    parent's."""
    if not CAN_FORK:
        return None
    parent = os.getpid()
    _load_prctl()
    try:
        said = tempfile.TemporaryFile()  # noqa: SIM115 - closed by end()
    except OSError:  # no file descriptor or no room: it shares the parent's
        said = None
    worker = None
    try:
        with held():  # Python swallows what a handler raises inside fork's own callbacks
            try:
                pid = os.fork()
            except OSError:
                if said is not None:
                    said.close()
                return None
            if pid == 0:
                _child(work, parent, said)  # never returns
            worker = Worker(pid, said)
    except BaseException:  # the signal held while forking: the worker goes too
        if worker is not None:
            end([worker])
        raise
    return worker


def _child(work: Callable[[], None], parent: int, said: BinaryIO | None) -> None:
    code = 1
    try:
        if said is not None:
            os.dup2(said.fileno(), 2)
        _quiet(parent)
        work()
        code = 0
    except BaseException as error:  # the parent hears of it by the status
        code = OUT_OF_MEMORY if out_of_memory(error) else 1
    finally:
        os._exit(code)


def _quiet(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    _die_with(parent)


_prctl = None


def _load_prctl() -> None:
    """libc's prctl, found in the parent: a child short of memory need not load it."""
    global _prctl
    if _prctl is None and sys.platform.startswith("linux"):
        try:
            _prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            _prctl = False


def _die_with(parent: int) -> None:
    """SIGTERM when the parent dies (Linux), else a thread that watches for it."""
    if _prctl and _prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
        if os.getppid() != parent:  # it died before the line above
            os._exit(1)
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def end(workers: list[Worker], patience: float = 2.0) -> None:
    """Every worker ended and reaped, now: SIGTERM (idle or busy, none is waited for),
    then SIGKILL for any that has not ended within ``patience`` seconds. A signal waits
    until they are: a build stopped halfway through this would leave them running."""
    uncut(lambda: _end(workers, patience))


def _end(workers: list[Worker], patience: float) -> None:
    _stop(workers, patience)
    for worker in workers:
        if worker.said is not None:
            worker.said.close()


def _stop(workers: list[Worker], patience: float) -> None:
    for worker in workers:
        if worker.status is None:
            _signal(worker.pid, signal.SIGTERM)
    deadline = time.monotonic() + patience
    for worker in workers:
        while worker.status is None and time.monotonic() < deadline:
            worker.status = _reap(worker.pid, wait=False)
            if worker.status is None:
                time.sleep(0.001)
        if worker.status is None:
            _signal(worker.pid, signal.SIGKILL)
            worker.status = _reap(worker.pid, wait=True)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _reap(pid: int, wait: bool) -> int | None:
    """The child's wait status once it has ended (-1 if another waiter took it)."""
    try:
        done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
    except ChildProcessError:
        return -1
    return status if done else None
