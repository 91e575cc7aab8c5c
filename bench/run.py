"""Benchmark: build time and peak memory, side by side with raw genanki.

Usage: python bench/run.py [--runs N] [--sizes 100,1000,10000,50000]

Every figure is the median of several runs of a fresh process; every ratio
compares two commands run in turn, in the same run of this script. Peak memory is
the child's own maximum resident set size (os.wait4). Prints a table and writes
it to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = ("Targets: default build ≤ 1.5× the import baseline; 10,000 practice cards ≤ 2× "
           "plain genanki; peak memory ≤ 250 MB at 10,000; time and memory linear in count.")


def measure(command: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    """Seconds and peak resident MB of one run of ``command``."""
    env = {**os.environ, "BACKPROP_DECK_CACHE": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()}")
    child.stderr.close()
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def in_turn(runs: int, commands: list[tuple[list[str], bool]],
            cwd: Path) -> list[tuple[float, float]]:
    """Median seconds and MB of each command, the commands run in turn ``runs`` times,
    so that a machine slowing down or speeding up meanwhile (this VM's timings drift
    by up to 40%) moves them alike. A command marked cold gets an empty derivation
    cache every run."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for k in range(runs):
        for (command, cold), found in zip(commands, results):
            cache = cwd / (f"cache-cold-{k}" if cold else "cache-warm")
            found.append(measure(command, cwd, cache))
    return [(statistics.median(r[0] for r in found), statistics.median(r[1] for r in found))
            for found in results]


def default_build(runs: int, work: Path) -> list[str]:
    command = [PYTHON, str(ROOT / "build_deck.py"), "--seed", "1", "-o",
               str(work / "default.apkg")]
    subprocess.run(command, cwd=work, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "BACKPROP_DECK_CACHE": str(work / "cache-warm")})
    cold, warm, imports = in_turn(runs, [(command, True), (command, False),
                                         ([PYTHON, "-c", "import genanki, sympy, yaml"], False)],
                                  work)
    return ["## Default build",
            "",
            "Cold: an empty derivation cache, so sympy derives everything (a first build, or "
            "after upgrading sympy). Warm: every later build.",
            "",
            "| command | seconds | peak MB | ratio to imports |",
            "|---|---:|---:|---:|",
            f"| `python build_deck.py`, cold | {cold[0]:.3f} | {cold[1]:.0f} "
            f"| **{cold[0] / imports[0]:.2f}×** |",
            f"| `python build_deck.py`, warm | {warm[0]:.3f} | {warm[1]:.0f} "
            f"| **{warm[0] / imports[0]:.2f}×** |",
            f"| `python -c \"import genanki, sympy, yaml\"` | {imports[0]:.3f} "
            f"| {imports[1]:.0f} | 1× |",
            "",
            "Target: ≤ 1.5× the import baseline.",
            ""]


def practice_sizes(runs: int, sizes: list[int], work: Path) -> list[str]:
    lines = ["## Practice cards against plain genanki",
             "",
             "Ours: `python build_deck.py --count N --no-derivatives`. Plain: "
             "`bench/plain_genanki.py`, a plain genanki script writing the same notes, read "
             "from that build's `--dump` (the dump is written beforehand, not timed).",
             "",
             "| practice cards | ours s | plain s | ratio | ours µs/card | ours peak MB "
             "| plain peak MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        common = ["--count", str(size), "--no-derivatives", "--seed", "1"]
        dump = work / f"dump-{size}.json"
        subprocess.run([PYTHON, str(ROOT / "build_deck.py"), *common, "-o",
                        str(work / "for-dump.apkg"), "--dump", str(dump)], check=True,
                       stdout=subprocess.DEVNULL)
        repeat = runs if size <= 10_000 else max(1, runs // 2)
        ours, plain = in_turn(repeat, [
            ([PYTHON, str(ROOT / "build_deck.py"), *common, "-o", str(work / "ours.apkg")], False),
            ([PYTHON, str(ROOT / "bench" / "plain_genanki.py"), str(dump),
              str(work / "plain.apkg")], False)], work)
        lines.append(f"| {size:,} | {ours[0]:.2f} | {plain[0]:.2f} | {ours[0] / plain[0]:.2f}× "
                     f"| {ours[0] / size * 1e6:.0f} | {ours[1]:.0f} | {plain[1]:.0f} |")
        dump.unlink()
        print(lines[-1], flush=True)
    return [*lines, ""]


def compile_sources() -> None:
    """Bytecode for our modules, as pip writes it on install (and as genanki and sympy
    have it): otherwise, where PYTHONDONTWRITEBYTECODE is set, every run would compile
    73 modules first (65 ms here) and the comparison would not be fair."""
    for folder in ("core", "deck", "generators"):
        if not compileall.compile_dir(ROOT / folder, quiet=1):
            raise SystemExit(f"could not compile {folder}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--sizes", default="100,1000,10000,50000",
                        help="practice-card counts, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="backprop-bench-") as folder:
        work = Path(folder)
        lines = [f"# Benchmark results ({date.today().isoformat()})", "",
                 f"{platform.python_implementation()} {platform.python_version()}, "
                 f"{os.cpu_count()} cores, {platform.machine()}; median of {args.runs} runs "
                 f"({max(1, args.runs // 2)} above 10,000 cards), the commands compared run "
                 "in turn; our modules compiled to bytecode first, as pip does on install. "
                 "Rerun: `python bench/run.py`.", "",
                 TARGETS, ""]
        lines += default_build(args.runs, work)
        print("\n".join(lines), flush=True)
        lines += practice_sizes(args.runs, sizes, work)
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"\nWrote {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
