"""Benchmark: build time and peak memory, side by side with raw genanki.

Usage: python bench/run.py [--runs N] [--sizes 100,1000,10000,50000] [--only SECTION…]

Every figure is the median of several runs of a fresh process; every ratio
compares two commands run in turn, in the same run of this script. Peak memory is
the child's own maximum resident set size (os.wait4). Prints a table and writes
it to bench/RESULTS.md (with --only, the sections named, in place).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import random
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
TARGETS = ("Targets: default build (8 problems per practice note) warm ≤ 1.0× the import "
           "baseline, cold ≤ 1.5×, its .apkg ≤ 2 MB; 1,000 notes × 8 problems ≤ 1.1× the "
           "time of 8,000 one-problem notes; 10,000 practice cards (`--variants 1`) ≤ 2× "
           "plain genanki, peak memory ≤ 250 MB; a card of 8 problems shows and typesets "
           "in ≤ 1.3× the time of a card of one; time and memory linear in count; a deck with "
           "200 images of 50 KB builds in ≤ 1.5× the time of the same deck without, its "
           "peak memory not growing with the images beyond one file.")
# Easy softmax has 694 problems: 50,000 notes of every topic would ask it for 1,852.
LARGE = 50_000
LARGE_TOPICS = "network,graph,linear,chain,rnn,conv,pool,batchnorm"


def measure(command: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    """Seconds and peak resident MB of one run of ``command`` (of its largest process:
    Linux reports the maximum over the command and the workers it waited for)."""
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
    size = (work / "default.apkg").stat().st_size
    return ["## Default build",
            "",
            "The default deck: 113 notes, each of the 54 practice notes with 8 problems. "
            f"Its .apkg: {size / 1e6:.2f} MB. Cold: an empty derivation cache, so sympy "
            "derives everything (a first build, or after upgrading sympy). Warm: every later "
            "build.",
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
            "Targets: warm ≤ 1.0×, cold ≤ 1.5× the import baseline; .apkg ≤ 2 MB.",
            ""]


def variants_cost(runs: int, work: Path) -> list[str]:
    """The same problems, as 1,000 notes of 8 or as 8,000 notes of one."""
    common = [PYTHON, str(ROOT / "build_deck.py"), "--no-derivatives", "--seed", "1"]
    eight, one = in_turn(runs, [
        ([*common, "--count", "1000", "--variants", "8", "-o", str(work / "v8.apkg")], False),
        ([*common, "--count", "8000", "--variants", "1", "-o", str(work / "v1.apkg")], False)],
        work)
    return ["## A problem as a variant, against a problem as a note",
            "",
            "| command | seconds | peak MB |",
            "|---|---:|---:|",
            f"| `--count 1000 --variants 8` | {eight[0]:.2f} | {eight[1]:.0f} |",
            f"| `--count 8000 --variants 1` | {one[0]:.2f} | {one[1]:.0f} |",
            "",
            f"Ratio: **{eight[0] / one[0]:.2f}×** (target ≤ 1.1×).",
            ""]


def showing(repeats: int) -> list[str]:
    """bench/showing.py, where Chromium and Anki's engine are installed."""
    try:
        import showing as measure_showing

        found = measure_showing.measure(repeats)
    except Exception as exc:
        return ["## Showing a card", "", f"Not measured here: {exc}", ""]
    return ["## Showing a card",
            "",
            "`bench/showing.py`: each of "
            f"{found['cards']} practice cards, as Anki's engine renders it, shown in "
            "Chromium the way Anki desktop shows a side (content replaced, scripts run, "
            "MathJax typesets), front then back, median of "
            f"{repeats} rounds; the 8-problem card shows its first problem, so both "
            "typeset the same maths.",
            "",
            "| note | ms, front and back |",
            "|---|---:|",
            f"| 1 problem | {found['one']:.1f} |",
            f"| 8 problems | {found['eight']:.1f} |",
            "",
            f"Ratio: **{found['ratio']:.2f}×** (target ≤ 1.3×).",
            ""]


def practice_sizes(runs: int, sizes: list[int], work: Path) -> list[str]:
    lines = ["## Practice cards against plain genanki",
             "",
             "Ours: `python build_deck.py --count N --variants 1 --no-derivatives` "
             f"(at {LARGE:,}, `--topics {LARGE_TOPICS}`: every topic but softmax, whose easy "
             "problems number 694). Plain: `bench/plain_genanki.py`, a plain genanki script "
             "writing the same notes, read from that build's `--dump` (the dump is written "
             "beforehand, not timed).",
             "",
             "| practice cards | ours s | plain s | ratio | ours µs/card | ours peak MB "
             "| plain peak MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        common = ["--count", str(size), "--variants", "1", "--no-derivatives", "--seed", "1"]
        if size >= LARGE:
            common += ["--topics", LARGE_TOPICS]
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


def noise_png(size: int, seed: int) -> bytes:
    """A PNG of about ``size`` bytes of random pixels (stored: as little compressible as
    a photo), different for each seed."""
    width = 128
    height = max(1, size // (3 * width + 1))
    pixels = random.Random(seed).randbytes(height * (3 * width + 1))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels, 0)) + chunk(b"IEND", b""))


