"""The command line as a user meets it: summary line, help, version, dump, reproducibility."""

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from deck_counts import ADDED, EVALUATED, STATIC, WORKED, groups

from backprop_deck import __version__
from backprop_deck.core.quote import quote

SMALL = ["--seed", "1", "--count", "0", "--no-derivatives"]

SUMMARY = re.compile(r"^Wrote (\S+): (\d+) notes \((.*)\), seed (\d+), in \d+\.\d\d s\n$")


def test_default_build_writes_backprop_apkg_and_one_summary_line(tmp_path):
    """The README's first command, exactly as a user runs it."""
    result = subprocess.run([sys.executable, ROOT / "build_deck.py"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    match = SUMMARY.match(result.stdout)
    assert match, result.stdout
    assert match[1] == "backprop.apkg"
    assert (tmp_path / "backprop.apkg").stat().st_size > 10_000
    assert match[3].startswith(f"{groups(shapes=True)}; practice: ")


def test_summary_counts_each_kind(cli):
    result = cli("--seed", "3", "--count", "5", "--topics", "network")
    match = SUMMARY.match(result.stdout)
    assert match and match[4] == "3"
    assert match[3] == f"{groups()}; practice: 5 network, each in 8 versions"
    assert cli("--seed", "3", "--count", "3", "--topics", "linear").stdout.count(
        "3 shape; practice: 3 linear, each in 8 versions") == 1
    one = SUMMARY.match(cli("--seed", "3", "--count", "5", "--topics", "network",
                            "--variants", "1").stdout)
    assert one[3].endswith("; practice: 5 network")  # one problem a note: said no more
    # easy sigmoid probabilities number 14: their notes hold 14 of the 30 asked for
    fewer = SUMMARY.match(cli("--seed", "3", "--count", "9", "--topics", "softmax",
                              "--difficulty", "easy", "--variants", "30").stdout)
    assert fewer[3].endswith("; practice: 9 softmax, each in 14 to 30 versions")


def test_version(cli):
    result = cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"build_deck.py {__version__}\n")


def test_help_lists_every_option(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for option in ("--output", "--dump", "--seed", "--count", "--difficulty", "--cards",
                   "--new-notes", "--no-practice", "--deck-name", "--include-tags",
                   "--exclude-tags", "--version", "--into", "--preview", "--topics",
                   "--no-derivatives"):
        assert option in result.stdout


def test_dump_matches_design(cli, tmp_path):
    assert cli("--seed", "7", "--count", "3", "--dump", "deck.json").exit_code == 0
    dump = json.loads((tmp_path / "deck.json").read_text(encoding="utf-8"))
    assert (dump["deck"], dump["seed"]) == ("Backpropagation", 7)
    static = next(c for c in dump["cards"] if c["id"] == "chain-rule")
    assert static["kind"] == "static" and static["deck"] == "Backpropagation::1 Concepts"
    assert static["back"] == "The chain rule of calculus."
    practice = next(c for c in dump["cards"] if c["id"] == "net-easy-0")
    assert practice["deck"] == "Backpropagation::7 Practice"
    assert practice["tags"] == ["practice", "network", "easy"]
    problem = practice["problem"]
    assert set(problem) == {"layers", "activations", "loss", "inputs", "targets", "weights",
                            "biases", "learning_rate", "ask", "answer", "mistakes"}
    assert problem["loss"] == "half_sse"
    lecture = next(c for c in dump["cards"] if c["id"] == "lecture-gradient-w5")
    assert lecture["problem"]["ask"] == {"quantity": "gradient", "param": "weight",
                                         "layer": 1, "to": 0, "from": 0}
    assert lecture["problem"]["answer"] == pytest.approx(0.0821670406, abs=1e-10)


def test_same_seed_same_dump_and_new_seed_new_numbers(cli, tmp_path):
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        assert cli("--seed", seed, "-o", f"{name}.apkg", "--dump", f"{name}.json").exit_code == 0
    a, b, c = ((tmp_path / f"{n}.json").read_bytes() for n in "abc")
    assert a == b
    dump_a, dump_c = json.loads(a), json.loads(c)
    assert [x["guid"] for x in dump_a["cards"]] == [x["guid"] for x in dump_c["cards"]]
    assert [x["back"] for x in dump_a["cards"]] != [x["back"] for x in dump_c["cards"]]


def test_source_date_epoch_makes_the_apkg_byte_identical(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("--seed", "5", "-o", "one.apkg").exit_code == 0
    assert cli("--seed", "5", "-o", "two.apkg").exit_code == 0
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()


@pytest.mark.parametrize("epoch", ["0", "315532799", "4354819199", "7258118400",
                                   "253402300799"])
def test_any_source_date_epoch_to_year_9999_is_byte_identical(cli, tmp_path, monkeypatch,
                                                                epoch):
    """Zip dates stop at 1980 and 2107; the epoch past them (issue #14: 2200 crashed)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert cli(*SMALL, "-o", "one.apkg").exit_code == 0
    assert cli(*SMALL, "-o", "two.apkg").exit_code == 0
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()


@pytest.mark.parametrize("epoch", ["abc", "-1", "1.5", " 17", "253402300800", "9" * 400])
def test_a_bad_source_date_epoch_is_one_line(cli, tmp_path, monkeypatch, epoch):
    (tmp_path / "backprop.apkg").write_bytes(b"old")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = cli(*SMALL)
    assert (result.exit_code, result.stderr) == (
        2, "SOURCE_DATE_EPOCH: must be a whole number of seconds from 1970 to 9999, "
           f"got {quote(epoch)}\n")
    assert (tmp_path / "backprop.apkg").read_bytes() == b"old"


def test_no_practice_no_derivatives_and_count_zero(cli):
    assert f"({groups()})" in cli("--no-practice").stdout
    assert f"({groups()})" in cli("--count", "0").stdout
    assert f"({groups(derivatives=False)})" in cli("--count", "0", "--no-derivatives").stdout


@pytest.mark.parametrize(("args", "counts"), [
    (["--include-tags", "added"], f"{ADDED} static"),
    (["--include-tags", "lecture", "--exclude-tags", "seed"], f"{WORKED} worked example"),
    (["--exclude-tags", "seed,added,lecture,derivatives,concept,notation,gradient-check"],
     "practice: 4 network, each in 8 versions"),
    (["--include-tags", "evaluate"], f"{EVALUATED} derivative"),
])
def test_tag_filters(cli, args, counts):
    result = cli("--count", "4", "--topics", "network", *args)
    assert SUMMARY.match(result.stdout)[3] == counts


def test_failed_build_leaves_no_temporary_files(cli, tmp_path, write_cards):
    bad = write_cards("cards: [{id: a, front: x}]\n")
    assert cli("--cards", bad, "--dump", "deck.json").exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-cards.yaml"]


def test_user_cards_add_and_override_and_deck_name(cli, tmp_path, write_cards):
    mine = write_cards("""
        cards:
          - id: chain-rule
            front: What is the key mathematical tool used in backpropagation?
            back: The chain rule (my words).
          - id: my-card
            front: Mine?
            back: Yes.
            deck: Extras
    """)
    result = cli("--cards", mine, "--deck-name", "My deck", "--no-practice", "--dump", "d.json")
    assert result.exit_code == 0
    dump = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    cards = {c["id"]: c for c in dump["cards"]}
    assert dump["deck"] == "My deck"
    # the text as typed (a short bracket is kept on one line: core.html.keep_together)
    assert cards["chain-rule"]["back"] == 'The chain rule <span class="nobr">(my words)</span>.'

    assert cards["my-card"]["deck"] == "My deck::Extras"
    assert len([c for c in dump["cards"] if c["kind"] == "static"]) == STATIC + 1


def dump_of(cli, tmp_path, *files) -> dict[str, dict]:
    args = [arg for f in files for arg in ("--cards", f)]
    result = cli(*args, "--seed", "1", "--count", "0", "--dump", "d.json")
    assert result.exit_code == 0, result.stderr
    return {c["id"]: c for c in json.loads((tmp_path / "d.json").read_text())["cards"]}


def test_a_replaced_card_keeps_its_subdeck_and_tags_unless_it_sets_them(cli, tmp_path,
                                                                       write_cards):
    """Issue #15: replacing a built-in card by id dropped its subdeck and tags."""
    builtin = dump_of(cli, tmp_path)
    mine = write_cards("""
        deck: My file's deck
        cards:
          - id: chain-rule
            front: Kept in place?
            back: Yes.
          - id: what-is-backprop
            front: Moved?
            back: Yes, to my subdeck, with my tags.
            deck: Mine
            tags: [mine]
          - id: forward-pass
            front: Tags cleared?
            back: Yes.
            tags: []
          - id: deriv-sigmoid
            front: A generated card replaced?
            back: It stays with the derivatives.
    """)
    cards = dump_of(cli, tmp_path, mine)
    for card_id in ("chain-rule", "deriv-sigmoid"):
        assert (cards[card_id]["deck"], cards[card_id]["tags"]) == (
            builtin[card_id]["deck"], builtin[card_id]["tags"])
        assert cards[card_id]["back"] != builtin[card_id]["back"]
    assert (cards["what-is-backprop"]["deck"], cards["what-is-backprop"]["tags"]) == (
        "My file's deck::Mine", ["mine"])
    assert cards["forward-pass"]["tags"] == []
    assert cards["forward-pass"]["deck"] == builtin["forward-pass"]["deck"]


def test_a_user_files_deck_holds_that_files_cards_only(cli, tmp_path, write_cards):
    """Issue #15: a 'deck:' line renamed the whole deck, and with two files the last won."""
    first = write_cards("""
        deck: Mine
        cards:
          - {id: one, front: x, back: y}
          - {id: two, front: x, back: y, deck: Sub}
        networks:
          - id: net
            layers: [1, 1]
            activations: [sigmoid]
            inputs: [1]
            targets: [0]
            weights: [[[0.5]]]
            biases: [[0]]
            learning_rate: 0.5
    """, name="first.yaml")
    second = write_cards("cards: [{id: three, front: x, back: y}]\n", name="second.yaml")
    third = write_cards("deck: Other::Deep\ncards: [{id: four, front: x, back: y}]\n",
                        name="third.yaml")
    cards = dump_of(cli, tmp_path, first, second, third)
    assert [cards[i]["deck"] for i in ("one", "two", "net-loss", "three", "four")] == [
        "Mine", "Mine::Sub", "Mine", "Backpropagation", "Other::Deep"]
    assert cards["chain-rule"]["deck"] == "Backpropagation::1 Concepts"
    assert cards["deriv-sigmoid"]["deck"] == "Backpropagation::5 Derivatives"


def test_text_is_escaped_unless_format_html(cli, tmp_path, write_cards):
    mine = write_cards("""
        cards:
          - id: plain
            front: Is <script>alert(1)</script> & x < y shown as text?
            back: Yes.
          - id: raw
            front: Is <b>this</b> bold?
            back: Yes.
            format: html
    """)
    assert cli("--cards", mine, "--no-practice", "--dump", "d.json").exit_code == 0
    cards = {c["id"]: c for c in json.loads((tmp_path / "d.json").read_text())["cards"]}
    assert cards["plain"]["front"] == (
        "Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; x &lt; y shown as text?")
    assert cards["raw"]["front"] == "Is <b>this</b> bold?"


@pytest.mark.parametrize("card_id", ["lecture-loss", "deriv-sigmoid", "net-easy-0"])
def test_a_hand_written_card_replaces_the_generated_card_of_its_id(cli, tmp_path, write_cards,
                                                                   card_id):
    """Every id, and so every GUID, is in the deck once (issue #14: 'deriv-sigmoid' gave
    two notes one GUID, and Anki kept only one of them)."""
    mine = write_cards(f"""
        cards:
          - id: {card_id}
            front: Same id as a generated card?
            back: Yes; mine replaces it.
    """)
    assert cli("--cards", mine, "--seed", "1", "--dump", "d.json").exit_code == 0
    cards = json.loads((tmp_path / "d.json").read_text())["cards"]
    same = [c for c in cards if c["id"] == card_id]
    assert len(same) == 1 and same[0]["kind"] == "static"
    guids = [c["guid"] for c in cards]
    assert len(set(guids)) == len(guids)
