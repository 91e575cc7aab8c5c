"""Load and validate a card file (cards.yaml or a user's own) into plain specs.

Every problem is reported as ``FILE:LINE:COL: card 'ID': what is wrong``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generators.activations import ACTIVATIONS
from generators.backprop import Ask, Network
from generators.naming import default_names, parse_ask

from . import yaml_nodes as yn
from .errors import DeckError
from .tex_check import tex_problem

TOP_KEYS = ("deck", "cards", "networks")
CARD_KEYS = ("id", "front", "back", "extra", "tags", "deck", "format")
CARD_REQUIRED = ("id", "front", "back")
NETWORK_KEYS = ("id", "layers", "activations", "inputs", "targets", "weights", "biases",
                "learning_rate", "ask", "tags", "deck")
NETWORK_REQUIRED = ("id", "layers", "activations", "inputs", "targets", "weights", "biases",
                    "learning_rate")
FORMATS = ("text", "html")
DEFAULT_ASK = ("output o1", "loss")
MAX_LAYER_SIZE = 8
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TAG_PATTERN = re.compile(r"^\S+$")


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class StaticSpec:
    id: str
    front: str
    back: str
    origin: Origin
    extra: str = ""
    tags: tuple[str, ...] = ()
    deck: str = ""
    format: str = "text"


@dataclass(frozen=True)
class NetworkSpec:
    id: str
    network: Network
    asks: tuple[Ask, ...]
    origin: Origin
    tags: tuple[str, ...] = ()
    deck: str = ""


@dataclass
class CardsFile:
    path: str
    deck: str | None = None
    cards: list[StaticSpec] = field(default_factory=list)
    networks: list[NetworkSpec] = field(default_factory=list)


def load(path: str | Path) -> CardsFile:
    """Read and validate one card file; raises DeckError on any problem."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DeckError("no such file", name) from None
    except IsADirectoryError:
        raise DeckError("is a folder, not a card file", name) from None
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", name) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError("not UTF-8 text (is this a binary file?)", name, line, column) from None
    return parse(text, name)


def parse(text: str, path: str) -> CardsFile:
    loc = yn.Located(path)
    root = yn.compose(text, path)
    if root is None:
        raise DeckError("file is empty; expected a mapping with a 'cards' list", path, 1, 1)
    top = yn.mapping(loc, root, "the file", TOP_KEYS)
    if "cards" not in top and "networks" not in top:
        raise loc.error(root, "the file needs a 'cards' list (or a 'networks' list)")
    result = CardsFile(path=path)
    if "deck" in top:
        result.deck = _deck_name(loc, top["deck"][1], "deck")
    seen: dict[str, Origin] = {}
    if "cards" in top:
        for node in yn.sequence(loc, top["cards"][1], "cards"):
            card = _static(loc, node)
            _check_unique(loc, node, card.id, card.origin, seen, "card")
            result.cards.append(card)
    if "networks" in top:
        for node in yn.sequence(loc, top["networks"][1], "networks"):
            net = _network(loc, node)
            _check_unique(loc, node, net.id, net.origin, seen, "network")
            result.networks.append(net)
    return result


def _check_unique(loc, node, ident, origin, seen, what):
    if ident in seen:
        raise loc.error(node, f"{what} '{ident}': id already used on line {seen[ident].line}")
    seen[ident] = origin


def _origin(loc: yn.Located, node: yaml.Node) -> Origin:
    return Origin(loc.path, node.start_mark.line + 1, node.start_mark.column + 1)


def _ident(loc, fields, node, what) -> str:
    """The id first, so later messages can name the card."""
    if "id" not in fields:
        raise loc.error(node, f"{what} without 'id': every {what} needs a stable id")
    ident = yn.string(loc, fields["id"][1], f"{what} id")
    if not ID_PATTERN.match(ident):
        raise loc.error(fields["id"][1], f"{what} '{ident}': id must be lowercase letters, "
                                         "digits, '-' or '_' (a stable slug)")
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
    fields, ident, what = _entry(loc, node, "card", CARD_KEYS, CARD_REQUIRED)
    values = {key: _text(loc, fields[key][1], f"{what}: '{key}'")
              for key in ("front", "back", "extra") if key in fields}
    values.update(_placement(loc, fields, what))
    if "format" in fields:
        fmt = yn.string(loc, fields["format"][1], f"{what}: 'format'")
        if fmt not in FORMATS:
            raise loc.error(fields["format"][1],
                            f"{what}: 'format' must be 'text' or 'html', got '{fmt}'")
        values["format"] = fmt
    return StaticSpec(id=ident, origin=_origin(loc, node), **values)


def _text(loc, node, what) -> str:
    text = yn.string(loc, node, what)
    problem = tex_problem(text)
    if problem:
        raise loc.error(node, f"{what}: {problem}")
    return text


