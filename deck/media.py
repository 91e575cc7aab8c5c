"""The images and sounds a card names: found safe, named by content, read one at a time.

Card files are shared, so one from someone else must not be able to put a private
file into a deck its user then shares: a card may only use a regular file inside its
card file's folder (no '..', no absolute path, no symlink leading out, no FIFO or
device), of an image or sound type known by its content (not by its name), of at most
MAX_FILE_BYTES, and a deck's files together at most MAX_DECK_BYTES. An SVG is taken
only as an image file (shown by <img>, where nothing in it runs), and not even then if
it holds a script.

A file is packaged as its content's hash plus the extension of its type: Anki keeps a
file it has under a name (and one starting with '_' for ever), so an edited file
needs a new name to reach the learner. Files are opened without following a last
symlink and checked on what was opened; each is read in chunks, hashed as it goes,
and no further than its size limit; packaging reads it again and checks it is
unchanged, so a deck never holds all its files in memory.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from backprop_deck.core.card import MediaFile
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote

# A phone photo or a minute of speech; a deck that can still be shared and synced.
MAX_FILE_BYTES = 5_000_000
MAX_DECK_BYTES = 100_000_000
CHUNK = 1 << 16
HASH_DIGITS = 32  # 128 bits of SHA-256: no two files of a collection share a name


class MediaProblem(ValueError):
    """Why a file may not go on a card; the caller says where it was named."""


@dataclass(frozen=True)
class Kind:
    extension: str
    mime: str
    sound: bool
    packed: bool  # compressed by its format already: stored in the zip as it is


PNG = Kind("png", "image/png", False, True)
JPEG = Kind("jpg", "image/jpeg", False, True)
GIF = Kind("gif", "image/gif", False, True)
WEBP = Kind("webp", "image/webp", False, True)
SVG = Kind("svg", "image/svg+xml", False, False)
MP3 = Kind("mp3", "audio/mpeg", True, True)
OGG = Kind("ogg", "audio/ogg", True, True)
OPUS = Kind("opus", "audio/ogg", True, True)
WAV = Kind("wav", "audio/wav", True, False)
FLAC = Kind("flac", "audio/flac", True, True)
M4A = Kind("m4a", "audio/mp4", True, True)
KINDS = {kind.extension: kind for kind in (PNG, JPEG, GIF, WEBP, SVG, MP3, OGG, OPUS, WAV,
                                           FLAC, M4A)}
IMAGES = "PNG, JPEG, GIF, WebP or SVG"
SOUNDS = "MP3, Ogg, Opus, WAV, FLAC or M4A"
# MP4 brands of audio files (iTunes' M4A and M4B, and the generic ones they use).
_MP4_AUDIO = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2"}


def kind_of(head: bytes) -> Kind | None:
    """The type of a file from its first bytes (at least 64 of them, where it has them);
    None for anything else (an SVG is found from its whole text: svg_problem)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE"):
        return WEBP if head[8:12] == b"WEBP" else WAV
    if head.startswith(b"fLaC"):
        return FLAC
    if head.startswith(b"OggS"):  # its first packet says the codec (not Theora video)
        return OPUS if b"OpusHead" in head else OGG if (
            b"\x01vorbis" in head or b"\x7fFLAC" in head) else None
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_AUDIO:
        return M4A
    if head.startswith(b"ID3") or _mpeg_audio_frame(head):
        return MP3
    return None


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a version and a layer that exist."""
    return (len(head) >= 4 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
            and (head[1] >> 3) & 3 != 1 and (head[1] >> 1) & 3 != 0)


def looks_like_xml(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is no SVG image to show: "not svg" if it is no SVG at all, or what
    it holds that could run; None for a drawing. No entity is expanded."""
    import xml.etree.ElementTree as ElementTree

    if b"<!ENTITY" in data:
        return "not svg"
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return "not svg"
    if _local(root.tag) != "svg":
        return "not svg"
    for element in root.iter():
        if _local(element.tag) in ("script", "foreignObject"):
            return f"<{_local(element.tag)}>"
        handler = next((a for a in map(_local, element.attrib) if a.lower().startswith("on")),
                       None)
        if handler:
            return f"{handler}="
    return None


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def checked(folder: Path, written: str, sound: bool) -> MediaFile:
    """The file a card names (``written``, relative to the card file's ``folder``),
    checked and hashed; raises MediaProblem. ``sound``: named by [sound:…]."""
    shown = quote(written)
    source = _inside(folder, written)
    with os.fdopen(_open(source, shown), "rb") as stream:
        _regular(os.fstat(stream.fileno()), shown)
        kind, size, digest = _fingerprint(stream, shown)
    if kind is None:
        raise MediaProblem(f"{shown} is not a sound Anki plays ({SOUNDS}), judged by its "
                           "content" if sound else
                           f"{shown} is not an image Anki shows ({IMAGES}), judged by its "
                           "content")
    if kind.sound != sound:
        raise MediaProblem(f"{shown} is a sound, not an image: play it with [sound:{written}]"
                           if kind.sound else
                           f"{shown} is an image, not a sound: show it with <img src=…> (in "
                           "Markdown, ![…](…))")
    return MediaFile(name=f"{digest[:HASH_DIGITS]}.{kind.extension}", source=source,
                     size=size, sha256=digest, mime=kind.mime, written=written)


