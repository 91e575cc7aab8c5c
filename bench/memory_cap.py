"""Sweep: builds under an address-space cap (``ulimit -v``) end well, or with one line.

Usage: python bench/memory_cap.py [--caps 40:400:8] [--sizes default,1000,into]
                                   [--caches cold,warm] [--timeout 20]

Each run is a fresh ``build_deck.py -o deck-TOKEN.apkg`` under RLIMIT_AS of the cap
(MB), in an empty folder holding an old deck. What a run must do (issue 29): exit 0
with the summary line, or exit 2 with exactly one line on standard error; within a
few seconds; no traceback; no process left behind (looked for in /proc by the
token, which the workers' command line shares); the old deck as it was or a complete
new one, and no other file. Prints one line per run that broke a rule, then a table
of outcomes per size and cache. Sizes: the default deck, ``--count 1000``, and the
default deck ``--into`` a new collection (Anki's engine). A cold cache is an empty
BACKPROP_DECK_CACHE folder (sympy is imported and derives); a warm one was filled by
an uncapped build first.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import complete_deck, processes_with  # noqa: E402

OLD = b"the deck from yesterday"
SIZES = {"default": [], "1000": ["--count", "1000"], "into": ["--into", "User 1"]}


def one_run(cap_mb: int, size: str, cache: Path, timeout: float,
            collection: Path) -> tuple[str, str, float]:
    """(outcome, what broke a rule or '', seconds)."""
    token = secrets.token_hex(4)
    output = f"deck-{token}.apkg"
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / output).write_bytes(OLD)
        if size == "into":
            (folder / "User 1").mkdir()
            shutil.copyfile(collection, folder / "User 1" / "collection.anki2")

        def capped():
            limit = cap_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "build_deck.py"), "--seed", "1", "-o", output,
             *SIZES[size]], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "BACKPROP_DECK_CACHE": str(cache)}, preexec_fn=capped,
            start_new_session=True)
        try:
            out, err = child.communicate(timeout=timeout)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            out, err = child.communicate()
            hung = True
        seconds = time.monotonic() - started
        deadline = time.monotonic() + 3
        while (left := processes_with(token)) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in left:  # do not let one bad run spoil the next
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        err_text = err.decode(errors="replace")
        problems = []
        if hung:
            outcome = "hang"
        elif "Traceback" in err_text:
            outcome = f"traceback, exit {child.returncode}"
        elif child.returncode == 0 and out.startswith(b"Wrote ") and err_text == "":
            outcome = "deck"
        elif child.returncode == 2 and err_text.count("\n") == 1 and err_text.endswith("\n"):
            outcome = "one line, exit 2"
        else:
            outcome = f"exit {child.returncode}, {err_text.count(chr(10))} lines"
        if outcome not in ("deck", "one line, exit 2"):
            last = err_text.strip().splitlines()[-1:] or ["(nothing)"]
            problems.append(f"{outcome}: {last[0][:160]}")
        if left:
            problems.append(f"left behind: {left}")
        kept = (folder / output).read_bytes() == OLD if (folder / output).exists() else False
        if not (kept or complete_deck(folder / output)):
            problems.append("the deck is neither the old one nor a complete new one")
        if outcome == "deck" and kept:
            problems.append("said it wrote the deck but the old one is there")
        others = sorted(p.name for p in folder.iterdir() if p.name not in (output, "User 1"))
        others += sorted(p.name for p in folder.glob("User 1/.bp-*"))
        if others:
            problems.append(f"files left: {others}")
        return outcome, "; ".join(problems), seconds


def caps(text: str) -> list[int]:
    if ":" in text:
        low, high, step = map(int, text.split(":"))
        return list(range(low, high + 1, step))
    return [int(part) for part in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caps", type=caps, default=caps("40:400:8"),
                        help="MB: LOW:HIGH:STEP or a comma-separated list")
    parser.add_argument("--sizes", default="default,1000,into")
    parser.add_argument("--caches", default="cold,warm")
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()
    table: dict[tuple[str, str], Counter] = {}
    bad = 0
    slowest: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as warm:
        collection = Path(warm) / "template" / "collection.anki2"
        collection.parent.mkdir()
        subprocess.run([sys.executable, "-c", "import sys; from anki.collection import "
                        "Collection; Collection(sys.argv[1]).close()", str(collection)],
                       check=True)
        subprocess.run([sys.executable, str(ROOT / "build_deck.py"), "--seed", "1", "-o",
                        "/dev/null"], env={**os.environ, "BACKPROP_DECK_CACHE": warm},
                       check=True, capture_output=True)
        for size in args.sizes.split(","):
            for cache in args.caches.split(","):
                counts = table.setdefault((size, cache), Counter())
                for cap in args.caps:
                    with tempfile.TemporaryDirectory() as cold:
                        folder = Path(cold if cache == "cold" else warm)
                        outcome, problems, seconds = one_run(cap, size, folder, args.timeout,
                                                             collection)
                    counts[outcome] += 1
                    slowest[outcome] = max(slowest.get(outcome, 0.0), seconds)
                    if problems:
                        bad += 1
                        print(f"{cap:4d} MB {size:>7} {cache}: {problems} ({seconds:.1f} s)",
                              flush=True)
    print()
    for (size, cache), counts in table.items():
        listed = ", ".join(f"{n} {outcome}" for outcome, n in counts.most_common())
        print(f"{size:>7} {cache:4}: {listed}")
    print(f"{bad} runs broke a rule; the slowest of each outcome: "
          + ", ".join(f"{outcome} {seconds:.1f} s" for outcome, seconds in slowest.items()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
