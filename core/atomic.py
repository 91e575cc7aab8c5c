"""Files that appear whole or not at all: written under a temporary name beside their
target, then renamed over it.

Temporary names are short (a 255-byte target name still fits), say whose they are
(``.bp-PID-TOKEN-…``), and are removed on any error or interrupt; those a killed
build left behind are removed by the next build that writes in the same folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MAX_NAME_BYTES = 255
_OURS = re.compile(r"^\.bp-(\d+)-[0-9a-f]{8}-.*\.(tmp|anki2|work)$")


def temporary_name(folder: Path, target: str, suffix: str = ".tmp") -> Path:
    """A fresh name in ``folder`` for a file on its way to ``target``."""
    stem = os.fsencode(target)[:160].decode("utf-8", "ignore")
    return folder / f".bp-{os.getpid()}-{secrets.token_hex(4)}-{stem}{suffix}"


def private_folder(folder: Path, to_remove: list[Path]) -> Path:
    """A new folder of this process's own in ``folder``, for files that must be made
    beside their target (a collection and what Anki's engine keeps next to it). Its
    name joins ``to_remove`` before it exists, so a signal at any instant leaves
    nothing that the caller's clean-up does not know of."""
    made = temporary_name(folder, "into", suffix=".work")
    to_remove.append(made)
    made.mkdir(mode=0o700)
    return made


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def left_by_the_dead(folder: Path | str, pattern: re.Pattern) -> Iterator[re.Match]:
    """Matches of ``pattern`` over the names in ``folder`` (``match.string`` is the name),
    its first group the id of the process that made them, where that process is gone (a
    killed build): safe to remove."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match and int(match[1]) != os.getpid() and not _alive(int(match[1])):
            yield match


def remove_stale(folder: Path) -> None:
    """Remove the temporary files of builds that were killed (their process is gone)."""
    for match in left_by_the_dead(folder, _OURS):
        if match[2] == "work":
            shutil.rmtree(folder / match.string, ignore_errors=True)
        else:
            (folder / match.string).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def mode_for(target: Path) -> int:
    """An existing file keeps its permission bits; a new one gets the usual 0666 − umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


@contextmanager
def replacing(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write beside ``path``; it replaces ``path`` only if the block succeeds.

    On any error or interrupt the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = temporary_name(folder, path.name)
    try:
        with open(tmp, "xb") as out:
            yield out
        os.chmod(tmp, mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> None:
    with replacing(path) as out:
        out.write(text.encode("utf-8"))
