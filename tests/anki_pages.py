"""Cards as a learner's Anki shows them: each side rendered by Anki's own engine from an
imported deck, then typeset by MathJax 3 CHTML with Anki's TeX settings, the renderer
of Anki desktop and AnkiDroid (deck.preview.phone_page). Each of a note's versions is
shown as the card shows it (its script asked for that version, as the preview asks).

For the phone tests, the README pictures and bench/phone_fit.py: what they measure is
what a learner's phone lays out, not an SVG stand-in that lays out otherwise.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import NamedTuple

from conftest import import_apkg

from backprop_deck.deck.anki_package import write_package
from backprop_deck.deck.preview import phone_page


class Side(NamedTuple):
    """One version of one note's answer side (which shows its front too)."""

    card_id: str  # the deck's card id, with "-K" for version K
    kind: str
    tags: tuple[str, ...]
    html: str
    variant: int


def anki_sides(cards, deck_name: str, folder: Path) -> list[Side]:
    """Every version of every card's answer side, as Anki's engine renders it from the
    package this deck writes, imported into a fresh collection."""
    from anki.collection import Collection

    folder.mkdir(parents=True, exist_ok=True)
    apkg = folder / "deck.apkg"
    with open(apkg, "wb") as out:
        write_package(cards, deck_name, out, folder, timestamp=1_700_000_000)
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_apkg(col, apkg)
        answers = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            answers[note["Id"]] = note.cards()[0].render_output().answer_text
    finally:
        col.close()
    sides = []
    for card in cards:
        for k in range(max(1, len(card.variants))):
            sides.append(Side(f"{card.id}-{k}", card.kind, card.tags, answers[card.id], k))
    return sides


VERDICTS = ('<div id="bp-verdict"><span class="verdict-right">Right</span>'
            '<span class="verdict-wrong">Not quite</span></div>')


def page_html(sides: list[Side], night: bool = False) -> str:
    """The sides one under another, each in its own card (Anki's nightMode class at night),
    each script told which version to show before it runs."""
    mode = " nightMode" if night else ""
    blocks = "".join(
        f'<script>window.bpPreview = {{variant: {side.variant}}};</script>'
        f'<div class="card{mode}" id="{html.escape(side.card_id)}">{side.html}{VERDICTS}</div>'
        for side in sides)
    return phone_page(blocks + "<script>window.bpPreview = null;</script>")


# Everything a learner could scroll to sideways: any element whose box reaches past the
# window (MathJax's hidden copy for screen readers included: laid out at its own width,
# it widens the page as much as a visible formula; what a box clips is not counted, as
# it widens nothing), and any box that scrolls, hiding part of its content.
OVERFLOW = """(width) => {
  const wide = [], scrolls = [];
  for (const card of document.querySelectorAll('.card')) {
    let right = 0, what = '';
    const visit = (e) => {
      const r = e.getBoundingClientRect().right;
      if (r > right) { right = r; what = e.tagName + ': ' + e.textContent.slice(0, 50); }
      const clips = getComputedStyle(e).overflowX !== 'visible';
      // (inside a formula, what clips is MathJax's own drawing: a stretched bar's pieces)
      if (clips && e.scrollWidth > e.clientWidth + 1 && !e.parentElement.closest('mjx-container'))
        scrolls.push(card.id + ': ' + e.textContent.slice(0, 60));
      if (!clips) for (const child of e.children) visit(child);
    };
    for (const child of card.children) visit(child);
    if (right > width + 0.5) wide.push(card.id + ' by ' + Math.ceil(right - width) + ' px, '
                                        + what);
  }
  return {wide, scrolls, page: document.documentElement.scrollWidth};
}"""


def open_page(browser, folder: Path, sides: list[Side], width: int, night: bool = False,
              timeout: float = 240_000):
    """A Chromium tab ``width`` px wide showing ``sides``, typeset."""
    path = folder / f"sides-{width}-{'night' if night else 'day'}.html"
    path.write_text(page_html(sides, night), encoding="utf-8")
    tab = browser.new_page(viewport={"width": width, "height": 800})
    tab.goto(path.as_uri(), timeout=timeout)
    tab.wait_for_selector("body[data-mathjax=done]", timeout=timeout)
    return tab
