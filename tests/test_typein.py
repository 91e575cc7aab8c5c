"""Typing an answer on a practice card, in headless Chromium: right, hand path, slip, wrong,
right to the figures given; and another version tried on the back, judged the same way."""

import dataclasses
import functools
import http.server
import json
import random
import threading
from decimal import ROUND_HALF_UP, Context, Decimal

import pytest
from browser import browser  # noqa: F401  (fixture)

from backprop_deck.core.accepted import accepted_range, half_unit
from backprop_deck.core.carry import four_figures
from backprop_deck.core.numbers import significant
from backprop_deck.deck.anki_package import CSS, TEMPLATES, render
from backprop_deck.generators.network import TOPIC
from backprop_deck.generators.network.draw import draw
from backprop_deck.generators.practice import practice_cards
from backprop_deck.generators.practice_note import practice_card
from backprop_deck.generators.registry import TOPICS


@pytest.fixture(scope="module")
def case():
    """A card whose answer is negative (shown with a Unicode minus), whose hand path ends
    on another last digit than the exact answer, and which lists slips."""
    for k in range(2000):
        problem = draw(random.Random(f"typein:{k}"), "hard")
        card = practice_card(TOPIC, (problem,), card_id=f"t{k}", guid="g", deck="D", tags=(),
                             title="Practice")
        hand = TOPIC.solve(problem, four_figures).answer
        if card.answer < 0 and significant(hand) != card.answer_text and "data-step" in (
                card.back.split('class="slips"')[-1]):
            return card, hand
    raise AssertionError("no such card in 2,000 problems")


VERDICT_SCRIPT = TEMPLATES.joinpath("verdict.js").read_text(encoding="utf-8")


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
    """Inside: the window's ends. Outside, typed with many figures: right to 3 (or 2)
    figures, not 4, where the number and the window round alike to 3 (or 2), as the
    oracle below says; a hundred units of the 4th figure beyond: not."""
    card, _ = case
    low, high = card.accept
    unit = 2 * half_unit(card.answer)
    for typed in (low + unit / 10, high - unit / 10, low - unit, high + unit, low - 10 * unit,
                  high + 100 * unit):
        verdict, _, _ = answer_with(browser, site, repr(typed))
        said = expected_head(repr(typed), low, high)
        assert verdict.startswith(said + ":"), (typed, card.accept, verdict)
    assert expected_head(repr(high + 100 * unit), low, high) == "Not quite"


# A card's answer and its window (from the exact answer to the hand path's, as
# core.numbers.window makes it), what is typed, and the verdict, word for word.
FIGURES = [
    # 0.008396 (exact 0.0083962): the example
    (0.0083962, 0.0083962, "0.008396", "Right: you typed 0.008396."),
    (0.0083962, 0.0083962, "0.0084",
     "Right to the 2 figures you gave: you typed 0.0084; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.00840",
     "Right to the 3 figures you gave: you typed 0.00840; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.008",
     "Right to the 1 figure you gave: you typed 0.008; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "8.4e-3",
     "Right to the 2 figures you gave: you typed 8.4e-3; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "8.40E-3",
     "Right to the 3 figures you gave: you typed 8.40E-3; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "0,0084",
     "Right to the 2 figures you gave: you typed 0,0084; give 4: the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.0083", "Not quite: you typed 0.0083; the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.0085", "Not quite: you typed 0.0085; the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.008401",
     "Right to 3 figures, not 4: you typed 0.008401; the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.008449",
     "Right to 2 figures, not 4: you typed 0.008449; the answer is 0.008396."),
    (0.0083962, 0.0083962, "0.0083956",
     "Right to 4 figures: you typed 0.0083956; the answer is 0.008396."),
    # a minus sign, typed either way
    (-0.19041, -0.19041, "-0.19",
     "Right to the 2 figures you gave: you typed -0.19; give 4: the answer is −0.1904."),
    (-0.19041, -0.19041, "−0.190",
     "Right to the 3 figures you gave: you typed −0.190; give 4: the answer is −0.1904."),
    (-0.19041, -0.19041, "0.19", "Not quite: you typed 0.19; the answer is −0.1904."),
    # trailing zeros after the point count: 0.50 is two figures
    (0.5012, 0.5012, "0.50",
     "Right to the 2 figures you gave: you typed 0.50; give 4: the answer is 0.5012."),
    (0.5012, 0.5012, "0.5",
     "Right to the 1 figure you gave: you typed 0.5; give 4: the answer is 0.5012."),
    (0.5, 0.5, "0.50", "Right: you typed 0.50."),
    (0.5, 0.5, "0.5", "Right: you typed 0.5."),
    # a whole number's trailing zeros may or may not count: the most that fit
    (1234.2, 1234.2, "1200",
     "Right to the 2 figures you gave: you typed 1200; give 4: the answer is 1234."),
    (1234.2, 1234.2, "1230",
     "Right to the 3 figures you gave: you typed 1230; give 4: the answer is 1234."),
    (120.31, 120.31, "120",
     "Right to the 3 figures you gave: you typed 120; give 4: the answer is 120.3."),
    # the hand path's window: both 0.0300 and 0.0301 are what 3 figures give
    (0.030021, 0.030079, "0.0301",
     "Right to the 3 figures you gave: you typed 0.0301; give 4: the answer is 0.03002."),
    (0.030021, 0.030079, "0.030",
     "Right to the 2 figures you gave: you typed 0.030; give 4: the answer is 0.03002."),
    # a fraction has no figures to count: judged by its value, as before
    (-0.12508, -0.12508, "-1/8",
     "Right to 3 figures: you typed -1/8; give 4: the answer is −0.1251."),
    (-0.125, -0.125, "−1/8", "Right: you typed −1/8."),
    (-0.12508, -0.12508, "-1/9", "Not quite: you typed -1/9; the answer is −0.1251."),
    (0.0003, 0.0003, "0", "Not quite: you typed 0; the answer is 0.0003."),
]


