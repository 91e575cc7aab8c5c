"""How many card sides are wider than a phone, as Anki shows them (MathJax CHTML).

    python bench/phone_fit.py [--quick]

The default deck and a 270-note mixed deck of three versions a note, every version of
every note, rendered by Anki's engine and typeset by MathJax 3 CHTML with Anki's TeX
settings (tests/anki_pages.py), at 320 and 360 px, by day and by night (--quick: the
default deck at 320 px by day). A side counts
when anything on it, MathJax's hidden copy for screen readers included, reaches past the
window (the page then pans sideways), or when a box on it scrolls.
Needs the development requirements and Debian's chromium.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

WIDTHS = (320, 360)


def decks(quick: bool = False):
    from backprop_deck.deck.build import Options, build

    found = {"default deck": build(Options(seed=2026))}
    if not quick:
        found["270 notes x 3"] = build(Options(seed=31, count=270, variants=3,
                                               derivatives=False))
    return found


def measure(quick: bool = False) -> list[tuple[str, int, str, int, int, list[str]]]:
    from anki_pages import OVERFLOW, anki_sides, open_page
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="backprop-fit-") as scratch, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        for name, deck in decks(quick).items():
            folder = Path(scratch) / name.replace(" ", "-")
            sides = anki_sides(deck.cards, deck.name, folder)
            for width in WIDTHS[:1] if quick else WIDTHS:
                for night in (False,) if quick else (False, True):
                    tab = open_page(browser, folder, sides, width, night)
                    found = tab.evaluate(OVERFLOW, width)
                    tab.close()
                    bad = sorted({s.split(" ")[0].split(":")[0]
                                  for s in found["wide"] + found["scrolls"]})
                    rows.append((name, width, "night" if night else "day", len(sides),
                                 len(bad), (found["wide"] + found["scrolls"])[:5]))
                    print(*rows[-1][:5], file=sys.stderr)
        browser.close()
    return rows


if __name__ == "__main__":
    started = time.perf_counter()
    rows = measure(quick="--quick" in sys.argv)
    total = sum(r[3] for r in rows)
    bad = sum(r[4] for r in rows)
    for name, width, mode, sides, wide, examples in rows:
        print(f"{name:14} {width} px {mode:5}: {wide:4} of {sides} sides too wide")
        for example in examples:
            print(f"    {example}")
    print(f"in all: {bad} of {total} sides, in {time.perf_counter() - started:.0f} s")
