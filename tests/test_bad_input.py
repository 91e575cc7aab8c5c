"""Every bad input gets one line, FILE:LINE:COL: message, exit 2, and touches no file.

Each card file in bad_inputs/ (YAML, and CSV or TSV with the error at its cell or
header) starts with ``# expect: LINE:COL: message``.
"""

import json
import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p for ext in ("yaml", "csv", "tsv", "txt") for p in CORPUS.glob(f"*.{ext}"))


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return f"{path}:{first.removeprefix('# expect: ')}"


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_bad_card_file(cli, tmp_path, path):
    output = tmp_path / "deck.apkg"
    output.write_bytes(b"the user's existing deck")
    result = cli("--cards", path, "-o", output)
    assert (result.exit_code, result.stderr, result.stdout) == (
        2, expected_message(path) + "\n", "")
    assert output.read_bytes() == b"the user's existing deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_binary_garbage(cli, tmp_path):
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"cards:\n  - \xff\xfe\x00\x81 binary")
    result = cli("--cards", garbage)
    assert (result.exit_code, result.stderr) == (
        2, f"{garbage}:2:5: not UTF-8 text (is this a binary file?)\n")


def test_very_large_file(cli, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("cards:\n" + "  - {id: a, front: x, back: y}\n" * 200_000)
    result = cli("--cards", big)
    assert (result.exit_code, result.stderr) == (2, f"{big}:1:1: file is larger than 5 MB\n")


def test_value_budget_stops_runaway_documents(cli, monkeypatch):
    """The cap behind alias bombs: past MAX_NODES values, loading stops with a message."""
    from backprop_deck.core import yaml_nodes

    monkeypatch.setattr(yaml_nodes, "MAX_NODES", 50)
    result = cli("--no-practice")
    assert result.exit_code == 2
    assert result.stderr.endswith("too many values (over 50); is an alias expanding too far?\n")


def test_a_long_string_aliased_thousands_of_times_is_refused_by_its_size(cli, tmp_path):
    """An alias bomb by bytes, not by count: 1 MB of text, used 3,000 times, would make
    3 GB of cards. Refused once 10 million characters are read: the message comes from
    that cap alone (no clock: a timed assertion fails on a busy machine, not on a bug)."""
    cards = ["cards:", "  - id: c0", f"    front: &big \"{'a' * 1_000_000}\"",
             "    back: *big"]
    cards += [f"  - {{id: c{k}, front: *big, back: *big}}" for k in range(1, 3000)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(cards) + "\n", encoding="utf-8")
    result = cli("--cards", bomb, "--no-practice")
    assert result.exit_code == 2
    assert result.stderr == (f"{bomb}:3:12: too much text (over 10,000,000 characters once "
                             "aliases are expanded); is an alias repeating a long string?\n")


def test_missing_card_file(cli, tmp_path):
    result = cli("--cards", tmp_path / "nope.yaml")
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path / 'nope.yaml'}: no such file\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--count", "-1"], "--count: must be from 0 to 100,000, got -1"),
    (["--count", "100001"], "--count: must be from 0 to 100,000, got 100001"),
    (["--count", "ten"], "--count: must be a whole number, got 'ten'"),
    (["--count", "1\n2"], "--count: must be a whole number, got '1\\n2'"),
    (["--count", " 5"], "--count: must be a whole number, got ' 5'"),
    (["--seed", "-3"], "--seed: must be a whole number from 0 to 2**63 - 1, got '-3'"),
    (["--seed", "1\n"], "--seed: must be a whole number, got '1\\n'"),
    (["--difficulty", "extreme"],
     "--difficulty: must be one of easy, medium, hard, mixed, got 'extreme'"),
    (["--difficulty", "hrad"],
     "--difficulty: must be one of easy, medium, hard, mixed, got 'hrad' (did you mean 'hard'?)"),
    (["--difficulty", "ha\nrd"], "--difficulty: must be one of easy, medium, hard, mixed, "
                                 "got 'ha\\nrd' (did you mean 'hard'?)"),
    (["--topics", "grahp"], "--topics: unknown topic 'grahp' (did you mean 'graph'?); topics: "
                            "network, graph, linear, softmax, chain, rnn, conv, pool, batchnorm"),
    (["--topics", ","], "--topics: name at least one of: network, graph, linear, softmax, "
                        "chain, rnn, conv, pool, batchnorm"),
    (["--deck-name", "::"], "--deck-name: '::' has an empty part (between '::', or all blank)"),
    (["--deck-name", "A::::B"],
     "--deck-name: 'A::::B' has an empty part (between '::', or all blank)"),
    (["--deck-name", "  "], "--deck-name: '  ' has an empty part (between '::', or all blank)"),
    (["--deck-name", "A\nB"],
     "--deck-name: 'A\\nB' has a control character (a newline or tab)"),
    (["--include-tags", "lectur"],
     "--include-tags: no card has the tag 'lectur' (did you mean 'lecture'?)"),
    (["--exclude-tags", "sede"],
     "--exclude-tags: no card has the tag 'sede' (did you mean 'seed'?)"),
    (["--exclude-tags",
      "seed,added,lecture,derivatives,practice,shapes,concept,notation,gradient-check"],
     "--include-tags/--exclude-tags: no card is left to write"),
    (["--cards", "my\ncards.yaml"], "my\\ncards.yaml: no such file"),
    (["--dump", "-", "--preview", "-"], "--preview: '-' (standard output) is only for the dump"),
    (["--bogus"], "unknown option '--bogus'"),
    (["--seeed", "5"], "unknown option '--seeed' (did you mean '--seed'?)"),
    (["--no-practise"], "unknown option '--no-practise' (did you mean '--no-practice'?)"),
    (["--dump=x.json", "--sed=3"], "unknown option '--sed' (did you mean '--seed'?)"),
    # No abbreviations (issue #15): '--diff' meant '--difficulty' only by luck.
    (["--diff", "hard"], "unknown option '--diff' (did you mean '--difficulty'?)"),
    (["--no-d"], "unknown option '--no-d' (did you mean '--no-derivatives'?)"),
    (["--no"], "unknown option '--no' (did you mean '--no-practice' or '--no-derivatives'?)"),
    (["deck.apkg"], "unexpected argument 'deck.apkg': every argument is an option (see --help)"),
    # issue #21: 694 distinct questions were dealt to 1,500 notes, one of them 33 times
    (["--count", "1500", "--topics", "softmax", "--difficulty", "easy"],
     "--count: there are 694 different easy softmax problems, and this deck asks for 1,500 "
     "notes of them; ask for fewer notes, another difficulty or more topics"),
    (["--count", "200", "--topics", "softmax", "--difficulty", "easy", "--seed", "1"],
     "--count: this deck runs out of new easy softmax problems after 694 different ones "
     "(200 notes of up to 8 versions asked); ask for fewer notes or versions, or another "
     "difficulty"),
])
def test_bad_option(cli, args, message):
    result = cli(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


def test_unwritable_output_is_one_line_not_a_traceback(cli):
    """/sys refuses new files even to root, unlike a read-only folder."""
    result = cli("-o", "/sys/deck.apkg")
    assert result.exit_code == 2
    assert result.stderr.startswith("--output: cannot write '/sys/deck.apkg': ")
    assert result.stderr.count("\n") == 1


def test_exponent_numbers_without_a_dot_are_numbers(cli, write_cards):
    """YAML 1.1 (PyYAML) reads 1e-1 as a string; a user writing a learning rate means the
    number, as YAML 1.2 does. Quoted, it stays a string and is refused."""
    network = """
        networks:
          - id: n
            layers: [1, 1]
            activations: [sigmoid]
            inputs: [1e0]
            targets: [5E-1]
            weights: [[[2e-1]]]
            biases: [[-1e-1]]
            learning_rate: {rate}
        """
    result = cli("--no-practice", "--no-derivatives", "--include-tags", "network",
                 "--exclude-tags", "concept",
                 "--cards", write_cards(network.format(rate="1e-1")), "--dump", "-")
    mine = json.loads(result.stdout)["cards"]
    assert [card["problem"]["learning_rate"] for card in mine] == [0.1] * len(mine) != []
    mine = write_cards(network.format(rate="'1e-1'"))
    result = cli("--cards", mine)
    assert (result.exit_code, result.stderr) == (
        2, f"{mine}:9:20: network 'n': 'learning_rate' must be a number, got a string\n")


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_card_file_that_never_ends_is_refused_unread(cli, tmp_path, kind):
    """Issue #14: --cards /dev/zero was read whole (MemoryError); a FIFO hung forever."""
    path = "/dev/zero" if kind == "device" else tmp_path / "cards"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    result = cli("--cards", path)
    reason = ("is a folder, not a card file" if kind == "folder"
              else "is not a regular file (a device or a pipe never ends)")
    assert (result.exit_code, result.stderr) == (2, f"{path}: {reason}\n")


def test_a_disk_that_fills_up_is_one_line_and_the_old_deck_stays(tmp_path):
    """Issue #14: a full disk under the scratch database raised an uncaught sqlite3 error.
    A file-size limit (RLIMIT_FSIZE) makes the disk 'full' at 64 KB for the child."""
    import resource
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    (tmp_path / "backprop.apkg").write_bytes(b"old")
    child = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--seed", "1"],
                           cwd=tmp_path, capture_output=True, text=True, preexec_fn=limited,
                           timeout=120)
    assert child.returncode == 2 and child.stdout == ""
    assert child.stderr.startswith("--output: cannot write 'backprop.apkg': ")
    assert child.stderr.count("\n") == 1 and "Traceback" not in child.stderr
    assert (tmp_path / "backprop.apkg").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["backprop.apkg"]
