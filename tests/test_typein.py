"""Typing an answer on a practice card, in headless Chromium: right, hand path, slip, wrong."""

import functools
import http.server
import random
import threading

import pytest
from browser import browser  # noqa: F401  (fixture)

from core.numbers import half_unit, shown, significant
from deck.anki_package import CSS, TEMPLATES, render
from generators.network import TOPIC
from generators.network.draw import draw
from generators.practice import practice_cards
from generators.registry import TOPICS
from generators.topic import practice_card


@pytest.fixture(scope="module")
def case():
    """A card whose answer is negative (shown with a Unicode minus), whose hand path ends
    on another last digit than the exact answer, and which lists slips."""
    for k in range(2000):
        problem = draw(random.Random(f"typein:{k}"), "hard")
        card = practice_card(TOPIC, (problem,), card_id=f"t{k}", guid="g", deck="D", tags=(),
                             heading="Practice")
        hand = TOPIC.solve(problem, shown).answer
        if card.answer < 0 and significant(hand) != card.answer_text and "data-step" in (
                card.back.split('class="slips"')[-1]):
            return card, hand
    raise AssertionError("no such card in 2,000 problems")


def _reader() -> str:
    """The back template's own number reader, as a function of its own."""
    back = TEMPLATES.joinpath("practice_back.html").read_text(encoding="utf-8")
    start = back.index("  function read(typed) {")
    return back[start:back.index("\n  }\n", start) + 4]


