"""Imports point one way: core ← generators ← deck ← build_deck.py; genanki only at the edge."""

import ast

import pytest
from conftest import ROOT

LAYERS = ["core", "generators", "deck"]  # each may import only those before it


def imports(path):
    """Top-level package names a module imports (relative imports stay in its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_layers_below_it(package):
    above = set(LAYERS[LAYERS.index(package) + 1:]) | {"build_deck"}
    for path in modules(package):
        assert not imports(path) & above, path.relative_to(ROOT)


def test_only_the_anki_output_module_knows_genanki():
    users = [path.relative_to(ROOT).as_posix() for package in LAYERS
             for path in modules(package) if "genanki" in imports(path)]
    assert users == ["deck/anki_package.py"]


def test_topic_maths_is_pure():
    """A topic's maths draws and solves: no HTML, no Card, no TeX."""
    for path in (ROOT / "generators").rglob("maths.py"):
        text = path.read_text(encoding="utf-8")
        assert "core.card" not in text and "core import tex" not in text, path
        assert "<div" not in text and "\\frac" not in text, path
