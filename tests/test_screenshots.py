"""docs/screenshots.py, which renders the README's pictures, still works."""

import sys

from browser import chromium_path
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))


def test_renders_every_picture_the_readme_shows(tmp_path):
    chromium_path()  # skips (or fails under CI) without Chromium
    from screenshots import screenshots

    written = {path.name: path.stat().st_size for path in screenshots(tmp_path)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = {name for name in written if f"docs/{name}" in readme}
    assert shown == set(written)
    assert all(size > 10_000 for size in written.values())
