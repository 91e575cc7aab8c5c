"""Fresh numbers at each review, in the ways Anki clients show a card, in Chromium.

The deck is imported into a real Anki collection and each side is rendered by Anki's
own engine (card.question(), card.answer()), then shown with MathJax 3 the way a
client shows it:

- one page: Anki desktop and AnkiMobile keep one page for the whole review session
  and replace its content for each side (Anki's own setInnerHTML, scripts re-run);
- new page: AnkiDroid loads a new page for each side; sessionStorage survives;
- no storage: a new page for each side, and sessionStorage throws (the tab's
  window.name still carries what the front leaves);
- nothing kept: each side in a new tab, sessionStorage throwing: the day alone
  decides, and no typed answer reaches the back.

A fake clock (Playwright's) moves day by day, and within a day showings repeat (as
after "Again"). Front and back must always show the same problem, the problem must
change from one showing to the next (where anything is kept), K days in a row must
show all K problems, and typing the shown problem's answer is right while another
problem's is not.
"""

import datetime
import functools
import http.server
import itertools
import threading
from importlib import resources

import pytest
from browser import REVIEWER_SHOW, browser  # noqa: F401  (browser: a fixture)
from conftest import import_apkg, rendered_sides

VARIANTS = 4  # days enough to see every problem; the deck's default is 8
ZONE = "Europe/Berlin"
NO_STORAGE = """Object.defineProperty(window, "sessionStorage", {get() {
    throw new DOMException("The operation is insecure.", "SecurityError"); }});"""
MATHJAX = """<script>window.MathJax = {tex: {inlineMath: [["\\\\(", "\\\\)"]],
  displayMath: [["\\\\[", "\\\\]"]]}, startup: {typeset: true}};</script>
<script src="/mathjax/tex-chtml.js"></script>"""
REVIEWER = ("""<!DOCTYPE html><html><head><meta charset="utf-8">""" + MATHJAX
            + f"<script>{REVIEWER_SHOW}</script>"
            + """</head><body class="card"><div id="qa"></div></body></html>""")
MODELS = ("one page", "new page", "no storage", "nothing kept")
TYPING = MODELS[:3]  # where a typed answer reaches the back


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        if self.path.startswith("/mathjax/"):  # cached: the browser compiles it once
            self.send_header("Cache-Control", "max-age=3600, immutable")
        super().end_headers()


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """Sides of a few practice cards as Anki's engine renders them, with each problem's
    answer as the card shows it."""
    import json

    from anki.collection import Collection

    import build_deck

    folder = tmp_path_factory.mktemp("clients")
    apkg, dump = folder / "deck.apkg", folder / "deck.json"
    assert build_deck.main(["--seed", "9", "--count", "9", "--variants", str(VARIANTS),
                            "--no-derivatives", "-o", str(apkg),
                            "--dump", str(dump)]) == 0
    entries = {c["id"]: c for c in json.loads(dump.read_text(encoding="utf-8"))["cards"]}
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_apkg(col, apkg)
        rendered = rendered_sides(col, "tag:practice -tag:evaluate Front:*data-variant*")
    finally:
        col.close()
    sides = {}
    for card_id, (front, back) in rendered.items():
        entry = entries[card_id]
        answers = [a.split("<")[0] for a in entry["back"].split('class="answer-value">')[1:]]
        sides[card_id] = {"front": front, "back": back,
                          "answers": [a.replace("−", "-") for a in answers]}
    return sides


