"""sympy's part of the derivative cards: differentiate, prove, evaluate. Cached.

``derive_all`` runs sympy: it differentiates every catalogue entry, checks the
textbook form against the result (a wrong form raises TextbookFormError and
fails the build), and evaluates everything the cards show. Its output is plain
data, so ``derivations`` can keep it in a cache file keyed by the sympy version
and this code's own source: a warm build never imports sympy.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from itertools import product
from pathlib import Path

from backprop_deck.core import card_safety, tex
from backprop_deck.core.atomic import write_text
from backprop_deck.core.carry import four_figures
from backprop_deck.core.quote import quote, quote_path

from .parallel import in_background

CHECK_TOLERANCE = 1e-9
POINTS = tuple(k / 10 for k in range(-30, 31) if k)  # where "f′(x) = ?" may ask
PLOT_XS = tuple(-4 + k * 0.05 for k in range(161))
SOURCES = ("generators/derivation.py", "generators/derivative_catalogue.py", "core/tex.py")
CACHE_ENV = "BACKPROP_DECK_CACHE"


class TextbookFormError(RuntimeError):
    """A textbook derivative disagrees with sympy's: a bug in the catalogue."""


class _Numbers:
    """What substitution templates need: the point as TeX, values at it to 4 figures.

    Expressions are compiled once per entry (``compiled`` is shared between points):
    evaluating sympy expressions with floats point by point is 50 times slower.
    """

    def __init__(self, variable, x: float, compiled: dict):
        self.variable = variable
        self.value = x
        self.x = tex.num(x)
        self.compiled = compiled

    def carry(self, expr) -> float:
        """The value of ``expr`` at the point, as a card shows it (4 figures)."""
        import sympy as sp

        if expr not in self.compiled:
            self.compiled[expr] = sp.lambdify(self.variable, expr, "math")
        return four_figures(self.compiled[expr](self.value))


def check_textbook(entry, derivative) -> None:
    """The textbook form must equal sympy's derivative at every sample point."""
    import sympy as sp

    symbols = list(entry.samples)
    both = sp.lambdify(symbols, [derivative, entry.textbook], "math")
    for values in product(*(entry.samples[s] for s in symbols)):
        derived, textbook = both(*values)
        if not math.isclose(derived, textbook, rel_tol=CHECK_TOLERANCE,
                            abs_tol=CHECK_TOLERANCE):
            at = ", ".join(f"{s} = {v}" for s, v in zip(symbols, values))
            raise TextbookFormError(f"textbook derivative of {entry.key} is {textbook} at {at}, "
                                    f"but sympy's derivative is {derived}")


def derive(entry) -> dict:
    """Everything the cards need about one entry, as JSON-ready data."""
    import sympy as sp

    derivative = sp.diff(entry.function, entry.variable)
    check_textbook(entry, derivative)
    data = {"key": entry.key, "title": entry.title, "kind": entry.kind,
            "variable": str(entry.variable), "expression": str(entry.function),
            "derivative": str(derivative), "derivative_latex": sp.latex(derivative),
            "function_tex": entry.function_tex, "derivative_tex": entry.derivative_tex,
            "note": entry.note, "derived_words": entry.derived_words, "given": entry.given,
            "given_steps": entry.given_steps, "question": entry.question, "plot": None,
            "points": None}
    if entry.kind != "activation":
        return data
    both = sp.lambdify(entry.variable, [entry.function, derivative], "math")
    curves = [both(x) for x in PLOT_XS]
    data["plot"] = {"f": [f for f, _ in curves], "df": [df for _, df in curves]}
    if entry.substitution is not None:
        compiled: dict = {}
        data["points"] = {}
        for x in POINTS:
            steps, hand = entry.substitution(x, _Numbers(entry.variable, x, compiled))
            value = both(x)[1]
            data["points"][repr(x)] = {"value": value, "substitution": steps,
                                       "hand": value if hand is None else hand}
    return data


def derive_all() -> list[dict]:
    from .derivative_catalogue import catalogue

    entries = catalogue()
    if {entry.key: entry.kind for entry in entries} != FUNCTIONS:
        raise AssertionError("derivation.FUNCTIONS must list the catalogue's entries")
    return [derive(entry) for entry in entries]


def cache_key() -> str:
    """sympy's version and this code's source: either changing derives afresh."""
    digest = hashlib.sha256(metadata.version("sympy").encode())
    root = Path(__file__).resolve().parent.parent
    for name in SOURCES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_folder() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "backprop-deck"


def derivations(warn: Callable[[str], None] | None = None) -> list[dict]:
    """The derived data, from the cache when sympy and this code are unchanged."""
    data = cached(warn)
    if data is None:
        data = stored(derive_all())
    return data


@contextmanager
def derivations_meanwhile(warn: Callable[[str], None] | None = None
                          ) -> Iterator[Callable[[], list[dict]]]:
    """``derivations``, to be asked for once the build's other work is done: on a cold
    cache sympy is imported and derives in a worker process meanwhile, on the other
    core (the default deck's first build: 2.1× the import time before, 1.4× now)."""
    data = cached(warn)
    if data is not None:
        yield lambda: data
        return
    with in_background(derive_all) as derived:
        yield lambda: stored(derived())


