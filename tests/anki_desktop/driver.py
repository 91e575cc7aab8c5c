"""An Anki add-on that drives the real desktop reviewer for tests/test_anki_desktop.py.

It imports the deck as File → Import does, shows each card of the plan alone (a
filtered deck), reads which of the note's problems the card shows, types the answer
the plan gives for that problem and attempt with real key presses, presses Enter, and
records what the verdict says. Then it answers one card "Again" and lets Anki's own
scheduler show it again, as a learner sees it. On another card's back it presses
"Another version" and answers that version with key presses, then rates the card, and
records the card's scheduling and review log around it. Last it switches to night mode
and records the colours. It writes everything to the results file named in the plan and
closes Anki.
"""

import json
import os
import traceback
from pathlib import Path

from aqt import gui_hooks, mw
from aqt.qt import QTimer
from aqt.theme import Theme
from aqt.webview import AnkiWebPage

PLAN = json.loads(Path(os.environ["BP_DESKTOP_PLAN"]).read_text(encoding="utf-8"))
CONSOLE = []
ORIGINAL_CONSOLE = AnkiWebPage.javaScriptConsoleMessage


def _console(self, level, message, line, source):
    """Every console message, with the web view it came from and what the main window
    showed (the deck's scripts run in the main view, while reviewing)."""
    CONSOLE.append({"level": int(getattr(level, "value", level)), "message": message,
                    "line": line, "source": source,
                    "view": getattr(getattr(self, "_kind", None), "name", "?"),
                    "state": getattr(mw, "state", None)})
    return ORIGINAL_CONSOLE(self, level, message, line, source)


AnkiWebPage.javaScriptConsoleMessage = _console


class Runner:
    """Steps a generator of actions: ('js', code) sends back the value, ('sleep', ms)."""

    def __init__(self, steps):
        self.steps = steps
        self.results = {"cases": [], "night": None, "errors": [], "console": CONSOLE}

    def go(self, value=None):
        try:
            action = self.steps.send(value)
        except StopIteration:
            self.finish()
            return
        except Exception:
            self.results["errors"].append(traceback.format_exc())
            self.finish()
            return
        kind = action[0]
        if kind == "js":
            mw.web.evalWithCallback(
                action[1], lambda result: QTimer.singleShot(0, lambda: self.go(result)))
        else:
            QTimer.singleShot(action[1], lambda: self.go(None))

    def finish(self):
        with open(PLAN["results"], "w", encoding="utf-8") as out:
            json.dump(self.results, out, indent=1)
        QTimer.singleShot(100, mw.close)


RUNNER = None


def _typeset_and_settled():
    """Wait until MathJax has typeset (the reviewer shows #qa again once it has) and the
    formula count stops changing."""
    last, stable = -1, 0
    for _ in range(150):
        count = yield ("js", "getComputedStyle(document.getElementById('qa')).opacity === '1'"
                             " ? document.querySelectorAll('mjx-container').length : -1")
        stable = stable + 1 if count == last and count != -1 else 0
        last = count
        if stable >= 2 and count is not None:
            return
        yield ("sleep", 100)