@pytest.fixture(scope="module")
def site(tmp_path_factory, deck):
    """The reviewer page, each side as a page of its own (as AnkiDroid loads it), and
    MathJax, on a loopback server."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "reviewer.html").write_text(REVIEWER, encoding="utf-8")
    for card_id, card in deck.items():
        for side in ("front", "back"):
            (folder / f"{side}-{card_id}.html").write_text(
                f'<!DOCTYPE html><html><head><meta charset="utf-8">{MATHJAX}</head>'
                f'<body class="card"><div id="qa">{card[side]}</div></body></html>',
                encoding="utf-8")
    (folder / "mathjax").symlink_to(
        resources.files("mathjax").joinpath("static/mathjax/es5"), target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class Client:
    """One review session in one model: shows a card's front, types, shows its back."""

    def __init__(self, browser, site, deck, model, javascript=True):  # noqa: F811
        self.context = browser.new_context(timezone_id=ZONE, java_script_enabled=javascript)
        if model in ("no storage", "nothing kept"):
            self.context.add_init_script(NO_STORAGE)
        self.page = self.context.new_page()
        self.when = None
        self.site, self.deck, self.model = site, deck, model
        if model == "one page":
            self.page.goto(f"{site}/reviewer.html")

    def at(self, when: datetime.datetime) -> None:
        self.when = when
        self.page.clock.set_fixed_time(when)

    def _side(self, card_id: str, side: str) -> None:
        if self.model == "one page":
            self.page.evaluate("html => show(html)", self.deck[card_id][side])
        else:
            if self.model == "nothing kept":  # a new tab: nothing of the last one lasts
                self.page.close()
                self.page = self.context.new_page()
                self.page.clock.set_fixed_time(self.when)
            self.page.goto(f"{self.site}/{side}-{card_id}.html")
            self.page.wait_for_function("MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("MathJax.startup.promise")

    def showing(self, card_id: str, typed=None) -> dict:
        """Front, then back: which problem each showed, and the verdict on ``typed``
        (a function of the problem shown; the shown problem's answer by default)."""
        self._side(card_id, "front")
        front = self.shown()
        answer = self.deck[card_id]["answers"][front]
        text = answer if typed is None else typed(front)
        self.page.fill("#bp-typein", text)
        self._side(card_id, "back")
        return {"front": front, "back": self.shown(), "typed": text, "answer": answer,
                "verdict": self.page.inner_text("#bp-verdict"),
                "answer_line": self.page.inner_text(".back .answer-line"),
                "visible": self.page.locator("[data-variant]:visible").count()}

    def shown(self) -> int:
        found = self.page.eval_on_selector_all(
            "[data-variant]", "els => [...new Set(els.filter(e => !e.hidden)"
                              ".map(e => Number(e.dataset.variant)))]")
        assert len(found) == 1, found
        return found[0]

    def close(self) -> None:
        self.context.close()


def day(n: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """Local time in ZONE, n days after a fixed start (a DST change among them)."""
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2026, 3, 25, tzinfo=ZoneInfo(ZONE))
    return (start + datetime.timedelta(days=n)).replace(hour=hour, minute=minute)


@pytest.fixture(scope="module", params=MODELS)
def reviews(request, browser, site, deck):  # noqa: F811
    """VARIANTS days, one card: the first showing of each day, and on days 0 and 3 more
    (after "Again"), the last of day 3 at 3:30 on day 4 (before Anki's day ends).
    Where nothing is kept, one more on day 3 shows what the day decides."""
    card_id = "graph-easy-0"
    client = Client(browser, site, deck, request.param)
    log = []
    again = {0: [day(0, 10, 2), day(0, 10, 12)], 3: [day(3, 18), day(4, 3, 30)]}
    if request.param == "nothing kept":  # each side a new tab: slow, and the day decides
        again = {3: [day(4, 3, 30)]}
    try:
        for n in range(VARIANTS):
            times = [day(n), *again.get(n, [])]
            for when in times:
                client.at(when)
                log.append({"day": n, **client.showing(card_id)})
    finally:
        client.close()
    return request.param, log


def test_front_and_back_show_the_same_problem(reviews):
    _, log = reviews
    for showing in log:
        assert showing["front"] == showing["back"], showing
        assert showing["visible"] == 2  # its front and its back; the others removed


def test_k_days_in_a_row_show_all_k_problems(reviews):
    _, log = reviews
    firsts = {}
    for showing in log:
        firsts.setdefault(showing["day"], showing["front"])
    assert sorted(firsts.values()) == list(range(VARIANTS))


def test_each_showing_differs_from_the_one_before(reviews):
    model, log = reviews
    picks = [s["front"] for s in log]
    if model == "nothing kept":  # the day alone decides: the same within a day
        days = [s["day"] for s in log]
        assert all(p == q for p, q, d, e in zip(picks, picks[1:], days, days[1:]) if d == e)
        assert all(p != q for p, q, d, e in zip(picks, picks[1:], days, days[1:]) if d != e)
    else:
        assert all(p != q for p, q in itertools.pairwise(picks)), picks


def test_the_shown_problems_answer_is_right(reviews):
    model, log = reviews
    for showing in log:
        verdict = f"Right: you typed {showing['typed']}." if model in TYPING else ""
        assert showing["verdict"] == verdict, showing
        assert showing["answer_line"] == f"Answer: {showing['answer'].replace('-', '−')}"


@pytest.mark.parametrize("model", TYPING)
def test_another_problems_answer_is_not_right(browser, site, deck, model):  # noqa: F811
    card_id = "net-easy-0"
    answers = deck[card_id]["answers"]
    client = Client(browser, site, deck, model)
    try:
        client.at(day(1))

        def other(shown: int) -> str:
            return next(a for a in answers if a != answers[shown])

        showing = client.showing(card_id, typed=other)
    finally:
        client.close()
    assert showing["verdict"].startswith(f"Not quite: you typed {showing['typed']}")
    assert showing["verdict"].endswith(f"the answer is {showing['answer'].replace('-', '−')}.")


def test_every_topic_judges_the_problem_it_shows(browser, site, deck):  # noqa: F811
    client = Client(browser, site, deck, "new page")
    try:
        client.at(day(2))
        for card_id in deck:
            showing = client.showing(card_id)
            assert showing["front"] == showing["back"]
            assert showing["verdict"] == f"Right: you typed {showing['typed']}.", card_id
    finally:
        client.close()


def test_without_javascript_the_first_problem_is_the_card(browser, site, deck):  # noqa: F811
    client = Client(browser, site, deck, "new page", javascript=False)
    try:
        page = client.page
        for card_id, card in deck.items():
            page.goto(f"{site}/front-{card_id}.html")
            assert page.locator("[data-variant]:visible").count() == 1
            assert page.locator('[data-variant="0"]').is_visible()
            page.goto(f"{site}/back-{card_id}.html")
            assert page.locator(".back [data-variant]:visible").count() == 1
            assert page.inner_text(".back .answer-line:visible") == (
                f"Answer: {card['answers'][0].replace('-', '−')}")
    finally:
        client.close()
