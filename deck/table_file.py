"""CSV and TSV card files, and Anki's own notes export, read as card files.

A file is a table by its name: ``.csv``, ``.tsv`` and ``.txt`` (what Anki's File →
Export → Notes in Plain Text writes); any other name is YAML. The text is UTF-8, with or
without a byte-order mark.

A table's first lines may be Anki's headers, ``#key:value`` (``#separator:``,
``#html:``, ``#columns:``, ``#deck:``, and in Anki's notes export ``#guid column:``,
``#notetype column:``, ``#deck column:``, ``#tags column:``, ``#notetype:``). Then:

- with ``#guid column:`` it is Anki's notes export: one note a row, its columns placed
  by those headers, its fields in their note type's order (deck/anki_notes.py);
- otherwise the first row (or ``#columns:``) names the columns: ``id``, ``front``,
  ``back``, and any other key a YAML card may have (``extra``, ``tags`` space-separated
  as Anki writes them, ``deck``, ``format``, …).

The separator is ``#separator:``'s, else the first of tab, comma and semicolon (comma
first for ``.csv``) found in the first row. Each row becomes the YAML nodes a card
would be, every value at its cell's line and column, and deck/cards_file.py validates
them as it validates YAML: every rule for a card holds for a row. An empty cell is as
if the column were not there (a replacement keeps the deck and tags of the card it
replaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from backprop_deck.core import table_cells
from backprop_deck.core import yaml_nodes as yn
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote
from backprop_deck.core.table_cells import Cell

from . import anki_notes
from .cards_file import CARD_KEYS, CARD_REQUIRED, CardsFile, read

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
# Anki's names for separators (#separator:Tab), or one character.
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|",
              "colon": ":"}
GUESSED = {".csv": ",;\t", ".tsv": "\t,;", ".txt": "\t,;"}
# The headers Anki writes and reads; those it reads that mean nothing here are refused.
HEADERS = ("separator", "html", "columns", "deck", "notetype", "guid column",
           "notetype column", "deck column", "tags column")
NOT_READ = {"tags": "put the tags in a 'tags' column",
            "if matches": "Anki's choice for duplicates on its own CSV import",
            "match scope": "Anki's choice for duplicates on its own CSV import"}
CLOZE_REQUIRED = ("id", "text")
EXPORT_COLUMNS = ("notetype column", "deck column", "tags column", "notetype")
_HEADER = re.compile(r"#([a-z][a-z ]*):(.*)")
# Cells of these keys are text whatever they read; another column's cell is read as the
# same plain value would be in YAML (true, 3, text).
TEXT_KEYS = frozenset({"id", "front", "back", "extra", "deck", "format", "figure", "guid",
                       "type", "text"})
NOT_UTF8 = 'not UTF-8 text: save it as CSV UTF-8 (in a spreadsheet: Save as, CSV UTF-8)'
NO_GUIDS = ("this looks like Anki's notes export without its GUIDs: export again with "
            "'Include unique identifier' ticked, so that the notes you edit here update "
            "in Anki")


def is_table(path: str) -> bool:
    return Path(path).suffix.lower() in TABLE_SUFFIXES


@dataclass(frozen=True)
class Header:
    """One ``#key:value`` line at the top of the file."""

    key: str
    value: str
    line: int

    def error(self, path: str, message: str) -> DeckError:
        return DeckError(f"'#{self.key}:' {message}", path, self.line, 1)


def parse(text: str, path: str) -> CardsFile:
    text = table_cells.normalised(text)
    headers = read_headers(text, path)
    separator = pick_separator(text, path, headers)
    rows = table_cells.rows(text, path, separator)
    nodes = Nodes(path)
    if "guid column" in headers:
        cards, full_decks = anki_notes.cards(nodes, headers, rows), True
    else:
        cards, full_decks = header_row_cards(nodes, headers, rows, separator), False
    top = [(nodes.key("cards", 1, 1), nodes.sequence(cards, 1, 1))]
    if "deck" in headers:
        deck = headers["deck"]
        top.append((nodes.key("deck", deck.line, 1),
                    nodes.text(deck.value.strip(), deck.line, len("#deck:") + 1)))
    result = read(yn.Located(path), nodes.mapping(top, 1, 1))
    result.full_decks = full_decks
    return result


