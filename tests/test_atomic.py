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


def test_ctrl_c_during_a_large_build(tmp_path):
    """A real SIGINT: exit 130, one line, no traceback, the old file as it was."""
    (tmp_path / "backprop.apkg").write_bytes(b"old")
    child = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py"), "--count", "12500",
                              "--topics", "network,graph,linear"],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    time.sleep(1.5)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert (child.returncode, err, out) == (130, "interrupted; no files written\n", "")
    assert (tmp_path / "backprop.apkg").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["backprop.apkg"]