def _tags(loc, node, what) -> tuple[str, ...]:
    tags = []
    for item in yn.sequence(loc, node, f"{what}: 'tags'"):
        tag = yn.string(loc, item, f"{what}: each tag")
        if not TAG_PATTERN.match(tag):
            raise loc.error(item, f"{what}: tag '{tag}' must be one word "
                                  "(Anki tags have no spaces)")
        tags.append(tag)
    return tuple(tags)


def _deck_name(loc, node, what) -> str:
    name = yn.string(loc, node, what).strip()
    if any(not part.strip() for part in name.split("::")):
        raise loc.error(node, f"{what}: '{name}' has an empty part between '::'")
    return "::".join(part.strip() for part in name.split("::"))


def _network(loc: yn.Located, node: yaml.Node) -> NetworkSpec:
    fields, ident, what = _entry(loc, node, "network", NETWORK_KEYS, NETWORK_REQUIRED)

    layers_node = fields["layers"][1]
    layers = []
    for item in yn.sequence(loc, layers_node, f"{what}: 'layers'"):
        size = yn.scalar(loc, item)
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_LAYER_SIZE:
            raise loc.error(item, f"{what}: each layer size must be a whole number "
                                  f"from 1 to {MAX_LAYER_SIZE}")
        layers.append(size)
    if len(layers) < 2:
        raise loc.error(layers_node,
                        f"{what}: 'layers' needs at least an input and an output layer")

    act_node = fields["activations"][1]
    activations = []
    for item in yn.sequence(loc, act_node, f"{what}: 'activations'"):
        name = yn.string(loc, item, f"{what}: activation")
        if name not in ACTIVATIONS:
            raise loc.error(item, f"{what}: unknown activation '{name}'"
                                  f"{yn.suggest(name, ACTIVATIONS)}")
        activations.append(name)
    if len(activations) != len(layers) - 1:
        raise loc.error(act_node, f"{what}: 'activations' needs {len(layers) - 1} entries "
                                  f"(one per layer after the input), got {len(activations)}")

    inputs = _vector(loc, fields["inputs"][1], layers[0], f"{what}: 'inputs'")
    targets = _vector(loc, fields["targets"][1], layers[-1], f"{what}: 'targets'")
    weights_node = fields["weights"][1]
    weight_layers = yn.sequence(loc, weights_node, f"{what}: 'weights'")
    _expect_length(loc, weights_node, weight_layers, len(layers) - 1, f"{what}: 'weights'",
                   "layers of weights")
    weights = []
    for l, layer_node in enumerate(weight_layers):
        rows = yn.sequence(loc, layer_node, f"{what}: 'weights[{l}]'")
        _expect_length(loc, layer_node, rows, layers[l + 1], f"{what}: 'weights[{l}]'",
                       f"rows (one per unit of layer {l + 1})")
        weights.append(tuple(_vector(loc, row, layers[l], f"{what}: 'weights[{l}][{j}]'")
                             for j, row in enumerate(rows)))
    biases_node = fields["biases"][1]
    bias_layers = yn.sequence(loc, biases_node, f"{what}: 'biases'")
    _expect_length(loc, biases_node, bias_layers, len(layers) - 1, f"{what}: 'biases'",
                   "layers of biases")
    biases = [_vector(loc, b, layers[l + 1], f"{what}: 'biases[{l}]'")
              for l, b in enumerate(bias_layers)]
    rate_node = fields["learning_rate"][1]
    rate = yn.number(loc, rate_node, f"{what}: 'learning_rate'")
    if rate <= 0:
        raise loc.error(rate_node, f"{what}: 'learning_rate' must be positive, got {rate:g}")

    network = Network(tuple(layers), tuple(activations), tuple(weights), tuple(biases),
                      inputs, targets, rate)
    names = default_names(network.layers)
    asks = []
    ask_items = yn.sequence(loc, fields["ask"][1], f"{what}: 'ask'") if "ask" in fields else []
    for item in ask_items:
        text = yn.string(loc, item, f"{what}: each 'ask'")
        try:
            ask = parse_ask(text, names)
        except ValueError as exc:
            raise loc.error(item, f"{what}: {exc}") from None
        if ask in asks:  # one card per question: the id (and GUID) come from it
            raise loc.error(item, f"{what}: '{' '.join(text.split())}' is asked twice")
        asks.append(ask)
    if not ask_items:
        asks = [parse_ask(text, names) for text in DEFAULT_ASK]
    return NetworkSpec(id=ident, network=network, asks=tuple(asks),
                       origin=_origin(loc, node), **_placement(loc, fields, what))


def _expect_length(loc, node, items, size, what, unit):
    if len(items) != size:
        raise loc.error(node, f"{what} must have {size} {unit}, got {len(items)}")


def _vector(loc, node, size, what) -> tuple[float, ...]:
    items = yn.sequence(loc, node, what)
    _expect_length(loc, node, items, size, what, "numbers")
    return tuple(yn.number(loc, item, what) for item in items)
