"""Audit practice problems as a learner meets them: numbers a learner can trust.

    python bench/audit.py [PROBLEMS_PER_TOPIC_AND_DIFFICULTY]
    python bench/audit.py --notation DUMP.json [DUMP.json …]

For every topic and difficulty it draws problems (the way slots do), builds each
card, and counts: float noise on the card (a number like 0.00000000000000003469
where 0 belongs), worked solutions whose last line ends more than 2 units of the
answer's 4th figure away from the exact answer, answers of 0, repeated slip names on
one card, and questions asked twice in one deck (a medium one repeating an easy one).
Prints one line per topic and the totals. (tests/ hold each property on fewer.)

With --notation it reads dumps (build_deck.py --dump, of any version of the deck) and
counts, per kind of generated card, the notes and the problems the notation checks of
tests/notation_checks.py flag: a symbol used but never defined, what docs/notation.md
never writes, rows and columns crossed, a given that plays no part and is not said to.
"""

from __future__ import annotations

import collections
import json
import math
import re
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent),
                str(Path(__file__).resolve().parent.parent / "tests")]

from hand_arithmetic import checked_results, worked_lines  # noqa: E402

from backprop_deck.generators.practice import practice_cards  # noqa: E402
from backprop_deck.generators.registry import TOPICS  # noqa: E402

NOISE = re.compile(r"\b0\.0{9,}\d")  # ten or more zeros after the point


def fourth_figure_units(value: float, exact: float) -> float:
    if exact == 0:
        return abs(value) / 1e-4
    unit = 10 ** (math.floor(math.log10(abs(exact))) - 3)
    return abs(value - exact) / unit


def audit(per_level: int) -> dict:
    found = collections.defaultdict(collections.Counter)
    for name in TOPICS:
        cards = practice_cards(seed=2026, count=3 * per_level, difficulty="mixed", deck="D",
                               topics=(name,), variants=1)
        seen = collections.Counter()
        for card in cards:
            if card.group != "practice":
                continue
            counts = found[name]
            counts["problems"] += 1
            counts["noise"] += bool(NOISE.search(card.front + card.back))
            counts["zero"] += card.answer == 0
            names = [m["name"] for m in card.problem["mistakes"]]
            counts["repeated slip"] += len(names) != len(set(names))
            key = json.dumps({k: v for k, v in card.problem.items()
                              if k not in ("answer", "mistakes")}, sort_keys=True)
            seen[key] += 1
            results = [r for line in worked_lines(card.back) for _, _, r in checked_results(line)]
            if results and fourth_figure_units(results[-1], card.answer) > 2:
                counts["off by > 2 units"] += 1
        found[name]["asked twice"] = sum(n - 1 for n in seen.values())
    return found


CHECKS = ("undefined", "off notation", "layout", "idle given")


def notation_audit(paths: list[str]) -> dict:
    """{kind: Counter} of notes and problems each notation check flags, over the dumps."""
    from notation_checks import (
        crossed_layout,
        idle_givens,
        off_notation,
        problems,
        undefined,
    )

    def run(check, kind, front, back, problem):
        return {"undefined": lambda: undefined(kind, front, back),
                "off notation": lambda: off_notation(kind, front, back),
                "layout": lambda: crossed_layout(kind, front, back),
                "idle given": lambda: idle_givens(kind, problem, back)}[check]()

    found = collections.defaultdict(collections.Counter)
    for path in paths:
        for card in json.loads(Path(path).read_text(encoding="utf-8"))["cards"]:
            kind = card["kind"]
            if kind == "static":
                continue
            counts = found[kind]
            counts["notes"] += 1
            flagged = set()
            for front, back, problem in problems(card):
                counts["problems"] += 1
                for check in CHECKS:
                    if run(check, kind, front, back, problem):
                        counts[f"{check} (problems)"] += 1
                        flagged.add(check)
            for check in flagged:
                counts[f"{check} (notes)"] += 1
    return found


def print_notation(paths: list[str]) -> None:
    found = notation_audit(paths)
    columns = ("notes", "problems", *(f"{c} ({w})" for c in CHECKS for w in ("notes",
                                                                               "problems")))
    print("kind        " + "  ".join(f"{c:>10.10}" for c in columns))
    totals = collections.Counter()
    for kind, counts in sorted(found.items()):
        totals.update(counts)
        print(f"{kind:11} " + "  ".join(f"{counts[c]:>10}" for c in columns))
    print(f"{'total':11} " + "  ".join(f"{totals[c]:>10}" for c in columns))
    print("columns: " + ", ".join(columns))


def main() -> None:
    if sys.argv[1:2] == ["--notation"]:
        print_notation(sys.argv[2:])
        return
    per_level = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    found = audit(per_level)
    totals = collections.Counter()
    columns = ("problems", "noise", "off by > 2 units", "zero", "repeated slip", "asked twice")
    print("topic      " + "  ".join(f"{c:>16}" for c in columns))
    for name, counts in found.items():
        totals.update(counts)
        print(f"{name:10} " + "  ".join(f"{counts[c]:>16}" for c in columns))
    print(f"{'total':10} " + "  ".join(f"{totals[c]:>16}" for c in columns))


if __name__ == "__main__":
    main()