def cached(warn: Callable[[str], None] | None = None) -> list[dict] | None:
    """The cached data, or None when there is none to trust.

    A cache file that is unreadable or not what derive_all writes (truncated, edited,
    crafted) is ignored with a one-line warning and written again.
    """
    warn = warn or (lambda line: print(line, file=sys.stderr))
    path = cache_path()
    try:
        text = _read_cache(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        warn(f"warning: cannot read the derivation cache {quote_path(path)} ({reason}); "
             "deriving again")
        return None
    try:
        data = json.loads(text)
        problem = cache_problem(data)
    except (ValueError, RecursionError):
        problem = "not JSON"
    if problem is None:
        return data
    warn(f"warning: ignoring the derivation cache {quote_path(path)} ({problem}); "
         "deriving again")
    return None


def stored(data: list[dict]) -> list[dict]:
    """``data``, after keeping it in the cache for the next build."""
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(data))
    except OSError:
        pass  # a read-only home only costs the next build the derivation again
    return data


def cache_path() -> Path:
    return cache_folder() / f"derivatives-{cache_key()}.json"


# The cache derive_all writes is about 120 KB: a file many times that is not one.
MAX_CACHE_BYTES = 4_000_000


def _read_cache(path: Path) -> str:
    """The cache file's text; a regular file of bounded size only. Opened without
    waiting (a FIFO under its name would never end), checked on what was opened (a
    symlink to /dev/zero is a device), read no further than the bound (a sparse 40 GB
    file is never read whole)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_CACHE_BYTES:
            raise ValueError(f"larger than {MAX_CACHE_BYTES // 1_000_000} MB")
        data = source.read(MAX_CACHE_BYTES + 1)
    if len(data) > MAX_CACHE_BYTES:
        raise ValueError(f"larger than {MAX_CACHE_BYTES // 1_000_000} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


# The catalogue's entries and kinds, known without importing sympy, so that a cache
# missing an entry (or holding one more) is refused rather than dropping a card.
FUNCTIONS = {"sigmoid": "activation", "tanh": "activation", "relu": "activation",
             "leaky-relu": "activation", "softplus": "activation", "elu": "activation",
             "silu": "activation", "gelu": "activation", "half-sse": "loss", "mse": "loss",
             "bce-yhat": "loss", "bce-logit": "loss", "softmax-jacobian": "loss",
             "softmax-ce": "loss"}
HTML_TAG = re.compile(r"<[A-Za-z/!?]")  # a tag or comment; "z < 0" is maths
_TEXT = ("title", "variable", "expression", "derivative", "derivative_latex", "function_tex",
         "derivative_tex", "note", "derived_words", "given", "question")


def cache_problem(data) -> str | None:
    """What is wrong with a cache file's content, or None if it is what derive_all gives."""
    if not isinstance(data, list) or not data:
        return "not a list of entries"
    for entry in data:
        if not isinstance(entry, dict) or set(entry) != {"key", "kind", "plot", "points",
                                                         "given_steps", *_TEXT}:
            return "an entry with the wrong fields"
    keys = [entry["key"] for entry in data]
    if keys != list(FUNCTIONS):
        return f"entries for other functions than the {len(FUNCTIONS)} in the catalogue"
    for entry in data:
        key = quote(entry["key"])
        if entry["kind"] != FUNCTIONS[entry["key"]] or not all(
                isinstance(entry[name], str) for name in _TEXT) or not (
                type(entry["given_steps"]) is int and 0 <= entry["given_steps"] <= 3):
            return f"a malformed entry {key}"
        unsafe = next((name for name in _TEXT if _unsafe(entry[name])), None)
        if unsafe:
            return f"markup that could run in {key}'s {unsafe}"
        if entry["kind"] == "activation":
            if not (_plot(entry["plot"]) and _points(entry["points"])):
                return f"malformed numbers for {key}"
        elif entry["plot"] is not None or entry["points"] is not None:
            return f"numbers where none belong, for {key}"
    return None


def _unsafe(text: str) -> bool:
    """Text that reaches a card's HTML or MathJax: no tag and no link-making macro."""
    return bool(HTML_TAG.search(text) or card_safety.tex_problem(text)
                or card_safety.ANKI_TAG.search(text))


def _numbers(values, size: int) -> bool:
    return (isinstance(values, list) and len(values) == size
            and all(isinstance(v, float | int) and not isinstance(v, bool)
                    and math.isfinite(v) for v in values))


def _plot(plot) -> bool:
    return (isinstance(plot, dict) and set(plot) == {"f", "df"}
            and _numbers(plot["f"], len(PLOT_XS)) and _numbers(plot["df"], len(PLOT_XS)))


def _points(points) -> bool:
    return (isinstance(points, dict) and set(points) == {repr(x) for x in POINTS}
            and all(isinstance(p, dict) and set(p) == {"value", "substitution", "hand"}
                    and _numbers([p["value"], p["hand"]], 2)
                    and isinstance(p["substitution"], str) and not _unsafe(p["substitution"])
                    for p in points.values()))