def read_headers(text: str, path: str) -> dict[str, Header]:
    """Anki's ``#key:value`` lines before the first row; any other ``#`` line is a
    comment, as in Anki, but one that looks like a misspelt header is refused."""
    headers: dict[str, Header] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.fullmatch(line)
        if match is None:
            continue
        key, value = match[1], match[2]
        header = Header(key, value, number)
        if key in NOT_READ:
            raise header.error(path, f"is not read here: {NOT_READ[key]}")
        if key not in HEADERS:  # a comment, unless it is a header misspelt
            near = yn.suggest(key, HEADERS, cutoff=0.8, show=lambda k: quote(f"#{k}:"))
            if near:
                raise header.error(path, f"is not one of Anki's headers{near}")
            continue
        if key in headers:
            raise header.error(path, f"is given twice (first on line {headers[key].line})")
        headers[key] = header
    return headers


def pick_separator(text: str, path: str, headers: dict[str, Header]) -> str:
    if "separator" in headers:
        header = headers["separator"]
        name = header.value.strip()
        if name.casefold() in SEPARATORS:
            return SEPARATORS[name.casefold()]
        if len(header.value) == 1 and header.value not in ('"', "\n"):
            return header.value
        raise header.error(path, f"must be one character or one of "
                                 f"{', '.join(SEPARATORS)}, got {quote(name)}")
    first = next((line for line in text.split("\n")
                  if line.strip() and not line.startswith("#")), "")
    candidates = GUESSED[Path(path).suffix.lower()]
    for separator in candidates:
        if len(table_cells.split_line(first, separator)) > 1:
            return separator
    return candidates[0]


class Nodes:
    """YAML nodes at a table's lines and columns, for cards_file to validate."""

    def __init__(self, path: str):
        self.path = path
        self.made = 0

    def mark(self, line: int, column: int) -> yaml.Mark:
        """Where the next node is; a file of more values than YAML's cap is refused here,
        before it fills memory (the cap is there for YAML's aliases, a table has none)."""
        self.made += 1
        if self.made > yn.MAX_NODES:
            raise DeckError(f"too many values in one card file (over {yn.MAX_NODES:,}): "
                            "split it into smaller files", self.path, line, column)
        return yaml.Mark(self.path, 0, line - 1, column - 1, None, None)

    def text(self, value: str, line: int, column: int, tag: str = yn.STR_TAG):
        mark = self.mark(line, column)
        return yaml.ScalarNode(tag, value, mark, mark)

    key = text

    def cell(self, key: str, cell: Cell):
        """A cell as the value of ``key``: a list of words for ``tags``, else one value."""
        if key == "tags":
            return self.words(cell)
        if key in TEXT_KEYS:
            return self.text(cell.text, cell.line, cell.column)
        tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, cell.text, (True, False))
        return self.text(cell.text, cell.line, cell.column, tag)

    def words(self, cell: Cell):
        """Space-separated words (Anki's tags) as a list, each at its own column."""
        items = []
        for word in re.finditer(r"\S+", cell.text):
            before = cell.text[:word.start()]
            line = cell.line + before.count("\n")
            column = (word.start() - before.rindex("\n") if "\n" in before
                      else cell.column + cell.quoted + word.start())
            if word[0].endswith(",") and len(word[0]) > 1:
                raise DeckError(f"tag {quote(word[0])}: the tags in a cell are separated by "
                                "spaces, as Anki writes them, not commas", self.path, line,
                                column)
            items.append(self.text(word[0], line, column))
        return self.sequence(items, cell.line, cell.column)

    def sequence(self, items: list, line: int, column: int):
        mark = self.mark(line, column)
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, mark)

    def mapping(self, pairs: list, line: int, column: int):
        mark = self.mark(line, column)
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark)

    def card(self, row: list[Cell], pairs: list):
        return self.mapping(pairs, row[0].line, row[0].column)


