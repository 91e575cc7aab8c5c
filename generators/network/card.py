"""A network problem's card: diagram, givens, question, and the worked solution."""

from __future__ import annotations

from functools import lru_cache

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..activations import ACTIVATIONS
from ..topic import Step
from ..worked import distinct, steps_html, unused_note
from .diagram import diagram
from .maths import Ask, Network, Pass, Problem, Solution, param_name, parameter
from .naming import Names, default_names

LOSS_TEX = r"J = \tfrac{1}{2} \sum_k (y_k - o_k)^2"


def ask_slug(names: Names, ask: Ask) -> str:
    """A readable, stable part of a card id: ``loss``, ``output-o1``, ``gradient-w5``."""
    if ask.quantity == "loss":
        return "loss"
    if ask.quantity == "output":
        return f"output-{names.units[-1][ask.to]}"
    return f"{ask.quantity}-{param_name(names, ask)}"


def question(net: Network, names: Names, ask: Ask) -> str:
    if ask.quantity == "output":
        unit = tex.name(names.units[-1][ask.to])
        return f"What is the output {tex.inline(unit)} after the forward pass?"
    if ask.quantity == "loss":
        return f"What is the loss {tex.inline(LOSS_TEX)} after the forward pass?"
    param = tex.name(param_name(names, ask))
    if ask.quantity == "gradient":
        return f"What is {tex.inline(tex.partial('J', param))}?"
    eta = tex.inline(r"\eta = " + tex.num(net.learning_rate))
    return f"What is {tex.inline(param)} after one gradient-descent step with {eta}?"


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
    target_word = "target" if len(targets) == 1 else "targets"
    eta = tex.inline(r"\eta = " + _SLOT)
    lines = [
        f"Inputs {listing(names.units[0])}; {target_word} {listing(targets)}.",
        f"Weights {listing(weights)}.",
        f"Biases {listing(biases)}.",
        f"Activation: {', '.join(ACTIVATIONS[a].title for a in dict.fromkeys(activations))}. "
        f"Loss {tex.inline(LOSS_TEX)}; "
        f"learning rate {eta}.",
    ]
    text = "<br>".join(lines)
    return text.replace("{", "{{").replace("}", "}}").replace(_SLOT, "{}")


def front(problem: Problem, carry: Carry = four_figures, names: Names | None = None) -> str:
    net, ask = problem.network, problem.ask
    names = names or default_names(net.layers)
    return (f'<div class="figure">{diagram(net, names, ask)}</div>'
            f'<div class="given">{givens(net, names)}</div>'
            f'<p class="question">{question(net, names, ask)}</p>')


def _local_tex(net: Network, names: Names, p: Pass, layer: int, unit: int) -> tuple[str, str]:
    """The activation derivative of a unit: textbook symbols, then numbers."""
    act = ACTIVATIONS[net.activations[layer - 1]]
    a = tex.name(names.units[layer][unit])
    symbols = act.tex_derivative.format(a=a, z=rf"z_{{{a}}}")
    if act.name == "relu":  # the bracket is a test, not a formula to fill in
        return symbols, "1" if p.z[layer][unit] > 0 else "0"
    if act.name == "linear":
        return r"1 \text{ (linear)}", "1"
    return symbols, act.tex_derivative.format(a=tex.factor(p.a[layer][unit]))


def _forward_steps(net: Network, names: Names, p: Pass) -> list[Step]:
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
            z = rf"z_{{{unit}}}"
            steps.append(Step(f"z-{l}-{j}", (z, f"{symbols} + {bias}",
                                             f"{numbers} + {tex.factor(net.biases[l - 1][j])}",
                                             tex.num(p.z[l][j]))))
            act = ACTIVATIONS[net.activations[l - 1]]
            if act.name == "linear":
                parts = (unit, rf"{z} \text{{ (linear)}}", tex.num(p.a[l][j]))
            else:
                parts = (unit, rf"{act.tex_function}({tex.num(p.z[l][j])})", tex.num(p.a[l][j]))
            steps.append(Step(f"a-{l}-{j}", parts))
    return steps


def _upstream_tex(net: Network, names: Names, p: Pass, l: int, j: int) -> tuple[str, str]:
    """∂J/∂a for unit ``j`` of layer ``l``: symbols and numbers (value: maths.upstream)."""
    unit = tex.name(names.units[l][j])
    if l == len(net.layers) - 1:
        return (f"{unit} - y_{{{j + 1}}}",
                f"{tex.num(p.a[l][j])} - {tex.factor(net.targets[j])}")
    below = range(net.layers[l + 1])
    symbols = " + ".join(rf"\delta_{{{tex.name(names.units[l + 1][k])}}}\,"
                         rf"{tex.name(names.weights[l][k][j])}" for k in below)
    numbers = " + ".join(rf"{tex.factor(p.delta[l + 1][k])} \cdot "
                         rf"{tex.factor(net.weights[l][k][j])}" for k in below)
    return symbols, numbers


