"""A dense-layer card: the matrices, the matrix rule, and the asked entry as a sum."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..topic import Step
from ..worked import steps_html, unused_note
from .maths import Matrix, Problem, Solution, terms

G = r"\frac{\partial J}{\partial Y}"
RULES = {"W": rf"X^{{\top}} {G}", "X": rf"{G}\, W^{{\top}}"}


def g_entry(index: str) -> str:
    """∂J/∂Yₙⱼ: an entry's gradient, in the deck's one form."""
    return tex.partial("J", f"Y_{{{index}}}")


def matrix(m: Matrix) -> str:
    rows = r" \\ ".join(" & ".join(tex.num(x) for x in row) for row in m)
    return rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"


def entry_name(problem: Problem) -> str:
    """∂J/∂W₁₂ with 1-based indices, as the card writes it."""
    index = "".join(str(k + 1) for k in problem.index)
    return tex.partial("J", f"{problem.wrt}_{{{index}}}")


def front(problem: Problem, carry: Carry = four_figures) -> str:
    n, d, m = problem.shape
    givens = [f"X = {matrix(problem.X)}", f"W = {matrix(problem.W)}",
              f"b = {matrix((problem.b,))}", f"{G} = {matrix(problem.dY)}"]
    items = "".join(f'<span class="given-item">{tex.inline(g)}</span>' for g in givens)
    decay = ""
    if problem.weight_decay:
        decay = (" The loss includes weight decay "
                 + tex.inline(r"\tfrac{\lambda}{2} \sum W^2")
                 + " with " + tex.inline(rf"\lambda = {tex.num(problem.weight_decay)}") + ".")
    where = ("entry in row {}, column {} (counting from 1)".format(
        *(k + 1 for k in problem.index)) if len(problem.index) == 2
             else f"entry {problem.index[0] + 1} (counting from 1)")
    x_shape = tex.inline(rf"X\ {n} \times {d}")
    w_shape = tex.inline(rf"W\ {d} \times {m}")
    examples = f"{n} example{'s' if n > 1 else ''}"
    return (f'<div class="given">A dense layer {tex.inline("Y = XW + b")} on a batch of '
            f'{examples}, one row per example ({x_shape}, {w_shape}; {tex.inline("b")} is '
            f'added to every row). The gradient {tex.inline(G)} arrives from above.{decay}</div>'
            f'<div class="given matrices">{items}</div>'
            f'<p class="question">What is {tex.inline(entry_name(problem))}, the '
            f'{where} of {tex.inline(tex.partial("J", problem.wrt))}?</p>')


def _symbols(problem: Problem) -> str:
    if problem.wrt == "W":
        i, j = (k + 1 for k in problem.index)
        return rf"\sum_n X_{{n{i}}}\, {g_entry(f'n{j}')}"
    if problem.wrt == "X":
        n, i = (k + 1 for k in problem.index)
        return rf"\sum_j {g_entry(f'{n}j')}\, W_{{{i}j}}"
    return rf"\sum_n {g_entry(f'n{problem.index[0] + 1}')}"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    wrt = problem.wrt
    g = tex.inline(G)
    words = {"W": "Each weight collects input × upstream gradient from every example, a sum "
                  "over the rows: ",
             "X": "Each input collects weight × upstream gradient over the outputs: ",
             "b": f"The bias is added to every example, so its gradient adds up the rows of "
                  f"{g} (one row per example): "}
    if wrt == "b":
        j = problem.index[0] + 1
        rule = (entry_name(problem), rf"\sum_n {g_entry(f'n{j}')}")
    else:
        extra = r" + \lambda W" if problem.weight_decay and wrt == "W" else ""
        rule = (tex.partial("J", wrt), RULES[wrt] + extra)
    steps = [Step("rule", rule, words[wrt]), Step("shape", (), _shapes(problem))]
    if wrt == "b":
        numbers = " + ".join(tex.factor(a) for a, _ in terms(problem))
    else:
        numbers = " + ".join(rf"{tex.factor(a)} \cdot {tex.factor(b)}" for a, b in terms(problem))
    if problem.weight_decay and wrt == "W":
        i, j = problem.index
        product = rf"(X^{{\top}} {G})_{{{i + 1}{j + 1}}}"
        steps.append(Step("entry", (product, _symbols(problem), numbers, tex.num(s.products))))
        decay = rf"{tex.num(problem.weight_decay)} \cdot {tex.factor(problem.W[i][j])}"
        with_decay = rf"{product} + \lambda W_{{{i + 1}{j + 1}}}"
        steps.append(Step("decay", (entry_name(problem), with_decay,
                                    rf"{tex.num(s.products)} + {decay}", tex.num(s.answer))))
    else:
        steps.append(Step("entry", (entry_name(problem), _symbols(problem), numbers,
                                    tex.num(s.answer))))
    return steps


def _shapes(problem: Problem) -> str:
    """Dimension analysis: the product's shapes, and why they match the parameter's."""
    n, d, m = problem.shape

    def dims(rows, cols):
        return tex.inline(rf"{rows} \times {cols}")

    g, x_t, w_t = tex.inline(G), tex.inline(r"X^{\top}"), tex.inline(r"W^{\top}")
    if problem.wrt == "W":
        return (f"Shapes: {x_t} is {dims(d, n)} and {g} is {dims(n, m)}, so "
                f"{tex.inline(tex.partial('J', 'W'))} is {dims(d, m)}, like W.")
    if problem.wrt == "X":
        return (f"Shapes: {g} is {dims(n, m)} and {w_t} is {dims(m, d)}, so "
                f"{tex.inline(tex.partial('J', 'X'))} is {dims(n, d)}, like X.")
    return (f"Shapes: {g} is {dims(n, m)}; summing its {n} rows gives {m} "
            f"number{'s' if m > 1 else ''}, one per entry of b.")


def unused(problem: Problem) -> str:
    """The givens the asked gradient does not involve: b always (a shift of Y), and of X,
    W and λ those its rule leaves out."""
    decay = bool(problem.weight_decay)
    left_out = {"W": ("b",) if decay else ("W", "b"),
                "X": ("X", "b", r"\lambda") if decay else ("X", "b"),
                "b": ("X", "W", "b", r"\lambda") if decay else ("X", "W", "b")}[problem.wrt]
    g = r"\partial J/\partial Y"
    rule = {"W": rf"\partial J/\partial W = X^{{\top}} ({g})" + (r" + \lambda W" if decay else ""),
            "X": rf"\partial J/\partial X = ({g})\, W^{{\top}}",
            "b": r"\partial J/\partial b"}[problem.wrt]
    why = (f"{tex.inline(rule)} only adds up the rows of {tex.inline(g)}." if problem.wrt == "b"
           else f"{tex.inline(rule)} does not involve "
                f"{'it' if len(left_out) == 1 else 'them'}.")
    return unused_note([tex.inline(name) for name in left_out], why)


def back(problem: Problem, solution: Solution) -> str:
    return unused(problem) + steps_html(solution_steps(problem, solution))