def header_row_cards(nodes: Nodes, headers: dict[str, Header], rows, separator: str) -> list:
    """A card a row, its keys named by the header row (or ``#columns:``)."""
    path = nodes.path
    for key in EXPORT_COLUMNS:
        if key in headers:
            raise headers[key].error(path, f"places a column of Anki's notes export, but "
                                           f"there is no '#guid column:'; {NO_GUIDS}")
    if "columns" in headers:
        header = headers["columns"]
        names = column_cells(header, separator)
    else:
        names = next(rows, None)
        if names is None:
            raise DeckError("no header row: the first row names the columns (id, front, "
                            "back, …)", path, 1, 1)
    while len(names) > 1 and not names[-1].text:  # a spreadsheet's empty last columns
        names = names[:-1]
    keys = column_keys(path, names, hint=NO_GUIDS if "html" in headers else "")
    html = headers.get("html")
    cards = []
    for row in rows:
        check_width(path, row, names)
        cells = list(zip(keys, names, row, strict=False))
        # An empty required cell stays, to be refused at its place; a cloze row leaves
        # its front and back empty (its sentence is in 'text').
        cloze = any(key == "type" and cell.text.strip() == "cloze" for key, _, cell in cells)
        required = CLOZE_REQUIRED if cloze else CARD_REQUIRED
        pairs = [(nodes.key(key, name.line, name.column), nodes.cell(key, cell))
                 for key, name, cell in cells if cell.text or key in required]
        if html is not None and "format" not in {key.value for key, _ in pairs}:
            pairs += html_format(nodes, html, path)
        cards.append(nodes.card(row, pairs))
    return cards


def html_format(nodes: Nodes, header: Header, path: str) -> list:
    """``#html:true``: the cards are HTML (as ``format: html``); false: text."""
    value = header.value.strip().casefold()
    if value not in ("true", "false"):
        raise header.error(path, f"must be true or false, got {quote(header.value.strip())}")
    if value == "false":
        return []
    return [(nodes.key("format", header.line, 1), nodes.text("html", header.line, 7))]


def column_cells(header: Header, separator: str) -> list[Cell]:
    """``#columns:`` names, each at its column on that line."""
    cells, column = [], len("#columns:") + 1
    for name in header.value.split(separator):
        cells.append(Cell(name.strip(), header.line, column + len(name) - len(name.lstrip())))
        column += len(name) + 1
    return cells


def column_keys(path: str, names: list[Cell], hint: str = "") -> list[str]:
    """The card keys the header row names: known ones, each once, ``id`` among them."""
    keys: list[str] = []
    for name in names:
        key = name.text.strip().casefold()
        if not key:
            raise DeckError("a column without a name in the header row", path, name.line,
                            name.column)
        if key not in CARD_KEYS:
            near = yn.suggest(key, CARD_KEYS) or f" (columns: {', '.join(CARD_KEYS)})"
            raise DeckError(f"unknown column {quote(name.text)}{near}"
                            f"{'; ' + hint if hint else ''}", path, name.line, name.column)
        if key in keys:
            raise DeckError(f"column {quote(key)} is named twice (first as column "
                            f"{keys.index(key) + 1})", path, name.line, name.column)
        keys.append(key)
    first = names[0]
    missing = [key for key in CARD_REQUIRED if key not in keys]
    if "id" in missing or (missing and "type" not in keys):
        raise DeckError(f"the header row has no {' or '.join(map(quote, missing))} column; "
                        f"it names each column: {', '.join(CARD_REQUIRED)} (required), "
                        f"{', '.join(k for k in CARD_KEYS if k not in CARD_REQUIRED)}",
                        path, first.line, first.column)
    return keys


def check_width(path: str, row: list[Cell], names: list[Cell]) -> None:
    """As many cells as the header names (empty ones past the last do no harm)."""
    width = len(names)
    extra = [cell for cell in row[width:] if cell.text]
    if extra:
        raise DeckError(f"this row has {len(row)} cells, the header row {width}: a "
                        "separator inside a cell needs the cell in quotes", path,
                        extra[0].line, extra[0].column)
    if len(row) < width:
        raise DeckError(f"this row has {len(row)} cells, the header row {width} "
                        f"({', '.join(n.text for n in names)}): a missing separator?",
                        path, row[0].line, row[0].column)
