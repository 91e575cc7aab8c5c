"""Imports point one way: core ← generators ← deck ← build_deck.py; genanki only at the edge."""

import ast

import pytest
from conftest import ROOT

LAYERS = ["core", "generators", "deck"]  # each may import only those before it


def imports(path):
    """The packages a module imports: a name outside the library as its top-level name,
    one of the library's as its layer (backprop_deck.core → core); relative imports stay
    in the module's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return {name.split(".")[1] if name.startswith("backprop_deck.") else name.split(".")[0]
            for name in names}


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


def test_the_library_is_imported_by_one_name():
    """core, deck and generators are the package backprop_deck's, never top-level names
    (an install ships only backprop_deck): a module imported both ways would exist twice,
    each with its own classes."""
    sources = [*ROOT.glob("*.py"), *(path for top in ("backprop_deck", "tests", "bench",
                                                       "docs", *LAYERS)
                                     for path in (ROOT / top).rglob("*.py")
                                     if "node_modules" not in path.parts)]
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names]
        named += [node.module for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.level == 0]
        assert not {name.split(".")[0] for name in named} & set(LAYERS), path
