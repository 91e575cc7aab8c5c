#!/usr/bin/env python3
"""Build the backprop Anki deck: ``python build_deck.py`` writes backprop.apkg."""

from __future__ import annotations

import argparse
import gc
import json
import os
import secrets
import sys
import time
from pathlib import Path

from core.atomic import write_text
from core.errors import DeckError
from core.yaml_nodes import suggest
from deck import __version__
from deck.anki_package import write
from deck.build import DEFAULT_COUNT, DIFFICULTY_CHOICES, MAX_COUNT, TOPICS, Options, build

EXIT_BAD_INPUT = 2
MAX_SEED = 2**63 - 1


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors look like every other bad input: one line, exit 2."""

    def error(self, message: str):
        raise DeckError(message.removeprefix("argument "))


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got '{text}'") from None


def count(text: str) -> int:
    value = whole_number(text)
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_COUNT:,}, got {value}")
    return value


def seed(text: str) -> int:
    value = whole_number(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 2**63 - 1, got {text}")
    return value


def difficulty(text: str) -> str:
    if text not in DIFFICULTY_CHOICES:
        raise argparse.ArgumentTypeError(
            f"must be one of {', '.join(DIFFICULTY_CHOICES)}, got '{text}'"
            f"{suggest(text, DIFFICULTY_CHOICES)}")
    return text


def topic_list(text: str) -> tuple[str, ...]:
    """Topic names, comma- or space-separated, in the registry's order."""
    names = [name for name in text.replace(",", " ").split() if name]
    if not names:
        raise argparse.ArgumentTypeError(f"name at least one of: {', '.join(TOPICS)}")
    for name in names:
        if name not in TOPICS:
            raise argparse.ArgumentTypeError(
                f"unknown topic '{name}'{suggest(name, TOPICS)}; topics: {', '.join(TOPICS)}")
    return tuple(name for name in TOPICS if name in names)


def tag_list(text: str) -> frozenset[str]:
    return frozenset(tag for tag in text.replace(",", " ").split() if tag)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = Parser(prog="build_deck.py", description=(
        "Build an Anki deck (.apkg) for learning backpropagation: the cards in "
        "cards.yaml plus freshly generated practice problems."))
    parser.add_argument("-o", "--output", default=Path("backprop.apkg"), type=Path,
                        help="where to write the deck (default: backprop.apkg)")
    parser.add_argument("--dump", type=Path, metavar="FILE",
                        help="also write every card as JSON, for tools and tests")
    parser.add_argument("--preview", type=Path, metavar="FILE.html",
                        help="also write one self-contained page showing every card, "
                             "to check the deck before importing it")
    parser.add_argument("--seed", type=seed, metavar="N",
                        help="seed for the practice problems (default: a fresh random one, "
                             "printed so the deck can be rebuilt)")
    parser.add_argument("--count", type=count, default=DEFAULT_COUNT, metavar="N",
                        help=f"how many practice cards, dealt over the topics in turn "
                             f"(default: {DEFAULT_COUNT})")
    parser.add_argument("--topics", type=topic_list, default=tuple(TOPICS), metavar="NAMES",
                        help=f"practice topics, comma-separated (default: all: "
                             f"{', '.join(TOPICS)})")
    parser.add_argument("--difficulty", type=difficulty, default="mixed",
                        help=f"practice difficulty: {', '.join(DIFFICULTY_CHOICES)} "
                             "(default: mixed)")
    parser.add_argument("--new-notes", action="store_true",
                        help="give this seed's problems their own notes, added beside earlier "
                             "ones, instead of refreshing the same practice notes")
    parser.add_argument("--no-practice", action="store_true",
                        help="leave out the generated practice problems")
    parser.add_argument("--no-derivatives", action="store_true",
                        help="leave out the sympy-derived derivative cards")
    parser.add_argument("--cards", type=Path, action="append", default=[], metavar="FILE",
                        help="your own card file (repeatable): adds cards, or replaces "
                             "built-in ones with the same id")
    parser.add_argument("--deck-name", metavar="NAME", help="name of the top-level deck")
    parser.add_argument("--include-tags", type=tag_list, default=frozenset(), metavar="TAGS",
                        help="keep only cards with one of these tags (comma-separated)")
    parser.add_argument("--exclude-tags", type=tag_list, default=frozenset(), metavar="TAGS",
                        help="leave out cards with any of these tags (comma-separated)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def check_output(path: Path, option: str) -> None:
    """Refuse before building, so a bad path costs nothing and touches nothing."""
    if path.is_dir():
        raise DeckError(f"{option}: '{path}' is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DeckError(f"{option}: folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK):
        raise DeckError(f"{option}: cannot write in folder '{folder}'")


def summary_counts(deck) -> str:
    groups, topics = deck.counts()
    counts = ", ".join(f"{n} {label}" for label, n in groups.items())
    if topics:
        practice = ", ".join(f"{n} {name}" for name, n in topics.items())
        counts = f"{counts}; practice: {practice}" if counts else f"practice: {practice}"
    return f"{len(deck.cards)} notes ({counts or 'empty'}), seed {deck.seed}"


def summary(path: Path, deck, seconds: float) -> str:
    return f"Wrote {path}: {summary_counts(deck)}, in {seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    written: list[str] = []
    try:
        args = parse_args(argv)
        outputs = {"--output": args.output, "--dump": args.dump, "--preview": args.preview}
        for option, path in outputs.items():
            if path is not None:
                check_output(path, option)
        deck = build(Options(
            seed=secrets.randbelow(1_000_000) if args.seed is None else args.seed,
            card_files=args.cards, deck_name=args.deck_name, count=args.count,
            difficulty=args.difficulty, topics=args.topics, practice=not args.no_practice,
            derivatives=not args.no_derivatives,
            new_notes=args.new_notes, include_tags=args.include_tags,
            exclude_tags=args.exclude_tags))
        writers = {"--output": lambda path: write(deck.cards, deck.name, path)}
        if args.dump:
            dump = json.dumps(deck.to_dump(), ensure_ascii=False, indent=1) + "\n"
            writers["--dump"] = lambda path: write_text(path, dump)
        if args.preview:
            from deck.preview import page

            html = page(deck.cards, deck.name, summary_counts(deck))
            writers["--preview"] = lambda path: write_text(path, html)
        for option, write_file in writers.items():
            try:
                write_file(outputs[option])
            except OSError as exc:
                raise DeckError(f"{option}: cannot write '{outputs[option]}': "
                                f"{exc.strerror or exc}") from None
            written.append(str(outputs[option]))
    except DeckError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        done = f"wrote only {', '.join(written)}" if written else "no files written"
        print(f"interrupted; {done}", file=sys.stderr)
        return 130
    print(summary(args.output, deck, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    # A build allocates millions of small objects and frees almost no cycles: collecting
    # less often saves a fifth of a large build (10,000 cards: 2.5 s to 2.0 s).
    gc.set_threshold(100_000, 50, 100)
    sys.exit(main())
