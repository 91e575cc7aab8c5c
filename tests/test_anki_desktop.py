"""The deck in Anki's own reviewer: the real desktop program (aqt, Qt WebEngine) headless.

Anki imports the deck as File → Import does; for a card of every kind the test types
answers with real key presses and presses Enter: the right answer, the answer the
card's shown steps give, a typical slip, and a wrong number, and reads the verdict. It
fails on any JavaScript error from the deck, and checks night mode. See
../shared/anki-desktop.md for what running Anki headless takes.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_phone import contrast

from backprop_deck.core.numbers import significant

DRIVER = Path(__file__).parent / "anki_desktop" / "driver.py"
WRONG = "123.4"
# Anki's own MathJax warns about every extension it loads: not the deck's doing.
HARMLESS = ("No version information available for component",)


def anki_command() -> str:
    found = shutil.which("anki") or str(Path(sys.executable).with_name("anki"))
    try:
        import aqt  # noqa: F401
        from PyQt6 import QtWebEngineCore  # noqa: F401
    except ImportError as exc:
        message = f"needs Anki desktop (pip install -r requirements-dev.txt): {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def make_profile(base: Path) -> None:
    """A profile with no first-run dialogs, in English, never checking for updates."""
    import anki.lang
    from aqt.profiles import ProfileManager

    anki.lang.set_lang("en_US")
    manager = ProfileManager(ProfileManager.get_created_base_folder(str(base)))
    manager.setupMeta()
    manager.meta.update(firstRun=False, defaultLang="en_US", check_for_updates=False,
                        check_for_addon_updates=False)
    manager.create("User 1")
    manager.db.execute("update profiles set data = ? where name = '_global'",
                       manager._pickle(manager.meta))
    manager.db.commit()
    manager.db.close()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    command = anki_command()
    import build_deck

    folder = tmp_path_factory.mktemp("desktop")
    apkg, dump = folder / "deck.apkg", folder / "deck.json"
    assert build_deck.main(["--seed", "3", "--count", "18", "-o", str(apkg),
                            "--dump", str(dump)]) == 0
    cards = {card["id"]: card for card in json.loads(dump.read_text())["cards"]}
    chosen = [card for card in cards.values() if card["id"].endswith("-medium-0")]
    chosen += [cards["lecture-gradient-w1"], cards["deriv-at-sigmoid"]]
    # The right answer and a slip on every card; the hand path's own answer and a wrong
    # number on the two cards whose steps most often end on another last digit
    # (Chromium tests cover every topic with each).
    plan_cases = [{"id": card["id"], "typed": typed(card), "attempts": ATTEMPTS if card["id"]
                   in ("lecture-gradient-w1", "net-medium-0") else SHORT_ATTEMPTS}
                  for card in chosen]
    plan_cases.append({"id": "chain-rule", "attempts": ["none"], "typed": None})  # no box
    base = folder / "anki"
    make_profile(base)
    addon = base / "addons21" / "bp_driver"
    addon.mkdir(parents=True)
    shutil.copy(DRIVER, addon / "__init__.py")
    results = folder / "results.json"
    plan = folder / "plan.json"
    night = next(c["id"] for c in chosen if "accent" in c["front"])  # an asked edge
    again, another = cards["graph-easy-0"], cards["conv-easy-0"]
    plan.write_text(json.dumps({"apkg": str(apkg), "results": str(results),
                                "cases": plan_cases, "night": night,
                                "again": {"id": again["id"], "typed": typed(again)},
                                "another": {"id": another["id"], "typed": typed(another)}}))
    # Anki lets one instance run per user (a local socket named after the user): this
    # run's own name, so that another Anki on the machine neither takes its place nor
    # is handed its profile.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "BP_DESKTOP_PLAN": str(plan), "ANKI_SINGLE_INSTANCE_KEY": f"bp-test-{folder.name}-"
           f"{os.getpid()}"}
    finished = subprocess.run([command, "-b", str(base), "-p", "User 1"], env=env,
                              capture_output=True, text=True, timeout=900, check=False)
    assert results.exists(), (finished.stdout + finished.stderr)[-4000:]
    found = json.loads(results.read_text())
    found["planned"] = sum(len(case["attempts"]) for case in plan_cases)
    return found, cards


ATTEMPTS = ["right", "hand", "slip", "wrong"]
SHORT_ATTEMPTS = ["right", "slip"]


def typed(card: dict) -> list[dict]:
    """For each problem of the note, what a learner types for each attempt: the exact
    answer, the hand path's (the exact one where the steps end on it), a typical slip
    (the answer where there is none), a wrong number."""
    found = []
    for back, problem in zip(backs(card), card["variants"], strict=True):
        right = answer_text(back)
        hand = right
        if "both are right" in back:  # typed on a keyboard, as a learner does
            hand = back.split("-figure values gives ")[1].split(";")[0].replace("−", "-")
        mistakes = problem.get("mistakes") or []
        slip = significant(mistakes[0]["answer"]).replace("−", "-") if mistakes else right
        found.append({"right": right, "hand": hand, "slip": slip, "wrong": WRONG})
    return found


def backs(card: dict) -> list[str]:
    """Each problem's back (a note of one problem has one)."""
    parts = card["back"].split('<div class="bp-variant" data-variant="')
    return parts[1:] if len(parts) > 1 else parts


