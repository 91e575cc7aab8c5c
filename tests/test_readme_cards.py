"""The README's "Your own cards" examples do what it says, so the two cannot drift apart.

Every YAML and CSV block of the section is written to a folder of its own (with the
images and sounds it names, made by media_samples), built by the command line into a
dump and an .apkg, and the .apkg imported into a real Anki collection: each note makes
the cards the README says (one per deletion number of a cloze, two for a card both
ways), Anki's media check finds every file and no other, and the decks, tags and
description are the ones the text gives. Every refusal the section lists is one the
program gives, word for word."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import media_samples as samples
import pytest
import yaml
from conftest import ROOT, import_apkg, notes_by_id
from test_bad_input import CORPUS

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("\n## Your own cards\n"):README.index("\n## Performance\n")]
# A fence at the start of a line: a YAML block may hold an indented Markdown fence.
BLOCKS = re.findall(r"^```(yaml|csv)\n(.*?)^```$", SECTION, re.S | re.M)
NAMED = re.compile(r'src="([^"]+)"|!\[[^\]]*\]\(([^)]+)\)|\[sound:([^\]]+)\]')
DELETION = re.compile(r"\{\{c(\d+)::")
QUICK = ("--seed", "1", "--no-practice", "--no-derivatives")
MAIN = "Backpropagation"


def test_the_section_has_an_example_of_each_kind():
    assert [kind for kind, _ in BLOCKS].count("csv") == 1
    text = "".join(block for _, block in BLOCKS)
    for needed in ("type: cloze", "reverse: true", "format: markdown", "format: html",
                   "[sound:", "![", "<img src=", "```python", "description:", "networks:",
                   "figure:", "extra:"):
        assert needed in text, needed
    assert re.search(r"\{\{c\d+::[^:}]+::[^}]+\}\}", text)  # a deletion with its hint


def files_named(text: str) -> list[str]:
    return [next(name for name in found if name) for found in NAMED.findall(text)]


def sample(name: str) -> bytes:
    made = {".png": samples.png, ".mp3": samples.mp3, ".wav": samples.wav,
            ".svg": samples.svg}
    return made[Path(name).suffix]()


def expected_notes(kind: str, text: str) -> dict[str, dict]:
    """What the README says each note of the block is, read from the block itself:
    its deck, tags and number of cards (written out here, not asked of the code)."""
    notes = {}
    if kind == "csv":
        for row in csv.DictReader(io.StringIO(text)):
            cloze = row.get("type") == "cloze"
            notes[row["id"]] = {
                "deck": MAIN + (f"::{row['deck']}" if row.get("deck") else ""),
                "tags": sorted(row.get("tags", "").split()),
                "cards": (len(set(DELETION.findall(row["text"]))) if cloze
                          else 2 if row.get("reverse") == "true" else 1)}
        return notes
    spec = yaml.safe_load(text)
    root = spec.get("deck", MAIN)
    for card in spec.get("cards", []):
        notes[card["id"]] = {
            "deck": root + (f"::{card['deck']}" if "deck" in card else ""),
            "tags": sorted(card.get("tags", [])),
            "cards": (len(set(DELETION.findall(card["text"])))
                      if card.get("type") == "cloze" else 2 if card.get("reverse") else 1)}
    for network in spec.get("networks", []):
        for question in network.get("ask", ["output o1", "loss"]):
            notes[f"{network['id']}-{question.replace(' ', '-')}"] = {
                "deck": root + (f"::{network['deck']}" if "deck" in network else ""),
                "tags": sorted(network.get("tags", [])), "cards": 1}
    return notes


@pytest.fixture(params=range(len(BLOCKS)), ids=[f"{kind}-{k + 1}"
                                                for k, (kind, _) in enumerate(BLOCKS)])
def built(request, cli, tmp_path):
    """The block as a user's card file beside the files it names, built to a dump and
    an .apkg by the command line."""
    kind, text = BLOCKS[request.param]
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in files_named(text):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(sample(name))
    card_file = folder / f"my-cards.{kind}"
    card_file.write_text(text, encoding="utf-8")
    result = cli(*QUICK, "--cards", card_file, "--dump", tmp_path / "deck.json",
                 "-o", tmp_path / "deck.apkg")
    assert result.exit_code == 0, result.stderr
    dump = json.loads((tmp_path / "deck.json").read_text(encoding="utf-8"))["cards"]
    return kind, text, folder, {card["id"]: card for card in dump}, tmp_path / "deck.apkg"


def test_each_example_imports_into_anki_as_the_readme_says(built, collection):
    kind, text, folder, dumped, apkg = built
    expected = expected_notes(kind, text)
    log = import_apkg(collection, apkg)
    assert not log.conflicting
    notes = notes_by_id(collection)
    for card_id, want in expected.items():
        note = notes[card_id]
        decks = {collection.decks.name(card.did) for card in note.cards()}
        assert (len(note.cards()), decks, sorted(note.tags)) == (
            want["cards"], {want["deck"]}, want["tags"]), card_id
        assert dumped[card_id]["deck"] == want["deck"]
    check = collection.media.check()
    assert (list(check.missing), list(check.unused)) == ([], [])
    stored = {path.name: path.read_bytes() for path in Path(collection.media.dir()).iterdir()}
    for card_id, card in dumped.items():
        for name, written in card.get("media", {}).items():
            assert stored[name] == (folder / written).read_bytes(), card_id
    named = {name for card_id in expected for name in dumped[card_id].get("media", {}).values()}
    assert named == set(files_named(text))


def test_the_dump_states_each_kind(built):
    kind, text, _, dumped, _ = built
    for card_id, want in expected_notes(kind, text).items():
        card = dumped[card_id]
        if card.get("type") == "cloze":
            assert card["cards"] == [f"c{n}" for n in range(1, want["cards"] + 1)]
            assert "front" not in card and "{{c1::" in card["text"]
        else:
            assert card.get("reverse", False) == (want["cards"] == 2), card_id


def block_with(needle: str) -> str:
    (text,) = [text for _, text in BLOCKS if needle in text]
    return text


def test_the_first_example_s_description_and_tag_filter(cli, tmp_path, collection):
    """'description:' is the deck's description in Anki; '--include-tags ml' keeps the
    card tagged ml::backprop."""
    text = BLOCKS[0][1]
    spec = yaml.safe_load(text)
    (tmp_path / "my-cards.yaml").write_text(text, encoding="utf-8")
    result = cli(*QUICK, "--cards", "my-cards.yaml", "--include-tags", "ml",
                 "--dump", "deck.json", "-o", "deck.apkg")
    assert result.exit_code == 0, result.stderr
    kept = json.loads((tmp_path / "deck.json").read_text(encoding="utf-8"))["cards"]
    assert [c["id"] for c in kept] == [c["id"] for c in spec["cards"]
                                       if any(t.split("::")[0] == "ml" for t in c.get("tags", []))]
    import_apkg(collection, tmp_path / "deck.apkg")
    assert collection.decks.by_name(spec["deck"])["desc"] == spec["description"]


def test_further_cards_come_after_the_first_ones(cli, tmp_path):
    """'Anki shows every note's first card in that order, and the further cards of a
    cloze or a both-ways card after the first cards': the cloze example's cards as a
    fresh profile's new-card queue gives them."""
    from test_order import queue
    from test_upgrade import import_as_file_import, open_collection

    text = "deck: Mine\n" + block_with("reverse: true")
    (tmp_path / "kinds.yaml").write_text(text, encoding="utf-8")
    assert cli(*QUICK, "--cards", "kinds.yaml", "-o", "deck.apkg").exit_code == 0
    col = open_collection(tmp_path / "collection.anki2")
    import_as_file_import(col, tmp_path / "deck.apkg")
    col.close()
    written = [card["id"] for card in yaml.safe_load(text)["cards"]]
    shown = queue(tmp_path, "Mine", None)
    firsts = len(written)
    assert shown[:firsts] == written
    assert sorted(shown[firsts:]) == sorted(i for i, n in expected_notes("yaml", text).items()
                                            for _ in range(n["cards"] - 1))


