#!/usr/bin/env python3
"""Build the backprop Anki deck: ``python build_deck.py`` writes backprop.apkg."""

from __future__ import annotations

from backprop_deck.core import lifetime

if __name__ == "__main__":
    lifetime.begin()  # a signal or a lack of memory while the rest loads: one line

import argparse
import gc
import os
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from backprop_deck import __version__
from backprop_deck.core.errors import DeckError, SettingError
from backprop_deck.core.memory import MESSAGE as OUT_OF_MEMORY
from backprop_deck.core.memory import out_of_memory
from backprop_deck.core.quote import quote
from backprop_deck.core.signals import Terminated, signal_of, stop_raising, stopped_line
from backprop_deck.core.yaml_nodes import suggest
from backprop_deck.deck.build import (
    BUILTIN_CARDS,
    DEFAULT_COUNT,
    DEFAULT_VARIANTS,
    DIFFICULTY_CHOICES,
    MAX_COUNT,
    MAX_VARIANTS,
    TOPICS,
    Options,
    build,
)
from backprop_deck.deck.cards_file import deck_name
from backprop_deck.deck.outputs import Commit
from backprop_deck.deck.writing import Outputs, Written

EXIT_BAD_INPUT = 2
DEFAULT_OUTPUT = "backprop.apkg"
MAX_SEED = 2**63 - 1
# The option that gave each of the library's settings (core.errors.SettingError).
OPTIONS = {"apkg": "--output", "dump": "--dump", "preview": "--preview",
           "collection": "--into", "count": "--count", "variants": "--variants",
           "include_tags": "--include-tags", "exclude_tags": "--exclude-tags"}


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors look like every other bad input: one line, exit 2."""

    def error(self, message: str):
        unknown = re.match(r"unrecognized arguments: ([^\s=]+)", message)
        if unknown and unknown[1].startswith("-"):
            options = [o for action in self._actions for o in action.option_strings]
            started = [o for o in options if o.startswith(unknown[1])]  # an abbreviation
            near = (f" (did you mean {' or '.join(map(quote, started))}?)" if started
                    else suggest(unknown[1], options))
            raise DeckError(f"unknown option {quote(unknown[1])}{near}")
        if unknown:
            raise DeckError(f"unexpected argument {quote(unknown[1])}: every argument is an "
                            "option (see --help)")
        raise DeckError(message.removeprefix("argument "))


def whole_number(text: str) -> int:
    """Digits, with a sign if need be: not " 1", "1\n" or "1_000", which int() takes."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise argparse.ArgumentTypeError(f"must be a whole number, got {quote(text)}")
    return int(text)


def count(text: str) -> int:
    value = whole_number(text)
    if not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_COUNT:,}, got {value}")
    return value


def variants(text: str) -> int:
    value = whole_number(text)
    if not 1 <= value <= MAX_VARIANTS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_VARIANTS}, got {value}")
    return value


def seed(text: str) -> int:
    value = whole_number(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 0 to 2**63 - 1, got {quote(text)}")
    return value


def difficulty(text: str) -> str:
    if text not in DIFFICULTY_CHOICES:
        raise argparse.ArgumentTypeError(
            f"must be one of {', '.join(DIFFICULTY_CHOICES)}, got {quote(text)}"
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
                f"unknown topic {quote(name)}{suggest(name, TOPICS)}; topics: {', '.join(TOPICS)}")
    return tuple(name for name in TOPICS if name in names)


def deck_name_option(text: str) -> str:
    try:
        return deck_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def tag_list(text: str) -> frozenset[str]:
    return frozenset(tag for tag in text.replace(",", " ").split() if tag)


def parse_args(argv: list[str] | None, prog: str = "build_deck.py") -> argparse.Namespace:
    parser = Parser(prog=prog, allow_abbrev=False, description=(
        "Build an Anki deck (.apkg) for learning backpropagation: the cards in "
        "cards.yaml plus freshly generated practice problems."))
    parser.add_argument("-o", "--output",
                        help="where to write the deck (default: backprop.apkg, unless only "
                             "--into, --dump or --preview is asked for)")
    parser.add_argument("--into", metavar="COLLECTION",
                        help="write the deck straight into an Anki collection "
                             "(collection.anki2, with Anki closed), as File > Import does: "
                             "changed notes updated, new ones added, review history kept")
    parser.add_argument("--dump", metavar="FILE",
                        help="also write every card as JSON, for tools and tests")
    parser.add_argument("--preview", metavar="FILE.html",
                        help="also write one self-contained page showing every card, "
                             "to check the deck before importing it")
    parser.add_argument("--seed", type=seed, metavar="N",
                        help="seed for the practice problems (default: a fresh random one, "
                             "printed so the deck can be rebuilt)")
    parser.add_argument("--count", type=count, default=DEFAULT_COUNT, metavar="N",
                        help=f"how many practice cards, dealt over the topics in turn "
                             f"(default: {DEFAULT_COUNT})")
    parser.add_argument("--variants", type=variants, default=DEFAULT_VARIANTS, metavar="K",
                        help=f"problems per practice note: the card shows another one at "
                             f"each review (default: {DEFAULT_VARIANTS}; 1: the same numbers "
                             "every time)")
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
                        help="your own card file (repeatable): YAML, or a .csv/.tsv table "
                             "with a header row, or Anki's notes export (.txt); adds cards, "
                             "or replaces built-in ones with the same id")
    parser.add_argument("--deck-name", type=deck_name_option, metavar="NAME",
                        help="name of the top-level deck ('A::B' for a deck inside another)")
    parser.add_argument("--include-tags", type=tag_list, default=frozenset(), metavar="TAGS",
                        help="keep only cards with one of these tags, or a tag under one "
                             "(ml keeps ml::backprop, as Anki's tag:ml); comma-separated")
    parser.add_argument("--exclude-tags", type=tag_list, default=frozenset(), metavar="TAGS",
                        help="leave out cards with any of these tags, or a tag under one; "
                             "comma-separated")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def summary(written: Written, deck, seconds: float) -> str:
    """Names the deck file and the collection written into, or else says that no deck
    was written (and how to write one)."""
    places = [t.given for t in written.targets if t.setting == "apkg"]
    if written.imported is not None:
        places.append(f"into {written.collection} ({written.imported})")
    if not places:
        first = written.targets[0]
        where = "standard output" if first.kind == "stdout" else first.given
        places.append(f"{where} (no deck: -o FILE --seed {deck.seed} writes one with these "
                      "cards)")
    return f"Wrote {' and '.join(places)}: {deck.summary()}, in {seconds:.2f} s"


