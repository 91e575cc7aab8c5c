"""Shared fixtures: run the CLI as a user would, and a real Anki collection."""

from __future__ import annotations

import os
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build_deck  # noqa: E402


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run ``build_deck.py ARGS`` in-process from an empty working folder."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = build_deck.main([str(a) for a in args])
        except SystemExit as exc:  # --help and --version exit through argparse
            code = exc.code
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True, scope="session")
def derivation_cache(tmp_path_factory):
    """Keep the sympy derivation cache out of the user's ~/.cache while testing."""
    import os

    folder = tmp_path_factory.mktemp("derivation-cache")
    previous = os.environ.get("BACKPROP_DECK_CACHE")
    os.environ["BACKPROP_DECK_CACHE"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["BACKPROP_DECK_CACHE"]
    else:
        os.environ["BACKPROP_DECK_CACHE"] = previous


@pytest.fixture
def write_cards(tmp_path):
    """Write a YAML card file (dedented) and return its path."""

    def write(text: str, name: str = "my-cards.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def collection(tmp_path):
    """A fresh, real Anki collection in a temporary folder."""
    from anki.collection import Collection

    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col, path: Path):
    """Import as Anki's File > Import does; returns Anki's import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(Path(path).resolve()),
        options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False))
    return col.import_anki_package(request).log


def notes_by_id(col, query: str = "") -> dict:
    """The collection's notes matching ``query``, keyed by the deck's card id."""
    return {note["Id"]: note for note in map(col.get_note, col.find_notes(query))}


def rendered_sides(col, query: str = "") -> dict[str, tuple[str, str]]:
    """Each matching note's card, question and answer, as Anki's engine renders them,
    keyed by the deck's card id."""
    return {card_id: (card.question(), card.answer())
            for card_id, card in ((i, note.cards()[0])
                                  for i, note in notes_by_id(col, query).items())}


def processes_with(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (a build's workers share its own)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if marker.encode() in cmdline.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def complete_deck(path: Path) -> bool:
    """Whether ``path`` is a whole new deck: a zip whose entries all check, holding a
    collection (a build stopped half way leaves neither this nor the old file)."""
    try:
        with zipfile.ZipFile(path) as deck:
            return deck.testzip() is None and "collection.anki2" in deck.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