def back_page(card, typed: str) -> str:
    """The card's back as Anki desktop shows it after its front: one page, the typed
    answer in the window's own memory (bpMemory's first place)."""
    memory = json.dumps({f"bp-typein:{card.id}": typed})
    return (f'<!DOCTYPE html><meta charset="utf-8"><style>{CSS}</style>'
            f'<script>window.bpMemoryValues = {memory};</script>'
            f'<body class="card">{render(card)[1]}</body>')


@pytest.mark.parametrize(("exact", "hand", "typed", "verdict"), FIGURES)
def test_the_verdict_counts_the_figures_typed(browser, case, exact, hand, typed, verdict):  # noqa: F811
    card = dataclasses.replace(case[0], answer=exact, accept=accepted_range(exact, hand))
    page = _tab(browser, True)
    page.set_content(back_page(card, typed))
    assert page.inner_text("#bp-verdict") == verdict
    assert expected_head(typed, *card.accept) == verdict.split(":")[0]


def test_the_verdict_agrees_with_the_oracle_on_random_numbers(browser):  # noqa: F811
    """Answers of every size, typed to 1–6 figures, as fractions of a unit off or not:
    the verdict's head is the oracle's."""
    rng = random.Random(26)
    cases = []
    for _ in range(400):
        exact = rng.choice((-1, 1)) * 10 ** rng.uniform(-5, 4)
        hand = exact * (1 + rng.choice((0, 0, rng.uniform(-3e-4, 3e-4))))
        low, high = accepted_range(exact, hand)
        n = rng.randint(1, 6)
        typed = f"{exact * (1 + rng.uniform(-0.02, 0.02) * rng.random() ** 3):.{n}g}"
        typed = typed if rng.random() < 0.8 else typed.replace("-", "−")
        cases.append({"typed": typed, "value": (low + high) / 2, "tolerance": (high - low) / 2,
                      "low": low, "high": high})
    page = _tab(browser, True)
    page.set_content(f"<script>{VERDICT_SCRIPT}</script>")
    heads = page.evaluate("""cases => cases.map(c => {
        const shown = document.createElement('div'), box = document.createElement('div');
        shown.dataset.value = c.value; shown.dataset.tolerance = c.tolerance;
        shown.dataset.answer = 'A';
        bpVerdict.show(box, c.typed, shown, shown);
        return box.firstChild.textContent;
    })""", cases)
    wrong = [(c["typed"], c["low"], c["high"], head, expected_head(c["typed"], c["low"], c["high"]))
             for c, head in zip(cases, heads, strict=True)
             if head != expected_head(c["typed"], c["low"], c["high"])]
    assert wrong == []
    assert {h.split(" ")[0] for h in heads} == {"Right", "Not"}
    assert any("you gave" in h for h in heads) and any("not 4" in h for h in heads)


def _typed_decimal(typed: str) -> Decimal | None:
    text = typed.replace("−", "-").replace(" ", "")
    if "." not in text:
        text = text.replace(",", ".")
    if "/" in text:
        return None
    return Decimal(text)


def figures_typed(typed: str) -> tuple[int, int] | None:
    """The oracle's count: Decimal keeps the digits as typed, leading zeros dropped."""
    number = _typed_decimal(typed)
    if number is None or number == 0:
        return None
    digits = "".join(map(str, number.as_tuple().digits))
    mantissa = typed.lower().split("e")[0]
    if "." in mantissa or ("," in mantissa and "." not in typed):
        return len(digits), len(digits)
    return len(digits.rstrip("0")), len(digits)


