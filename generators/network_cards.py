"""A network and a question to a practice card: diagram, question, worked solution."""

from __future__ import annotations

from functools import lru_cache

from deck.card import Card
from deck.html import significant

from . import tex
from .activations import ACTIVATIONS
from .backprop import Ask, Network, Pass, answer, parameter, run
from .naming import Names, default_names
from .network_diagram import diagram

LOSS_TEX = r"J = \tfrac{1}{2} \sum_k (y_k - o_k)^2"


def param_name(names: Names, ask: Ask) -> str:
    if ask.param == "bias":
        return names.biases[ask.layer][ask.to]
    return names.weights[ask.layer][ask.to][ask.source]


def ask_slug(names: Names, ask: Ask) -> str:
    """A readable, stable part of a card id: ``loss``, ``output-o1``, ``gradient-w5``."""
    if ask.quantity == "loss":
        return "loss"
    if ask.quantity == "output":
        return f"output-{names.units[-1][ask.to]}"
    return f"{ask.quantity}-{param_name(names, ask)}"


def _eta(net: Network) -> str:
    return tex.inline(r"\eta = " + tex.num(net.learning_rate))


def question(net: Network, names: Names, ask: Ask) -> str:
    if ask.quantity == "output":
        unit = tex.name(names.units[-1][ask.to])
        return f"What is the output {tex.inline(unit)} after the forward pass?"
    if ask.quantity == "loss":
        return f"What is the loss {tex.inline(LOSS_TEX)} after the forward pass?"
    param = tex.name(param_name(names, ask))
    if ask.quantity == "gradient":
        return f"What is {tex.inline(tex.partial('J', param))}?"
    return (f"What is {tex.inline(param)} after one gradient-descent step with "
            f"{_eta(net)}?")


def givens(net: Network, names: Names) -> str:
    """Every number in words too, for screen readers and narrow screens."""
    values = [*net.inputs, *net.targets, *(w for layer in net.weights for row in layer
                                           for w in row),
              *(b for layer in net.biases for b in layer), net.learning_rate]
    return _givens_layout(net.layers, net.activations, names).format(
        *(tex.num(v) for v in values))


_SLOT = "\x00"  # where a number goes, before TeX's own braces are escaped for format()


@lru_cache(maxsize=256)
def _givens_layout(layers: tuple[int, ...], activations: tuple[str, ...], names: Names) -> str:
    """The givens of a shape with a ``{}`` per number: inputs, targets, weights, biases, η."""
    def listing(labels):
        """One formula per value, so a narrow screen can wrap between them."""
        return ", ".join(tex.inline(f"{tex.name(n)} = {_SLOT}") for n in labels)

    weights = [n for layer in names.weights for row in layer for n in row]
    biases = [n for layer in names.biases for n in layer]
    targets = [f"y{k + 1}" for k in range(layers[-1])]
    eta = tex.inline(r"\eta = " + _SLOT)
    lines = [
        f"Inputs {listing(names.units[0])}; targets {listing(targets)}.",
        f"Weights {listing(weights)}.",
        f"Biases {listing(biases)}.",
        f"Activation: {', '.join(dict.fromkeys(activations))}. Loss {tex.inline(LOSS_TEX)}; "
        f"learning rate {eta}.",
    ]
    text = "<br>".join(lines)
    return text.replace("{", "{{").replace("}", "}}").replace(_SLOT, "{}")


def _local_tex(net: Network, names: Names, p: Pass, layer: int, unit: int) -> tuple[str, str]:
    """The activation derivative of a unit: textbook symbols, then numbers."""
    act = ACTIVATIONS[net.activations[layer - 1]]
    a = tex.name(names.units[layer][unit])
    symbols = act.tex_derivative.format(a=a, z=rf"z_{{{a}}}")
    if act.name == "relu":  # the bracket is a test, not a formula to fill in
        return symbols, "1" if p.z[layer][unit] > 0 else "0"
    return symbols, act.tex_derivative.format(a=tex.factor(p.a[layer][unit]))


def _forward_steps(net: Network, names: Names, p: Pass) -> list[tuple[str, ...]]:
    steps = []
    for l in range(1, len(net.layers)):
        for j in range(net.layers[l]):
            unit = tex.name(names.units[l][j])
            symbols = " + ".join(f"{tex.name(names.weights[l - 1][j][i])}\\,"
                                 f"{tex.name(names.units[l - 1][i])}"
                                 for i in range(net.layers[l - 1]))
            numbers = " + ".join(f"{tex.factor(net.weights[l - 1][j][i])} \\cdot "
                                 f"{tex.factor(p.a[l - 1][i])}" for i in range(net.layers[l - 1]))
            bias = tex.name(names.biases[l - 1][j])
            steps.append((rf"z_{{{unit}}}", f"{symbols} + {bias}",
                          f"{numbers} + {tex.factor(net.biases[l - 1][j])}",
                          tex.num(p.z[l][j])))
            func = ACTIVATIONS[net.activations[l - 1]].tex_function
            value = tex.num(p.z[l][j])
            applied = rf"{func}({value})" if func else value
            steps.append((unit, applied, tex.num(p.a[l][j])))
    return steps


