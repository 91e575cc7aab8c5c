"""Run independent jobs in worker processes, handed out in order; results in job order.

Workers ignore SIGINT and end quietly on SIGTERM: on Ctrl-C, SIGTERM or any error the
caller terminates them, so the command line reports one line, not a traceback from
every worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle; SIGTERM and SIGHUP (the parent terminates its
    workers with SIGTERM) end a worker quietly, not with the parent's handler."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _context():
    """fork where there is one (Linux): workers start with everything already imported."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def parallel(function: Callable, jobs: Sequence, workers: int) -> list:
    """``[function(job) for job in jobs]``, spread over ``workers`` processes."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        return [function(job) for job in jobs]
    pool = _context().Pool(workers, initializer=_quiet_worker)
    collecting = gc.isenabled()
    gc.disable()  # unpickling the results builds many objects and no cycles: half the time
    try:
        results = pool.map(function, jobs, chunksize=1)
        pool.close()
        return results
    finally:
        if collecting:
            gc.enable()
        pool.terminate()
        pool.join()