def rounds_to(low: float, high: float, target: Decimal, n: int) -> bool:
    """Some number of [low, high] rounds to ``target`` at n figures: the numbers that do
    lie halfway to its neighbours among n-figure numbers (Decimal's next_plus and
    next_minus at precision n)."""
    context = Context(prec=n)
    below = (target + context.next_minus(target)) / 2
    above = (target + context.next_plus(target)) / 2
    return Decimal(low) <= above and below <= Decimal(high)


def expected_head(typed: str, low: float, high: float) -> str:
    """The verdict's first words, from the rule in words: right inside the window; fewer
    than 4 figures typed, right to them where the window rounds to the typed number; 4 or
    more, right to 3 (or 2) where number and window round alike; a fraction or a zero,
    right to 3 (or 2) inside the window widened by half a unit of that figure. (Cases
    here are no typical slip.)"""
    text = typed.replace("−", "-").replace(" ", "")
    number = _typed_decimal(typed)
    value = float(number) if number is not None else (
        float(text.split("/")[0]) / float(text.split("/")[1]))
    if low <= value <= high:
        return "Right"
    counted = figures_typed(typed)
    if counted and counted[0] < 4:
        for n in range(min(counted[1], 3), counted[0] - 1, -1):
            if rounds_to(low, high, number, n):
                return f"Right to the {n} figure{'s' if n > 1 else ''} you gave"
    elif counted:
        for n in ((4,) if counted[0] > 4 else ()) + (3, 2):
            target = number.quantize(Decimal(1).scaleb(number.adjusted() - n + 1),
                                     rounding=ROUND_HALF_UP)
            if rounds_to(low, high, target, n):
                return "Right to 4 figures" if n == 4 else f"Right to {n} figures, not 4"
    else:
        centre = (low + high) / 2
        for n in (3, 2):
            unit = 10.0 ** (int(f"{abs(centre):e}".split("e")[1]) - n + 1) if centre else 1e-4
            if low - unit / 2 <= value <= high + unit / 2:
                return f"Right to {n} figures"
    return "Not quite"


@pytest.mark.parametrize(("typed", "value"), [("-1/8", -0.125), ("−1/8", -0.125),
                                              ("3/4", 0.75), ("1 / 2", 0.5)])
def test_simple_fractions_are_numbers(browser, site, typed, value):  # noqa: F811
    """A fraction is read as its value: right where the value is right."""
    page = _tab(browser, True)
    page.set_content(f"<script>{VERDICT_SCRIPT}</script>")
    assert page.evaluate(f"bpVerdict.read({typed!r})") == value
    assert page.evaluate("bpVerdict.read('1/0')") != page.evaluate("bpVerdict.read('1/0')")


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


@pytest.fixture(scope="module")
def versions():
    """A note of three versions from each topic, and a derivative card's (f′(x) at three
    points), each version's typical slip where it has one."""
    from backprop_deck.generators.derivatives import derivative_cards

    found = {}
    for card in practice_cards(seed=8, count=3 * len(TOPICS), difficulty="mixed", deck="D",
                               variants=3):
        if card.group == "practice" and card.kind not in found and all(
                p["mistakes"] for p in card.variants):
            found[card.kind] = card
    found["derivative"] = next(c for c in derivative_cards(seed=3, deck="D", variants=3)
                               if c.answer is not None)
    return found


def own_back(page, card, typed: str, pick: int) -> tuple[str, list]:
    """The card's own back when its front showed version ``pick`` and ``typed`` was typed:
    the verdict and the marked step."""
    memory = {f"bp-typein:{card.id}": typed, f"bp-variant:{card.id}": {"day": 0, "n": 0,
                                                                        "pick": pick}}
    page.set_content(f'<!DOCTYPE html><meta charset="utf-8"><style>{CSS}</style>'
                     f'<script>window.bpMemoryValues = {json.dumps(memory)};</script>'
                     f'<body class="card">{render(card)[1]}</body>')
    return (page.inner_text("#bp-verdict"),
            page.eval_on_selector_all(".back .slip-step", "els => els.map(e => e.dataset.step)"))


def another(page, typed: str, enter: bool = True) -> tuple[int, str, list]:
    """Press "Another version" on the back shown, type, press Enter (or Check): the
    version shown, its verdict and its marked step."""
    page.click("#bp-another")
    page.fill("#bp-another-typein", typed)
    if enter:
        page.press("#bp-another-typein", "Enter")
    else:
        page.click("#bp-check")
    version = int(page.get_attribute(".bp-another-try", "data-version"))
    return (version, page.inner_text(".bp-another-verdict"),
            page.eval_on_selector_all(".bp-another-back .slip-step",
                                      "els => els.map(e => e.dataset.step)"))