def _inside(folder: Path, written: str) -> str:
    """The real path of the file named, which must be inside the folder."""
    shown = quote(written)
    if not written.strip():
        raise MediaProblem("a file name is empty (an image without a src, or [sound:])")
    if "\\" in written:
        raise MediaProblem(f"{shown}: write '/' between folders, not '\\'")
    if written.startswith("/"):
        raise MediaProblem(f"{shown} is an absolute path: name a file by where it is in the "
                           "card file's folder (img/a.png)")
    if ".." in written.split("/"):
        raise MediaProblem(f"{shown} leads out of the card file's folder ('..'): a card may "
                           "only use files inside it")
    home = os.path.realpath(folder)
    source = os.path.realpath(os.path.join(home, written))
    if os.path.commonpath([home, source]) != home:
        raise MediaProblem(f"{shown} is a symlink to a file outside the card file's folder: "
                           "a card may only use files inside it")
    return source


def _open(source: str, shown: str) -> int:
    """``source`` (a real path: no symlink on it) opened one folder at a time without
    following a symlink, so a folder or file swapped for one since it was resolved is
    refused, not followed out of the card file's folder; the file opened only if it is
    a regular one (opening a device can act on it), and without waiting (a FIFO put
    there meanwhile would never answer)."""
    *folders, name = source.split(os.sep)[1:]
    try:
        at = os.open(os.sep, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for folder in folders:
                if stat.S_ISLNK(os.stat(folder, dir_fd=at, follow_symlinks=False).st_mode):
                    raise OSError(errno.ELOOP, "a symlink")  # swapped in since resolved
                inner = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
                                | os.O_CLOEXEC, dir_fd=at)
                os.close(at)
                at = inner
            _regular(os.stat(name, dir_fd=at, follow_symlinks=False), shown)
            return os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC,
                           dir_fd=at)
        finally:
            os.close(at)
    except (FileNotFoundError, NotADirectoryError):
        raise MediaProblem(f"no file {shown} in the card file's folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a folder on the way swapped for a symlink
            raise MediaProblem(f"{shown} is a symlink to a file outside the card file's "
                               "folder: a card may only use files inside it") from None
        raise MediaProblem(f"cannot read {shown}: {exc.strerror}") from None


_NOT_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (a pipe)"),
              (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
              (stat.S_ISSOCK, "a socket"))


def _regular(info: os.stat_result, shown: str) -> None:
    if stat.S_ISLNK(info.st_mode):  # put there since the path was resolved
        raise MediaProblem(f"{shown} is a symlink to a file outside the card file's folder: "
                           "a card may only use files inside it")
    for test, what in _NOT_FILES:
        if test(info.st_mode):
            raise MediaProblem(f"{shown} is {what}, not a file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(shown)


def _too_large(shown: str) -> MediaProblem:
    return MediaProblem(f"{shown} is larger than {MAX_FILE_BYTES // 1_000_000} MB, the most "
                        "a card's file may be")


def _fingerprint(stream, shown: str) -> tuple[Kind | None, int, str]:
    """The file's type (None: no image or sound), size and SHA-256, read in chunks; an
    XML file is kept whole (at most MAX_FILE_BYTES) to be judged as SVG."""
    digest = hashlib.sha256()
    head = stream.read(CHUNK)
    svg = bytearray(head) if looks_like_xml(head) else None
    size = len(head)
    digest.update(head)
    while chunk := stream.read(min(CHUNK, MAX_FILE_BYTES + 1 - size)):
        size += len(chunk)
        digest.update(chunk)
        if svg is not None:
            svg += chunk
    if size > MAX_FILE_BYTES:  # grown since it was measured
        raise _too_large(shown)
    kind = kind_of(head[:64])
    if kind is None and svg is not None:
        problem = svg_problem(bytes(svg))
        if problem not in (None, "not svg"):
            raise MediaProblem(f"{shown} is an SVG holding {problem}: a drawing on a card "
                               "must not run code")
        kind = SVG if problem is None else None
    return kind, size, digest.hexdigest()


def chunks(file: MediaFile) -> Iterator[bytes]:
    """The file's bytes as checked, in chunks, for packaging; a file changed since it was
    checked is an error where a card named it (the deck would show other bytes)."""
    shown = quote(file.written)
    try:
        with os.fdopen(_open(file.source, shown), "rb") as stream:
            _regular(os.fstat(stream.fileno()), shown)
            digest = hashlib.sha256()
            size = 0
            while chunk := stream.read(min(CHUNK, file.size + 1 - size)):
                size += len(chunk)
                digest.update(chunk)
                if size <= file.size:
                    yield chunk
    except MediaProblem as exc:
        raise _where(file, str(exc)) from None
    if size != file.size or digest.hexdigest() != file.sha256:
        raise _where(file, f"{shown} changed while the deck was being built; build it again")


def content(file: MediaFile) -> bytes:
    """The whole file as checked (one file: Anki's media API and the preview take bytes)."""
    return b"".join(chunks(file))


def distinct(files: Iterable[MediaFile]) -> list[MediaFile]:
    """Each file once (by its name, so by content), in the order first named."""
    first: dict[str, MediaFile] = {}
    for file in files:
        first.setdefault(file.name, file)
    return list(first.values())


def check_total(files: Iterable[MediaFile]) -> None:
    """A deck's files together at most MAX_DECK_BYTES: the one that passes it is named."""
    total = 0
    for file in distinct(files):
        total += file.size
        if total > MAX_DECK_BYTES:
            raise _where(file, f"with {quote(file.written)} the deck's files come to more than "
                               f"{MAX_DECK_BYTES // 1_000_000} MB, the most a deck may hold "
                               "(it must still import and sync in reasonable time)")


def _where(file: MediaFile, message: str) -> DeckError:
    path, line, column = file.origin
    return DeckError(message, path, line, column)
