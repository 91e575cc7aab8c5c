"""Load and validate a card file (cards.yaml or a user's own) into plain specs.

Every problem is reported as ``FILE:LINE:COL: card 'ID': what is wrong``. A CSV or TSV
file (deck/table_file.py) is read into the same YAML nodes, each cell at its own line
and column, and validated here, so every rule holds for it too.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from backprop_deck.core import cloze
from backprop_deck.core import yaml_nodes as yn
from backprop_deck.core.errors import DeckError
from backprop_deck.core.quote import quote
from backprop_deck.core.yaml_nodes import suggest
from backprop_deck.generators.network import yaml_spec as network_yaml
from backprop_deck.generators.network.yaml_spec import NetworkSpec

from . import field_html, markdown, media

TOP_KEYS = ("deck", "description", "cards", "networks")
CARD_KEYS = ("id", "front", "back", "extra", "tags", "deck", "format", "figure", "type",
             "text", "reverse", "guid")
CARD_REQUIRED = ("id", "front", "back")
# A card's ``type:``, the note type it asks of Anki (a basic card may add reverse: true).
CARD_TYPES = ("basic", "cloze")
FORMATS = field_html.FORMATS
# The fields that may name an image or a sound file (deck/media.py).
MEDIA_FIELDS = ("front", "back", "extra", "text")
# Matched whole (fullmatch): "$" would also match before a final newline ("abc\n").
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
TAG_PATTERN = re.compile(r"\S+")
# A GUID as Anki's notes export writes it (base 91, ten characters), or another tool's
# (a UUID): printable, no spaces.
GUID_PATTERN = re.compile(r"[!-~]{1,100}")


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Figure:
    """A card's ``figure:``, the id of a network; checked once every file is read
    (a card may show a network of another file), so it keeps where it was written."""

    network: str
    origin: Origin


@dataclass(frozen=True)
class StaticSpec:
    id: str
    front: str
    back: str
    origin: Origin
    extra: str = ""
    tags: tuple[str, ...] | None = None  # None: not set (a replacement keeps the old)
    deck: str | None = None  # the subdeck; None: not set
    format: str = "text"
    figure: Figure | None = None  # a network of the card files, drawn on the front
    type: str = "basic"  # or "cloze": then ``text`` holds the deletions, front/back ""
    text: str = ""
    reverse: bool = False  # a basic card's second card, asked from the back
    media: tuple[field_html.Use, ...] = ()  # the files its fields name, checked
    guid: str | None = None  # the note's GUID in Anki (from its notes export); None: the id's


@dataclass(frozen=True)
class Description:
    """A file's ``description:``: its deck's description in Anki, plain text."""

    text: str
    origin: Origin


@dataclass
class CardsFile:
    path: str
    deck: str | None = None
    cards: list[StaticSpec] = field(default_factory=list)
    networks: list[NetworkSpec] = field(default_factory=list)
    description: Description | None = None
    # A card's deck: is a deck's full name, not a subdeck of the file's deck (Anki's notes
    # export names each note's deck in full).
    full_decks: bool = False


def load(path: str | Path) -> CardsFile:
    """Read and validate one card file; raises DeckError on any problem.

    Only a regular file is read (a FIFO or /dev/zero would never end), and at most one
    byte more than the size limit.
    """
    from . import table_file  # it reads a table into this module's nodes: imported late

    name = str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DeckError("is a folder, not a card file", name)
        if not stat.S_ISREG(mode):
            raise DeckError("is not a regular file (a device or a pipe never ends)", name)
        with open(path, "rb") as source:
            data = source.read(yn.MAX_BYTES + 1)
    except FileNotFoundError:
        raise DeckError("no such file", name) from None
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", name) from None
    if len(data) > yn.MAX_BYTES:
        raise DeckError(f"file is larger than {yn.MAX_BYTES // 1_000_000} MB", name, 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError(table_file.NOT_UTF8 if table_file.is_table(name)
                        else "not UTF-8 text (is this a binary file?)",
                        name, line, column) from None
    if table_file.is_table(name):
        return table_file.parse(text, name)
    return parse(text, name)


def parse(text: str, path: str) -> CardsFile:
    root = yn.compose(text, path)
    if root is None:
        raise DeckError("file is empty; expected a mapping with a 'cards' list", path, 1, 1)
    return read(yn.Located(path), root)


def read(loc: yn.Located, root: yaml.Node) -> CardsFile:
    """The card file a tree of YAML nodes holds (a YAML file's, or a table's rows)."""
    path = loc.path
    top = yn.mapping(loc, root, "the file", TOP_KEYS)
    if "cards" not in top and "networks" not in top:
        raise loc.error(root, "the file needs a 'cards' list (or a 'networks' list)")
    result = CardsFile(path=path)
    if "deck" in top:
        result.deck = _deck_name(loc, top["deck"][1], "deck")
    if "description" in top:
        node = top["description"][1]
        result.description = Description(yn.string(loc, node, "description"),
                                          _origin(loc, node))
    seen: dict[str, Origin] = {}
    guids: dict[str, StaticSpec] = {}
    if "cards" in top:
        for node in yn.sequence(loc, top["cards"][1], "cards"):
            card = _static(loc, node)
            if card.guid in guids:
                first = guids[card.guid]
                raise loc.error(node, f"card {quote(card.id)}: GUID {quote(card.guid)} is used "
                                      f"already on line {first.origin.line} (card "
                                      f"{quote(first.id)}): one GUID, one note")
            if card.guid is not None:
                guids[card.guid] = card
            _check_unique(loc, node, card.id, card.origin, seen, "card")
            result.cards.append(card)
    if "networks" in top:
        for node in yn.sequence(loc, top["networks"][1], "networks"):
            net = _network(loc, node)
            _check_unique(loc, node, net.id, _origin(loc, node), seen, "network")
            result.networks.append(net)
    return result


def _check_unique(loc, node, ident, origin, seen, what):
    if ident in seen:
        raise loc.error(node, f"{what} {quote(ident)}: id already used on line "
                              f"{seen[ident].line}")
    seen[ident] = origin


def _origin(loc: yn.Located, node: yaml.Node) -> Origin:
    return Origin(loc.path, node.start_mark.line + 1, node.start_mark.column + 1)


def _ident(loc, fields, node, what) -> str:
    """The id first, so later messages can name the card."""
    if "id" not in fields:
        raise loc.error(node, f"{what} without 'id': every {what} needs a stable id")
    ident = yn.string(loc, fields["id"][1], f"{what} id")
    if not ID_PATTERN.fullmatch(ident):
        raise loc.error(fields["id"][1], f"{what} {quote(ident)}: id must be lowercase "
                                         "letters, digits, '-' or '_' (a stable slug)")
    return ident


def _entry(loc: yn.Located, node: yaml.Node, kind: str, allowed: tuple[str, ...],
           required: tuple[str, ...]) -> tuple[dict, str, str]:
    """A card's or network's fields, id, and the name messages call it by."""
    fields = yn.mapping(loc, node, kind)
    ident = _ident(loc, fields, node, kind)
    what = f"{kind} '{ident}'"
    yn.known_keys(loc, fields, what, allowed)
    for key in required:
        if key not in fields:
            raise loc.error(node, f"{what}: missing '{key}'")
    return fields, ident, what


def _placement(loc: yn.Located, fields: dict, what: str) -> dict:
    """The optional tags and subdeck that cards and networks share."""
    values = {}
    if "tags" in fields:
        values["tags"] = _tags(loc, fields["tags"][1], what)
    if "deck" in fields:
        values["deck"] = _deck_name(loc, fields["deck"][1], f"{what}: 'deck'")
    return values


def _static(loc: yn.Located, node: yaml.Node) -> StaticSpec:
    fields, ident, what = _entry(loc, node, "card", CARD_KEYS, ("id",))
    kind = _card_type(loc, fields, what)
    fmt = "text"
    if "format" in fields:
        fmt = yn.string(loc, fields["format"][1], f"{what}: 'format'")
        if fmt not in FORMATS:
            raise loc.error(fields["format"][1],
                            f"{what}: 'format' must be 'text', 'html' or 'markdown', got "
                            f"{quote(fmt)}")
    values = _kind_values(loc, node, fields, what, kind, fmt)
    values.update({key: _text(loc, fields[key][1], f"{what}: '{key}'", fmt)
                   for key in ("front", "back", "extra") if key in fields})
    for key in ("front", "back", "extra"):
        if key in fields:
            _no_deletion(loc, fields[key][1], values[key], f"{what}: '{key}'", kind)
    values.update(_placement(loc, fields, what))
    values["media"] = _media(loc, fields, what, fmt)
    if "figure" in fields:
        figure = fields["figure"][1]
        values["figure"] = Figure(yn.string(loc, figure, f"{what}: 'figure'"),
                                  _origin(loc, figure))
    if "guid" in fields:
        values["guid"] = _guid(loc, fields["guid"][1], what)
    return StaticSpec(id=ident, origin=_origin(loc, node), format=fmt, **values)


def _card_type(loc, fields, what) -> str:
    if "type" not in fields:
        return "basic"
    value = fields["type"][1]
    kind = yn.string(loc, value, f"{what}: 'type'")
    if kind not in CARD_TYPES:
        hint = (" (a second card asked from the back is reverse: true)"
                if kind in ("reverse", "reversed", "both", "both-ways")
                else suggest(kind, CARD_TYPES))
        raise loc.error(value, f"{what}: 'type' must be 'basic' or 'cloze', got {quote(kind)}"
                               f"{hint}")
    return kind


def _kind_values(loc, node, fields, what, kind, fmt) -> dict:
    """What a cloze card (``text``) or a basic one (``reverse``) adds, each refused on
    the other kind; and the keys each kind needs."""
    values: dict = {"type": kind}
    if kind == "cloze":
        for key, why in (("front", "its 'text' holds the sentence and its deletions"),
                         ("back", "its answer is its 'text' with the deletion shown, and "
                                  "'extra' under it"),
                         ("reverse", "Anki makes it one card per deletion")):
            if key in fields:
                raise loc.error(fields[key][0], f"{what}: a cloze card has no {quote(key)}: "
                                                f"{why}")
        if "text" not in fields:
            raise loc.error(node, f"{what}: missing 'text' (the sentence, with what to hide "
                                  "marked {{c1::…}})")
        text = fields["text"][1]
        if isinstance(text, yaml.MappingNode) and text.flow_style:
            raise loc.error(text, f"{what}: 'text' starts with '{{', which YAML reads as a "
                                  "mapping; put the text in quotes: text: '{{c1::…}} …'")
        values["text"] = _text(loc, text, f"{what}: 'text'", fmt,
                               lambda value: cloze_problem(value, fmt))
        values.update(front="", back="")
        return values
    if "text" in fields:
        raise loc.error(fields["text"][0], f"{what}: 'text' is for type: cloze; a basic card "
                                           "has 'front' and 'back'")
    if "reverse" in fields:
        flag = fields["reverse"][1]
        reverse = yn.scalar(loc, flag) if isinstance(flag, yaml.ScalarNode) else None
        if not isinstance(reverse, bool):
            raise loc.error(flag, f"{what}: 'reverse' must be true or false, got "
                                  f"{yn.describe(flag)}")
        values["reverse"] = reverse
    for key in CARD_REQUIRED:
        if key not in fields:
            raise loc.error(node, f"{what}: missing '{key}'")
    return values


def cloze_problem(text: str, fmt: str) -> str | None:
    """A cloze text's problem; Markdown's is also looked for in the HTML it becomes, where
    ``{{c1::a *b}} c*`` would cut the <em> in two."""
    found = cloze.problem(text, html=fmt == "html")
    if found is None and fmt == "markdown":
        cut = cloze.cut_element(markdown.to_html(text))
        return cut and f"{cut} (in Markdown: the marks such as *…*, **…** or `…`)"
    return found


def _no_deletion(loc, node, text: str, what: str, kind: str) -> None:
    """``{{c1::`` outside a cloze card's text would show as typed, braces and all."""
    opening = cloze.first_opening(text)
    if opening is None:
        return
    if kind == "cloze":
        raise loc.error(node, f"{what}: has the cloze deletion {quote(opening)}, which only "
                              "'text' hides; move it into 'text'")
    raise loc.error(node, f"{what}: has the cloze deletion {quote(opening)}, which a basic "
                          "card shows as typed; use type: cloze and put the sentence in 'text'")


def _text(loc, node, what, fmt: str, first=None) -> str:
    """``first``: a check of the text's own kind, made before the others (a cloze's
    deletions: a misplaced one makes the maths look broken too)."""
    text = yn.string(loc, node, what)
    problem = (first(text) if first else None) or field_html.problem(text, fmt)
    if problem:
        raise loc.error(node, f"{what}: {problem}")
    return text


def _media(loc, fields, what, fmt: str) -> tuple[field_html.Use, ...]:
    """The files the card's (checked) fields name, each checked where the card file is;
    a refusal points at the field that names the file."""
    folder = Path(loc.path).parent
    uses = []
    for key in MEDIA_FIELDS:
        if key not in fields:
            continue
        node = fields[key][1]
        for written, sound, _ in field_html.references(node.value, fmt):
            try:
                file = media.checked(folder, written, sound)
            except media.MediaProblem as exc:
                raise loc.error(node, f"{what}: '{key}': {exc}") from None
            origin = _origin(loc, node)
            uses.append(field_html.Use(written, sound, replace(
                file, origin=(origin.path, origin.line, origin.column))))
    return tuple(uses)


def _guid(loc, node, what) -> str:
    guid = yn.string(loc, node, f"{what}: 'guid'")
    if not GUID_PATTERN.fullmatch(guid):
        raise loc.error(node, f"{what}: 'guid' {quote(guid)} must be printable ASCII without "
                              "spaces, at most 100 characters (as Anki writes a note's GUID)")
    return guid


def _tags(loc, node, what) -> tuple[str, ...]:
    tags = []
    for item in yn.sequence(loc, node, f"{what}: 'tags'"):
        tag = yn.string(loc, item, f"{what}: each tag")
        if not TAG_PATTERN.fullmatch(tag):
            raise loc.error(item, f"{what}: tag {quote(tag)} must be one word "
                                  "(Anki tags have no spaces)")
        if "" in tag.split("::"):
            raise loc.error(item, f"{what}: tag {quote(tag)} has an empty part (between "
                                  "'::', or at an end); Anki would rename that part 'blank'")
        tags.append(tag)
    return tuple(tags)


def deck_name(name: str) -> str:
    """A deck name as Anki takes it: parts joined by '::', each part neither empty nor
    holding a control character (newline, tab). Raises ValueError with the reason."""
    if any(not ch.isprintable() for ch in name):
        raise ValueError(f"{quote(name)} has a control character (a newline or tab)")
    parts = [part.strip() for part in name.strip().split("::")]
    if any(not part for part in parts):
        raise ValueError(f"{quote(name)} has an empty part (between '::', or all blank)")
    return "::".join(parts)


def _deck_name(loc, node, what) -> str:
    try:
        return deck_name(yn.string(loc, node, what))
    except ValueError as exc:
        raise loc.error(node, f"{what}: {exc}") from None


def _network(loc: yn.Located, node: yaml.Node) -> NetworkSpec:
    fields, ident, what = _entry(loc, node, "network", ("id", *network_yaml.KEYS, "tags", "deck"),
                                 ("id", *network_yaml.REQUIRED))
    network, asks, title = network_yaml.parse_network(loc, fields, what)
    return NetworkSpec(id=ident, network=network, asks=asks, title=title,
                       **_placement(loc, fields, what))
