"""The README's promises: its two commands first, and its YAML example builds."""

import re

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
    example = write_cards(re.search(r"```yaml\n(.*?)```", README, re.S)[1])
    result = cli("--cards", example, "--seed", "1", "--dump", "deck.json")
    assert result.exit_code == 0, result.stderr
    dump = (tmp_path / "deck.json").read_text(encoding="utf-8")
    for card_id in ("vanishing-gradient", "my-net-output-o1", "my-net-gradient-w3",
                    "my-net-updated-w1"):
        assert f'"id": "{card_id}"' in dump


def test_documents_every_option(cli):
    options = re.findall(r"(--[a-z-]+)", cli("--help").stdout)
    for option in set(options) - {"--help"}:
        assert option in README, option