def _delta_steps(net: Network, names: Names, p: Pass, down_to: int) -> list[Step]:
    """δ = ∂J/∂z for every unit from the output layer down to layer ``down_to``."""
    steps = []
    for l in range(len(net.layers) - 1, down_to - 1, -1):
        for j in range(net.layers[l]):
            unit = tex.name(names.units[l][j])
            sym_local, num_local = _local_tex(net, names, p, l, j)
            upstream_sym, upstream_num = _upstream_tex(net, names, p, l, j)
            steps.append(Step(f"delta-{l}-{j}", (
                rf"\delta_{{{unit}}}", tex.partial("J", f"z_{{{unit}}}"),
                rf"({upstream_sym}) \cdot {sym_local}", rf"({upstream_num}) \cdot {num_local}",
                tex.num(p.delta[l][j]))))
    return steps


def _gradient_steps(net: Network, names: Names, s: Solution, ask: Ask) -> list[Step]:
    l, j = ask.layer + 1, ask.to
    unit = tex.name(names.units[l][j])
    param = tex.name(param_name(names, ask))
    z = f"z_{{{unit}}}"
    steps = [Step("chain", (tex.partial("J", param), rf"{tex.partial('J', unit)} \cdot "
                            rf"{tex.partial(unit, z)} \cdot {tex.partial(z, param)}"))]
    if l + 1 < len(net.layers):
        steps += _delta_steps(net, names, s.p, l + 1)
    upstream_sym, upstream_num = _upstream_tex(net, names, s.p, l, j)
    steps.append(Step("upstream", (tex.partial("J", unit), upstream_sym, upstream_num,
                                   tex.num(s.upstream))))
    sym_local, num_local = _local_tex(net, names, s.p, l, j)
    if net.activations[l - 1] == "linear":  # the identity's derivative, said by name
        steps.append(Step("local", (tex.partial(unit, z), sym_local)))
    else:
        steps.append(Step("local", distinct((tex.partial(unit, z), sym_local, num_local,
                                             tex.num(s.local)))))
    if ask.param == "bias":
        steps.append(Step("source", (tex.partial(z, param), "1")))
    else:
        source = tex.name(names.units[ask.layer][ask.source])
        steps.append(Step("source", (tex.partial(z, param), source, tex.num(s.source))))
    steps.append(Step("gradient", (tex.partial("J", param), rf"{tex.factor(s.upstream)} \cdot "
                                   rf"{tex.factor(s.local)} \cdot {tex.factor(s.source)}",
                                   tex.num(s.gradient))))
    return steps


def solution_steps(net: Network, names: Names, ask: Ask, s: Solution) -> list[Step]:
    """Forward values, then each chain-rule factor: every line from shown values."""
    p = s.p
    steps = _forward_steps(net, names, p)
    if ask.quantity == "output":  # the other outputs are not needed
        others = {f"{kind}-{len(net.layers) - 1}-{j}" for kind in "za"
                  for j in range(net.layers[-1]) if j != ask.to}
        steps = [step for step in steps if step.key not in others]
    if ask.quantity == "loss":
        terms = " + ".join(rf"\tfrac{{1}}{{2}}({tex.num(y)} - {tex.factor(o)})^2"
                           for y, o in zip(net.targets, p.output))
        steps.append(Step("loss", ("J", terms, tex.num(p.loss))))
    if ask.quantity in ("gradient", "updated"):
        steps += _gradient_steps(net, names, s, ask)
    if ask.quantity == "updated":
        param = tex.name(param_name(names, ask))
        updated = tex.inline(f"{param}^{{+}}")
        steps.append(Step("update", (
            f"{param}^{{+}}", rf"{param} - \eta\,{tex.partial('J', param)}",
            rf"{tex.num(parameter(net, ask))} - {tex.num(net.learning_rate)} \cdot "
            rf"{tex.factor(s.gradient)}", tex.num(s.answer)),
            f"{updated} is {tex.inline(param)} after one step of gradient descent: "))
    return steps


def unused(net: Network, names: Names, ask: Ask) -> str:
    """What the question leaves out: the learning rate until an update, the targets
    until the loss."""
    eta = tex.inline(r"\eta")
    if ask.quantity == "output":
        unit = tex.inline(tex.name(names.units[-1][ask.to]))
        word = "target" if net.layers[-1] == 1 else "targets"
        return unused_note([f"The {word}", eta], f"{unit} comes from the forward pass alone.",
                           values=False)
    if ask.quantity in ("loss", "gradient"):
        return unused_note([f"The learning rate {eta}"], "it enters only an update step.",
                           values=False)
    return ""


def back(problem: Problem, solution: Solution, names: Names | None = None) -> str:
    net = problem.network
    names = names or default_names(net.layers)
    return (unused(net, names, problem.ask)
            + steps_html(solution_steps(net, names, problem.ask, solution)))

