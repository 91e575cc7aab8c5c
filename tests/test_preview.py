"""The preview page in headless Chromium: every formula typeset, every card shown."""

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


def test_maths_typeset_with_no_raw_tex_or_errors(page):
    text = page.inner_text("main")
    assert "\\(" not in text and "\\[" not in text and "\\frac" not in text
    assert page.locator("mjx-container").count() > 500
    assert page.locator("[data-mjx-error], mjx-merror").count() == 0


def test_diagrams_and_plots_render(page):
    network = page.locator("#lecture-gradient-w5 .figure svg").first
    box = network.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.locator("#deriv-sigmoid polyline.curve").count() == 1


def test_screenshot(page, preview):
    path = preview / "lecture.png"
    page.locator("#lecture-gradient-w1").screenshot(path=str(path))
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
