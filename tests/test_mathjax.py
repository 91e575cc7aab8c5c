"""Every TeX string on every card typesets in MathJax 3, the renderer inside Anki.

Runs the real mathjax-full package under node (tests/mathjax, pinned by its lock file;
installed with ``npm ci`` by the first test that needs it). Without node it skips,
and under CI it fails.
"""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backprop_deck.deck.build import Options, build

MATHJAX = Path(__file__).parent / "mathjax"
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


def install_mathjax() -> str | None:
    """npm ci in tests/mathjax when node is here and MathJax is not (the README's test
    command then needs nothing else); the reason it cannot be used, or None."""
    if (MATHJAX / "node_modules" / "mathjax-full").is_dir():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "MathJax check needs node and npm"
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=MATHJAX,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return f"npm ci in tests/mathjax failed: {last}"
    return None


@pytest.fixture(scope="module")
def typeset():
    node = shutil.which("node")
    problem = "MathJax check needs node" if node is None else install_mathjax()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)

    def run(items: list[tuple[str, bool]]) -> list[dict]:
        payload = json.dumps([{"tex": t, "display": d} for t, d in items])
        result = subprocess.run([node, str(MATHJAX / "typeset.js")], input=payload,
                                capture_output=True, text=True, check=True, timeout=300)
        return json.loads(result.stdout)

    return run


def tex_strings(text: str) -> list[tuple[str, bool]]:
    """The maths of an HTML field, unescaped as the browser hands it to MathJax."""
    return [(html.unescape(m[1] if m[1] is not None else m[2]), m[2] is not None)
            for m in MATH.finditer(text)]


def test_checker_reports_errors(typeset):
    errors = typeset([(r"\frac{1}{2", False), (r"\undefinedmacro x", False), (r"x^2", True)])
    assert [e["index"] for e in errors] == [0, 1]
    assert "Missing close brace" in errors[0]["error"]


def test_every_card_typesets(typeset):
    """Every problem of every note (two per note here), each distinct formula once."""
    where: dict[tuple[str, bool], str] = {}
    for seed in range(2):
        for difficulty in ("easy", "medium", "hard"):
            deck = build(Options(seed=seed, count=30, difficulty=difficulty, variants=2,
                                 derivatives=(difficulty == "easy")))
            for card in deck.cards:
                for field in (card.front, card.back, card.extra):
                    for item in tex_strings(field):
                        where.setdefault(item, card.id)
    items = list(where)
    assert len(items) > 2000
    errors = typeset(items)
    assert [(where[items[e["index"]]], items[e["index"]][0], e["error"]) for e in errors] == []


def test_the_build_knows_the_commands_mathjax_knows(typeset):
    """deck/mathjax_commands.json (the build's unknown-command check) is what
    tests/mathjax/commands.js prints from the installed MathJax."""
    printed = subprocess.run([shutil.which("node"), str(MATHJAX / "commands.js")],
                             capture_output=True, text=True, check=True, timeout=120).stdout
    stored = (Path(__file__).parent.parent / "deck" / "mathjax_commands.json").read_text()
    assert json.loads(printed) == json.loads(stored)
    assert {"boldsymbol", "frac", "partial", "mathbb"} <= set(json.loads(stored)["macros"])
