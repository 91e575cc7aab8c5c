"""A chain's card: the layers as a table; the forward pass, each layer's factor w·f′(z),
their product, and how much the gradient shrank or grew on the way down."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures
from backprop_deck.core.numbers import display

from ..activations import ACTIVATIONS
from ..grid import grid
from ..topic import Step
from ..worked import distinct, steps_html, unused_note
from .maths import Problem, Solution

PRIME = {"sigmoid": r"\sigma'", "tanh": r"\tanh'", "relu": r"\operatorname{ReLU}'",
         "linear": "f'"}


def _apply(activation: str, inside: str) -> str:
    function = ACTIVATIONS[activation].tex_function
    return f"{function}({inside})" if function else inside


def asked(problem: Problem) -> str:
    top = f"a_{{{problem.depth}}}"
    if problem.wrt == "x":
        return tex.partial(top, "x")
    return tex.partial(top, f"{problem.wrt[0]}_{{{problem.index + 1}}}")


def front(problem: Problem, carry: Carry = four_figures) -> str:
    layers = [str(k + 1) for k in range(problem.depth)]
    table = grid([problem.weights, problem.biases], row_labels=("w", "b"),
                 column_labels=layers, caption="layer")
    pre = tex.inline("z_k = w_k a_{k-1} + b_k")
    rule = tex.inline(rf"a_k = {_apply(problem.activation, 'z_k')}")
    units = ACTIVATIONS[problem.activation].title
    return (f'<div class="given">A chain of {problem.depth} {units} units: '
            f'{tex.inline("a_0 = x = " + tex.num(problem.x))}, then {pre} and {rule} for '
            f'{tex.inline(f"k = 1, …, {problem.depth}")}.</div>{table}'
            f'<p class="question">What is {tex.inline(asked(problem))}?</p>')


def _local(problem: Problem, s: Solution, k: int) -> tuple[str, str]:
    """f′(z) of position k in symbols and in numbers (from the shown aₖ)."""
    a = f"a_{{{k + 1}}}"
    if problem.activation == "sigmoid":
        return rf"{a}(1 - {a})", rf"{tex.num(s.a[k + 1])}\,(1 - {tex.num(s.a[k + 1])})"
    if problem.activation == "tanh":
        return rf"(1 - {a}^2)", rf"(1 - {tex.factor(s.a[k + 1])}^{{2}})"
    if problem.activation == "relu":
        return tex.indicator(f"z_{{{k + 1}}} > 0"), "1"
    return r"1 \text{ (linear)}", "1"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    act = problem.activation
    steps = []
    for k in range(problem.depth):  # zₖ on a line of its own: no bracket to break
        w, b = problem.weights[k], problem.biases[k]
        z, a = f"z_{{{k + 1}}}", f"a_{{{k + 1}}}"
        weighted = (f"w_{{{k + 1}}} a_{{{k}}} + b_{{{k + 1}}}",
                    rf"{tex.factor(w)} \cdot {tex.factor(s.a[k])} + {tex.factor(b)}")
        words = "Forward: " if k == 0 else ""
        if act == "linear":
            steps.append(Step(f"a-{k}", (a, z, *weighted, tex.num(s.a[k + 1])), words))
            continue
        steps += [Step(f"z-{k}", (z, *weighted, tex.num(s.z[k])), words),
                  Step(f"a-{k}", (a, _apply(act, z), _apply(act, tex.num(s.z[k])),
                                  tex.num(s.a[k + 1])))]
    bottom = problem.bottom
    top_down = range(problem.depth - 1, bottom - (1 if problem.wrt == "x" else 0), -1)
    for k in top_down:
        sym, num = _local(problem, s, k)
        steps.append(Step(f"factor-{k}", (rf"w_{{{k + 1}}}\,{PRIME[act]}(z_{{{k + 1}}})",
                                          rf"{tex.factor(problem.weights[k])} \cdot {num}",
                                          tex.num(s.factors[k])),
                          f"Backward: layer {k + 1} multiplies the gradient by "
                          if k == top_down[0] else f"layer {k + 1} by "))
    factors = [tex.factor(s.factors[k]) for k in top_down]
    symbols = [rf"w_{{{k + 1}}}{PRIME[act]}(z_{{{k + 1}}})" for k in top_down]
    if problem.wrt != "x":
        sym, num = _local(problem, s, bottom)
        lhs = rf"{PRIME[act]}(z_{{{bottom + 1}}})"
        parts = (lhs, sym) if act == "linear" else distinct((lhs, sym, num,
                                                            tex.num(s.local[bottom])))
        steps.append(Step(f"local-{bottom}", parts,
                          f"Layer {bottom + 1}'s own activation derivative: "))
        factors.append(tex.factor(s.local[bottom]))
        symbols.append(lhs)
        z = f"z_{{{bottom + 1}}}"
        if problem.wrt == "weight":  # z = w·a + b: the weight meets the layer's input
            steps.append(Step(f"source-{bottom}", (
                tex.partial(z, f"w_{{{bottom + 1}}}"), f"a_{{{bottom}}}", tex.num(s.a[bottom])),
                "and the weight multiplies the layer's input: "))
            factors.append(tex.factor(s.a[bottom]))
            symbols.append(f"a_{{{bottom}}}")
        else:
            steps.append(Step(f"source-{bottom}", (tex.partial(z, f"b_{{{bottom + 1}}}"), "1"),
                              "and the bias is added: "))
    steps.append(Step("product", (asked(problem), r" \cdot ".join(symbols),
                                  r" \cdot ".join(factors), tex.num(s.answer)),
                      "Multiply, top to bottom: "))
    return steps


def _times(ratio: float) -> str:
    """A ratio as words say it: 1.6, 38, 15,510."""
    return f"{round(ratio):,}" if ratio >= 10 else display(round(ratio, 1))


def _about(ratio: float) -> str:
    """"2 times", or "about 2.6 times" where the ratio was rounded to say it."""
    said = _times(ratio)
    exact = abs(float(said.replace(",", "")) - ratio) < 1e-9 * ratio
    return f"{said} times" if exact else f"about {said} times"


def _how_much(problem: Problem, s: Solution) -> str:
    """In words: what the way down from the top to the asked quantity multiplied the
    gradient by, and how much smaller or larger that made it."""
    top = tex.inline(f"a_{{{problem.depth}}}")
    where = tex.inline("x" if problem.wrt == "x"
                       else f"{problem.wrt[0]}_{{{problem.index + 1}}}")
    size = abs(s.answer)
    if size < 1:
        change = f": {_about(1 / size)} smaller in size"
    elif size > 1:
        change = f": {_about(size)} larger in size"
    else:
        change = ", its size unchanged"
    text = (f"From {top} down to {where}, the gradient was multiplied by "
            f"{display(s.answer)}{change}")
    if problem.activation == "sigmoid":
        text += (". Every sigmoid layer multiplies it by w·σ′(z), and σ′(z) ≤ ¼: with weights "
                 "below 4 in size each layer shrinks it (vanishing gradients)")
    elif size > 1:
        text += (". Linear and ReLU layers pass w on unchanged (f′ = 1), so weights larger "
                 "than 1 compound layer after layer (exploding gradients)")
    return f'<p class="note">{text}.</p>'


def unused(problem: Problem) -> str:
    """Linear units: every factor w·f′(z) is the weight alone, so x and the biases only
    matter where a weight meets its layer's input (∂a/∂wₖ reads aₖ₋₁)."""
    if problem.activation != "linear":
        return ""
    if problem.wrt == "weight" and problem.index > 0:
        return ""
    names = [tex.inline("b")] if problem.wrt == "weight" else [tex.inline("x"), tex.inline("b")]
    why = "with linear units each layer's factor is its weight alone (f′ = 1)"
    if problem.wrt == "weight":
        why += f", and {tex.inline('w_1')} meets {tex.inline('a_0 = x')} itself"
    return unused_note(names, why + ".")


def back(problem: Problem, solution: Solution) -> str:
    return (unused(problem) + steps_html(solution_steps(problem, solution))
            + _how_much(problem, solution))
