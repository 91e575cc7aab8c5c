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
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {self.message}"
