"""Typing an answer on a practice card, in headless Chromium: right, wrong, no script."""

import functools
import http.server
import threading

import pytest
from browser import browser  # noqa: F401  (fixture)

from deck.anki_package import CSS, render
from generators.practice import practice_cards


@pytest.fixture(scope="module")
def card():
    """A card with a negative answer, so its answer shows a Unicode minus (−)."""
    cards = practice_cards(seed=8, count=30, difficulty="medium", deck="D")
    return next(c for c in cards if c.answer < 0)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory, card):
    """The card's two sides as pages on a loopback server, as AnkiDroid loads them."""
    folder = tmp_path_factory.mktemp("site")
    question, answer = render(card)
    for name, body in (("front", question), ("back", answer)):
        (folder / f"{name}.html").write_text(
            f'<!DOCTYPE html><meta charset="utf-8"><style>{CSS}</style>'
            f'<body class="card">{body}</body>', encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def answer_with(browser, site, typed, javascript=True):  # noqa: F811
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site}/front.html")
    if typed is not None:
        page.fill("#bp-typein", typed)
    page.goto(f"{site}/back.html")
    verdict = page.inner_text("#bp-verdict")
    answer = page.inner_text(".answer-line")
    context.close()
    return verdict, answer


def test_exact_rounded_answer_is_right(browser, site, card):  # noqa: F811
    verdict, _ = answer_with(browser, site, card.answer_text)
    assert verdict == f"Right: you typed {card.answer_text}."


@pytest.mark.parametrize("nudge", [-0.49, 0.49])
def test_within_half_a_unit_of_the_last_digit_is_right(browser, site, card, nudge):  # noqa: F811
    typed = repr(card.answer + nudge * card.tolerance * 2)
    verdict, _ = answer_with(browser, site, typed)
    assert verdict.startswith("Right")


def test_beyond_the_tolerance_is_wrong_and_shows_the_answer(browser, site, card):  # noqa: F811
    typed = repr(card.answer + 3 * card.tolerance)
    verdict, _ = answer_with(browser, site, typed)
    assert verdict == f"Not quite: you typed {typed}; the answer is {card.answer_text}."


@pytest.mark.parametrize("style", ["unicode minus", "comma", "hyphen minus"])
def test_written_as_people_write_numbers(browser, site, card, style):  # noqa: F811
    assert card.answer_text.startswith("−")
    typed = {"unicode minus": card.answer_text,
             "comma": card.answer_text.replace(".", ","),
             "hyphen minus": card.answer_text.replace("−", "-")}[style]
    assert answer_with(browser, site, typed)[0] == f"Right: you typed {typed}."


def test_nonsense_is_not_a_number(browser, site, card):  # noqa: F811
    assert answer_with(browser, site, "abc")[0] == (
        f"Not a number: you typed abc; the answer is {card.answer_text}.")


def test_nothing_typed_shows_no_verdict(browser, site, card):  # noqa: F811
    verdict, answer = answer_with(browser, site, None)
    assert verdict == "" and card.answer_text in answer


def test_without_scripts_the_answer_still_shows(browser, site, card):  # noqa: F811
    verdict, answer = answer_with(browser, site, None, javascript=False)
    assert verdict == "" and answer == f"Answer: {card.answer_text}"
