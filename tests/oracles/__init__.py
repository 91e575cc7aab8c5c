"""Independent oracles, one per practice topic, written from docs/design.md's
specifications. Each takes a card's dump ``problem`` (givens and ask, as any tool would
read them) and returns the asked value. None of them imports the generators.

A topic's oracle is the module here named after it, with ``answer(problem)``; where it
is slow it says how many drawn problems of each difficulty tests/test_oracles.py checks
with it (``DRAWN``). The other modules are tools the oracles share.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

TOOLS = {"dual", "idle"}  # no topic's oracle: dual numbers, and moving givens


class NoOracle(LookupError):
    """A topic nothing independent checks."""


def oracle(kind: str) -> ModuleType:
    """The oracle of a topic, or a failure saying what to write."""
    name = f"{__name__}.{kind}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise
        module = None
    if kind in TOOLS or not callable(getattr(module, "answer", None)):
        raise NoOracle(f"the topic {kind!r} has no oracle: write tests/oracles/{kind}.py, "
                       "whose answer(problem) recomputes the asked value from a card's "
                       "dump as docs/design.md specifies the topic, without the generators")
    return module


ORACLES = {info.name: oracle(info.name).answer for info in pkgutil.iter_modules(__path__)
           if info.name not in TOOLS}


def oracle_answer(kind: str, problem: dict) -> float:
    return oracle(kind).answer(problem)
