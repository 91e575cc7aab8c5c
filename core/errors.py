"""The one error type users see: a location and a message, never a traceback."""

from __future__ import annotations


class DeckError(Exception):
    """Bad input, reported as ``FILE:LINE:COL: message`` (or ``OPTION: message``).

    ``line`` and ``column`` are 1-based, as editors count them.
    """

    def __init__(self, message: str, path: str | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        message = _one_line(self.message)
        if self.path is None:
            return message
        path = _one_line(self.path)
        if self.line is None:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column or 1}: {message}"


def _one_line(text: str) -> str:
    """A newline or other control character in a name or value, escaped: one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class SettingError(DeckError):
    """A setting the deck cannot have or be written with: ``setting`` names it as the
    library does ("count", "include_tags", "apkg", "collection", …, or a tuple of
    them), and the message never names a command-line option. The command line says
    which of its options that was (build_deck.py)."""

    def __init__(self, setting: str | tuple[str, ...], message: str):
        super().__init__(message)
        self.setting = setting
