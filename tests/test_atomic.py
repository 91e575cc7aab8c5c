"""Output files appear whole or not at all, even when a build is interrupted."""

import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from backprop_deck.core.atomic import replacing
from backprop_deck.deck import anki_package


def test_replacing_keeps_the_old_file_when_the_block_fails(tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), replacing(target) as out:
        out.write(b"half a new fi")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_interrupt_while_zipping_leaves_the_old_deck(cli, tmp_path, monkeypatch):
    (tmp_path / "backprop.apkg").write_bytes(b"the deck from yesterday")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(anki_package.zipfile.ZipFile, "writestr", interrupted)
    result = cli("--seed", "1")
    assert (result.exit_code, result.stderr) == (130, "interrupted; no files written\n")
    assert (tmp_path / "backprop.apkg").read_bytes() == b"the deck from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["backprop.apkg"]


@pytest.mark.parametrize(("sig", "after", "code", "line"), [
    (signal.SIGINT, 1.5, 130, "interrupted; no files written"),
    (signal.SIGTERM, 2.5, 143, "SIGTERM: stopped; no files written"),
    (signal.SIGHUP, 2.5, 129, "SIGHUP: stopped; no files written"),
], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_during_a_large_build_leaves_the_old_deck(tmp_path, sig, after, code, line):
    """A real Ctrl-C, SIGTERM or SIGHUP ``after`` seconds into a large build: exit
    128 + N, one line, no traceback, no temporary file, the old file as it was."""
    (tmp_path / "backprop.apkg").write_bytes(b"old")
    child = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py"), "--count", "12500",
                              "--topics", "network,graph,linear"],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    time.sleep(after)
    child.send_signal(sig)
    out, err = child.communicate(timeout=60)
    assert (child.returncode, err, out) == (code, line + "\n", "")
    assert (tmp_path / "backprop.apkg").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["backprop.apkg"]