def message(error: DeckError) -> str:
    """The error's one line: a setting's, prefixed with the option that gave it."""
    if not isinstance(error, SettingError):
        return str(error)
    settings = error.setting if isinstance(error.setting, tuple) else (error.setting,)
    return f"{'/'.join(OPTIONS[s] for s in settings)}: {error}"


def main(argv: list[str] | None = None, prog: str = "build_deck.py") -> int:
    """Build and write what the arguments ask for; say one line (the summary, or what
    went wrong) and return the exit status."""
    started = time.perf_counter()
    commit = Commit()
    try:
        try:
            deck, written = build_and_write(argv, prog, commit)
            line = summary(written, deck, time.perf_counter() - started)
        except DeckError as exc:
            return last_word(message(exc), EXIT_BAD_INPUT)
        except Exception as exc:
            if not out_of_memory(exc):
                raise
            return last_word(f"{OUT_OF_MEMORY}; {_what_was_written(commit)}", EXIT_BAD_INPUT)
        # When an output goes to standard output, the summary must not mix into it.
        return last_word(line, 0, sys.stderr if any(t.kind == "stdout" for t in
                                                    written.targets) else sys.stdout)
    except (KeyboardInterrupt, Terminated) as stop:  # the first signal, wherever it came
        signum = signal_of(stop)
        return last_word(stopped_line(signum, _what_was_written(commit)), 128 + signum)


def last_word(line: str, code: int, stream=None) -> int:
    """Says ``line``; a signal from now on only changes the exit status (see
    core.lifetime), it does not cut the line or add a traceback."""
    stop_raising()
    lifetime.say(line, stream)
    return code


def build_and_write(argv: list[str] | None, prog: str, commit: Commit):
    """Everything the command does before its last word: the deck, and what was written."""
    args = parse_args(argv, prog)
    _check_working_folder()
    if args.output is None and not (args.dump or args.preview or args.into):
        args.output = DEFAULT_OUTPUT  # a look at the cards never replaces the deck
    outputs = Outputs(apkg=args.output, dump=args.dump, preview=args.preview,
                      collection=args.into, card_files=[BUILTIN_CARDS, *args.cards])
    deck = build(Options(
        seed=args.seed, card_files=args.cards, deck_name=args.deck_name, count=args.count,
        variants=args.variants, difficulty=args.difficulty, topics=args.topics,
        practice=not args.no_practice, derivatives=not args.no_derivatives,
        new_notes=args.new_notes, include_tags=args.include_tags,
        exclude_tags=args.exclude_tags))
    return deck, outputs.write(deck, commit)


def _check_working_folder() -> None:
    """Relative names (the default backprop.apkg among them) need a current folder."""
    try:
        os.getcwd()
    except FileNotFoundError:
        raise DeckError("the current folder no longer exists (was it deleted?); cd into "
                        "one that does, then run again") from None


def _what_was_written(commit: Commit) -> str:
    """A signal comes before the outputs are put in place, or (held until then) after."""
    return "every file had been written" if commit.written else "no files written"


def run(prog: str) -> NoReturn:
    """The command as a process: its life from ``lifetime.begin`` (already begun when
    run as a script) to its exit status, whatever comes."""
    lifetime.begin()
    # A build allocates millions of small objects that live to its end, and frees almost
    # no cycles: without the cycle collector peak memory is the same, and no time goes
    # to scanning live objects (bench/RESULTS.md).
    gc.disable()
    try:
        code = main(prog=prog)
    except SystemExit as done:  # --help and --version
        code = done.code if isinstance(done.code, int) else 1
    lifetime.end(code)


if __name__ == "__main__":
    run("build_deck.py")
