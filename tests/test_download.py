"""decks/backprop.apkg, the deck to download, is what the README's command builds now.

The command is read from the README (so the two cannot drift apart) and run into a
temporary folder; the package's members must be the committed file's, byte for byte
(the zip's own bytes depend on the deflate library too: ISA-L where its wheel exists,
zlib elsewhere). A failure means: run the README's command and commit the file.
"""

import re
import shlex
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT
from deck_counts import default_summary

DECK = ROOT / "decks" / "backprop.apkg"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command() -> tuple[dict[str, str], list[str]]:
    """The README's command for the file: its environment and its arguments."""
    line = re.search(r"^(SOURCE_DATE_EPOCH=\d+) (python build_deck\.py [^\n]*"
                     r"-o decks/backprop\.apkg)$", README, re.M)
    assert line, "the README gives the command that builds decks/backprop.apkg"
    name, value = line[1].split("=")
    return {name: value}, shlex.split(line[2])[2:]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    import os

    environment, args = command()
    out = tmp_path_factory.mktemp("download") / "backprop.apkg"
    args[args.index("decks/backprop.apkg")] = str(out)
    done = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), *args],
                          env={**os.environ, **environment}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return out, done.stdout


def test_the_committed_deck_is_what_the_command_builds_today(rebuilt):
    out, _ = rebuilt
    fresh, committed = zipfile.ZipFile(out), zipfile.ZipFile(DECK)
    assert fresh.namelist() == committed.namelist()
    for name in fresh.namelist():
        assert fresh.read(name) == committed.read(name), (
            f"decks/backprop.apkg is stale ({name} differs): run the README's command "
            "and commit the file")


def test_it_is_the_default_deck_with_variants_and_small(rebuilt):
    _, summary = rebuilt
    assert re.match(rf"Wrote \S+: {default_summary()}", summary)
    assert DECK.stat().st_size <= 2_000_000


def test_the_readme_points_a_learner_at_it_first():
    first = README.split("```sh")[0]
    assert "decks/backprop.apkg" in first and "no Python" in first
