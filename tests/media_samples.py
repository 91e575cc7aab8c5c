"""Small real media files for the tests, made here: PNGs a browser decodes, a WAV the
wave module writes, MPEG audio frames, an SVG drawing, and the first bytes of the
other types Anki takes (all a type is known by)."""

from __future__ import annotations

import io
import random
import struct
import wave
import zlib


def png(width: int = 24, height: int = 16, seed: int = 0, noise: bool = False) -> bytes:
    """An RGB PNG: a colour picked by ``seed``, or random pixels (``noise``: a file
    that does not compress, as a photo does not)."""
    chooser = random.Random(seed)
    colour = bytes(chooser.randrange(256) for _ in range(3))
    rows = b"".join(b"\x00" + (bytes(chooser.getrandbits(8) for _ in range(3 * width))
                               if noise else colour * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(rows, 0 if noise else 6)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def wav(seconds: float = 0.1, pitch: int = 440) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(8000)
        frames = int(8000 * seconds)
        sound.writeframes(bytes(128 + int(100 * ((k * pitch // 4000) % 2 * 2 - 1))
                                for k in range(frames)))
    return out.getvalue()


def mp3(frames: int = 4, seed: int = 0) -> bytes:
    """MPEG-1 layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each) after an ID3 tag."""
    body = bytes(random.Random(seed).getrandbits(8) for _ in range(413))
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x64" + body) * frames


def svg(colour: str = "#c33") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'width="60" height="30" viewBox="0 0 60 30"><rect width="60" height="30" '
            f'fill="{colour}"/></svg>\n').encode()


# The first bytes of each other type (and some padding): how they are recognised.
HEADS = {
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64),
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + bytes(64),
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(64),
    "ogg": b"OggS\x00\x02" + bytes(22) + b"\x01\x1e\x01vorbis" + bytes(64),
    "opus": b"OggS\x00\x02" + bytes(22) + b"\x01\x13OpusHead" + bytes(64),
    "flac": b"fLaC\x00\x00\x00\x22" + bytes(64),
    "m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(64),
}
