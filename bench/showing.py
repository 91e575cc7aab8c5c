"""How long a card takes to show and typeset, with eight problems in its note or one;
and how long "Another version" takes on its back.

    python bench/showing.py [REPEATS]

Both decks are built with the same seed, imported into a real Anki collection, and
each practice card's two sides (as Anki's engine renders them) are shown the way Anki
desktop shows a side: #qa's content replaced, its scripts re-run, MathJax (Anki's
tex-chtml-full.js, with its TeX settings) typesetting it; the time is from the side's
HTML to MathJax done, front then back, median over REPEATS showings of every card. The
eight-problem card is asked for its first problem (the preview's window.bpPreview), so
both typeset the same maths: the difference is what the other seven cost (their HTML
parsed, then taken out before MathJax, and kept for "Another version"). On its back,
"Another version" is pressed (time to its question typeset) and its answer checked
(time to its solution typeset), where the templates have it.
Needs the development requirements and Debian's chromium.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script>window.MathJax = {%s, startup: {typeset: false}};</script>
<script src="tex-chtml-full.js"></script>
<script>%s
async function timed(html, variant) {
  window.bpPreview = variant === null ? null : {variant: variant};
  const started = performance.now();
  await show(html);
  return performance.now() - started;
}
/* Until the selector's element is shown and no TeX is left in it (MathJax is done). */
async function typeset(selector) {
  const tick = () => new Promise(resolve => setTimeout(resolve, 1));
  for (let tries = 0; tries < 10000; tries++) {
    const found = document.querySelector(selector);
    const text = found ? found.innerText : "\\\\(";
    if (!text.includes("\\\\(") && !text.includes("\\\\[")) return;
    await tick();
  }
  throw new Error(selector + " was never typeset");
}
/* "Another version" pressed, then its answer checked: the two times, or null. */
async function another() {
  const button = document.getElementById("bp-another");
  if (!button) return null;
  const pressed = performance.now();
  button.click();
  await typeset(".bp-another-front");
  const checking = performance.now();
  document.getElementById("bp-check").click();
  await typeset(".bp-another-back");
  return [checking - pressed, performance.now() - checking];
}
</script></head><body class="card"><div id="qa"></div></body></html>"""


def sides(folder: Path, variants: int) -> dict[str, tuple[str, str]]:
    """Each practice card's question and answer, rendered by Anki's engine."""
    from anki.collection import Collection
    from conftest import import_apkg, rendered_sides

    apkg = folder / f"deck-{variants}.apkg"
    subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--seed", "5", "--count", "27",
                    "--variants", str(variants), "--no-derivatives", "-o", str(apkg)],
                   check=True, stdout=subprocess.DEVNULL)
    col = Collection(str(folder / f"collection-{variants}.anki2"))
    try:
        import_apkg(col, apkg)
        return rendered_sides(col, "tag:practice -Id:*shapes*")
    finally:
        col.close()


def measure(repeats: int = 5) -> dict:
    from browser import CHROMIUM_ARGS, REVIEWER_SHOW
    from playwright.sync_api import sync_playwright

    from backprop_deck.deck.preview import _TEX_OPTIONS

    with tempfile.TemporaryDirectory(prefix="backprop-showing-") as scratch:
        folder = Path(scratch)
        one, eight = sides(folder, 1), sides(folder, 8)
        mathjax = resources.files("mathjax").joinpath("static/mathjax/es5")
        (folder / "tex-chtml-full.js").write_bytes(
            mathjax.joinpath("tex-chtml-full.js").read_bytes())
        (folder / "output").symlink_to(mathjax.joinpath("output"), target_is_directory=True)
        (folder / "page.html").write_text(PAGE % (_TEX_OPTIONS, REVIEWER_SHOW),
                                          encoding="utf-8")
        times = {1: [], 8: []}
        pressed, checked = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto((folder / "page.html").as_uri())
            for card_id in one:  # warm-up: MathJax's fonts and code
                page.evaluate("([h, v]) => timed(h, v)", [one[card_id][0], None])
            for _ in range(repeats):
                for card_id in one:
                    for count, found, variant in ((1, one, None), (8, eight, 0)):
                        question, answer = found[card_id]
                        took = sum(page.evaluate("([h, v]) => timed(h, v)", [side, variant])
                                   for side in (question, answer))
                        times[count].append(took)
                        tried = page.evaluate("another()") if count == 8 else None
                        if tried:
                            pressed.append(tried[0])
                            checked.append(tried[1])
            browser.close()
    return {"cards": len(one), "one": statistics.median(times[1]),
            "eight": statistics.median(times[8]),
            "ratio": statistics.median(times[8]) / statistics.median(times[1]),
            "pressed": statistics.median(pressed) if pressed else None,
            "checked": statistics.median(checked) if checked else None}


if __name__ == "__main__":
    found = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(f"{found['cards']} practice cards, front and back: one problem "
          f"{found['one']:.1f} ms, eight problems {found['eight']:.1f} ms "
          f"(median), ratio {found['ratio']:.2f}×")
    if found["pressed"] is not None:
        print(f"Another version: its question shown and typeset in {found['pressed']:.1f} ms, "
              f"its solution after the check in {found['checked']:.1f} ms (median)")
