"""Run independent jobs in worker processes, handed out in order; results in job order.

A worker leaves each result in a file of a private temporary folder and sends only its
name: megabytes of cards through a pipe go in 64 KB pieces, each waiting for the
parent to wake up and read it (bench/RESULTS.md). Where no file can be written,
results go through the pipe.

Workers (core.workers) never outlive the build: on Ctrl-C, SIGTERM or any error the
parent ends them, so the command line reports one line, not a traceback from every
worker. A worker that dies (the out-of-memory killer, say) closes its pipe, which
stops the build at once with one line instead of leaving the parent waiting; one
that ran out of memory says so by its exit status. Where workers cannot be started
at all (too few file descriptors, processes or memory, or no fork), the jobs run in
this process. A killed build's result folder is removed by the next one.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection, Pipe, wait
from pathlib import Path
from typing import TypeVar

from backprop_deck.core import workers as processes
from backprop_deck.core.atomic import left_by_the_dead
from backprop_deck.core.workers import Worker, WorkerDied

__all__ = ["WorkerDied", "in_background", "parallel", "remove_stale_folders", "run_to_file"]

PREFIX = "backprop-deck-"
_FOLDER = re.compile(rf"^{PREFIX}(\d+)-")
T = TypeVar("T")


def run_to_file(task: tuple[Callable, object, str | None]) -> tuple[bool, object]:
    """(True, the file holding the job's result), or (False, the result) when the
    file cannot be written (no room, say) or there is no folder."""
    function, job, path = task
    result = function(job)
    if path is None:
        return False, result
    try:
        with open(path, "wb") as out:
            pickle.dump(result, out, pickle.HIGHEST_PROTOCOL)
    except OSError:
        return False, result
    return True, path


def _result(outcome: tuple[bool, object]):
    in_file, value = outcome
    if not in_file:
        return value
    with open(value, "rb") as result:
        return pickle.load(result)


def remove_stale_folders(base: str | None = None) -> None:
    """Result folders of builds that were killed (their process is gone)."""
    base = base or tempfile.gettempdir()
    for match in left_by_the_dead(base, _FOLDER):
        shutil.rmtree(Path(base, match.string), ignore_errors=True)


class _Hand:
    """One worker of a pool, and its two pipes: jobs to it, outcomes from it."""

    def __init__(self, worker: Worker, jobs: Connection, outcomes: Connection):
        self.worker, self.jobs, self.outcomes = worker, jobs, outcomes
        self.job: int | None = None  # the index of the job it has

    def close(self) -> None:
        self.jobs.close()
        self.outcomes.close()


def _start_hand(function: Callable) -> _Hand | None:
    try:
        jobs_out, jobs_in = Pipe(duplex=False)
    except OSError:  # no file descriptors left
        return None
    try:
        outcomes_out, outcomes_in = Pipe(duplex=False)
    except OSError:
        jobs_out.close()
        jobs_in.close()
        return None
    worker = processes.start(lambda: _serve(function, jobs_out, outcomes_in))
    jobs_out.close()  # the worker's ends: a worker that dies closes its pipe
    outcomes_in.close()
    if worker is None:
        jobs_in.close()
        outcomes_out.close()
        return None
    return _Hand(worker, jobs_in, outcomes_out)


def _serve(function: Callable, jobs: Connection, outcomes: Connection) -> None:
    """In the worker: each job as it comes, until there are none."""
    while (task := jobs.recv()) is not None:
        index, job, path = task
        try:
            outcome = (index, True, run_to_file((function, job, path)))
        except Exception as error:  # the parent raises it, as if it had run the job
            outcome = (index, False, error)
        _send(outcomes, outcome)


def _send(connection: Connection, outcome: tuple) -> None:
    try:
        connection.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError) as error:  # cannot pickle
        connection.send((*outcome[:-2], False, RuntimeError(f"{type(error).__name__}: {error}")))


def parallel(function: Callable, jobs: Sequence, workers: int) -> list:
    """``[function(job) for job in jobs]``, spread over ``workers`` processes."""
    workers = min(workers, len(jobs))
    if workers <= 1 or not processes.CAN_FORK:
        return [function(job) for job in jobs]
    remove_stale_folders()
    try:
        folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    except OSError:
        folder = None
    collecting = gc.isenabled()
    gc.disable()  # unpickling the results builds many objects and no cycles: half the time
    hands: list[_Hand] = []
    try:
        for _ in range(workers):
            hand = _start_hand(function)
            if hand is None:
                break
            hands.append(hand)
        if not hands:  # no file descriptors, processes or memory for workers
            return [function(job) for job in jobs]
        return _share_out(hands, jobs, folder)
    finally:
        if collecting:
            gc.enable()
        processes.end([hand.worker for hand in hands])
        for hand in hands:
            hand.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _share_out(hands: list[_Hand], jobs: Sequence, folder: str | None) -> list:
    """Each job to the next idle worker, in order; each result read as it comes."""
    results: list = [None] * len(jobs)
    waiting = iter(range(len(jobs)))

    def hand_out(hand: _Hand) -> None:
        hand.job = next(waiting, None)
        task = None if hand.job is None else (
            hand.job, jobs[hand.job], folder and os.path.join(folder, f"{hand.job}.pickle"))
        try:
            hand.jobs.send(task)
        except OSError:  # BrokenPipeError: it died
            if hand.job is not None:
                raise hand.worker.died() from None

    for hand in hands:
        hand_out(hand)
    by_pipe = {hand.outcomes: hand for hand in hands}
    while busy := [hand.outcomes for hand in hands if hand.job is not None]:
        for pipe in wait(busy):
            hand = by_pipe[pipe]
            try:
                index, succeeded, value = pipe.recv()
            except EOFError:
                raise hand.worker.died() from None
            if not succeeded:
                raise value
            results[index] = _result(value)
            hand_out(hand)
    return results


@contextmanager
def in_background(function: Callable[[], T]) -> Iterator[Callable[[], T]]:
    """``function()``, started now in a worker process; what the block is given returns
    its result (or raises its error), waiting for it if need be. Leaving the block ends
    the worker. Where no worker can be forked (no fork, or no processes or memory), the
    function runs in this process when its result is asked for."""
    try:
        receiving, sending = Pipe(duplex=False)
    except OSError:
        yield function
        return
    worker = processes.start(lambda: _send_result(function, sending))
    sending.close()
    if worker is None:
        receiving.close()
        yield function
        return

    def result() -> T:
        try:
            succeeded, value = receiving.recv()
        except EOFError:
            raise worker.died() from None
        if not succeeded:
            raise value
        return value

    try:
        yield result
    finally:
        processes.end([worker])
        receiving.close()


def _send_result(function: Callable[[], T], sending: Connection) -> None:
    try:
        outcome = (True, function())
    except Exception as error:  # the parent raises it, as if it had run the function
        outcome = (False, error)
    _send(sending, outcome)
