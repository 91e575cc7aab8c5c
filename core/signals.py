"""Holding back the signals the command line handles, while a step must not be cut."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HANDLED = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


@contextmanager
def held(signals: frozenset[int] = HANDLED) -> Iterator[None]:
    """Signals wait (and are handled, by the handlers they had) until the block is done.

    Held by handlers that note them, not by a signal mask: a mask holds signals for one
    thread only, and any other thread (Anki's engine starts some) would take them. Only
    the main thread can set handlers; elsewhere the block runs as it is. A signal that
    comes while the handlers are being swapped raises before the block runs (see
    ``uncut``).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {signum: signal.getsignal(signum) for signum in signals}
    try:
        for signum in signals:
            signal.signal(signum, lambda signum, frame: pending.append(signum))
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if pending:
            os.kill(os.getpid(), pending[0])  # now, to the handler it would have met


def uncut(action: Callable[[], None]) -> None:
    """``action()``, run to its end whatever signal comes (a cleanup, say); a signal
    that came meanwhile is raised after it. The action may run twice: it must not mind."""
    done = False
    try:
        with held():
            action()
            done = True
    finally:
        if not done:  # the signal came as holding began, and raised: the action is owed
            action()
