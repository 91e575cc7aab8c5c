"""The baseline: a plain genanki script writing the notes of a --dump to an .apkg.

Usage: python bench/plain_genanki.py DUMP.json OUT.apkg
"""

import json
import sys

import genanki

MODEL = genanki.Model(
    1607392399, "Plain",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}])


def main(dump_path: str, out_path: str) -> None:
    with open(dump_path, encoding="utf-8") as f:
        dump = json.load(f)
    decks = {}
    for card in dump["cards"]:
        if card["deck"] not in decks:
            decks[card["deck"]] = genanki.Deck(len(decks) + 1, card["deck"])
        decks[card["deck"]].add_note(genanki.Note(
            model=MODEL, fields=[card["front"], card["back"]], guid=card["guid"],
            tags=card["tags"]))
    genanki.Package(list(decks.values())).write_to_file(out_path)


if __name__ == "__main__":
    main(*sys.argv[1:])