def _upstream(net: Network, names: Names, p: Pass, l: int, j: int) -> tuple[str, str, float]:
    """∂J/∂a for unit ``j`` of layer ``l``: symbols, numbers, value.

    At the output it is the error (o − y); below, the next layer's δs sent back
    through the weights.
    """
    unit = tex.name(names.units[l][j])
    if l == len(net.layers) - 1:
        return (f"{unit} - y_{{{j + 1}}}",
                f"{tex.num(p.a[l][j])} - {tex.num(net.targets[j])}",
                p.a[l][j] - net.targets[j])
    below = range(net.layers[l + 1])
    symbols = " + ".join(rf"\delta_{{{tex.name(names.units[l + 1][k])}}}\,"
                         rf"{tex.name(names.weights[l][k][j])}" for k in below)
    numbers = " + ".join(rf"{tex.factor(p.delta[l + 1][k])} \cdot "
                         rf"{tex.factor(net.weights[l][k][j])}" for k in below)
    return symbols, numbers, sum(p.delta[l + 1][k] * net.weights[l][k][j] for k in below)


def _delta_steps(net: Network, names: Names, p: Pass, down_to: int) -> list[tuple[str, ...]]:
    """δ = ∂J/∂z for every unit from the output layer down to layer ``down_to``."""
    steps = []
    for l in range(len(net.layers) - 1, down_to - 1, -1):
        for j in range(net.layers[l]):
            unit = tex.name(names.units[l][j])
            sym_local, num_local = _local_tex(net, names, p, l, j)
            upstream_sym, upstream_num, _ = _upstream(net, names, p, l, j)
            steps.append((rf"\delta_{{{unit}}}", tex.partial("J", f"z_{{{unit}}}"),
                          rf"({upstream_sym}) \cdot {sym_local}",
                          rf"({upstream_num}) \cdot {num_local}", tex.num(p.delta[l][j])))
    return steps


def _gradient_steps(net: Network, names: Names, p: Pass, ask: Ask) -> list[tuple[str, ...]]:
    unit = tex.name(names.units[ask.layer + 1][ask.to])
    param = tex.name(param_name(names, ask))
    z = f"z_{{{unit}}}"
    steps = [(tex.partial("J", param), rf"{tex.partial('J', unit)} \cdot "
              rf"{tex.partial(unit, z)} \cdot {tex.partial(z, param)}")]
    if ask.layer + 2 < len(net.layers):
        steps += _delta_steps(net, names, p, ask.layer + 2)
    upstream_sym, upstream_num, upstream = _upstream(net, names, p, ask.layer + 1, ask.to)
    steps.append((tex.partial("J", unit), upstream_sym, upstream_num, tex.num(upstream)))
    sym_local, num_local = _local_tex(net, names, p, ask.layer + 1, ask.to)
    local = p.local[ask.layer + 1][ask.to]
    steps.append((tex.partial(unit, z), sym_local, num_local, tex.num(local)))
    if ask.param == "bias":
        source_value = 1.0
        steps.append((tex.partial(z, param), "1"))
    else:
        source = tex.name(names.units[ask.layer][ask.source])
        source_value = p.a[ask.layer][ask.source]
        steps.append((tex.partial(z, param), source, tex.num(source_value)))
    grad = answer(net, ask.as_gradient(), p)
    steps.append((tex.partial("J", param), rf"{tex.factor(upstream)} \cdot "
                  rf"{tex.factor(local)} \cdot {tex.factor(source_value)}", tex.num(grad)))
    return steps


def solution_steps(net: Network, names: Names, ask: Ask,
                   p: Pass | None = None) -> list[tuple[str, ...]]:
    """The worked solution as chains of equal TeX expressions (``a = b = c``):
    forward values, then each chain-rule factor."""
    p = p or run(net)
    steps = _forward_steps(net, names, p)
    if ask.quantity == "loss":
        terms = " + ".join(rf"\tfrac{{1}}{{2}}({tex.num(y)} - {tex.num(o)})^2"
                           for y, o in zip(net.targets, p.output))
        steps.append(("J", terms, tex.num(p.loss)))
    if ask.quantity in ("gradient", "updated"):
        steps += _gradient_steps(net, names, p, ask)
    if ask.quantity == "updated":
        param = tex.name(param_name(names, ask))
        grad = answer(net, ask.as_gradient(), p)
        steps.append((f"{param}^{{+}}", rf"{param} - \eta\,{tex.partial('J', param)}",
                      rf"{tex.num(parameter(net, ask))} - {tex.num(net.learning_rate)} \cdot "
                      rf"{tex.factor(grad)}", tex.num(answer(net, ask, p))))
    return steps


def network_card(net: Network, ask: Ask, *, card_id: str, guid: str, deck: str,
                 tags: tuple[str, ...], names: Names | None = None) -> Card:
    names = names or default_names(net.layers)
    p = run(net)
    value = answer(net, ask, p)
    shown = significant(value)
    front = (f'<div class="kind-note">Backprop practice</div>'
             f'<div class="figure">{diagram(net, names, ask)}</div>'
             f'<div class="given">{givens(net, names)}</div>'
             f'<p class="question">{question(net, names, ask)}</p>')
    steps = "".join(f'<div class="step">{tex.step(s)}</div>'
                    for s in solution_steps(net, names, ask, p))
    back = (f'<div class="answer-line">Answer: <span class="answer-value">{shown}</span></div>'
            f'<div class="solution">{steps}<p class="note">Intermediate values are shown to '
            f'4 significant figures; the answer uses unrounded values.</p></div>')
    problem = {**net.to_dump(), "ask": ask.to_dump(), "answer": value}
    return Card(id=card_id, guid=guid, deck=deck, kind="network", tags=tags, front=front,
                back=back, problem=problem, answer=value)
