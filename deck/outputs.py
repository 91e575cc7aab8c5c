"""Write a build's files all or nothing: never over a device, an input, or each other.

Each output is checked before the build starts, so a bad path costs nothing. Then
every file is written under a temporary name beside its target (its scratch database
too), and only when all of them are complete are they renamed into place; a character
device (/dev/null) or standard output ("-") is written through, never renamed over.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.atomic import MAX_NAME_BYTES, mode_for, remove_stale, temporary_name
from core.errors import DeckError
from core.quote import quote_path

STDOUT = "-"
# Render an output: write its bytes to the open file, using the folder for scratch.
Render = Callable[[BinaryIO, Path], None]
_NOT_REGULAR = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISBLK, "a block device")]


@dataclass(frozen=True)
class Target:
    """Where an option's output goes: a file (regular or new), a device, or stdout."""

    option: str
    given: str  # as the user wrote it, for messages
    path: Path | None  # symlinks followed; None for standard output
    kind: str  # "file", "device" or "stdout"


def target(option: str, given: Path | str, default_name: str,
           stdout_allowed: bool = False) -> Target:
    """Check one output path before anything is built; raises DeckError."""
    text = str(given)
    if not text:
        raise DeckError(f"{option}: the file name is empty")
    if text == STDOUT:
        if not stdout_allowed:
            raise DeckError(f"{option}: '-' (standard output) is only for --dump")
        return Target(option, text, None, "stdout")
    path = Path(os.path.realpath(given))
    for part in path.parts:  # before stat(), which fails on a long name
        _check_name_length(option, part)
    if text.endswith(("/", os.sep)) or path.is_dir():  # a folder: the file goes in it
        path = path / default_name
        text = os.path.join(text, default_name)
    shown = quote_path(text)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        _check_folder(option, path.parent)
        return Target(option, text, path, "file")
    except OSError as exc:
        raise DeckError(f"{option}: cannot use {shown}: {exc.strerror}") from None
    if stat.S_ISCHR(mode):
        return Target(option, text, path, "device")
    for test, kind in _NOT_REGULAR:
        if test(mode):
            raise DeckError(f"{option}: {shown} is {kind}, not a regular file")
    if stat.S_ISDIR(mode):
        raise DeckError(f"{option}: {shown} is a folder; give a file name")
    if not os.access(path, os.W_OK):
        raise DeckError(f"{option}: cannot write {shown}: permission denied")
    return Target(option, text, path, "file")


def _check_name_length(option: str, name: str) -> None:
    size = len(os.fsencode(name))
    if size > MAX_NAME_BYTES:
        raise DeckError(f"{option}: the file name is too long ({size} bytes; "
                        f"at most {MAX_NAME_BYTES})")


def _check_folder(option: str, folder: Path) -> None:
    """The nearest existing folder must be a folder we can write in (the rest is made)."""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise DeckError(f"{option}: {quote_path(str(existing))} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise DeckError(f"{option}: cannot write in folder {quote_path(str(existing))}")


def check_distinct(targets: list[Target], inputs: dict[Path, str]) -> None:
    """No two outputs are one file, and no output is an input (``inputs``: path → option)."""
    seen: list[Target] = []
    for out in targets:
        if out.path is None:
            if any(t.path is None for t in seen):
                raise DeckError(f"{out.option}: standard output is already taken by "
                                f"{next(t.option for t in seen if t.path is None)}")
            seen.append(out)
            continue
        for other in seen:
            if other.path is not None and _same(out.path, other.path):
                raise DeckError(f"{out.option}: {quote_path(out.given)} is the same file as "
                                f"{other.option}")
        for path, option in inputs.items():
            if _same(out.path, path):
                raise DeckError(f"{out.option}: {quote_path(out.given)} is the {option} input; "
                                "writing it would destroy it")
        seen.append(out)


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_all(outputs: list[tuple[Target, Render]]) -> None:
    """Render every output to a temporary file, then put them all in place.

    Devices and standard output, the writes that can still fail (/dev/full), come
    first; the renames, which do not, last. On any error or interrupt every temporary
    file is removed and no existing file has changed.
    """
    staged: list[tuple[Target, Path]] = []
    try:
        for out, render in outputs:
            folder = out.path.parent if out.kind == "file" else Path(tempfile.gettempdir())
            tmp = _render(out, render, folder)
            staged.append((out, tmp))
        for out, tmp in staged:
            if out.kind != "file":
                _copy_out(out, tmp)
        for out, tmp in staged:
            if out.kind == "file":
                _guard(out, lambda out=out, tmp=tmp: _place(tmp, out.path))
    finally:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)


def _render(out: Target, render: Render, folder: Path) -> Path:
    def write() -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale(folder)
        name = out.path.name if out.path is not None else "stdout"
        tmp = temporary_name(folder, name)
        try:
            with open(tmp, "xb") as stream:
                render(stream, folder)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    return _guard(out, write)


def _place(tmp: Path, path: Path) -> None:
    os.chmod(tmp, mode_for(path))  # an existing file keeps its permission bits
    os.replace(tmp, path)


def _copy_out(out: Target, tmp: Path) -> None:
    def copy() -> None:
        with open(tmp, "rb") as source:
            if out.kind == "stdout":
                sys.stdout.flush()
                shutil.copyfileobj(source, sys.stdout.buffer, 1 << 20)
                sys.stdout.buffer.flush()
            else:
                with open(out.path, "wb") as device:
                    shutil.copyfileobj(source, device, 1 << 20)

    _guard(out, copy)


def _guard(out: Target, action):
    """OS and SQLite failures (a full disk, /dev/full) as one line naming the option."""
    try:
        return action()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DeckError(f"{out.option}: cannot write {quote_path(out.given)}: {reason}") from None
    except sqlite3.Error as exc:
        raise DeckError(f"{out.option}: cannot write {quote_path(out.given)}: {exc}") from None