def _review(card_id: int) -> int:
    """Open the reviewer on a deck holding just this card (a filtered deck); its id."""
    col = mw.col
    did = col.decks.new_filtered(f"bp-test-{card_id}")
    deck = col.decks.get(did)
    deck["terms"] = [[f"cid:{card_id}", 1, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(did)
    col.decks.select(did)
    mw.moveToState("review")
    return did


def _pages_loaded():
    """Until the main window's three web views have loaded their pages. A view runs the
    calls queued for its page once the page says it is ready; a page replaced before it
    did (a busy machine, pages changed faster than they load) says so late, onto the
    page after it, whose calls then fail on functions not yet defined. A learner does
    not change pages that fast; the driver waits instead."""
    views = (mw.web, mw.bottomWeb, mw.toolbarWeb)
    for _ in range(150):
        if all(view._domDone and not view._pendingActions for view in views):
            loaded = yield ("js", "document.readyState === 'complete'")
            if loaded:
                return
        yield ("sleep", 100)


def _in_reviewer(did: int):
    """Until the reviewer is open on this deck, its pages loaded. On a busy machine an
    operation that finishes late makes the reviewer look for the next card again, and
    with none due it shows the overview; or the deck list's refresh after an operation
    that finished while it was shown lands on the page after the reviewer opened (the
    window says "review", the page is the deck list). The driver then opens the
    reviewer again, as a learner clicks Study Now."""
    for _ in range(100):
        yield from _pages_loaded()
        if mw.state == "review" and (yield ("js", "!!document.getElementById('qa')")):
            return
        mw.col.decks.select(did)
        mw.moveToState("review")
    raise AssertionError(f"the reviewer did not open, but {mw.state}")


def _until_shown(card_id: int, did: int):
    """Until the reviewer shows this card's question, its answer box ready."""
    for _ in range(100):
        yield from _in_reviewer(did)
        shown = mw.reviewer.card
        on_it = mw.reviewer.state == "question" and shown is not None and shown.id == card_id
        if on_it and (yield ("js", "!!document.getElementById('bp-typein')")):
            return
        yield ("sleep", 100)
    raise AssertionError(f"the reviewer did not show card {card_id}")


def _review_from_the_deck_list(case: dict):
    """Back to the deck list, then the reviewer opened on the case's card, as a learner
    goes from one deck to another; (card id, filtered deck id)."""
    card_id = mw.col.find_cards(f'"Id:{case["id"]}"')[0]
    yield from _pages_loaded()
    mw.moveToState("deckBrowser")
    yield from _pages_loaded()
    return card_id, _review(card_id)


def _show(card_id: int) -> None:
    """The reviewer shows this card's question, as it does for the next card due."""
    mw.reviewer.card = mw.col.get_card(card_id)
    mw.reviewer._showQuestion()


def _type(text: str, box: str = "bp-typein"):
    """Real key presses into the answer box; read back, and report whether they arrived."""
    from PyQt6.QtTest import QTest

    yield ("js", f"var b = document.getElementById('{box}'); b && b.focus(); !!b")
    yield ("sleep", 100)
    target = mw.web.focusProxy() or mw.web
    QTest.keyClicks(target, text)
    yield ("sleep", 80)
    got = yield ("js", f"document.getElementById('{box}').value")
    if got != text:  # a loaded machine dropped key presses: set it through the page
        js = json.dumps(text)
        yield ("js", f"var b = document.getElementById('{box}'); b.value = {js};"
                     "b.dispatchEvent(new Event('input', {bubbles: true})); true")
    return got == text


SHOWN_VARIANT = """(() => {
    const shown = document.querySelector('[data-variant]');
    return shown ? Number(shown.dataset.variant) : 0;
})()"""
SHOWN_TEXT = "(document.querySelector('.front') || document.body).innerText"


def _press_enter():
    from PyQt6.QtCore import Qt
    from PyQt6.QtTest import QTest

    QTest.keyClick(mw.web.focusProxy() or mw.web, Qt.Key.Key_Return)


def steps():
    from anki.collection import ImportAnkiPackageRequest

    col = mw.col
    options = col._backend.get_import_anki_package_presets()
    col.import_anki_package(ImportAnkiPackageRequest(package_path=PLAN["apkg"], options=options))
    first = col.find_cards(f'"Id:{PLAN["cases"][0]["id"]}"')[0]
    yield from _pages_loaded()  # the deck list, shown as the profile opens
    first_deck = _review(first)  # its card is turned over, never answered: always due
    for case in PLAN["cases"]:
        card_id = col.find_cards(f'"Id:{case["id"]}"')[0]
        for attempt in case["attempts"]:
            yield from _in_reviewer(first_deck)
            _show(card_id)
            yield from _typeset_and_settled()
            variant = yield ("js", SHOWN_VARIANT)
            result = yield from _answer(case, attempt, variant)
            RUNNER.results["cases"].append(result)
    yield from _again(PLAN["again"])
    yield from _another(PLAN["another"])
    yield from _in_reviewer(first_deck)
    mw.set_theme(Theme.DARK)
    yield ("sleep", 500)
    _show(col.find_cards(f'"Id:{PLAN["night"]}"')[0])
    yield from _typeset_and_settled()
    RUNNER.results["night"] = yield ("js", """(() => {
        const s = e => getComputedStyle(e);
        const card = document.querySelector('.card') || document.body;
        const accent = document.querySelector('.figure .accent');
        return {body_classes: document.body.className, card_classes: card.className,
                background: s(document.body).backgroundColor,
                card_background: s(card).backgroundColor, text: s(card).color,
                accent: accent ? s(accent).stroke : null};
    })()""")


def _answer(case: dict, attempt: str, variant: int):
    """Type the plan's answer of this kind for the shown problem, turn the card over,
    and read the verdict."""
    typed = case["typed"][variant][attempt] if case["typed"] else None
    keys = True
    if typed is not None:
        keys = yield from _type(typed)
        _press_enter()
    else:
        mw.reviewer._showAnswer()
    for _ in range(60):
        state = yield ("js", "document.getElementById('answer') ? 'answer' : 'question'")
        if state == "answer" and mw.reviewer.state == "answer":
            break
        yield ("sleep", 100)
    for _ in range(30):  # the back's script has judged (or there was nothing to judge)
        judged = yield ("js", "!document.getElementById('bp-verdict') || "
                              "document.getElementById('bp-verdict').childNodes.length > 0")
        if judged or typed is None:
            break
        yield ("sleep", 50)
    verdict = yield ("js", "(document.getElementById('bp-verdict') || {}).innerText || ''")
    marked = yield ("js", "document.querySelectorAll('.slip-step').length")
    back_variant = yield ("js", SHOWN_VARIANT)
    return {"id": case["id"], "attempt": attempt, "typed": typed, "keys": keys,
            "verdict": verdict, "marked": marked, "variant": variant,
            "back_variant": back_variant}


def _again(case: dict):
    """A new card, as the scheduler deals it: answer it right, press Again (1), and let
    the reviewer bring it back; record both showings."""
    card_id, did = yield from _review_from_the_deck_list(case)
    showings = []
    for _ in range(2):
        yield from _until_shown(card_id, did)
        yield from _typeset_and_settled()
        variant = yield ("js", SHOWN_VARIANT)
        text = yield ("js", SHOWN_TEXT)
        result = yield from _answer(case, "right", variant)
        showings.append({**result, "text": text, "card": getattr(mw.reviewer.card, 'id', None)})
        mw.reviewer._answerCard(1)  # Again
        yield ("sleep", 500)
    RUNNER.results["again"] = showings


def _scheduling(card_id: int) -> dict:
    card = mw.col.get_card(card_id)
    return {"type": card.type, "queue": card.queue, "due": card.due, "ivl": card.ivl,
            "reps": card.reps, "lapses": card.lapses, "left": card.left,
            "revlog": mw.col.db.scalar("select count() from revlog where cid = ?", card_id)}


def _another(case: dict):
    """On a card's back: "Another version" pressed with the keyboard (Tab to it, as a
    learner without a mouse does, then Enter), that version's answer typed with key
    presses, Enter; the card's scheduling before, after, and after the one rating the
    driver then gives (Good)."""
    card_id, did = yield from _review_from_the_deck_list(case)
    yield from _until_shown(card_id, did)
    yield from _typeset_and_settled()
    variant = yield ("js", SHOWN_VARIANT)
    own = yield from _answer(case, "right", variant)
    before = _scheduling(card_id)
    yield ("js", "document.getElementById('bp-another').focus(); true")
    yield ("sleep", 100)
    _press_enter()
    opened = False
    for _ in range(30):
        opened = yield ("js", "!!document.getElementById('bp-another-typein')")
        if opened or mw.reviewer.state != "answer":
            break
        yield ("sleep", 100)
    result = {"own": own, "opened": opened, "state_after_press": mw.reviewer.state,
              "before": before}
    if opened:
        focused = yield ("js", "document.activeElement.id")
        tried = yield ("js", "Number(document.querySelector('.bp-another-try')"
                             ".dataset.version)")
        typed = case["typed"][tried]["right"]
        keys = yield from _type(typed, "bp-another-typein")
        _press_enter()
        verdict = ""
        for _ in range(30):
            verdict = yield ("js", "document.querySelector('.bp-another-verdict').innerText")
            if verdict:
                break
            yield ("sleep", 100)
        for _ in range(30):  # its solution typeset
            typeset = yield ("js", "!!document.querySelector('.bp-another-back mjx-container')")
            if typeset:
                break
            yield ("sleep", 100)
        yield ("sleep", 300)
        result.update(focused=focused, version=tried, shown=variant, typed=typed, keys=keys,
                      verdict=verdict, typeset=typeset, state=mw.reviewer.state,
                      after=_scheduling(card_id))
    if mw.reviewer.state == "answer":
        mw.reviewer._answerCard(3)  # the learner's one rating: Good
        yield ("sleep", 300)
    result["rated"] = _scheduling(card_id)
    RUNNER.results["another"] = result


def _start(*args):
    global RUNNER
    RUNNER = Runner(steps())
    QTimer.singleShot(500, lambda: RUNNER.go(None))


gui_hooks.profile_did_open.append(_start)
