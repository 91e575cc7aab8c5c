"""docs/notation.md read as the checks need it: which symbols it defines for a card of
each kind, and which it says are never written.

The doc is the one source: the tests read it, so changing the notation there changes
what every card is checked against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from symbols import Symbol, generalised, sub_matches, text_symbols

DOC = Path(__file__).resolve().parent.parent / "docs" / "notation.md"
LAYERS = frozenset({"linear", "conv", "pool", "batchnorm"})
SECTIONS = {"The lecture network": frozenset({"network"}), "Layers on a batch": LAYERS}
TOPICS = {"computational graph": "graph", "deep chain": "chain", "RNN": "rnn"}
# What the doc says a card must never write for an entry's gradient, and the check of it
ENTRY_FORM = "never (∂J/∂W)ᵢⱼ"


class Definition(NamedTuple):
    symbol: Symbol
    whole: bool = False  # a matrix or vector: its entries are defined with it


@dataclass
class Notation:
    everywhere: list[Definition] = field(default_factory=list)
    scoped: dict[str, list[Definition]] = field(default_factory=dict)
    own: dict[str, list[Symbol]] = field(default_factory=dict)  # the card states them
    never: list[tuple[Symbol, frozenset[str]]] = field(default_factory=list)  # (…, except in)
    never_in: dict[str, list[Symbol]] = field(default_factory=dict)  # a section's own "never"
    entry_form_banned: bool = False

    def defined(self, kind: str) -> list[Definition]:
        return self.everywhere + self.scoped.get(kind, [])

    def forbidden(self, kind: str) -> list[Symbol]:
        return ([symbol for symbol, allowed in self.never if kind not in allowed]
                + self.never_in.get(kind, []))


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[k].strip(): parts[k + 1] for k in range(1, len(parts), 2)}


def _words_removed(text: str) -> str:
    """Backticked names (`network`) are words, not symbols."""
    return re.sub(r"`[^`]*`", " ", text)


def _leading_symbols(cell: str) -> str:
    """The list of symbols a "never written" cell starts with, before its words."""
    match = re.search(r"\(|\b[A-Za-z]{3,}\b", cell)
    return cell[:match.start()] if match else cell


@cache
def notation() -> Notation:
    doc = DOC.read_text(encoding="utf-8")
    found = Notation(entry_form_banned=ENTRY_FORM in doc)
    sections = _sections(doc)
    never: list[Symbol] = []
    for line in sections["Everywhere"].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= set("-: "):
            continue
        if cells[0] == "symbol":
            continue
        symbols = text_symbols(cells[0], every_letter=True)
        symbols += text_symbols(re.sub(r"—?\s*never\b.*", "", cells[1]))
        found.everywhere += [Definition(s) for s in symbols]
        never += text_symbols(_leading_symbols(cells[2]), every_letter=True)
    for title, kinds in SECTIONS.items():
        text = _words_removed(sections[title])
        for words in re.findall(r"\(never ([^)]*)\)", text):
            for kind in kinds:  # "never a bare z₁" where the lecture's names hold
                found.never_in.setdefault(kind, []).extend(text_symbols(words))
        text = re.sub(r"\(never [^)]*\)", " ", text)
        # a layer's matrices (capitals) and bias vector b: their entries come with them
        definitions = [Definition(generalised(s), whole=(kinds == LAYERS and not s.sub
                                                         and (s.base.isupper() or s.base == "b")))
                       for s in text_symbols(text, every_letter=True)]
        for kind in kinds:
            found.scoped[kind] = definitions
    for line in sections["Topics' own symbols"].splitlines():
        match = re.match(r"- ([^:]+): (.*)", line.strip())
        if match and match[1] in TOPICS:
            found.own[TOPICS[match[1]]] = text_symbols(_words_removed(match[2]),
                                                       every_letter=True)
    everywhere = {d.symbol for d in found.everywhere}
    for symbol in never:
        if symbol in everywhere:
            continue  # C is the number of classes, never the loss
        allowed = frozenset(
            kind for kind, own in [*found.scoped.items(),
                                   *((k, [Definition(s) for s in v])
                                     for k, v in found.own.items())]
            if any(d.symbol.base == symbol.base and (
                not symbol.sub or sub_matches(d.symbol.sub, symbol.sub)) for d in own))
        found.never.append((symbol, allowed))
    return found


def banned(symbol: Symbol, used: Symbol) -> bool:
    """Whether ``used`` is written the way the banned ``symbol`` is."""
    if symbol.base != used.base or symbol.sup != used.sup:
        return False
    if not symbol.sub:
        return True
    if symbol.sub.isdigit():
        return used.sub.isdigit()
    return bool(used.sub) and sub_matches(symbol.sub, used.sub)
