"""Ctrl-C, SIGTERM and SIGHUP: how the command stops for them, and holding them back
while a step must not be cut.

The first signal raises (KeyboardInterrupt, or Terminated for SIGTERM and SIGHUP), so
the build unwinds and every temporary file is removed; it raises only once, and only
until the program has started to say its last word (``stop_raising``): a signal after
that, or one more while it unwinds, is noted instead, and can then only change the
exit status (core.lifetime). A handler that raised a second time could cut the
cleanup short, or land in the code that reports the first, as a traceback.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HANDLED = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so every temporary file is removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def stop_for(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def signal_of(stop: BaseException) -> int:
    """The signal a KeyboardInterrupt or Terminated stands for."""
    return stop.signum if isinstance(stop, Terminated) else signal.SIGINT


def stopped_line(signum: int, written: str) -> str:
    """What the command says when a signal stops it; ``written`` says what it left."""
    if signum == signal.SIGINT:
        return f"interrupted; {written}"
    return f"{signal.Signals(signum).name}: stopped; {written}"


class _State:
    owner = os.getpid()  # whose handlers these are: a child just forked ends at once
    raising = False  # the next signal raises
    noted: int | None = None  # the first signal that did not raise


_state = _State()


def stop_on_signals() -> None:
    """From now on the first Ctrl-C, SIGTERM or SIGHUP raises; any other is noted."""
    _state.owner = os.getpid()
    _state.raising = True
    _state.noted = None
    for signum in HANDLED:
        signal.signal(signum, _handle)


def stop_raising() -> None:
    """The program is saying its last word: a signal from now on is only noted."""
    _state.raising = False


def noted() -> int | None:
    """The first signal that came once signals no longer raised, if one did."""
    return _state.noted


def raise_again(stop: BaseException) -> None:
    """A stop that Python swallowed (raised inside a destructor or a callback, where
    exceptions are ignored) is raised again at the next chance."""
    if _state.noted is None and os.getpid() == _state.owner:
        _state.raising = True
        os.kill(os.getpid(), signal_of(stop))


def _handle(signum, frame):
    if os.getpid() != _state.owner:  # a worker just forked, before it set its own handler
        os._exit(128 + signum)
    if _state.raising:
        _state.raising = False
        raise stop_for(signum)
    if _state.noted is None:
        _state.noted = signum
    else:  # asked again while finishing (a flush that blocks, say): end now
        os._exit(128 + _state.noted)


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
