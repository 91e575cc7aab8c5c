"""Networks written in YAML (like the lecture example): validated here, where networks
live, and turned into cards. The YAML reader below only knows positions and messages."""

from __future__ import annotations

import math
from dataclasses import dataclass

import yaml

from backprop_deck.core import yaml_nodes as yn
from backprop_deck.core.card import Card, network_guid
from backprop_deck.core.carry import exact, four_figures
from backprop_deck.core.quote import quote

from ..activations import ACTIVATIONS
from ..practice_note import practice_card
from . import TOPIC
from .card import ask_slug
from .maths import QUANTITIES, Ask, Network, Problem, solve
from .naming import Names, default_names

KEYS = ("layers", "activations", "inputs", "targets", "weights", "biases", "learning_rate",
        "ask", "title")
REQUIRED = ("layers", "activations", "inputs", "targets", "weights", "biases",
            "learning_rate")
DEFAULT_ASK = ("output o1", "loss")
MAX_LAYER_SIZE = 8
MAX_GIVEN = 1_000_000  # a worked example's numbers, in size
MAX_COMPUTED = 1e12  # and every value its questions compute


@dataclass(frozen=True)
class NetworkSpec:
    id: str
    network: Network
    asks: tuple[Ask, ...]
    title: str = ""
    tags: tuple[str, ...] | None = None  # None: not set (a replacement keeps the old)
    deck: str | None = None  # the subdeck; None: not set


def parameters(names: Names) -> dict[str, Ask]:
    """Every nameable parameter, as the gradient question about it."""
    found = {}
    for l, layer in enumerate(names.weights):
        for j, row in enumerate(layer):
            for i, name in enumerate(row):
                found[name] = Ask("gradient", "weight", l, j, i)
    for l, layer in enumerate(names.biases):
        for j, name in enumerate(layer):
            found[name] = Ask("gradient", "bias", l, j)
    return found


def parse_ask(text: str, names: Names) -> Ask:
    """Read "loss", "output o1", "gradient w5", "updated b2" into an Ask."""
    words = text.split()
    if not words or words[0] not in QUANTITIES:
        raise ValueError(f"{quote(text)} must start with one of: {', '.join(QUANTITIES)}")
    quantity = words[0]
    if quantity == "loss":
        if len(words) != 1:
            raise ValueError(f"{quote(text)}: 'loss' takes no name")
        return Ask("loss")
    if len(words) != 2:
        raise ValueError(f"{quote(text)} must be '{quantity} NAME'")
    name = words[1]
    if quantity == "output":
        outputs = names.units[-1]
        if name not in outputs:
            raise ValueError(f"{quote(name)} is not an output unit ({', '.join(outputs)})")
        return Ask("output", to=outputs.index(name))
    params = parameters(names)
    if name not in params:
        raise ValueError(f"{quote(name)} is not a weight or bias of this network")
    found = params[name]
    return Ask(quantity, found.param, found.layer, found.to, found.source)


def parse_network(loc: yn.Located, fields: dict[str, tuple[yaml.Node, yaml.Node]],
                  what: str) -> tuple[Network, tuple[Ask, ...], str]:
    """A network entry's numbers and questions; ``what`` names it in messages."""
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
    rate = yn.number(loc, rate_node, f"{what}: 'learning_rate'", MAX_GIVEN)
    if rate <= 0:
        raise loc.error(rate_node, f"{what}: 'learning_rate' must be positive, got {rate:g}")

    network = Network(tuple(layers), tuple(activations), tuple(weights), tuple(biases),
                      inputs, targets, rate)
    names = default_names(network.layers)
    asks: list[Ask] = []
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
    title = yn.string(loc, fields["title"][1], f"{what}: 'title'") if "title" in fields else ""
    for ask in asks:
        problem = _computed_too_large(Problem(network, ask), names)
        if problem:
            raise loc.error(fields["layers"][0], f"{what}: {problem}; keep every value under "
                                                 f"{MAX_COMPUTED:g}")
    return network, tuple(asks), title.strip()


def _computed_too_large(problem: Problem, names: Names) -> str | None:
    """Which computed value overflows or grows past MAX_COMPUTED, in words, or None."""
    try:
        for carry in (exact, four_figures):
            solution = solve(problem, carry)
            p = solution.p
            for l in range(1, len(problem.network.layers)):
                for j, unit in enumerate(names.units[l]):
                    for what, value in (("z", p.z[l][j]), ("output", p.a[l][j]),
                                        ("δ", p.delta[l][j])):
                        if not math.isfinite(value) or abs(value) > MAX_COMPUTED:
                            return f"{what} of {unit} is {value:.3g}"
            for what, value in (("the loss", p.loss), ("the answer", solution.answer),
                                *((s.name, s.value) for s in solution.slips)):
                if not math.isfinite(value) or abs(value) > MAX_COMPUTED:
                    return f"{what} is {value:.3g}"
    except (OverflowError, ValueError, ZeroDivisionError):
        return "a value overflows"
    return None


def _expect_length(loc, node, items, size, what, unit):
    if len(items) != size:
        raise loc.error(node, f"{what} must have {size} {unit}, got {len(items)}")


def _vector(loc, node, size, what) -> tuple[float, ...]:
    items = yn.sequence(loc, node, what)
    _expect_length(loc, node, items, size, what, "numbers")
    return tuple(yn.number(loc, item, what, MAX_GIVEN) for item in items)


def yaml_network_cards(spec: NetworkSpec, deck: str) -> list[Card]:
    """One card per ``ask``; ids (and so GUIDs) come from the YAML id, never the numbers."""
    names = default_names(spec.network.layers)
    title = spec.title or f"Worked network “{spec.id}”"
    cards = []
    for ask in spec.asks:
        card_id = f"{spec.id}-{ask_slug(names, ask)}"
        cards.append(practice_card(TOPIC, (Problem(spec.network, ask),), card_id=card_id,
                                   guid=network_guid(card_id), deck=deck,
                                   tags=spec.tags or ("network",), title=title,
                                   group="network"))
    return cards
