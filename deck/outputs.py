"""Write a build's files all or nothing: never over a device, an input, or each other.

Each output is checked before the build starts, so a bad path costs nothing. Then
every file is written under a temporary name beside its target (its scratch database
too), and only when all of them are complete are they renamed into place; a character
device (/dev/null) or standard output ("-") is written through, never renamed over.
"""

from __future__ import annotations

import errno
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

from backprop_deck.core.atomic import (
    MAX_NAME_BYTES,
    mode_for,
    private_folder,
    remove_stale,
    temporary_name,
)
from backprop_deck.core.errors import SettingError
from backprop_deck.core.quote import quote_path
from backprop_deck.core.signals import held, uncut

STDOUT = "-"
# Render an output: write its bytes to the open file, using the folder for scratch.
Render = Callable[[BinaryIO, Path], None]
_NOT_REGULAR = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISBLK, "a block device")]


# What each output is called in a message (the library's settings: deck/writing.py).
NAMES = {"apkg": "the .apkg file", "dump": "the dump", "preview": "the preview page",
         "collection": "the collection"}


@dataclass(frozen=True)
class Target:
    """Where an output goes: a file (regular or new), a device, or stdout."""

    setting: str  # which output: "apkg", "dump", "preview" or "collection"
    given: str  # as the user wrote it, for messages
    path: Path | None  # symlinks followed; None for standard output
    kind: str  # "file", "device", "stdout", or "fd:N" (another open descriptor)


def target(setting: str, given: Path | str, default_name: str,
           stdout_allowed: bool = False) -> Target:
    """Check one output path before anything is built; raises SettingError."""
    text = str(given)
    if not text:
        raise SettingError(setting, "the file name is empty")
    if text == STDOUT and not stdout_allowed:
        raise SettingError(setting, "'-' (standard output) is only for the dump")
    if text == STDOUT or _descriptor(text) == 1:
        return Target(setting, text, None, "stdout")
    descriptor = _descriptor(text)
    if descriptor is not None:  # /dev/stderr, /dev/fd/3: written through what is open
        return Target(setting, text, None, f"fd:{descriptor}")
    path = Path(os.path.realpath(given))
    for part in path.parts:  # before stat(), which fails on a long name
        _check_name_length(setting, part)
    if text.endswith(("/", os.sep)) or path.is_dir():  # a folder: the file goes in it
        path = path / default_name
        text = os.path.join(text, default_name)
    shown = quote_path(text)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        _check_folder(setting, path.parent)
        return Target(setting, text, path, "file")
    except OSError as exc:
        raise SettingError(setting, f"cannot use {shown}: {exc.strerror}") from None
    if stat.S_ISCHR(mode):
        return Target(setting, text, path, "device")
    for test, kind in _NOT_REGULAR:
        if test(mode):
            raise SettingError(setting, f"{shown} is {kind}, not a regular file")
    if stat.S_ISDIR(mode):
        raise SettingError(setting, f"{shown} is a folder; give a file name")
    if not os.access(path, os.W_OK):
        raise SettingError(setting, f"cannot write {shown}: permission denied")
    return Target(setting, text, path, "file")


_DESCRIPTORS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _descriptor(given: str) -> int | None:
    """The open file descriptor a name stands for: /dev/stdout, /dev/stderr, /dev/fd/N,
    /proc/self/fd/N. Such a name is written through the descriptor the shell opened
    (> truncates, >> appends, | pipes), never opened again or renamed over."""
    if given in _DESCRIPTORS:
        return _DESCRIPTORS[given]
    for prefix in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        if given.startswith(prefix) and given[len(prefix):].isdigit():
            return int(given[len(prefix):])
    return None


def _check_name_length(setting: str, name: str) -> None:
    size = len(os.fsencode(name))
    if size > MAX_NAME_BYTES:
        raise SettingError(setting, f"the file name is too long ({size} bytes; "
                                    f"at most {MAX_NAME_BYTES})")