def image_deck(work: Path, name: str, count: int, size: int) -> tuple[Path, Path]:
    """Card files of ``count`` html cards, with and without an image of ``size`` bytes
    each (the images in the card files' folder, as a user keeps them)."""
    folder = work / name
    (folder / "img").mkdir(parents=True)
    with_images, without = [], []
    for k in range(count):
        (folder / "img" / f"{k}.png").write_bytes(noise_png(size, k))
        card = "  - {id: card-%d, format: html, front: 'Card %d%s', back: 'Its back'}\n"
        with_images.append(card % (k, k, f' <img src="img/{k}.png">'))
        without.append(card % (k, k, ""))
    (folder / "with.yaml").write_text("cards:\n" + "".join(with_images), encoding="utf-8")
    (folder / "without.yaml").write_text("cards:\n" + "".join(without), encoding="utf-8")
    return folder / "with.yaml", folder / "without.yaml"


def media_cost(runs: int, work: Path) -> list[str]:
    """The same cards with and without images: 200 of 50 KB (the target), and 20 of
    4 MB, where holding every file at once would show in the peak."""
    rows = []
    for count, size in ((200, 50_000), (20, 4_000_000)):
        with_images, without = image_deck(work, f"images-{count}", count, size)
        common = [PYTHON, str(ROOT / "build_deck.py"), "--seed", "1", "--no-practice",
                  "--no-derivatives"]
        out = work / f"images-{count}.apkg"
        plain, pictured = in_turn(runs, [
            ([*common, "--cards", str(without), "-o", str(out)], False),
            ([*common, "--cards", str(with_images), "-o", str(out)], False)], work)
        total = count * size / 1e6
        rows.append((count, size, total, plain, pictured, out.stat().st_size / 1e6))
    lines = ["## Cards with images",
             "",
             "`python build_deck.py --no-practice --no-derivatives --cards F` (the built-in "
             "cards and F's), where F's cards each show an image of their own (random "
             "pixels, so incompressible, as a photo), against the same F without the "
             "images.",
             "",
             "| cards | images | seconds without | seconds with | ratio | peak MB without "
             "| peak MB with | .apkg MB |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for count, size, total, plain, pictured, apkg in rows:
        each = f"{size / 1e3:g} KB" if size < 1e6 else f"{size / 1e6:g} MB"
        lines.append(f"| {count} | {count} × {each} = {total:g} MB "
                     f"| {plain[0]:.2f} | {pictured[0]:.2f} | **{pictured[0] / plain[0]:.2f}×** "
                     f"| {plain[1]:.0f} | {pictured[1]:.0f} | {apkg:.1f} |")
    return [*lines, "",
            "Targets: 200 images of 50 KB ≤ 1.5× the time without them; the peak grows by "
            "no more than one file (each is streamed into the package in 64 KB chunks), "
            "not by the images' total.", ""]


def compile_sources() -> None:
    """Bytecode for our modules, as pip writes it on install (and as genanki and sympy
    have it): otherwise, where PYTHONDONTWRITEBYTECODE is set, every run would compile
    73 modules first (65 ms here) and the comparison would not be fair."""
    for folder in ("core", "deck", "generators"):
        if not compileall.compile_dir(ROOT / folder, quiet=1):
            raise SystemExit(f"could not compile {folder}/")


SECTIONS = ("default", "variants", "practice", "showing", "media")


def replaced_section(text: str, found: list[str]) -> str:
    """RESULTS.md with the section headed as ``found`` replaced by it (or put before the
    kept part, if it is not there yet)."""
    block = "\n".join(found) + "\n"
    present = re.search(rf"^{re.escape(found[0])}\n.*?(?=^## |\Z)", text, re.S | re.M)
    if present:
        return text[:present.start()] + block + text[present.end():]
    kept = text.find(KEPT)
    return text + "\n" + block if kept < 0 else text[:kept] + block + "\n" + text[kept:]


# Where RESULTS.md's hand-kept part starts (the measurements behind choices in the code);
# a rerun writes the figures above it and keeps it.
KEPT = "## Measurements behind the code"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--sizes", default="100,1000,10000,50000",
                        help="practice-card counts, comma-separated")
    parser.add_argument("--only", nargs="+", choices=SECTIONS,
                        help="measure these sections only, and replace them in RESULTS.md")
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
        print("\n".join(lines), flush=True)
        sections = {"default": lambda: default_build(args.runs, work),
                    "variants": lambda: variants_cost(args.runs, work),
                    "practice": lambda: practice_sizes(args.runs, sizes, work),
                    "showing": lambda: showing(args.runs),
                    "media": lambda: media_cost(args.runs, work)}
        measured = []
        for name in args.only or SECTIONS:
            found = sections[name]()
            print("\n".join(found), flush=True)  # as each is measured: the whole takes minutes
            measured.append(found)
            lines += found
    results = ROOT / "bench" / "RESULTS.md"
    if args.only:
        text = re.sub(r"^Targets: default build.*$", lambda _: TARGETS,
                      results.read_text(encoding="utf-8"), count=1, flags=re.M)
        for found in measured:
            text = replaced_section(text, found)
        results.write_text(text, encoding="utf-8")
        print(f"\nUpdated {', '.join(args.only)} in {results}")
        return
    kept = results.read_text(encoding="utf-8").partition(KEPT)[1:] if results.exists() else ()
    results.write_text("\n".join(lines) + ("\n\n" + "".join(kept) if kept else "\n"),
                       encoding="utf-8")
    print(f"\nWrote {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