def refusals() -> list[str]:
    section = SECTION[SECTION.index("### What is refused"):]
    (block,) = re.findall(r"^```\n(.*?)^```$", section, re.S | re.M)
    return block.splitlines()


CORPUS_MESSAGES = {(path.suffix, path.read_text(encoding="utf-8").splitlines()[0]
                    .removeprefix("# expect: ")) for path in CORPUS.iterdir() if path.is_file()}


@pytest.mark.parametrize("line", refusals())
def test_every_refusal_listed_is_the_program_s(line, cli, tmp_path):
    """Each line is, but for the file's name, a message of tests/bad_inputs/ (which
    test_bad_input.py and test_csv.py check word for word), or the size limit's,
    given here by a real build."""
    name, rest = line.split(":", 1)
    suffix = Path(name).suffix
    if (suffix, rest) in CORPUS_MESSAGES:
        return
    assert "larger than 5 MB" in rest, line
    (tmp_path / "my-cards.yaml").write_text(
        "cards:\n  - id: pic\n    format: html\n    back: b\n    front: '<img src=\"huge.png\">'\n",
        encoding="utf-8")
    with open(tmp_path / "huge.png", "wb") as huge:
        huge.write(samples.png())
        huge.truncate(6_000_000)  # sparse
    result = cli(*QUICK, "--cards", "my-cards.yaml", "-o", "deck.apkg")
    assert (result.exit_code, result.stderr) == (2, line + "\n")
    assert not (tmp_path / "deck.apkg").exists()
