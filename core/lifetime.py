"""The command's whole life, from its first import to its exit status: a signal or
memory running out ends it with one line at most, and never a traceback.

``begin`` comes first, before the command imports anything heavy: from then on the
first Ctrl-C, SIGTERM or SIGHUP raises and unwinds (core.signals), and what escapes
everything (a signal or a MemoryError while modules load) is one line and 130, 143,
129 or 2. The command then says its last word with ``say`` and ends with ``end``,
which flushes what is left, turns a signal that came meanwhile into 128 + N (with
"every file had been written", unless a line went to standard error already) and
leaves at once with ``os._exit``. Python's own exit is skipped, for it runs code
where a signal is a traceback ("Exception ignored in atexit callback") and first
resets the handlers to the default action (a signal then kills the process: no
status 128 + N, no line).
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from typing import NoReturn, TextIO

from backprop_deck.core import signals
from backprop_deck.core.memory import MESSAGE, out_of_memory

EVERY_FILE_WRITTEN = "every file had been written"
NO_FILE_WRITTEN = "no files written"
_OUT_OF_MEMORY = f"{MESSAGE}; {NO_FILE_WRITTEN}\n".encode()  # made while there is memory


class _Life:
    begun = False
    said_on_stderr = False


_life = _Life()


def begin() -> None:
    """Signals stop the command from now on; what escapes it is one line."""
    if _life.begun:
        return
    _life.begun = True
    signals.stop_on_signals()
    sys.excepthook = _escaped
    sys.unraisablehook = _ignored
    if not sys.warnoptions:  # a library's warnings are for developers, who ask with -W
        warnings.simplefilter("ignore")  # (requests warns when memory cut an import short)


def say(line: str, stream: TextIO | None = None) -> None:
    """The command's one line: the summary, or what stopped it (standard error unless
    ``stream`` is given). Called by main() in a test or another program too."""
    stream = stream or sys.stderr
    if stream is sys.stderr:
        _life.said_on_stderr = True
    with contextlib.suppress(OSError, ValueError):  # a reader gone: the status still says
        print(line, file=stream)


def end(code: int) -> NoReturn:
    """Flush, and exit with ``code``, or 128 + N for a signal that came meanwhile."""
    signals.stop_raising()
    _flush(sys.stdout)
    _flush(sys.stderr)
    late = signals.noted()  # one that comes after this is too late: the status stands
    if late is not None and code < 128:  # a signal that stopped the command said so
        if code == 0 and not _life.said_on_stderr:
            _write_line(signals.stopped_line(late, EVERY_FILE_WRITTEN))
            _flush(sys.stderr)
        code = 128 + late
    os._exit(code)


def _flush(stream: TextIO | None) -> None:
    """What is left in the buffer; a reader that is gone (said so already, or only
    missing the summary) is no reason for another line."""
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def _write_line(line: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no stderr at all
        sys.stderr.write(line + "\n")


def _escaped(kind, error, trace) -> None:
    """sys.excepthook: a signal or memory running out outside the command's own
    handling (while its modules load, say) is one line; anything else is a bug, and
    shows its traceback."""
    if isinstance(error, KeyboardInterrupt | signals.Terminated):
        signals.stop_raising()
        signum = signals.signal_of(error)
        _raw_line((signals.stopped_line(signum, NO_FILE_WRITTEN) + "\n").encode())
        os._exit(128 + signum)
    if out_of_memory(error):
        signals.stop_raising()
        _raw_line(_OUT_OF_MEMORY)
        os._exit(2)
    sys.__excepthook__(kind, error, trace)


def _raw_line(line: bytes) -> None:
    """Straight to the descriptor: the stream's buffer may hold half a line, or no
    memory be left to make one."""
    _flush(sys.stderr)
    with contextlib.suppress(OSError):
        os.write(2, line)


def _ignored(unraisable) -> None:
    """sys.unraisablehook, for an exception raised where Python can only ignore it (a
    destructor, a callback). A signal's stop, swallowed there, is raised again; memory
    running out in one is no news (the next allocation says so); the rest is shown."""
    error = unraisable.exc_value
    if isinstance(error, KeyboardInterrupt | signals.Terminated):
        signals.raise_again(error)
    elif not out_of_memory(error):
        sys.__unraisablehook__(unraisable)
