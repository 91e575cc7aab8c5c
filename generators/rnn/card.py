"""An RNN's card: the unrolled network, then the forward pass and backpropagation
through time, step by step, and the sum over steps for a shared weight."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..activations import ACTIVATIONS
from ..topic import Step
from ..worked import steps_html
from .diagram import diagram
from .maths import Problem, Solution

NAMES = {"w_h": "w_h", "w_x": "w_x", "b": "b", "h0": "h_0"}


def _apply(activation: str, inside: str) -> str:
    function = ACTIVATIONS[activation].tex_function
    return f"{function}({inside})" if function else inside


def front(problem: Problem, carry: Carry = four_figures) -> str:
    pre = tex.inline("z_t = w_h h_{t-1} + w_x x_t + b")
    rule = tex.inline(rf"h_t = {_apply(problem.activation, 'z_t')}")
    values = ", ".join(tex.inline(f"{name} = {tex.num(getattr(problem, key))}")
                       for key, name in (("w_h", "w_h"), ("w_x", "w_x"), ("b", "b"),
                                         ("h0", "h_0")))
    if problem.loss == "every":
        loss = tex.inline(r"J = \tfrac{1}{2} \sum_t (h_t - y_t)^2") + ", a loss on every step"
    else:
        last = problem.steps  # the target named as the diagram names it: y_T
        loss = (tex.inline(rf"J = \tfrac{{1}}{{2}} (h_{{{last}}} - y_{{{last}}})^2")
                + ", a loss on the last step only")
    return (f'<div class="figure">{diagram(problem)}</div>'
            f'<div class="given">A scalar RNN, {pre} and {rule} for '
            f'{tex.inline(_steps(problem.steps))}, with {values}; {loss}. '
            f'Inputs and targets are in the diagram.</div>'
            f'<p class="question">What is {tex.inline(tex.partial("J", NAMES[problem.wrt]))}?'
            f'</p>')


def _steps(count: int) -> str:
    """t = 1, 2 (a short run in full), t = 1, …, 5."""
    listed = ", ".join(str(t) for t in range(1, count + 1)) if count <= 3 else f"1, …, {count}"
    return f"t = {listed}"


def _local(problem: Problem, h: float) -> tuple[str, str]:
    if problem.activation == "sigmoid":
        return "h_t(1 - h_t)", rf"{tex.num(h)}\,(1 - {tex.num(h)})"
    if problem.activation == "tanh":
        return "(1 - h_t^2)", rf"(1 - {tex.factor(h)}^{{2}})"
    return r"1 \text{ (linear)}", "1"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    steps = []
    for t in range(1, problem.steps + 1):
        numbers = (rf"{tex.factor(problem.w_h)} \cdot {tex.factor(s.h[t - 1])} + "
                   rf"{tex.factor(problem.w_x)} \cdot {tex.factor(problem.xs[t - 1])} + "
                   rf"{tex.factor(problem.b)}")
        steps.append(Step(f"z-{t}", (f"z_{{{t}}}", f"w_h h_{{{t - 1}}} + w_x x_{{{t}}} + b",
                                     numbers, tex.num(s.z[t]))))
        if problem.activation == "linear":
            steps.append(Step(f"h-{t}", (f"h_{{{t}}}", rf"z_{{{t}}} \text{{ (linear)}}",
                                         tex.num(s.h[t]))))
        else:
            steps.append(Step(f"h-{t}", (f"h_{{{t}}}", _apply(problem.activation,
                                                             tex.num(s.z[t])),
                                         tex.num(s.h[t]))))
    last = problem.steps
    for t in range(last, 0, -1):
        y = problem.target(t)
        symbols, numbers = [], []
        if y is not None:
            symbols.append(f"(h_{{{t}}} - y_{{{t}}})")
            numbers.append(rf"({tex.num(s.h[t])} - {tex.factor(y)})")
        if t < last:
            symbols.append(rf"{tex.partial('J', f'z_{{{t + 1}}}')}\, w_h")
            numbers.append(rf"{tex.factor(s.dz[t + 1])} \cdot {tex.factor(problem.w_h)}")
        words = "Back through time, from the last step: " if t == last else ""
        steps.append(Step(f"dh-{t}", (tex.partial("J", f"h_{{{t}}}"), " + ".join(symbols),
                                      " + ".join(numbers), tex.num(s.dh[t])), words))
        local_sym, local_num = _local(problem, s.h[t])
        local_sym = local_sym.replace("h_t", f"h_{{{t}}}")
        parts = (tex.partial("J", f"z_{{{t}}}"),
                 rf"{tex.partial('J', f'h_{{{t}}}')} \cdot {local_sym}",
                 rf"{tex.factor(s.dh[t])} \cdot {local_num}", tex.num(s.dz[t]))
        steps.append(Step(f"dz-{t}", parts))
    steps.append(_gradient_step(problem, s))
    return steps


def _gradient_step(problem: Problem, s: Solution) -> Step:
    if problem.wrt == "h0":
        return Step("h0", (tex.partial("J", "h_0"), rf"{tex.partial('J', 'z_1')}\, w_h",
                           rf"{tex.factor(s.dz[1])} \cdot {tex.factor(problem.w_h)}",
                           tex.num(s.answer)), "Finally into the initial state: ")
    source = {"w_h": lambda t: (f"h_{{{t - 1}}}", s.h[t - 1]),
              "w_x": lambda t: (f"x_{{{t}}}", problem.xs[t - 1]),
              "b": lambda t: ("1", 1.0)}[problem.wrt]
    name = NAMES[problem.wrt]
    symbol = {"w_h": "h_{t-1}", "w_x": "x_t", "b": ""}[problem.wrt]
    terms = range(problem.steps, 0, -1)
    numbers = " + ".join(rf"{tex.factor(s.dz[t])} \cdot {tex.factor(source(t)[1])}"
                         if problem.wrt != "b" else tex.factor(s.dz[t]) for t in terms)
    rule = rf"\sum_t {tex.partial('J', 'z_t')}\, {symbol}".rstrip()
    return Step("sum", (tex.partial("J", name), rule, numbers, tex.num(s.answer)),
                f"{tex.inline(name)} is shared by every step, so its gradient adds a term "
                f"per step: ")


def back(problem: Problem, solution: Solution) -> str:
    return steps_html(solution_steps(problem, solution))