def answer_text(back: str) -> str:
    return back.split('class="answer-value">')[1].split("<")[0].replace("−", "-")


def test_the_driver_ran_without_errors(run):
    results, _ = run
    assert results["errors"] == []
    assert len(results["cases"]) == results["planned"] > 25


def test_right_hand_path_slip_and_wrong_verdicts(run):
    """Each verdict is right for the problem the card showed, on front and back."""
    results, cards = run
    seen, shown = set(), {}
    for case in results["cases"]:
        if case["typed"] is None:
            assert case["verdict"] == "", case  # a static card has no answer box and no verdict
            continue
        card = cards[case["id"]]
        k = case["variant"]
        assert case["back_variant"] == k, case
        expected(case, card["variants"][k], answer_text(backs(card)[k]))
        seen.add(card["kind"])
        shown.setdefault(card["id"], []).append(k)
    assert seen >= {"network", "graph", "linear", "softmax", "chain", "rnn", "conv", "pool",
                    "batchnorm", "derivative"}
    for card_id, picks in shown.items():  # each showing of a day shows other numbers
        assert len(set(picks)) == min(len(picks), len(cards[card_id]["variants"])), card_id


def expected(case: dict, problem: dict, shown: str) -> None:
    typed_text, verdict = case["typed"], case["verdict"]
    shown = shown.replace("-", "−")
    mistakes = problem.get("mistakes") or []
    if typed_text == WRONG:
        assert verdict == f"Not quite: you typed {WRONG}; the answer is {shown}.", case
    elif case["attempt"] == "slip" and mistakes:
        name = mistakes[0]["name"]
        assert verdict.startswith(f"Not quite: you typed {typed_text}, which is what you "
                                  f"get if you {name} (see step "), case
        assert case["marked"] == 1
    else:
        assert verdict == f"Right: you typed {typed_text}.", case


def test_again_brings_the_card_back_with_other_numbers(run):
    """Anki's own scheduler: a new card answered Again comes back minutes later; it shows
    another of the note's problems, and typing that one's answer is right."""
    results, cards = run
    first, second = results["again"]
    card = cards[first["id"]]
    assert first["card"] == second["card"]
    assert first["variant"] != second["variant"]
    assert first["text"] != second["text"]
    for showing in (first, second):
        assert showing["back_variant"] == showing["variant"]
        expected(showing, card["variants"][showing["variant"]],
                 answer_text(backs(card)[showing["variant"]]))


def test_another_version_on_the_back_leaves_the_schedule_alone(run):
    """On a practice card's back: Enter on the focused "Another version" (Anki's own
    answer key anywhere but in a text field) opens another of the note's versions with
    the focus in its box; its answer typed with key presses and Enter is "Right"; the
    card is still on its back, its scheduling as before, and after the learner's one
    rating the review log holds that rating alone."""
    results, cards = run
    found = results["another"]
    card = cards[found["own"]["id"]]
    assert found["own"]["verdict"].startswith("Right"), found
    assert found["opened"] and found["state_after_press"] == "answer", found
    assert found["focused"] == "bp-another-typein"
    assert found["version"] != found["shown"]
    shown = answer_text(backs(card)[found["version"]])
    assert found["typed"] == shown
    assert found["verdict"] == f"Right: you typed {shown}.", found
    assert found["typeset"] and found["state"] == "answer"
    assert found["after"] == found["before"] and found["before"]["revlog"] == 0
    assert found["rated"]["revlog"] == 1 and found["rated"]["reps"] == 1


def test_key_presses_reached_the_answer_box(run):
    """Anki's reviewer shortcuts must not eat what a learner types (digits, '-', '.')."""
    results, _ = run
    typed_cases = [c for c in results["cases"] if c["typed"] is not None]
    assert sum(c["keys"] for c in typed_cases) >= 0.9 * len(typed_cases)


def test_no_javascript_errors_from_the_deck(run):
    """None while the reviewer is open, where the deck's scripts run (Anki's own
    overview and congratulations pages, which a busy machine can show, have their own)."""
    results, _ = run
    problems = [m for m in results["console"] if m["level"] >= 2 and m["state"] == "review"
                and not m["message"].startswith(HARMLESS)]
    assert problems == []


def test_night_mode_in_the_reviewer(run):
    results, _ = run
    night = results["night"]
    assert "nightMode" in night["body_classes"] + night["card_classes"]
    assert contrast(night["text"], night["card_background"]) >= 4.5
    assert contrast(night["accent"], night["card_background"]) >= 4.5
