"""The preview page in headless Chromium: every formula typeset, every card shown, each
side in a document of its own (a shadow root), every variant a step away."""

import json

import pytest
from browser import browser  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    import build_deck

    folder = tmp_path_factory.mktemp("preview")
    code = build_deck.main(["--seed", "3", "--count", "9", "-o", str(folder / "deck.apkg"),
                            "--preview", str(folder / "deck.html"),
                            "--dump", str(folder / "deck.json")])
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def page(browser, preview):  # noqa: F811
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto((preview / "deck.html").as_uri())
    page.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
    yield page
    page.close()


def test_every_card_is_on_the_page(page, preview):
    dump = json.loads((preview / "deck.json").read_text(encoding="utf-8"))
    ids = page.eval_on_selector_all("section.preview-card", "els => els.map(e => e.id)")
    assert ids == [card["id"] for card in dump["cards"]]


SIDES_TEXT = """() => [...document.querySelectorAll('.side')]
    .map(host => host.shadowRoot.firstChild.innerText).join('\\n')"""


def test_maths_typeset_with_no_raw_tex_or_errors(page):
    text = page.evaluate(SIDES_TEXT)
    assert "\\(" not in text and "\\[" not in text and "\\frac" not in text
    assert page.locator("mjx-container").count() > 500
    assert page.locator("[data-mjx-error], mjx-merror").count() == 0


def test_diagrams_and_plots_render(page):
    network = page.locator("#lecture-gradient-w5 .figure svg").first
    box = network.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.locator("#deriv-sigmoid polyline.curve").count() == 1


def test_screenshot(page, preview):
    """A window's capture, as docs/screenshots.py takes them (an element's capture waits
    for "stable" frames and may capture beyond the window; both once hung on CI)."""
    path = preview / "lecture.png"
    page.eval_on_selector("#lecture-gradient-w1", "e => e.scrollIntoView()")  # its top
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000


def test_night_mode_switch_recolours_cards(page):
    day = page.eval_on_selector(".card", "e => getComputedStyle(e).backgroundColor")
    page.check("#night-toggle")
    night = page.eval_on_selector(".card", "e => getComputedStyle(e).backgroundColor")
    text = page.eval_on_selector(".card", "e => getComputedStyle(e).color")
    page.uncheck("#night-toggle")
    assert day == "rgb(252, 252, 250)"
    assert night == "rgb(30, 31, 34)" and text == "rgb(232, 230, 227)"


USER_CARDS = r"""
cards:
  - tags: [mine]
    id: bold-vector
    front: 'What is \(\boldsymbol{w}\)?'
    back: 'The weights, \(\boldsymbol{w} \in \mathbb{R}^n\).'
  - tags: [mine]
    id: double-exponent
    front: 'Typeset \(x^2^3\)'
    back: That.
  - tags: [mine]
    id: unclosed-bold
    format: html
    front: '<b>bold <i>and italic'
    back: '<table><tr><td>a cell'
  - tags: [mine]
    id: after
    front: Plain words.
    back: Plain words too.
"""


@pytest.fixture(scope="module")
def user_page(browser, tmp_path_factory):  # noqa: F811
    import build_deck

    folder = tmp_path_factory.mktemp("user-preview")
    (folder / "mine.yaml").write_text(USER_CARDS, encoding="utf-8")
    assert build_deck.main(["--seed", "1", "--count", "0", "--no-derivatives",
                            "--include-tags", "mine", "--cards", str(folder / "mine.yaml"),
                            "-o", str(folder / "deck.apkg"),
                            "--preview", str(folder / "deck.html")]) == 0
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto((folder / "deck.html").as_uri())
    page.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
    yield page
    page.close()


def test_what_anki_typesets_typesets_here_and_a_failure_names_its_card(user_page):
    """Issue #14: one \\boldsymbol used to fail every formula on the page."""
    assert user_page.locator("#bold-vector mjx-container").count() == 3
    assert user_page.locator("#bold-vector [data-mjx-error]").count() == 0
    assert user_page.inner_text(".tex-errors") == (
        "MathJax could not typeset a formula on 1 card (Anki will show them as errors "
        "too): double-exponent")


def test_an_unclosed_html_tag_stays_on_its_own_card(user_page):
    after = user_page.locator("#after .card").first
    assert after.evaluate("e => getComputedStyle(e).fontWeight") == "400"
    assert after.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    assert after.evaluate("e => e.closest('table')") is None
    assert user_page.inner_text("#unclosed-bold .card .front b i") == "and italic"
    assert user_page.inner_text("#unclosed-bold .card .back td") == "a cell"


def test_every_variant_is_a_step_away_and_both_sides_show_it(page, preview):
    dump = json.loads((preview / "deck.json").read_text(encoding="utf-8"))
    card = next(c for c in dump["cards"] if c["id"] == "net-easy-0")
    count = len(card["variants"])
    section = page.locator("#net-easy-0")
    assert section.get_attribute("data-variants") == str(count) == "8"

    def shown():
        picks = section.locator("[data-variant]").evaluate_all(
            "els => els.map(e => Number(e.dataset.variant))")
        return sorted(set(picks)), section.locator(".variant-number").inner_text()

    seen = []
    for _ in range(count + 1):
        picks, number = shown()
        assert len(picks) == 1 and number == str(picks[0] + 1)
        assert section.locator(".side").nth(1).locator(".answer-value").inner_text() == (
            card["back"].split('class="answer-value">')[picks[0] + 1].split("<")[0])
        seen.append(picks[0])
        section.locator("button[data-step='1']").click()
        page.wait_for_selector("body[data-mathjax=done]")
    assert seen == [*range(count), 0]  # round and back to the first (now at the second)
    for expected in (0, count - 1):  # back, and back past the first to the last
        section.locator("button[data-step='-1']").click()
        page.wait_for_selector("body[data-mathjax=done]")
        assert shown()[0] == [expected]
    assert section.locator("[data-mjx-error]").count() == 0


@pytest.fixture(scope="module")
def hostile_page(browser, tmp_path_factory):  # noqa: F811
    """Cards whose sides (made here, past the card-file checks) try to reach others: a
    style hiding every card, and markup that would swallow the page's data block."""
    from backprop_deck.core.card import Card
    from backprop_deck.deck.preview import page as preview_page

    def card(card_id, front):
        return Card(id=card_id, guid=card_id, deck="D", kind="static", tags=(), front=front,
                    back="the back")

    cards = [card("before", "plain words"),
             card("styler", "<style>.card, .side, section { display: none !important }</style>"),
             card("swallower", '--> <b title="<!--<script>">x</b> </script> <!--'),
             card("after", "more plain words")]
    path = tmp_path_factory.mktemp("hostile") / "deck.html"
    path.write_text(preview_page(cards, "Hostile", "4 cards"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-mathjax=done]", timeout=60_000)
    yield page
    page.close()


def test_one_cards_style_or_markup_reaches_no_other_card(hostile_page):
    for card_id in ("before", "swallower", "after"):
        sides = hostile_page.locator(f"#{card_id} .side .card")
        assert sides.count() == 2
        assert sides.nth(1).is_visible(), card_id
    assert hostile_page.locator("#after .side .card").first.inner_text() == "more plain words"
    assert hostile_page.locator("section.preview-card").count() == 4
