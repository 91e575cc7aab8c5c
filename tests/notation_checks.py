"""What a learner trips over in a card's text, found from the dump alone.

- ``undefined``: a symbol the card uses that neither docs/notation.md, the card's
  front, nor an earlier line of its back defines (the front is held to its own
  definitions: ``L_n = -ln p_{n,t_n}`` with t_n never given is found there).
- ``off_notation``: what docs/notation.md says is never written (L for the loss, t
  for a target, p for an output, δᵢⱼ, a bare z₁ on the lecture network, and the
  entry form (∂J/∂W)ᵢⱼ).
- ``crossed_layout``: words that sum over the batch but name the other axis than the
  card's layout (its examples are rows: "the sum of the columns … over the batch").
- ``idle_givens`` (tests/oracles/idle.py): a given that plays no part in the answer,
  and the back does not say so.

Each returns what it found in one problem (front, back), as short strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from card_text import Block, blocks, pieces, sentences
from notation_doc import Definition, banned, notation
from symbols import (
    CONSTANTS,
    INDEX,
    Symbol,
    named,
    sides,
    sub_matches,
    tex_symbols,
    text_symbols,
    text_symbols_at,
)

from backprop_deck.core.variants import split_field


def problems(card: dict) -> Iterator[tuple[str, str, dict | None]]:
    """(front, back, problem) for every problem a dump card holds."""
    fronts, backs = split_field(card["front"]), split_field(card["back"])
    variants = card.get("variants") or [card.get("problem")]
    for (_, front), (_, back), problem in zip(fronts, backs, variants, strict=True):
        yield front, back, problem


class Known:
    """What a reader has been told so far."""

    def __init__(self, definitions: list[Definition]):
        self.definitions = list(definitions)

    def add(self, symbol: Symbol, whole: bool = False) -> None:
        self.definitions.append(Definition(symbol, whole))

    def covers(self, symbol: Symbol) -> bool:
        if symbol.base in CONSTANTS:
            return True
        if symbol.base in INDEX and not symbol.sub and not symbol.sup:
            return True  # an index: i, j, n, k, t
        return any(d.symbol.base == symbol.base and d.symbol.sup == symbol.sup
                   and (d.whole or sub_matches(d.symbol.sub, symbol.sub))
                   for d in self.definitions)


# Words that name the symbol they stand beside: "b₂⁺ is b₂ after …", "X̃, the
# zero-padded input", "the zero-padded input X̃"
_NAMING_AFTER = re.compile(r"(?:\([^()]*\))?\s*(?:(?:,\s*)?(?:is|are|the|denotes|means|stands)\b"
                           r"|=)")
_NAMING_BEFORE = re.compile(r"\b(?:input|output|kernel|matrix|vector|targets?|logits?|"
                            r"prediction|called|named|written)\s*$")


def _naming(text: str, start: int, end: int) -> bool:
    return bool(_NAMING_AFTER.match(text, end) or _NAMING_BEFORE.search(text[:start]))


def _front_known(kind: str, front: str) -> tuple[Known, list[Symbol]]:
    """What a front defines (givens, labels, the left sides of its equations, symbols
    it names), and the symbols its formulas use."""
    known = Known(notation().defined(kind))
    uses: list[Symbol] = []
    for block in blocks(front):
        if block.kind == "cell":
            continue
        if block.kind == "label":
            for symbol in text_symbols(block.text, every_letter=True):
                known.add(symbol, whole=not symbol.sub)
            continue
        for piece in pieces(block.text):
            if not piece.tex:
                for symbol in text_symbols(piece.text):
                    known.add(symbol, whole=not symbol.sub)
                continue
            parts = sides(piece.text)
            if len(parts) == 1:  # a mention: "the gradient ∂J/∂Y", "with logits z₁, z₂"
                for symbol in tex_symbols(piece.text):
                    known.add(symbol, whole=not symbol.sub)
                continue
            for part in parts:
                head, rest = named(part)
                if head is not None:
                    known.add(head, whole=not head.sub)
                uses += rest
    return known, uses


def undefined(kind: str, front: str, back: str) -> list[str]:
    known, front_uses = _front_known(kind, front)
    missing: list[str] = []

    def use(symbol: Symbol, where: str) -> None:
        if not known.covers(symbol):
            missing.append(f"{where}: {symbol}")
            known.add(symbol)  # once is enough

    for symbol in front_uses:
        use(symbol, "front")
    for block in blocks(back):
        _read_back_block(block, known, use)
    return missing


def _read_back_block(block: Block, known: Known, use) -> None:
    if block.kind == "cell":
        return
    if block.kind == "label":
        for symbol in text_symbols(block.text, every_letter=True):
            use(symbol, "back")
        return
    text = block.text
    for piece in pieces(text):
        if not piece.tex:
            start = piece.end - len(piece.text)
            for a, b, symbol in text_symbols_at(piece.text):
                if _naming(text, start + a, start + b):
                    known.add(symbol)
                else:
                    use(symbol, "back")
            continue
        parts = sides(piece.text)
        if len(parts) == 1:
            found = tex_symbols(piece.text)
            begin = text.rfind("\\(", 0, piece.end)
            if len(found) == 1 and _naming(text, begin, piece.end):
                known.add(found[0])
                continue
            for symbol in found:
                use(symbol, "back")
            continue
        head, rest = named(parts[0])
        # an equation names its left side; w⁺ is named in words where it is used
        if head is not None and not head.sup:
            known.add(head)
        elif head is not None:
            use(head, "back")
        for symbol in rest:
            use(symbol, "back")
        for part in parts[1:]:
            for symbol in tex_symbols(part):
                use(symbol, "back")


# ------------------------------------------------------------------ off the notation

_ENTRY_TEX = re.compile(r"\\right\)_|\(\\partial [^()]*\)_")
_ENTRY_TEXT = re.compile(r"\(∂[^()]*\)[₀-₉ₙᵢⱼₖₜ]")


def _every_symbol(field: str) -> Iterator[Symbol]:
    for block in blocks(field):
        if block.kind == "cell":
            continue
        if block.kind == "label":
            yield from text_symbols(block.text, every_letter=True)
            continue
        for piece in pieces(block.text):
            yield from (tex_symbols(piece.text) if piece.tex else text_symbols(piece.text))


def off_notation(kind: str, front: str, back: str) -> list[str]:
    forbidden = notation().forbidden(kind)
    found = []
    for where, field in (("front", front), ("back", back)):
        for symbol in _every_symbol(field):
            if any(banned(f, symbol) for f in forbidden):
                found.append(f"{where}: {symbol}")
        if notation().entry_form_banned:
            text = "".join(b.text for b in blocks(field))
            found += [f"{where}: entry form {m[0]}" for m in _ENTRY_TEX.finditer(text)]
            found += [f"{where}: entry form {m[0]}" for m in _ENTRY_TEXT.finditer(text)]
    return sorted(set(found))


# ------------------------------------------------------------------ rows and columns

_EXAMPLES_ARE_ROWS = re.compile(r"rows are examples|one row per example|"
                                r"rows? (?:is|are) (?:the )?examples", re.I)
# Sums within each row or column ("the column sums", "the sums of the 32 rows": one
# number per column or row), and sums across them ("the sum of the columns", "summing its
# 3 rows": the rows or columns added together)
_SUMMING = re.compile(r"\b(?P<within>rows?|columns?)[ -]sums?\b"
                      r"|\bsums of (?:the |its |each )?(?:\d+ )?(?P<each>rows?|columns?)\b"
                      r"|\bsum of (?:each|every) (?P<every>row|column)\b"
                      r"|\b(?:sum|summing|summed|add|adds|adding|added|collects?)\b"
                      r"[^.;:]*?\b(?P<across>rows?|columns?)\b", re.I)
_BATCH = re.compile(r"\b(?:batch|examples?)\b", re.I)
_ACROSS = re.compile(r"\b(?:outputs?|classes|class|units)\b", re.I)


# docs/design.md's layouts: a dense layer's X is N×D and softmax's logits N×C, one row per
# example, and the cards show them so
ROWS_ARE_EXAMPLES = {"linear", "softmax"}


def examples_axis(kind: str, front: str) -> str | None:
    """Which way the card lays examples out: "row", "column" (a table whose header row
    counts examples), or None."""
    text = " ".join(b.text for b in blocks(front))
    if _EXAMPLES_ARE_ROWS.search(text):
        return "row"
    if re.search(r"<caption>examples?</caption>", front):
        return "column"
    return "row" if kind in ROWS_ARE_EXAMPLES else None


def crossed_layout(kind: str, front: str, back: str) -> list[str]:
    axis = examples_axis(kind, front)
    if axis is None:
        return []
    other = "column" if axis == "row" else "row"
    found = []
    for block in blocks(back):
        if block.kind != "text":
            continue
        for sentence in sentences(block.text):
            words = re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", " ", sentence, flags=re.S)
            match = _SUMMING.search(words)
            if not match:
                continue
            named = next(match[g] for g in ("within", "each", "every", "across") if match[g])
            named = named.lower().rstrip("s")
            # the axis the sum runs over: across the rows, or along each (over the other)
            summed = named if match["across"] else {"row": "column", "column": "row"}[named]
            if _BATCH.search(words) and summed != axis:
                found.append(f"sums {summed}s over the batch: {words.strip()}")
            elif _ACROSS.search(words) and not _BATCH.search(words) and summed != other:
                found.append(f"sums {summed}s over the outputs: {words.strip()}")
    return found


# ------------------------------------------------------------------ givens that play no part

# How a card writes each given (dump key → symbol); a graph's inputs are their names
GIVEN_SYMBOLS = {
    "network": {"inputs": "i", "targets": "y", "weights": "w", "biases": "b",
                "learning_rate": "η"},
    "linear": {"X": "X", "W": "W", "b": "b", "dY": "Y", "weight_decay": "λ"},
    "softmax": {"logits": "z", "targets": "y"},
    "chain": {"x": "x", "weights": "w", "biases": "b"},
    "rnn": {"xs": "x", "h0": "h_0", "w_h": "w_h", "w_x": "w_x", "b": "b", "targets": "y"},
    "conv": {"input": "X", "kernel": "K", "dY": "Y"},
    "pool": {"input": "X", "dY": "Y"},
    "batchnorm": {"x": "x", "gamma": "γ", "beta": "β", "eps": "ε", "dY": "Y"},
}
NO_PART = re.compile(r"\bno part\b", re.I)


def said_idle(back: str) -> tuple[set[Symbol], str]:
    """The symbols the back says play no part, and those sentences' words."""
    symbols: set[Symbol] = set()
    words = []
    for block in blocks(back):
        if block.kind != "text":
            continue
        for sentence in sentences(block.text):
            if NO_PART.search(sentence):
                words.append(sentence)
                for piece in pieces(sentence):
                    symbols.update(tex_symbols(piece.text) if piece.tex
                                   else text_symbols(piece.text, every_letter=True))
    return symbols, " ".join(words)


def _said(symbol_text: str, symbols: set[Symbol], words: str, key: str) -> bool:
    base, _, sub = symbol_text.partition("_")
    if key == "targets" and re.search(r"\btargets?\b", words):
        return True
    return any(s.base == base and (not sub or s.sub == sub) for s in symbols)


def idle_givens(kind: str, problem: dict | None, back: str) -> list[str]:
    """Givens that play no part in the answer (tests/oracles/idle.py) and the back
    does not say so."""
    from oracles.idle import idle

    if problem is None:
        return []
    unused = idle(kind, problem)
    if not unused:
        return []
    symbols, words = said_idle(back)
    names = GIVEN_SYMBOLS.get(kind, {})
    return [key for key in unused if not _said(names.get(key, key), symbols, words, key)]
