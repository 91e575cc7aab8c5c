"""One self-contained HTML page showing every card's front and back, as Anki shows them.

MathJax 3.2.2 (the version line inside Anki) is inlined from the django-static-mathjax
package, so the page renders maths offline: the full bundle, configured as Anki
configures its own (the same packages: a formula that typesets here typesets there).
A formula that fails is named with its card in a banner at the top of the page.
A card's images and sounds are the bytes packaged (deck/media.py), written into the
page as data: URLs: nothing is read from beside the page, so what it shows is what
the learner's Anki gets.
"""

from __future__ import annotations

import base64
import json
from html import escape
from importlib import resources
from pathlib import Path

from backprop_deck.core import cloze
from backprop_deck.core.card import Card
from backprop_deck.core.errors import DeckError, SettingError

from . import media
from .anki_package import CSS, render_all

# The TeX Anki's MathJax reads, on every page here that typesets cards.
_TEX_OPTIONS = """tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]],
        processEscapes: false, processEnvironments: false, processRefs: false,
        packages: {"[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"]}}"""

# Marks the page typeset, with a banner naming the cards whose formulas MathJax failed.
_TEX_REPORT = """function bpTexReport(failed) {
  document.body.dataset.texErrors = failed.length;
  if (failed.length) {
    var banner = document.createElement("p");
    banner.className = "tex-errors";
    banner.textContent = "MathJax could not typeset a formula on " + failed.length +
      " card" + (failed.length > 1 ? "s" : "") + " (Anki will show them as errors too): " +
      failed.join(", ");
    document.body.prepend(banner);
  }
  document.body.dataset.mathjax = "done";
}"""

# Anki's own MathJax setup (aqt's web/js/mathjax.js, which loads tex-chtml-full.js): the
# TeX above, typeset as CHTML, the output Anki desktop and AnkiDroid show. A page that
# shows cards as a learner sees them (phone_page) uses this, not the preview's SVG.
ANKI_MATHJAX = _TEX_REPORT + """
window.MathJax = {
  """ + _TEX_OPTIONS + """,
  startup: {pageReady: () => MathJax.startup.defaultPageReady().then(() => bpTexReport(
    [...new Set([...document.querySelectorAll("[data-mjx-error]")]
      .map((e) => (e.closest("[id]") || {}).id || "?"))]))}
};"""

# The preview's own MathJax setup: the same TeX as Anki's (above), but glyphs drawn in
# each formula (fontCache "local": a shadow root cannot see the page's shared glyph
# cache) and nothing typeset until the sides are placed.
PREVIEW_MATHJAX = _TEX_REPORT + """
window.MathJax = {
  """ + _TEX_OPTIONS + """,
  svg: {fontCache: "local"},
  startup: {typeset: false, pageReady: () => MathJax.startup.defaultPageReady()
    .then(() => window.bpPreviewAll())}
};"""

