"""docs/design.md is where a contributor without the original design reads it: its
module map names every module, and every section the code cites exists."""

import re

from conftest import ROOT

DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
MAP = DESIGN[DESIGN.index("## Module map"):DESIGN.index("## Contracts")]
FOLDERS = ("core", "deck", "generators")


def modules() -> list[str]:
    """Every library module but the packages' __init__.py, as a path from the root."""
    return sorted(str(path.relative_to(ROOT)) for folder in FOLDERS
                  for path in (ROOT / folder).rglob("*.py") if path.name != "__init__.py")


def mapped(module: str) -> bool:
    """A module is in the map by its path; a topic's module (generators/<topic>/x.py)
    by its file name in the map's generators/<topic>/ entry."""
    if re.search(rf"^{re.escape(module)}\b", MAP, re.MULTILINE):
        return True
    topic_entry = MAP[MAP.index("generators/<topic>/"):MAP.index("\ndeck/")]
    return bool(re.fullmatch(r"generators/[a-z]+/\w+\.py", module)
                and re.search(rf"\b{module.rpartition('/')[2]}\b", topic_entry))


def test_the_module_map_names_every_module():
    missing = [m for m in modules() if not mapped(m)]
    assert not missing, f"docs/design.md's module map misses {missing}"


def test_every_section_the_code_cites_exists():
    headings = {line.lstrip("#").strip() for line in DESIGN.splitlines()
                if line.startswith("#")}
    cited = set()
    for path in [*ROOT.glob("*.py"), *(p for f in (*FOLDERS, "tests") for p in
                                     (ROOT / f).rglob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        cited |= {(path.name, m) for m in re.findall(r'design\.md, "([^"]+)"', text)}
    unknown = sorted((name, section) for name, section in cited if section not in headings)
    assert cited and not unknown, unknown
