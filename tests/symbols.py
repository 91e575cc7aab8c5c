"""Symbols as a reader meets them: a letter with its accent, primes, subscript and ⁺.

Read from TeX (the cards' maths) and from Unicode text (the cards' words, diagram
labels, docs/notation.md) into one form, so that ``\\hat y_{1}``, ``ŷ₁`` and ``ŷ_{1}``
are the same symbol. Written from what the notation means, not from the generators:
tests/notation_checks.py asks of these symbols whether a card defines them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "tau": "τ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "sigma": "σ",
}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
           "bar": "\u0304", "overline": "\u0304", "dot": "\u0307"}
# Commands whose argument is words or a fixed glyph, not symbols
WORDS = {"text", "operatorname", "mathrm", "textrm", "mbox", "mathbf", "mathbb", "textbf",
         "textit", "begin", "end"}
# Big operators: letters in their limits are bound indices (Σₙ, Σ_{i=1}^{n})
BOUND = {"sum", "prod", "max", "min"}
# Letters that are constants, not symbols to define
CONSTANTS = {"e", "π"}
INDEX = set("ijknctlm")  # letters that stand for an index: n an example, k a class…

SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ₊₋₍₎", "0123456789aeoxhklmnpstijruv+-()",
                      strict=True))
POWERS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀᶻ"
LETTER = "A-Za-zα-ωΑ-ΩϵϕŷŶ"
_PRIMES = "′'"


class Symbol(NamedTuple):
    """``base``: the letter with its accent and primes (NFC); ``sub``: the subscript with
    spaces and braces taken out (``n,t_n``, ``h_1``, ``k-1``); ``sup``: "+" for w⁺."""

    base: str
    sub: str = ""
    sup: str = ""

    def __str__(self) -> str:
        return self.base + (f"_{{{self.sub}}}" if self.sub else "") + (
            "⁺" if self.sup else "")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normal_sub(text: str) -> str:
    """One spelling of a subscript: ``{n, t_{n}}`` → ``n,t_n``, ``h₁`` → ``h_1``."""
    text = re.sub(r"\\[,;:! ]|\\quad", "", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: GREEK.get(m[1], ""), text)
    out: list[str] = []
    lowered = False  # the last character was a subscript one
    for ch in text:
        if ch in SUBSCRIPTS:
            if out and out[-1].isalpha() and not lowered:
                out.append("_")  # h₁ inside z_{h₁}: h_1
            out.append(SUBSCRIPTS[ch])
            lowered = True
        elif ch not in "{} ":
            out.append(ch)
            lowered = False
    return "".join(out).replace("−", "-")


# ---------------------------------------------------------------- TeX

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)


def tex_tokens(tex: str) -> list[str]:
    return [t for t in _TOKEN.findall(html.unescape(tex)) if not t.isspace()]


def _close(tokens: list[str], i: int) -> int:
    """The index of the brace closing the one at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j], 0)
        if depth == 0:
            return j
    return len(tokens) - 1


def _argument(tokens: list[str], i: int) -> tuple[int, int, int]:
    """A macro's or script's argument at ``i``: (start, end, next index)."""
    if i < len(tokens) and tokens[i] == "{":
        j = _close(tokens, i)
        return i + 1, j, j + 1
    return i, min(i + 1, len(tokens)), i + 1


