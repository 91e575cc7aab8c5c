"""`pip install .` and its wheel give a working `backprop-deck` command, cards and all.

Installed into a fresh virtual environment that sees the packages of the Python running
the tests, wherever they live (a venv, the system, a --user install), so the
dependencies are not downloaded again; the package itself is installed without them
(--no-deps).
"""

import email
import re
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from deck_counts import default_summary

from backprop_deck import __version__

pytestmark = pytest.mark.slow
SKIP = shutil.ignore_patterns(".git", "node_modules", "build", "dist", "*.egg-info",
                              "__pycache__", ".*_cache", ".hypothesis", "*.apkg")


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=600, check=True, **kwargs)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the repository, so that building leaves nothing in the real one."""
    copy = tmp_path_factory.mktemp("source") / "backprop-deck"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    return copy


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source)
    (found,) = out.glob("backprop_deck-*.whl")
    return found


def outer_site_folders() -> list[str]:
    """Where this Python finds its packages. --system-site-packages would not do: from
    inside a venv it reaches the base interpreter's packages, not the venv's."""
    folders = [*site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return [f for f in dict.fromkeys(folders) if Path(f).is_dir()]


def installed(tmp_path: Path, what: Path) -> Path:
    """A new virtual environment with ``what`` (a wheel or a source folder) installed,
    seeing this Python's packages after its own (a .pth file); returns its bin folder."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    own = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(own.stdout.strip(), "outer-packages.pth").write_text(
        "\n".join(outer_site_folders()) + "\n", encoding="utf-8")
    run(python, "-m", "pip", "install", "--no-deps", "-q", what)
    return venv / "bin"


def test_the_wheel_ships_one_import_name_with_the_cards_templates_and_command(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {f"backprop_deck/{name}" for name in (
        "__init__.py", "build_deck.py", "deck/cards.yaml", "deck/mathjax_commands.json",
        "deck/templates/style.css", "deck/templates/practice_back.html",
        "core/variants/variants.js", "generators/registry.py", "core/card.py")}
    assert package <= names
    shipped = zipfile.ZipFile(wheel).read("backprop_deck/deck/cards.yaml")
    assert shipped == (ROOT / "cards.yaml").read_bytes()
    top = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    assert top == {"backprop_deck"}  # PyPI has other distributions named deck, generators


def test_the_wheels_metadata_has_one_version_and_the_anki_extra(wheel):
    archive = zipfile.ZipFile(wheel)
    meta = email.message_from_bytes(
        archive.read(f"backprop_deck-{__version__}.dist-info/METADATA"))
    assert meta["Version"] == __version__
    assert "anki" in meta.get_all("Provides-Extra")
    assert 'anki>=25.2; extra == "anki"' in meta.get_all("Requires-Dist")
    entry_points = archive.read(f"backprop_deck-{__version__}.dist-info/entry_points.txt")
    assert "backprop-deck = backprop_deck:command" in entry_points.decode()


def test_the_dependencies_are_requirements_txt():
    listed = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dependencies"] == listed


@pytest.mark.parametrize("how", ["wheel", "pip install ."])
def test_backprop_deck_builds_a_deck_outside_the_repository(tmp_path, wheel, source, how):
    bin_folder = installed(tmp_path, wheel if how == "wheel" else source)
    work = tmp_path / "work"
    work.mkdir()
    command = bin_folder / "backprop-deck"
    assert run(command, "--version", cwd=work).stdout == f"backprop-deck {__version__}\n"
    result = run(command, "--seed", "4", "--preview", "look.html", "-o", "deck.apkg", cwd=work)
    assert re.match(rf"Wrote deck\.apkg: {default_summary()}, seed 4, in ", result.stdout)
    assert zipfile.ZipFile(work / "deck.apkg").namelist() == ["collection.anki2", "media"]
    assert (work / "look.html").stat().st_size > 1_000_000  # MathJax inlined
    where = run(bin_folder / "python", "-c", "from backprop_deck.deck import build; "
                "print(build.BUILTIN_CARDS)", cwd=work).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")
    bad = subprocess.run([command, "--cards", "nope.yaml"], cwd=work, capture_output=True,
                         text=True)
    assert (bad.returncode, bad.stderr) == (2, "nope.yaml: no such file\n")
