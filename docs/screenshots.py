"""Render the README's pictures: one card per practice topic, the lecture card and the
preview page, at a phone's width, in headless Chromium with MathJax as Anki runs it
(CHTML; the preview page draws its own formulas in SVG).

Usage: python docs/screenshots.py [FOLDER]   (default: docs/)
Needs the development requirements and Debian's chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backprop_deck.deck.anki_package import render  # noqa: E402
from backprop_deck.deck.build import Options, build  # noqa: E402
from backprop_deck.deck.preview import page, phone_page  # noqa: E402
from backprop_deck.generators.registry import TOPICS  # noqa: E402

SEED = 5
WIDTH = 360  # a phone
TALLEST = 1200  # pictures are cut off below this: the question, the answer, the first steps
# The card shown for each topic: a medium one, with a diagram or grids where the topic has them.
CARDS = {name: f"{TOPICS[name].prefix}-medium-0" for name in TOPICS}
LECTURE = "lecture-gradient-w1"


def _cards_page(cards) -> str:
    """Every pictured card's answer side on one phone-wide page (one MathJax start), each
    showing its first problem (the preview's way to ask a card for a variant)."""
    blocks = "".join(f'<div class="shot" id="shot-{k}"><script>window.bpPreview = {{variant: 0}};'
                     f'</script><div class="card">{render(card)[1]}</div></div>'
                     for k, card in enumerate(cards))
    return phone_page(blocks, ".shot { overflow: hidden; }")


def screenshots(folder: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    deck = build(Options(seed=SEED))
    cards = {card.id: card for card in deck.cards}
    wanted = {f"topic-{name}.png": cards[card_id] for name, card_id in CARDS.items()}
    wanted["practice-card.png"] = cards[LECTURE]
    written = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(),
            # MathJax and its fonts load by file URL (deck.preview.phone_page)
            args=["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"])
        tab = browser.new_page(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
        html = Path(scratch) / "cards.html"
        html.write_text(_cards_page(list(wanted.values())), encoding="utf-8")
        tab.goto(html.as_uri())
        tab.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
        for k, name in enumerate(wanted):
            # Only this card is laid out and the window is cut to its height, so the picture
            # is a plain window capture. Capturing beyond the window (full_page or a clip
            # below it) once hung for 120 s in Chromium 156 on a loaded CI machine; an
            # element's screenshot waits for "stable" frames, which once took over 30 s.
            height = tab.evaluate(f"""() => {{
              for (const shot of document.querySelectorAll(".shot"))
                shot.style.display = shot.id === "shot-{k}" ? "" : "none";
              const shot = document.getElementById("shot-{k}");
              shot.style.maxHeight = "{TALLEST}px";
              scrollTo(0, 0);
              return Math.ceil(shot.getBoundingClientRect().height);
            }}""")
            tab.set_viewport_size({"width": WIDTH, "height": height})
            assert tab.evaluate("document.documentElement.scrollWidth") == WIDTH
            tab.screenshot(path=str(folder / name), timeout=120_000)
            written.append(folder / name)
        preview = Path(scratch) / "preview.html"
        lecture = [c for c in deck.cards if c.deck == cards[LECTURE].deck]  # its subdeck
        preview.write_text(page(lecture, deck.name, "a preview of the lecture example"),
                           encoding="utf-8")
        tab.set_viewport_size({"width": 1100, "height": 700})
        tab.goto(preview.as_uri())
        tab.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
        tab.locator(f"#{LECTURE}").scroll_into_view_if_needed()
        tab.screenshot(path=str(folder / "preview.png"))
        written.append(folder / "preview.png")
        browser.close()
    return written


def _chromium() -> str:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    for path in screenshots(target):
        print(f"Wrote {path} ({path.stat().st_size // 1000} KB)")