class _Reader:
    """Walks TeX tokens; ``found`` collects every symbol in reading order."""

    def __init__(self, tokens: list[str]):
        self.t = tokens
        self.found: list[Symbol] = []

    def walk(self, i: int, end: int) -> None:
        t = self.t
        while i < end:
            tok = t[i]
            if tok in ("_", "^"):
                start, stop, i = _argument(t, i + 1)
                if tok == "^":  # an exponent may hold symbols: e^{z_k}
                    self.walk(start, stop)
                continue  # a subscript of a bracket or operator: indices
            if tok.startswith("\\") and len(tok) > 2:
                name = tok[1:]
                if name in WORDS:
                    i = _argument(t, i + 1)[2]
                elif name in BOUND:
                    i += 1
                    while i < end and t[i] in ("_", "^"):
                        i = _argument(t, i + 1)[2]
                elif name in ACCENTS:
                    start, stop, after = _argument(t, i + 1)
                    inner = t[start:stop]
                    letter = (inner[0] if len(inner) == 1 and re.fullmatch(f"[{LETTER}]", inner[0])
                              else GREEK.get(inner[0][1:]) if len(inner) == 1 else None)
                    if letter:
                        i = self.symbol(letter + ACCENTS[name], after, end)
                    else:
                        self.walk(start, stop)
                        i = after
                elif name in GREEK:
                    i = self.symbol(GREEK[name], i + 1, end)
                else:
                    i += 1
                continue
            if re.fullmatch(r"[A-Za-z]", tok):
                i = self.symbol(tok, i + 1, end)
                continue
            i += 1

    def symbol(self, base: str, i: int, end: int) -> int:
        t = self.t
        sub = sup = ""
        inner: list[Symbol] = []
        while i < end and (t[i] in ("_", "^", "'") or t[i] == r"\prime"):
            if t[i] in ("'", r"\prime"):
                base += "′"
                i += 1
                continue
            script = t[i]
            start, stop, i = _argument(t, i + 1)
            body = t[start:stop]
            if script == "_":
                sub = normal_sub("".join(body))
                nested = _Reader(body)
                nested.walk(0, len(body))
                inner += [s for s in nested.found if s.sub]  # t_n in p_{n, t_n}
            elif body in (["+"], ["{", "+", "}"]):
                sup = "+"
            elif body == [r"\prime"]:
                base += "′"
            elif body not in ([r"\top"], ["T"]):
                nested = _Reader(body)
                nested.walk(0, len(body))
                inner += nested.found
        self.found.append(Symbol(_nfc(base), sub, sup))
        self.found += inner
        return i


def tex_symbols(tex: str) -> list[Symbol]:
    """Every symbol a piece of TeX uses, in reading order."""
    tokens = tex_tokens(tex)
    reader = _Reader(tokens)
    reader.walk(0, len(tokens))
    return reader.found


_LAYOUT = re.compile(r"\\begin\{aligned\}|\\end\{aligned\}|&|\\\\|\\quad|\\qquad")


def sides(tex: str) -> list[str]:
    """The sides of ``a = b = c`` (aligned rows joined), split at ``=`` outside any
    bracket, brace or environment."""
    text = _LAYOUT.sub(" ", html.unescape(tex))
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "=" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def named(side: str) -> tuple[Symbol | None, list[Symbol]]:
    """What a side names, if it is one symbol (or one symbol applied to arguments,
    σ(z)), and the symbols it uses besides."""
    tokens = tex_tokens(side)
    found = tex_symbols(side)
    first = _first_base(tokens, 0) if tokens else None
    if first is None:
        return None, found
    reader = _Reader(tokens)
    end = reader.symbol(first[0], first[1], len(tokens))
    rest = [t for t in tokens[end:] if t not in (r"\left", r"\right", r"\,")]
    if rest and not (rest[0] == "(" and rest[-1] == ")"):
        return None, found
    head = reader.found[0]
    uses = list(found)
    uses.remove(head)
    return head, uses


def _first_base(tokens: list[str], i: int) -> tuple[str, int] | None:
    """(base, index after it) where a symbol starts at ``i``."""
    tok = tokens[i]
    if re.fullmatch(r"[A-Za-z]", tok):
        return tok, i + 1
    if tok.startswith("\\") and tok[1:] in GREEK:
        return GREEK[tok[1:]], i + 1
    if tok.startswith("\\") and tok[1:] in ACCENTS:
        start, stop, after = _argument(tokens, i + 1)
        inner = tokens[start:stop]
        if len(inner) == 1:
            letter = inner[0] if re.fullmatch(r"[A-Za-z]", inner[0]) else GREEK.get(inner[0][1:])
            if letter:
                return _nfc(letter + ACCENTS[tok[1:]]), after
    return None


# ---------------------------------------------------------------- Unicode text

_ID = re.compile(
    rf"(?<![{LETTER}\d'’])([{LETTER}][\u0302\u0303\u0304]?[{_PRIMES}]*)"
    rf"((?:[{''.join(SUBSCRIPTS)}]+)|_\{{[^}}]*\}}|_[A-Za-z0-9])?(⁺)?"
    rf"(?![{LETTER}])")
