"""The README's promises: its two commands first, and its YAML example builds."""

import re

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_opens_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)[1].splitlines()
    assert first_block == [
        "pip install -r requirements.txt && python build_deck.py",
        "pip install -r requirements-dev.txt && python -m pytest",
    ]
    assert README.index("```sh") < README.index("\n## ")


def test_yaml_example_builds(cli, tmp_path, write_cards):
    """The first YAML block, which the usage table's rows read as my-cards.yaml (every
    example of "Your own cards" is built and imported in tests/test_readme_cards.py)."""
    example = write_cards(re.search(r"```yaml\n(.*?)```", README, re.S)[1])
    result = cli("--cards", example, "--seed", "1", "--dump", "deck.json")
    assert result.exit_code == 0, result.stderr
    dump = (tmp_path / "deck.json").read_text(encoding="utf-8")
    for card_id in ("vanishing-gradient", "chain-rule-cloze"):
        assert f'"id": "{card_id}"' in dump


def test_documents_every_option(cli):
    options = re.findall(r"(--[a-z-]+)", cli("--help").stdout)
    for option in set(options) - {"--help"}:
        assert option in README, option


def test_a_section_and_a_picture_for_every_topic():
    from backprop_deck.generators.registry import TOPICS

    for name in TOPICS:
        assert f"\n### {name}: " in README, name
        assert f'src="docs/topic-{name}.png"' in README
        assert (ROOT / "docs" / f"topic-{name}.png").stat().st_size > 10_000


def test_the_typing_rule_example_is_what_the_code_does():
    """'exact 0.050518 (shown 0.05052) and by the steps 0.05051: anything from 0.050505
    to 0.050523 is right', and '|x| ≤ 0.00005' for an answer of 0."""
    import pytest

    from backprop_deck.core.accepted import accepted_range
    from backprop_deck.core.numbers import significant

    text = " ".join(README.split())
    example = re.search(r"exact ([\d.]+) \(shown ([\d.]+)\) and by the steps ([\d.]+): "
                        r"anything from ([\d.]+) to ([\d.]+) is right", text)
    exact, _, hand, low, high = (float(x) for x in example.groups())
    assert significant(exact) == example[2]
    assert accepted_range(exact, hand) == pytest.approx((low, high))
    assert accepted_range(0.0, 0.0) == pytest.approx((-0.00005, 0.00005))
    assert "(|x| ≤ 0.00005)" in text


def usage_commands() -> list[str]:
    section = README[README.index("## Usage"):README.index("**A look writes no deck.**")]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [command for row in rows
            for command in re.findall(r"`(python build_deck\.py[^`]*)`", row)]


def test_the_usage_table_has_a_command_per_row():
    assert len(usage_commands()) == 16


@pytest.mark.parametrize("command", usage_commands())
def test_every_usage_row_works_in_a_fresh_folder(cli, tmp_path, monkeypatch, write_cards,
                                                 command):
    """Issue #15: '-o decks/backprop.apkg' failed on a fresh clone (no decks/ folder).
    Run as the shell would: in an empty folder, ~ expanded, with the README's card
    file as my-cards.yaml and an Anki profile in the home folder."""
    import os
    import shlex

    from anki.collection import Collection

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    profile = tmp_path / "home" / ".local" / "share" / "Anki2" / "User 1"
    profile.mkdir(parents=True)
    Collection(str(profile / "collection.anki2")).close()
    write_cards(re.search(r"```yaml\n(.*?)```", README, re.S)[1], name="my-cards.yaml")
    args = [os.path.expanduser(arg) for arg in shlex.split(command)[2:]]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Wrote ")


def test_the_library_example_runs_as_written(tmp_path):
    """The README's ```python block, run in an empty folder as a user would with the
    package importable: it writes an .apkg Anki imports, and a dump."""
    import json
    import os
    import subprocess
    import sys

    from conftest import import_apkg

    code = re.search(r"```python\n(.*?)```", README, re.S)[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = import_apkg(col, tmp_path / "backprop.apkg")
        notes = json.loads((tmp_path / "backprop.json").read_text(encoding="utf-8"))["cards"]
        assert len(log.new) == len(notes) == col.note_count()
    finally:
        col.close()
    assert done.stdout.startswith(f"{len(notes)} notes (")
    assert {c["kind"] for c in notes} >= {"graph", "softmax"}
