"""Signals at the end of real builds: how many break a rule (tests/test_late_signals.py).

Usage: python bench/late_signals.py [--rounds N]

Each round is 57 ``-o deck.apkg --into PROFILE`` builds (two at a time), sent
SIGTERM, SIGINT or SIGHUP at a spread of delays after the build started importing
into the collection, put the deck in place, or had its summary line reach the pipe.
Prints the outcomes and every trial that broke a rule (a traceback, two lines, an
exit status other than 0 or 128 + N, a file half old and half new, a temporary file
or a process left); exits 1 if any did. About 45 s a round on 2 cores.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_late_signals import timed_trials  # noqa: E402

# From the import into the copy of the collection to the exit, in ever finer steps.
DELAYS = {"importing": (0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8),
          "placed": (0, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.004, 0.008),
          "said": (0, 0.0001, 0.0005, 0.002)}
PLAN = [(signum, trigger, delay) for trigger, delays in DELAYS.items() for delay in delays
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    broken = 0
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "collection.anki2"
        subprocess.run([sys.executable, "-c", "import sys; from anki.collection import "
                        "Collection; Collection(sys.argv[1]).close()", str(template)],
                       check=True)
        for round_ in range(args.rounds):
            trials = Path(folder) / f"round{round_}"
            trials.mkdir()
            _, problems = timed_trials(trials, template, PLAN)
            broken += len(problems)
    print(f"\n{broken} of {len(PLAN) * args.rounds} trials broke a rule")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
