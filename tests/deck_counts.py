"""How many notes of each group a deck holds, read from what defines them: cards.yaml
(its cards, and a worked-example card per question its networks ask), the derivative
catalogue (a card per function, and an "f′(x) = ?" card per activation a card
evaluates), the linear topic's shape cards and the topic registry. A test of a summary
line then follows an edit of any of these, instead of breaking."""

from conftest import ROOT

from backprop_deck.deck.build import DEFAULT_VARIANTS, PER_TOPIC
from backprop_deck.deck.cards_file import load
from backprop_deck.generators.derivative_catalogue import catalogue
from backprop_deck.generators.linear.shapes import COUNT as SHAPES
from backprop_deck.generators.registry import TOPICS

BUILTIN = load(ROOT / "cards.yaml")
STATIC = len(BUILTIN.cards)
ADDED = sum("added" in card.tags for card in BUILTIN.cards)  # the three promised cards
WORKED = sum(len(network.asks) for network in BUILTIN.networks)
EVALUATED = sum(entry.kind == "activation" and entry.substitution is not None
                for entry in catalogue())
DERIVATIVES = len(catalogue()) + EVALUATED
DEFAULT_PRACTICE = PER_TOPIC * len(TOPICS)  # the default deck's practice notes


def groups(*, derivatives: bool = True, shapes: bool = False) -> str:
    """The summary line's groups before its practice: "61 static, 7 worked example, …"."""
    said = [f"{STATIC} static", f"{WORKED} worked example"]
    said += [f"{DERIVATIVES} derivative"] if derivatives else []
    said += [f"{SHAPES} shape"] if shapes else []
    return ", ".join(said)


def default_summary() -> str:
    """The notes and groups of the default deck: "147 notes (61 static, … each in 8
    versions)", as a pattern for re.match."""
    notes = STATIC + WORKED + DERIVATIVES + SHAPES + DEFAULT_PRACTICE
    practice = ", ".join(f"{PER_TOPIC} {name}" for name in TOPICS)
    return (rf"{notes} notes \({groups(shapes=True)}; practice: {practice}, "
            rf"each in {DEFAULT_VARIANTS} versions\)")
