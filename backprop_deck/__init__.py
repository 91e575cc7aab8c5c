"""Anki decks for learning backpropagation: hand-written cards, fresh practice problems
with worked, verified solutions, and the package Anki imports.

    from backprop_deck import Options, build, write

    deck = build(Options(seed=7, count=18))
    write(deck, apkg="backprop.apkg")

``build`` makes a deck from options (card files, seed, practice topics and counts) and
writes nothing; ``write`` puts it in any of an .apkg file, a JSON dump, a preview page
and an Anki collection, all or nothing. Both raise DeckError (SettingError when a
setting is at fault) with one line to show. The command line, build_deck.py
(installed as ``backprop-deck``), is a thin layer over these two calls.
"""

from __future__ import annotations

import importlib
from pathlib import Path

__version__ = "0.4.0"

# core/, deck/ and generators/ sit at the top of a checkout, beside this folder, where
# the project keeps them; an install puts them inside it (setup.py). Either way they
# import as backprop_deck.core, backprop_deck.deck and backprop_deck.generators.
_HERE = Path(__file__).resolve().parent
if not (_HERE / "deck").is_dir():
    __path__.append(str(_HERE.parent))

# The library's names, loaded when first used: the command's start stays light, so
# that a signal while it loads is handled (backprop_deck.core.lifetime).
_NAMES = {"Options": "deck.build", "Deck": "deck.build", "build": "deck.build",
          "write": "deck.writing", "Outputs": "deck.writing", "Written": "deck.writing",
          "DeckError": "core.errors", "SettingError": "core.errors"}
__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)


def command() -> None:
    """The installed ``backprop-deck`` command: its whole life covered from the first
    import on (a signal, or memory running out, is one line)."""
    from .core import lifetime

    lifetime.begin()
    from . import build_deck

    build_deck.run("backprop-deck")