@pytest.mark.parametrize("topic", [*TOPICS, "derivative"])
def test_another_version_is_judged_as_the_card_judges_it(browser, versions, topic):  # noqa: F811
    """The right answer, the typical slip (its step marked), the answer to 2 figures, a
    wrong number: for the other version, the verdict the card itself gives when its
    front shows that version, word for word."""
    from backprop_deck.core.variants import versions_of

    card = versions[topic]
    shown = versions_of(card)
    page = _tab(browser, True)
    for k, problem in enumerate(card.variants):
        other = (k + 1) % 3  # of three, the first press shows the next
        answer = shown[other].answer_text.replace("−", "-")
        mistakes = card.variants[other].get("mistakes") or []
        attempts = [answer, f"{float(answer):.2g}", "123.4"]
        if mistakes:
            attempts.append(significant(mistakes[0]["answer"]))
        for typed in attempts:
            own_back(page, card, "", k)
            version, verdict, marked = another(page, typed, enter=typed != "123.4")
            assert version == other
            assert (verdict, marked) == own_back(page, card, typed, version), typed
        assert problem  # every version was shown as the card's own
    own_back(page, card, "", 0)
    assert another(page, shown[1].answer_text)[1] == f"Right: you typed {shown[1].answer_text}."


def test_the_panel_shows_its_own_slip_and_leaves_the_cards_own_unmarked(browser, versions):  # noqa: F811
    card = versions["network"]
    slip = card.variants[2]["mistakes"][0]
    page = _tab(browser, True)
    own_back(page, card, "123.4", 1)
    version, verdict, marked = another(page, significant(slip["answer"]))
    assert version == 2 and len(marked) == 1
    assert f"which is what you get if you {slip['name']} (see step " in verdict
    assert page.locator(".back .slip-step").count() == 0
    assert page.inner_text("#bp-verdict").startswith("Not quite: you typed 123.4;")


def test_presses_cycle_through_the_other_versions(browser, versions):  # noqa: F811
    """Eight versions, the card showing version 5: seven presses show the seven others,
    furthest from 5 first; the eighth starts again."""
    card = next(c for c in practice_cards(seed=8, count=len(TOPICS), difficulty="mixed",
                                          deck="D", variants=8) if c.kind == "graph")
    page = _tab(browser, True)
    own_back(page, card, "", 5)
    seen = []
    for _ in range(8):
        page.click("#bp-another")
        seen.append(int(page.get_attribute(".bp-another-try", "data-version")))
        assert page.locator(".bp-another-try").count() == 1
        assert page.locator(".bp-another-front [data-variant]").get_attribute(
            "data-variant") == str(seen[-1])
    assert seen == [1, 0, 2, 7, 3, 6, 4, 1]  # offsets 4, 3, 5, 2, 6, 1, 7 from 5


def test_the_solution_shows_after_the_check_and_focus_stays_in_the_box(browser, versions):  # noqa: F811
    card = versions["conv"]
    page = _tab(browser, True)
    own_back(page, card, "", 0)
    page.focus("#bp-another")
    page.keyboard.press("Enter")  # a keyboard press on the button
    assert page.evaluate("document.activeElement.id") == "bp-another-typein"
    assert not page.is_visible(".bp-another-back")
    assert page.inner_text(".bp-another-verdict") == ""
    page.keyboard.press("Enter")  # nothing typed: the solution, no verdict
    assert page.is_visible(".bp-another-back .answer-line")
    assert page.inner_text(".bp-another-verdict") == ""
    assert page.evaluate("document.activeElement.id") == "bp-another-typein"
    label = page.evaluate("""() => {
        const box = document.getElementById('bp-another-typein');
        return [box.labels[0].textContent,
                document.getElementById(box.getAttribute('aria-describedby')).textContent];
    }""")
    assert label[0] == "Your answer, to 4 significant figures: "
    assert "version 2 of 3" in label[1]


def test_without_scripts_there_is_no_button(browser, versions):  # noqa: F811
    page = _tab(browser, False)
    page.set_content(f'<body class="card">{render(versions["pool"])[1]}</body>')
    assert page.locator("#bp-another, #bp-check").count() == 0
    assert page.locator(".back [data-variant]:visible").count() == 1


def test_a_note_of_one_problem_has_no_button(browser, case):  # noqa: F811
    page = _tab(browser, True)
    page.set_content(back_page(case[0], case[0].answer_text))
    assert page.inner_text("#bp-verdict") == f"Right: you typed {case[0].answer_text}."
    assert page.locator("#bp-another").count() == 0
