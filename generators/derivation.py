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
from importlib import metadata
from itertools import product
from pathlib import Path

from core import tex
from core.atomic import write_text
from core.numbers import shown

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
        return shown(self.compiled[expr](self.value))


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
            "note": entry.note, "derived_words": entry.derived_words, "plot": None,
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

    return [derive(entry) for entry in catalogue()]


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


def derivations() -> list[dict]:
    """The derived data, from the cache when sympy and this code are unchanged."""
    path = cache_folder() / f"derivatives-{cache_key()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = derive_all()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(data))
    except OSError:
        pass  # a read-only home only costs the next build the derivation again
    return data