_PARTIAL = re.compile(rf"∂([{LETTER}][^/\s∂]*)/∂([{LETTER}][^\s,;:.)·]*)")
_OPERATORS = "=−+·×/⊙<>≤≥^-"


def _from_match(match: re.Match) -> Symbol:
    base = _nfc(match[1].replace("'", "′"))
    sub = match[2] or ""
    if sub.startswith("_"):
        sub = sub[1:]
    return Symbol(base, normal_sub(sub), "+" if match[3] else "")


def text_symbols(text: str, every_letter: bool = False) -> list[Symbol]:
    """The symbols in words: decorated letters (ŷ, x̂ₙ, w⁺, σ′), Greek letters, both
    sides of ∂J/∂w, and a plain letter standing next to an operator (p − y). With
    ``every_letter``, every letter standing alone (labels, a column of symbols)."""
    return [symbol for _, _, symbol in text_symbols_at(html.unescape(text), every_letter)]


def text_symbols_at(text: str, every_letter: bool = False) -> list[tuple[int, int, Symbol]]:
    """:func:`text_symbols` with where each stands in ``text`` (already unescaped)."""
    found: list[tuple[int, int, Symbol]] = []
    taken: list[tuple[int, int]] = []
    for match in _PARTIAL.finditer(text):
        for group in (1, 2):
            inner = _ID.match(match[group])
            if inner:
                found.append((match.start(group), match.end(), _from_match(inner)))
        taken.append(match.span())
    for match in _ID.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        symbol = _from_match(match)
        if symbol.base in ("Σ", "Π"):
            continue
        decorated = (symbol.sub or symbol.sup or len(symbol.base) > 1
                     or not re.fullmatch(r"[A-Za-z]", symbol.base))
        if every_letter or decorated or _beside_operator(text, match.start(), match.end()):
            found.append((match.start(), match.end(), symbol))
    return sorted(found, key=lambda f: f[0])


def _beside_operator(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    if (before and before in _OPERATORS) or (after and after in _OPERATORS):
        return True
    return text[start - 1:start] == "(" and text[end:end + 1] in (")", ",")


# ---------------------------------------------------------------- matching

def components(sub: str) -> list[str]:
    """A subscript's indices: ``n,t_n`` → [n, t_n]; ``31`` → [3, 1]; ``k-1`` → [k-1];
    ``h_1`` → [h_1]."""
    if not sub:
        return []
    if "," in sub:
        return [c for c in sub.split(",") if c]
    parts: list[str] = []
    for tok in re.findall(r"[A-Za-zα-ω](?:_[0-9A-Za-z])?|\d|[+\-()]", sub):
        if parts and (tok in "+-" or parts[-1][-1:] in "+-"):
            parts[-1] += tok
        elif tok in "()":
            continue
        else:
            parts.append(tok)
    return parts


def generic(component: str) -> bool:
    """An index standing for any value: n, k, t-1, 4-j."""
    return component in INDEX or (bool(re.search(r"[+\-]", component))
                                  and any(ch in INDEX for ch in component))


def component_matches(defined: str, used: str) -> bool:
    if defined == used or generic(defined):
        return True
    d, u = defined.split("_", 1) if "_" in defined else (defined, ""), \
        used.split("_", 1) if "_" in used else (used, "")
    return d[0] == u[0] and bool(d[1]) and bool(u[1]) and component_matches(d[1], u[1])


def sub_matches(defined: str, used: str) -> bool:
    """Whether a definition with subscript ``defined`` covers a use with ``used``."""
    if defined == used:
        return True
    d, u = components(defined), components(used)
    if not d:
        return bool(u) and all(map(generic, u))  # yₙ, ŷₖ: the notation's indices
    if not u:
        return all(map(generic, d))  # x̂ where x̂ₙ is defined: the whole vector
    if len(d) != len(u):
        return False
    if all(map(generic, u)):
        return True  # x_t where x₁, x₂ are given
    return all(component_matches(a, b) for a, b in zip(d, u, strict=True))


def generalised(symbol: Symbol) -> Symbol:
    """A naming scheme from one example: w₁ → w_k, z_{h₁} → z_{h_k}."""
    return symbol._replace(sub=re.sub(r"\d+", "k", symbol.sub))
