"""Code on a card keeps its indentation in every format; fenced Markdown code and html
<pre><code class="language-X"> are coloured at build time by Pygments with the deck's
own classes (a card file names a language, never a class or a style), each colour
with a contrast of 4.5:1 or more on the code's background by day and by night, and a
card with an image and code fits a 320 px phone: as Anki renders the imported deck,
in Chromium (tests/anki_pages.py)."""

from __future__ import annotations

import re
import textwrap

import media_samples as samples
import pytest
from anki_pages import OVERFLOW, anki_sides, open_page
from browser import browser  # noqa: F401  (fixture)
from test_phone import contrast

from backprop_deck.core.highlight import CLASSES
from backprop_deck.deck.anki_package import CSS
from backprop_deck.deck.build import Options, build

CARDS = r'''
cards:
  - id: text-code
    tags: [mine]
    front: |
      What does this print?
          for k in range(2):
              print(k)  # one per line
    back: 0 then 1
  - id: html-code
    tags: [mine]
    format: html
    front: |
      <img src="wide.png" alt="a wide picture">
      <pre><code class="language-python">def f(x):
          return x  # the same
      </code></pre>
    back: <code class="language-python">inline</code> code stays plain
  - id: markdown-code
    tags: [mine]
    format: markdown
    front: |
      ```python
      @cache
      def step(w, lr=0.1):
          """One step of gradient descent on a loss whose gradient is 2w."""
          return w - lr * 2 * w, len(str(w))  # a long line, wrapped on a phone
      ```
    back: '`plain` code'
'''
# What a learner sees of the text card's front: every space where it was typed.
TEXT_FRONT = ["What does this print?", "    for k in range(2):",
              "        print(k)  # one per line"]
MARKDOWN_FRONT = (
    '<pre><code><span class="hl-function">@cache</span>\n'
    '<span class="hl-keyword">def</span> <span class="hl-function">step</span>(w, lr=<span '
    'class="hl-number">0.1</span>):\n    <span class="hl-string">"""One step of gradient '
    'descent on a loss whose gradient is 2w."""</span>\n    <span class="hl-keyword">return'
    '</span> w - lr * <span class="hl-number">2</span> * w, <span class="hl-builtin">len'
    '</span>(<span class="hl-builtin">str</span>(w))  <span class="hl-comment"># a long '
    'line, wrapped on a phone</span>\n</code></pre>')


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("code")
    (folder / "cards.yaml").write_text(textwrap.dedent(CARDS).lstrip(), encoding="utf-8")
    (folder / "wide.png").write_bytes(samples.png(900, 60))
    return folder


@pytest.fixture(scope="module")
def cards(folder):
    deck = build(Options(card_files=[folder / "cards.yaml"], practice=False,
                         derivatives=False, include_tags=frozenset({"mine"})))
    return {card.id: card for card in deck.cards}


def test_fenced_code_is_coloured_with_the_decks_classes(cards):
    assert cards["markdown-code"].front == MARKDOWN_FRONT


def test_every_class_on_a_card_is_the_decks_own(cards):
    """The language a card names is consumed: no class a card file wrote is left, and
    inline code (no block to colour) is shown plain."""
    written = {value for card in cards.values() for html in (card.front, card.back)
               for value in re.findall(r'class="([^"]*)"', html)}
    assert written == set(CLASSES)
    assert cards["html-code"].back == "<code>inline</code> code stays plain"
    assert "language-" not in "".join(c.front + c.back for c in cards.values())


def test_every_class_is_coloured_by_day_and_by_night():
    for name in CLASSES:
        assert re.search(rf"\.{name} {{ color: var\(--{name}\)", CSS), name
        assert CSS.count(f"--{name}:") == 2, name  # a colour by day, one by night


@pytest.fixture(scope="module")
def sides(cards, tmp_path_factory):
    """Each card as Anki renders it from the imported deck; the page goes into the
    collection's media folder, where Anki shows a card from."""
    folder = tmp_path_factory.mktemp("anki")
    return anki_sides(list(cards.values()), "Mine", folder), folder / "collection.media"


@pytest.fixture(scope="module", params=["day", "night"])
def page(request, sides, browser):  # noqa: F811
    shown, media_folder = sides
    tab = open_page(browser, media_folder, shown, 320, request.param == "night")
    yield tab
    tab.close()


def test_a_card_with_an_image_and_code_fits_a_phone(page):
    found = page.evaluate(OVERFLOW, 320)
    assert (found["wide"], found["scrolls"], found["page"] <= 320) == ([], [], True)
    image = page.locator("img").first
    assert image.evaluate("i => [i.complete, i.naturalWidth]") == [True, 900]
    assert image.evaluate("i => i.getBoundingClientRect().width") <= 320


def test_text_code_keeps_its_indentation_on_the_card(page):
    text = page.locator("[id='text-code-0'] .front").first.inner_text()
    assert text.replace("\xa0", " ").splitlines() == TEXT_FRONT


def test_code_colours_have_contrast_on_its_background(page):
    colours = page.evaluate("""() => [...document.querySelectorAll('pre')].flatMap(pre => {
        const background = getComputedStyle(pre).backgroundColor;
        return [['text', getComputedStyle(pre).color, background],
                ...[...pre.querySelectorAll('span[class^=hl-]')].map(
                    span => [span.className, getComputedStyle(span).color, background])];
    })""")
    assert {name for name, _, _ in colours} == set(CLASSES) | {"text"}
    for name, colour, background in colours:
        assert contrast(colour, background) >= 4.5, (name, colour, background)