VERDICT_READER = _reader()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def per_topic():
    """A card with a typical slip from each topic."""
    found = {}
    for card in practice_cards(seed=4, count=12 * len(TOPICS), difficulty="mixed", deck="D"):
        if card.group == "practice" and card.problem["mistakes"] and card.kind not in found:
            found[card.kind] = card
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory, case, per_topic):
    """The cards' two sides as pages on a loopback server, as AnkiDroid loads them:
    front.html and back.html for the main case, front-ID.html and back-ID.html for
    the card of each topic."""
    folder = tmp_path_factory.mktemp("site")
    pages = {"": case[0], **{f"-{c.id}": c for c in per_topic.values()}}
    for suffix, card in pages.items():
        question, answer = render(card)
        for name, body in (("front", question), ("back", answer)):
            (folder / f"{name}{suffix}.html").write_text(
                f'<!DOCTYPE html><meta charset="utf-8"><style>{CSS}</style>'
                f'<body class="card">{body}</body>', encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


_TABS: dict = {}


def _tab(browser, javascript: bool):  # noqa: F811
    """One tab per browser and setting, as AnkiDroid keeps one WebView for every card."""
    key = (id(browser), javascript)
    if key not in _TABS or _TABS[key].is_closed():
        _TABS[key] = browser.new_context(java_script_enabled=javascript).new_page()
    return _TABS[key]


def answer_with(browser, site, typed, javascript=True, card=""):  # noqa: F811
    """Type on the front, turn to the back: the verdict, the answer line, marked step."""
    page = _tab(browser, javascript)
    suffix = f"-{card}" if card else ""
    page.goto(f"{site}/front{suffix}.html")
    if typed is not None:
        page.fill("#bp-typein", typed)
    page.goto(f"{site}/back{suffix}.html")
    verdict = page.inner_text("#bp-verdict")
    answer = page.inner_text(".answer-line")
    marked = page.eval_on_selector_all(".step.slip-step", "els => els.map(e => e.dataset.step)")
    return verdict, answer, marked


def test_front_asks_for_4_significant_figures(case):
    question, _ = render(case[0])
    assert "Your answer, to 4 significant figures:" in question


def test_exact_rounded_answer_is_right(browser, site, case):  # noqa: F811
    card, _ = case
    verdict, _, marked = answer_with(browser, site, card.answer_text)
    assert (verdict, marked) == (f"Right: you typed {card.answer_text}.", [])


def test_hand_path_answer_is_right(browser, site, case):  # noqa: F811
    """What the shown steps give with 4-figure values, though the last digit differs."""
    _card, hand = case
    verdict, answer, _ = answer_with(browser, site, significant(hand))
    assert verdict == f"Right: you typed {significant(hand)}."
    assert f"gives {significant(hand)}; both are right" in answer


def test_window_edges(browser, site, case):  # noqa: F811
    """Inside: the window's ends; just outside, one more unit of the 4th figure beyond
    them: right to 3 figures only; ten units beyond: right to 2; a hundred: not."""
    card, _ = case
    low, high = card.accept
    unit = 2 * half_unit(card.answer)
    for typed, said in ((low + unit / 10, "Right:"), (high - unit / 10, "Right:"),
                        (low - unit, "Right to 3 figures:"), (high + unit, "Right to 3 figures:"),
                        (low - 10 * unit, "Right to 2 figures:"),
                        (high + 100 * unit, "Not quite:")):
        verdict, _, _ = answer_with(browser, site, repr(typed))
        assert verdict.startswith(said), (typed, card.accept, verdict)


def test_right_to_fewer_figures_is_told_so_and_asked_for_4(browser, site, case):  # noqa: F811
    """0.03 for 0.03002: not a wrong method, a number given too short."""
    card, _ = case
    low, high = card.accept
    figures, short = next((n, f"{card.answer:.{n}g}") for n in (3, 2)
                          if not low <= float(f"{card.answer:.{n}g}") <= high)
    verdict, _, marked = answer_with(browser, site, short)
    assert verdict == (f"Right to {figures} figures: you typed {short}; give 4: the answer "
                       f"is {card.answer_text}.")
    assert marked == []


@pytest.mark.parametrize(("typed", "value"), [("-1/8", -0.125), ("−1/8", -0.125),
                                              ("3/4", 0.75), ("1 / 2", 0.5)])
def test_simple_fractions_are_numbers(browser, site, typed, value):  # noqa: F811
    """A fraction is read as its value: right where the value is right."""
    page = _tab(browser, True)
    page.set_content(f"<script>{VERDICT_READER}</script>")
    assert page.evaluate(f"read({typed!r})") == value
    assert page.evaluate("read('1/0')") != page.evaluate("read('1/0')")  # NaN


def test_a_typical_slip_is_named_and_its_step_marked(browser, site, case):  # noqa: F811
    card, _ = case
    slip = card.problem["mistakes"][0]
    typed = significant(slip["answer"])
    verdict, _, marked = answer_with(browser, site, typed)
    assert verdict.startswith(f"Not quite: you typed {typed}, which is what you get if you "
                              f"{slip['name']} (see step ")
    assert verdict.endswith(f"). The answer is {card.answer_text}.")
    assert len(marked) == 1


def test_another_wrong_number_shows_the_answer(browser, site, case):  # noqa: F811
    card, _ = case
    verdict, _, marked = answer_with(browser, site, "123.4")
    assert (verdict, marked) == (f"Not quite: you typed 123.4; the answer is "
                                 f"{card.answer_text}.", [])


@pytest.mark.parametrize("style", ["unicode minus", "comma", "hyphen minus"])
def test_written_as_people_write_numbers(browser, site, case, style):  # noqa: F811
    card, _ = case
    assert card.answer_text.startswith("−")
    typed = {"unicode minus": card.answer_text,
             "comma": card.answer_text.replace(".", ","),
             "hyphen minus": card.answer_text.replace("−", "-")}[style]
    assert answer_with(browser, site, typed)[0] == f"Right: you typed {typed}."


def test_nonsense_is_not_a_number(browser, site, case):  # noqa: F811
    card, _ = case
    assert answer_with(browser, site, "abc")[0] == (
        f"Not a number: you typed abc; the answer is {card.answer_text}.")


def test_nothing_typed_shows_no_verdict(browser, site, case):  # noqa: F811
    card, _ = case
    verdict, answer, _ = answer_with(browser, site, None)
    assert verdict == "" and card.answer_text in answer


def test_without_scripts_the_answer_still_shows(browser, site, case):  # noqa: F811
    card, _ = case
    verdict, answer, _ = answer_with(browser, site, None, javascript=False)
    assert verdict == "" and answer.startswith(f"Answer: {card.answer_text}")


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_topic_judges_the_answer_and_names_a_slip(browser, site, per_topic, topic):  # noqa: F811
    card = per_topic[topic]
    verdict, _, _ = answer_with(browser, site, card.answer_text, card=card.id)
    assert verdict == f"Right: you typed {card.answer_text}."
    slip = card.problem["mistakes"][0]
    typed = significant(slip["answer"])
    verdict, _, marked = answer_with(browser, site, typed, card=card.id)
    assert f"which is what you get if you {slip['name']} (see step " in verdict
    assert len(marked) == 1