# Each side in a shadow root of its own, as Anki shows a side on a page of its own: no
# card's markup or style can reach another card or the page. The side's own script
# runs (it shows the variant asked for through window.bpPreview, and looks for its
# elements in bpPreview.scope, the shadow root's card); MathJax then typesets inside
# the shadow root, whose styles are the card's and MathJax's own, shared by all.
PLACE_SIDES = """(function () {
  var sides = JSON.parse(document.getElementById("card-sides").textContent);
  var cardSheet = new CSSStyleSheet(), mathSheet = new CSSStyleSheet();
  cardSheet.replaceSync(document.getElementById("card-css").textContent);
  var shown = {};

  function place(host, variant) {
    var root = host.shadowRoot || host.attachShadow({mode: "open"});
    root.adoptedStyleSheets = [cardSheet, mathSheet];
    root.replaceChildren();
    var card = document.createElement("div");
    card.className = "card" + (document.body.classList.contains("night") ? " nightMode" : "");
    card.dataset.card = host.dataset.card;
    root.appendChild(card);
    window.bpPreview = {variant: variant, scope: card};
    try {
      card.append(document.createRange().createContextualFragment(sides[host.dataset.side]));
    } finally {
      window.bpPreview = null;
    }
    return card;
  }

  function typeset(cards) {
    return MathJax.typesetPromise(cards).then(function () {
      mathSheet.replaceSync(MathJax.svgStylesheet().textContent);
    });
  }

  function show(section, variant) {
    shown[section.id] = variant;
    var label = section.querySelector(".variant-number");
    if (label) label.textContent = String(variant + 1);
    return [].map.call(section.querySelectorAll(".side"), function (host) {
      return place(host, variant);
    });
  }

  window.bpPreviewAll = function () {
    var cards = [];
    document.querySelectorAll("section.preview-card").forEach(function (section) {
      cards = cards.concat(show(section, 0));
    });
    return typeset(cards).then(function () {
      var failed = [];
      cards.forEach(function (card) {
        var id = card.dataset.card;
        if (card.querySelector("[data-mjx-error]") && failed.indexOf(id) < 0) failed.push(id);
      });
      bpTexReport(failed);
    });
  };

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-step]");
    if (!button) return;
    var section = button.closest("section.preview-card");
    var count = Number(section.dataset.variants);
    var next = (shown[section.id] + Number(button.dataset.step) + count) % count;
    document.body.dataset.mathjax = "busy";
    typeset(show(section, next)).then(function () { document.body.dataset.mathjax = "done"; });
  });

  document.getElementById("night-toggle").addEventListener("change", function (event) {
    document.body.classList.toggle("night", event.target.checked);
    document.querySelectorAll(".side").forEach(function (host) {
      host.shadowRoot.firstChild.classList.toggle("nightMode", event.target.checked);
    });
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
.variant-picker { white-space: nowrap; }
.variant-picker button { font: inherit; padding: 0 0.5em; }
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
        raise SettingError("preview", "MathJax is missing; run "
                                      "pip install -r requirements.txt") from None
    return text.replace("</script", "<\\/script")


def mathjax_folder() -> Path:
    """The installed MathJax 3.2.2 (es5): its scripts, and the CHTML fonts beside them."""
    try:
        folder = Path(str(resources.files("mathjax").joinpath("static/mathjax/es5")))
    except ModuleNotFoundError:
        folder = None
    if folder is None or not folder.is_dir():
        raise DeckError("MathJax is missing; run pip install -r requirements.txt")
    return folder


def phone_page(body: str, style: str = "") -> str:
    """Card HTML (``body``) on a plain page as wide as the window, with the cards'
    stylesheet and MathJax as Anki runs it (CHTML, Anki's TeX): how the README pictures
    and the phone tests see cards. Typeset when ``body[data-mathjax=done]``.

    MathJax and its fonts load from the installed package by file URL: a browser must
    allow a file page to read other files (Chromium: --allow-file-access-from-files)."""
    script = (mathjax_folder() / "tex-chtml-full.js").as_uri()
    return (f'<!DOCTYPE html><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><style>body {{ margin: 0; }}'
            f'{style}{CSS}</style><script>{ANKI_MATHJAX}</script>'
            f'<script src="{script}"></script><body>{body}</body>')


def with_media(card: Card, side: str) -> str:
    """A side with its files in it: each image's src a data: URL, each [sound:…] a
    player (where Anki shows a play button), from the bytes the package holds."""
    for file in card.media:
        url = f"data:{file.mime};base64,{base64.b64encode(media.content(file)).decode()}"
        side = side.replace(f'src="{file.name}"', f'src="{url}"')
        side = side.replace(f"[sound:{file.name}]",
                            f'<audio controls preload="none" src="{url}"></audio>')
    return side


def _card_html(card: Card, sides: list[str]) -> str:
    """The note's frames, one per card Anki makes of it (a cloze note: one per
    deletion; a card both ways: two), each side with its files in it."""
    shown = [tuple(with_media(card, side) for side in sides) for sides in render_all(card)]
    if len(shown) == 1:
        return _side_html(card, sides, *shown[0])
    names = ([f"c{n}" for n in cloze.numbers(card.front)] if card.model == "cloze"
             else ["asked from the front", "asked from the back"])
    return "\n".join(_side_html(card, sides, question, answer, k + 1,
                                 f"{k + 1} of {len(shown)}: {name}")
                      for k, ((question, answer), name) in enumerate(zip(shown, names,
                                                                         strict=True)))


def _side_html(card: Card, sides: list[str], question: str, answer: str, number: int = 0,
               which: str = "") -> str:
    """One card's frame; its two sides go in ``sides``, placed by PLACE_SIDES. A card
    with variants gets buttons to step through them; a card of a note that makes
    several says ``which`` it is."""
    sides += [question, answer]
    tags = " ".join(card.tags)
    label = f" · card {escape(which)}" if which else ""
    section = f"{card.id}:{number}" if number else card.id  # ':' is in no card id
    count = max(1, len(card.variants))
    picker = (f' · <span class="variant-picker">version <button type="button" data-step="-1" '
              f'aria-label="previous version">◀</button> <span class="variant-number">1'
              f'</span> of {count} <button type="button" data-step="1" '
              f'aria-label="next version">▶</button></span>' if count > 1 else "")
    side = '<div class="side" data-card="{}" data-side="{}"></div>'
    return (f'<section class="preview-card" id="{escape(section)}" data-variants="{count}">'
            f'<div class="preview-meta"><b>{escape(card.id)}</b>{label} · {escape(card.deck)}'
            f' · {escape(card.kind)} · tags: {escape(tags)}{picker}</div>'
            f'<div class="preview-sides">'
            f'<div><div class="side-label">Front</div>'
            f'{side.format(escape(card.id), len(sides) - 2)}</div>'
            f'<div><div class="side-label">Back</div>'
            f'{side.format(escape(card.id), len(sides) - 1)}</div>'
            f"</div></section>")


def _script_data(value) -> str:
    """JSON that no text in it can end or bend its <script> block: every < is escaped,
    so neither '</script' nor '<!--' (which would swallow the page) can appear."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def page(cards: list[Card], title: str, summary: str) -> str:
    sides: list[str] = []
    body = "\n".join(_card_html(card, sides) for card in cards)
    css = CSS.replace("<", "\\3c ")  # a CSS escape: no text here can end the block
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: preview</title>
<style>{PAGE_CSS}</style>
<script>{PREVIEW_MATHJAX}</script>
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
<script type="text/css" id="card-css">{css}</script>
<script type="application/json" id="card-sides">{_script_data(sides)}</script>
<script>{PLACE_SIDES}</script>
</body>
</html>
"""