def _check_folder(setting: str, folder: Path) -> None:
    """The nearest existing folder must be a folder we can write in (the rest is made)."""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise SettingError(setting, f"{quote_path(str(existing))} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SettingError(setting, f"cannot write in folder {quote_path(str(existing))}")


def check_distinct(targets: list[Target], inputs: dict[Path, str]) -> None:
    """No two outputs are one file, and no output is an input (``inputs``: path → what
    it is, for the message: "a card file")."""
    seen: list[Target] = []
    for out in targets:
        if out.path is None:
            taken = next((t for t in seen if t.kind == out.kind), None)
            if taken is not None:
                where = "standard output" if out.kind == "stdout" else quote_path(out.given)
                raise SettingError(out.setting, f"{where} is already taken by "
                                                f"{NAMES[taken.setting]}")
            seen.append(out)
            continue
        for other in seen:
            if other.path is not None and _same(out.path, other.path):
                raise SettingError(out.setting, f"{quote_path(out.given)} is the same file "
                                                f"as {NAMES[other.setting]}")
        for path, what in inputs.items():
            if _same(out.path, path):
                raise SettingError(out.setting, f"{quote_path(out.given)} is {what}; "
                                                "writing it would destroy it")
        seen.append(out)


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@dataclass
class Commit:
    """Whether every output is in place: a signal handled after that (one held while
    the files were put in place) says so rather than 'no files written'."""

    written: bool = False


# Build a collection output in the private folder given; return the finished file.
Build = Callable[[Path], Path]


def write_all(outputs: list[tuple[Target, Render]], into: tuple[Target, Build] | None = None,
              commit: Commit | None = None) -> None:
    """Render every output to a temporary file (a collection: a copy in a private folder
    beside it), then put them all in place.

    Devices and standard output, the writes that can still fail (/dev/full), come
    first; the renames, which do not, last, the collection's first. Ctrl-C, SIGTERM and
    SIGHUP are held while the outputs are put in place, so a signal leaves either every
    file as it was or every file written, and while the temporary files are removed.
    On any error or interrupt before then every temporary file is removed and no
    existing file has changed.
    """
    staged: list[tuple[Target, Path]] = []
    # Every temporary file and folder, named here before it is made: a signal between
    # making one and recording it would otherwise leave it behind.
    temporary: list[Path] = []
    private: list[Path] = []
    try:
        for out, render in outputs:
            folder = out.path.parent if out.kind == "file" else Path(tempfile.gettempdir())
            staged.append((out, _render(out, render, folder, temporary)))
        if into is not None:
            out, build = into
            def made(out=out) -> Path:
                remove_stale(out.path.parent)  # what a killed build left beside it
                return private_folder(out.path.parent, private)

            staged.insert(0, (out, build(_guard(out, made))))
        with held():
            for out, tmp in staged:
                if out.kind != "file":
                    _copy_out(out, tmp)
            for out, tmp in staged:
                if out.kind == "file":
                    _guard(out, lambda out=out, tmp=tmp: _place(tmp, out.path))
            if commit is not None:
                commit.written = True
    finally:
        def remove() -> None:
            for tmp in temporary:
                tmp.unlink(missing_ok=True)
            for folder in private:
                shutil.rmtree(folder, ignore_errors=True)

        uncut(remove)  # a signal in the middle would leave temporary files


def _render(out: Target, render: Render, folder: Path, temporary: list[Path]) -> Path:
    def write() -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale(folder)
        name = out.path.name if out.path is not None else "stdout"
        tmp = temporary_name(folder, name)
        temporary.append(tmp)
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
            if out.kind == "device":
                with open(out.path, "wb") as device:
                    shutil.copyfileobj(source, device, 1 << 20)
            elif out.kind == "stdout":
                if sys.stdout is None:  # started with standard output closed
                    raise SettingError(out.setting, "cannot write standard output: "
                                                    f"{os.strerror(errno.EBADF)}")
                sys.stdout.flush()  # what was printed before comes first
                _write_through(out, source, sys.stdout.buffer)
            else:
                with open(int(out.kind[3:]), "wb", closefd=False) as stream:
                    _write_through(out, source, stream)

    _guard(out, copy)


def _write_through(out: Target, source: BinaryIO, stream: BinaryIO) -> None:
    """Every byte to a stream the shell opened, or one line saying how many got through:
    a pipe whose reader stopped (head -c 100) takes part of the data, then refuses the
    rest."""
    total = os.fstat(source.fileno()).st_size
    sent = 0
    try:
        while chunk := source.read(1 << 16):
            stream.write(chunk)
            stream.flush()
            sent += len(chunk)
    except BrokenPipeError:
        raise SettingError(out.setting, f"{_stream_name(out)} was closed by its reader "
                                        f"after {sent:,} of {total:,} bytes") from None
    except (OSError, ValueError) as exc:  # ValueError: a stream closed in this process
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SettingError(out.setting,
                           f"cannot write {_stream_name(out)}: {reason}") from None


def _stream_name(out: Target) -> str:
    return "standard output" if out.kind == "stdout" else quote_path(out.given)


def _guard(out: Target, action):
    """OS and SQLite failures (a full disk, /dev/full) as one line about the output."""
    try:
        return action()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SettingError(out.setting,
                           f"cannot write {quote_path(out.given)}: {reason}") from None
    except sqlite3.Error as exc:
        raise SettingError(out.setting,
                           f"cannot write {quote_path(out.given)}: {exc}") from None
