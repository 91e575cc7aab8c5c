"""Running out of memory (``ulimit -v``), told apart from a bug, whatever it looks like.

Memory that runs out does not always raise MemoryError where it happens: a thread
that cannot get its stack is "RuntimeError: can't start new thread", a fork or mmap
that cannot is OSError ENOMEM, SQLite says "out of memory", a compiled module that
cannot be mapped is an ImportError from the dynamic loader ("failed to map segment
from shared object"), Anki's engine raises a BackendError ("Allocation error : not
enough memory"), and an import cut short leaves an ImportError whose context is the
MemoryError. Each of these is the same
thing to the user: one line, exit 2.
"""

from __future__ import annotations

import errno
import sys

MESSAGE = ("out of memory: this build needs more than the process may have (ulimit -v?); "
           "ask for fewer cards")

_ANKI_OUT_OF_MEMORY = ("not enough memory", "OutOfMemory", "out of memory")
# What the dynamic loader (dlopen) says when it cannot map a compiled module.
_LOADER_OUT_OF_MEMORY = ("failed to map segment from shared object", "cannot allocate memory")


def out_of_memory(error: BaseException | None) -> bool:
    """Whether ``error``, or what it was raised from or while handling, is memory
    running out."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _is_memory(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _is_memory(error: BaseException) -> bool:
    if isinstance(error, MemoryError):
        return True
    if isinstance(error, OSError):
        return error.errno == errno.ENOMEM
    if isinstance(error, RuntimeError):
        return "can't start new thread" in str(error)
    if isinstance(error, ImportError):
        return any(words in str(error).lower() for words in _LOADER_OUT_OF_MEMORY)
    sqlite3 = sys.modules.get("sqlite3")  # not imported: not an SQLite error
    if sqlite3 is not None and isinstance(error, sqlite3.Error):
        return "out of memory" in str(error)
    if type(error).__module__ == "anki.errors":  # Anki's engine: its own words, or SQLite's
        return any(words in str(error) for words in _ANKI_OUT_OF_MEMORY)
    return False
