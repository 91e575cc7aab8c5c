"""Read CSV or TSV text into rows of cells that know their line and column.

The format is RFC 4180's, as spreadsheets and Anki write it: cells split by one
separator character; a cell in double quotes may hold the separator, line breaks and a
quote written twice (``""``). As Anki reads such a file, a line starting with ``#`` is a
comment (so a cell that starts with ``#`` is written in quotes, as Anki's export does)
and a row of empty cells is skipped. Spaces around an unquoted cell, and around a
quoted one, are not part of it. Lines and columns count from 1, as editors do, and a
quoted cell's line breaks are counted, so a message can point at any cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import DeckError

QUOTE = '"'
COMMENT = "#"


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    column: int  # of its first character, or of its opening quote
    quoted: bool = False


def normalised(text: str) -> str:
    """Line breaks as "\\n" (Windows' "\\r\\n" and old Macs' "\\r" too), and no byte-order
    mark: a carriage return would be a control character in a card's text."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


class _Reader:
    def __init__(self, text: str, path: str, separator: str):
        self.text, self.path, self.separator = text, path, separator
        self.padding = " \t".replace(separator, "")
        self.cell_end = re.compile(f"[{re.escape(separator)}\n]")
        self.at = 0
        self.line = 1
        self.line_start = 0

    def column(self, at: int | None = None) -> int:
        return (self.at if at is None else at) - self.line_start + 1

    def error(self, message: str, line: int, column: int) -> DeckError:
        return DeckError(message, self.path, line, column)

    def skip_padding(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in self.padding:
            self.at += 1

    def rows(self) -> Iterator[list[Cell]]:
        text = self.text
        while self.at < len(text):
            if text[self.at] == COMMENT:
                end = text.find("\n", self.at)
                self.next_line(len(text) if end < 0 else end)
                continue
            row = [self.cell()]
            while self.at < len(text) and text[self.at] == self.separator:
                self.at += 1
                row.append(self.cell())
            self.next_line(self.at)
            if any(cell.text for cell in row):
                yield row

    def next_line(self, end: int) -> None:
        """Past the line break at ``end`` (the text's end has none)."""
        self.at = end + 1
        self.line += 1
        self.line_start = self.at

    def cell(self) -> Cell:
        start = self.at
        self.skip_padding()
        if self.at < len(self.text) and self.text[self.at] == QUOTE:
            return self.quoted()
        found = self.cell_end.search(self.text, start)
        end = found.start() if found else len(self.text)
        raw = self.text[start:end]
        stripped = raw.strip(self.padding)
        column = self.column(start + (len(raw) - len(raw.lstrip(self.padding))))
        self.at = end
        return Cell(stripped, self.line, column)

    def quoted(self) -> Cell:
        line, column = self.line, self.column()
        text, parts = self.text, []
        self.at += 1
        while True:
            close = text.find(QUOTE, self.at)
            if close < 0:
                raise self.error('this cell\'s opening quote (") is never closed; a quote '
                                 'inside a quoted cell is written twice ("")', line, column)
            chunk = text[self.at:close]
            breaks = chunk.count("\n")
            if breaks:
                self.line += breaks
                self.line_start = self.at + chunk.rindex("\n") + 1
            parts.append(chunk)
            self.at = close + 1
            if text.startswith(QUOTE, self.at):  # "" inside: one quote
                parts.append(QUOTE)
                self.at += 1
                continue
            break
        self.skip_padding()
        if self.at < len(text) and text[self.at] not in (self.separator, "\n"):
            raise self.error('text after the closing quote of a quoted cell; a quote inside '
                             'a quoted cell is written twice ("")', self.line, self.column())
        return Cell("".join(parts), line, column, quoted=True)


def rows(text: str, path: str, separator: str) -> Iterator[list[Cell]]:
    """The rows of ``text`` (already normalised()), comments and empty rows left out.
    Raises DeckError at an unclosed quote, or at text after a closing quote."""
    return _Reader(text, path, separator).rows()


def split_line(line: str, separator: str) -> list[str]:
    """One line's cells, quotes kept: enough to see which separator a header row uses."""
    cells, quoted, current = [], False, []
    for ch in line:
        if ch == QUOTE:
            quoted = not quoted
        if ch == separator and not quoted:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
    cells.append("".join(current))
    return cells
