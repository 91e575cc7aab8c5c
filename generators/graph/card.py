"""A computational graph's card: the circuit with its values, then gradients path by path."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..topic import Step
from ..worked import distinct, steps_html, unused_note
from .diagram import diagram
from .maths import Node, Problem, Solution, forward, unused_inputs

OUTPUT = "J"  # the graph's output is the loss (docs/notation.md)


def _partial(name: str) -> str:
    return tex.partial(OUTPUT, name)


def operation_tex(n: Node) -> str:
    a = n.args
    return {"add": lambda: f"{a[0]} + {a[1]}", "sub": lambda: f"{a[0]} - {a[1]}",
            "mul": lambda: rf"{a[0]} \cdot {a[1]}", "div": lambda: rf"\frac{{{a[0]}}}{{{a[1]}}}",
            "max": lambda: rf"\max({a[0]}, {a[1]})", "neg": lambda: f"-{a[0]}",
            "square": lambda: f"{a[0]}^2", "exp": lambda: f"e^{{{a[0]}}}",
            "log": lambda: rf"\ln {a[0]}", "sigmoid": lambda: rf"\sigma({a[0]})",
            "tanh": lambda: rf"\tanh({a[0]})",
            "relu": lambda: rf"\operatorname{{ReLU}}({a[0]})"}[n.op]()


def front(problem: Problem, carry: Carry = four_figures) -> str:
    values = forward(problem, carry)
    inputs = ", ".join(tex.inline(f"{n.name} = {tex.num(n.value)}")
                       for n in problem.nodes if n.op == "input")
    operations = ", ".join(tex.inline(f"{n.name} = {operation_tex(n)}")
                           for n in problem.nodes if n.op != "input")
    wrt = problem.wrt
    if problem.node(wrt).op == "input":
        asked = f"What is {tex.inline(_partial(wrt))}?"
    else:
        asked = f"What is {tex.inline(_partial(wrt))}, the gradient flowing into {wrt}?"
    return (f'<div class="figure">{diagram(problem, values)}</div>'
            f'<div class="given">Inputs {inputs}. Operations, top to bottom: {operations}; '
            f'the output is {problem.output}.</div>'
            f'<p class="question">{asked}</p>')


def local_tex(n: Node, slot: int, values: dict[str, float]) -> tuple[str, str]:
    """The local derivative ∂n/∂(argument ``slot``): in symbols, then in numbers."""
    a = n.args[slot]
    other = n.args[1 - slot] if len(n.args) == 2 else ""
    v = {name: values[name] for name in n.args}
    out = values[n.name]
    if n.op == "add":
        return "1", "1"
    if n.op == "sub":
        return ("1", "1") if slot == 0 else ("(-1)", "(-1)")
    if n.op == "mul":
        return other, tex.factor(v[other])
    if n.op == "div":
        if slot == 0:
            return rf"\frac{{1}}{{{other}}}", rf"\frac{{1}}{{{tex.num(v[other])}}}"
        top, bottom = n.args
        return (rf"\left(-\frac{{{top}}}{{{bottom}^2}}\right)",
                rf"\left(-\frac{{{tex.factor(v[top])}}}{{{tex.factor(v[bottom])}^{{2}}}}\right)")
    if n.op == "max":
        larger = v[a] > v[other]
        return tex.indicator(f"{a} > {other}"), "1" if larger else "0"
    if n.op == "neg":
        return "(-1)", "(-1)"
    if n.op == "square":
        return f"2{a}", rf"2 \cdot {tex.factor(v[a])}"
    if n.op == "exp":
        return f"e^{{{a}}}", tex.num(out)
    if n.op == "log":
        return rf"\frac{{1}}{{{a}}}", rf"\frac{{1}}{{{tex.num(v[a])}}}"
    if n.op == "sigmoid":
        return (rf"{n.name}\,(1 - {n.name})", rf"{tex.num(out)}\,(1 - {tex.num(out)})")
    if n.op == "tanh":
        return rf"(1 - {n.name}^2)", rf"(1 - {tex.factor(out)}^{{2}})"
    return tex.indicator(f"{a} > 0"), "1" if v[a] > 0 else "0"  # relu


def _share(problem: Problem, consumer: Node, name: str) -> str:
    """What the path through ``consumer`` brings ``name``: ∂p/∂x · ∂L/∂p, or, where the
    consumer is the output itself, the derivative of its operation, ∂/∂x (r + x)."""
    if consumer.name == problem.output:
        return rf"\frac{{\partial}}{{\partial {name}}}\left({operation_tex(consumer)}\right)"
    return rf"{tex.partial(consumer.name, name)} \cdot {_partial(consumer.name)}"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    """From the output back to the asked node: local derivative × upstream gradient,
    one line per use; where a value is used more than once, its gradients add."""
    gradients, contributions = s.back.gradients, s.back.contributions
    path = problem.on_path()
    steps = [Step("start", (_partial(problem.output), "1"), "Start at the output: ")]
    for name in reversed(path[:-1]):
        uses = [(c, k) for c, k in problem.uses(name) if c.name in path]
        for consumer, slot in uses:
            local_sym, local_num = local_tex(consumer, slot, s.values)
            upstream_sym = "1" if consumer.name == problem.output else _partial(consumer.name)
            upstream_num = tex.factor(gradients[consumer.name])
            value = tex.num(contributions[consumer.name, slot])
            chain = (rf"{local_sym} \cdot {upstream_sym}", rf"{local_num} \cdot {upstream_num}",
                     value)
            words = f"Through {tex.inline(f'{consumer.name} = {operation_tex(consumer)}')}: "
            # One use: its product is the gradient. Several: each line is one path's
            # share, local derivative × upstream gradient, and a later line adds them.
            parts = (_partial(name), *chain) if len(uses) == 1 else (
                _share(problem, consumer, name), *chain)
            steps.append(Step(f"edge-{name}-{consumer.name}-{slot}", distinct(parts), words))
        if len(uses) > 1:
            total = " + ".join(tex.factor(contributions[c.name, k]) for c, k in uses)
            users = " and ".join(c.name for c, _ in uses)
            steps.append(Step(f"sum-{name}", (_partial(name), total, tex.num(gradients[name])),
                              f"{name} feeds {users}, so its gradients add: "))
    return steps


def unused(problem: Problem) -> str:
    names = [tex.inline(name) for name in unused_inputs(problem)]
    return unused_note(names, f"no local derivative on the way from {problem.wrt} to "
                              f"{problem.output} reads "
                              f"{'its value' if len(names) == 1 else 'their values'}.")


def back(problem: Problem, solution: Solution) -> str:
    figure = diagram(problem, solution.values, solution.back.gradients)
    return (f'<div class="figure">{figure}</div>' + unused(problem)
            + steps_html(solution_steps(problem, solution)))
