"""One self-contained HTML page showing every card's front and back, as Anki shows them.

MathJax 3.2.2 (the version line inside Anki) is inlined from the django-static-mathjax
package, so the page renders maths offline: the full bundle, configured as Anki
configures its own (the same packages: a formula that typesets here typesets there).
A formula that fails is named with its card in a banner at the top of the page.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from core.card import Card
from core.errors import DeckError

from .anki_package import CSS, render

MATHJAX_CONFIG = """window.MathJax = {
  tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]],
        processEscapes: false, processEnvironments: false, processRefs: false,
        packages: {"[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"]}},
  svg: {fontCache: "global"},
  startup: {pageReady: () => MathJax.startup.defaultPageReady().then(() => {
    const failed = [...new Set([...document.querySelectorAll("[data-mjx-error]")]
      .map((e) => (e.closest("[id]") || {}).id || "?"))];
    document.body.dataset.texErrors = failed.length;
    if (failed.length) {
      const banner = document.createElement("p");
      banner.className = "tex-errors";
      banner.textContent = "MathJax could not typeset a formula on " + failed.length +
        " card" + (failed.length > 1 ? "s" : "") + " (Anki will show them as errors too): " +
        failed.join(", ");
      document.body.prepend(banner);
    }
    document.body.dataset.mathjax = "done";
  })}
};"""

# Each side is parsed on its own, as Anki shows it: an unclosed <b> or <table> on one
# card cannot reach the next (a fragment parse cannot), and its scripts still run.
PLACE_SIDES = """(function () {
  var sides = JSON.parse(document.getElementById("card-sides").textContent);
  document.querySelectorAll(".card[data-side]").forEach(function (card) {
    card.append(document.createRange().createContextualFragment(sides[card.dataset.side]));
  });
})();"""

PAGE_CSS = """
body { margin: 0; background: #e9e9e4; font-family: -apple-system, "Segoe UI", Roboto, sans-serif; }
body.night { background: #111214; color: #ddd; }
header { padding: 0.75em 1em; border-bottom: 1px solid #8884; }
header h1 { font-size: 1.2em; margin: 0 0 0.2em; }
.tex-errors { margin: 0; padding: 0.6em 1em; background: #b3261e; color: #fff; font-weight: 700; }
.preview-card { margin: 1em; border: 1px solid #8886; border-radius: 8px; overflow: hidden; }
.preview-meta { font-size: 13px; padding: 0.4em 0.8em; opacity: 0.8; }
.preview-sides { display: grid; grid-template-columns: 1fr 1fr; }
.preview-sides > div { border-top: 1px solid #8884; min-width: 0; }
.preview-sides > div + div { border-left: 1px solid #8884; }
.side-label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em;
              opacity: 0.6; padding: 0.4em 0.8em 0; }
@media (max-width: 800px) {
  .preview-sides { grid-template-columns: 1fr; }
  .preview-sides > div + div { border-left: none; }
}
"""


def mathjax_script() -> str:
    try:
        source = resources.files("mathjax").joinpath("static/mathjax/es5/tex-svg-full.js")
        text = source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise DeckError("--preview: MathJax is missing; run "
                        "pip install -r requirements.txt") from None
    return text.replace("</script", "<\\/script")


def _card_html(card: Card, sides: list[str]) -> str:
    """The card's frame; its two sides go in ``sides``, placed by PLACE_SIDES."""
    question, answer = render(card)
    sides += [question, answer]
    tags = " ".join(card.tags)
    return (f'<section class="preview-card" id="{escape(card.id)}">'
            f'<div class="preview-meta"><b>{escape(card.id)}</b> · {escape(card.deck)}'
            f' · {escape(card.kind)} · tags: {escape(tags)}</div>'
            f'<div class="preview-sides">'
            f'<div><div class="side-label">Front</div>'
            f'<div class="card" data-side="{len(sides) - 2}"></div></div>'
            f'<div><div class="side-label">Back</div>'
            f'<div class="card" data-side="{len(sides) - 1}"></div></div>'
            f"</div></section>")


def page(cards: list[Card], title: str, summary: str) -> str:
    sides: list[str] = []
    body = "\n".join(_card_html(card, sides) for card in cards)
    # "<\/" keeps a card's own "</script>" from ending the data block.
    sides_json = json.dumps(sides, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: preview</title>
<style>{CSS}{PAGE_CSS}</style>
<script>{MATHJAX_CONFIG}</script>
<script>{mathjax_script()}</script>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<div>{escape(summary)} ·
<label><input type="checkbox" id="night-toggle"> night mode</label></div>
</header>
<main>
{body}
</main>
<script type="application/json" id="card-sides">{sides_json}</script>
<script>{PLACE_SIDES}</script>
<script>
document.getElementById("night-toggle").addEventListener("change", function (event) {{
  document.body.classList.toggle("night", event.target.checked);
  document.querySelectorAll(".card").forEach(function (card) {{
    card.classList.toggle("nightMode", event.target.checked);
  }});
}});
</script>
</body>
</html>
"""
