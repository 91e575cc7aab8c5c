"""A dense-layer card: the matrices, the matrix rule, and the asked entry as a sum."""

from __future__ import annotations

from core import tex
from core.numbers import shown

from ..topic import Keep, Step, steps_html
from .maths import Matrix, Problem, Solution, terms

G = r"\frac{\partial L}{\partial Y}"
G_ENTRY = r"(\partial L/\partial Y)"
RULES = {"W": rf"X^{{\top}} {G}", "X": rf"{G}\, W^{{\top}}"}


def matrix(m: Matrix) -> str:
    rows = r" \\ ".join(" & ".join(tex.num(x) for x in row) for row in m)
    return rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}"


def entry_name(problem: Problem) -> str:
    """(∂L/∂W)₁₂ with 1-based indices, as the card writes it."""
    index = "".join(str(k + 1) for k in problem.index)
    return rf"\left(\frac{{\partial L}}{{\partial {problem.wrt}}}\right)_{{{index}}}"


def front(problem: Problem, keep: Keep = shown) -> str:
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
            f'{examples} ({x_shape}, {w_shape}; {tex.inline("b")} is added to every row). '
            f'The gradient {tex.inline(G)} arrives from above.{decay}</div>'
            f'<div class="given matrices">{items}</div>'
            f'<p class="question">What is {tex.inline(entry_name(problem))}, the '
            f'{where} of {tex.inline(tex.partial("L", problem.wrt))}?</p>')


def _symbols(problem: Problem) -> str:
    if problem.wrt == "W":
        i, j = (k + 1 for k in problem.index)
        return rf"\sum_n X_{{n{i}}}\, {G_ENTRY}_{{n{j}}}"
    if problem.wrt == "X":
        n, i = (k + 1 for k in problem.index)
        return rf"\sum_j {G_ENTRY}_{{{n}j}}\, W_{{{i}j}}"
    return rf"\sum_n {G_ENTRY}_{{n{problem.index[0] + 1}}}"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    wrt = problem.wrt
    words = {"W": "Each weight collects input × upstream gradient over the batch: ",
             "X": "Each input collects weight × upstream gradient over the outputs: ",
             "b": "The bias is added to every example, so its gradient is the sum of the "
                  "columns of ∂L/∂Y over the batch: "}
    if wrt == "b":
        j = problem.index[0] + 1
        rule = (tex.partial("L", f"b_{{{j}}}"), rf"\sum_n {G_ENTRY}_{{n{j}}}")
    else:
        extra = r" + \lambda W" if problem.weight_decay and wrt == "W" else ""
        rule = (tex.partial("L", wrt), RULES[wrt] + extra)
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
                f"{tex.inline(tex.partial('L', 'W'))} is {dims(d, m)}, like W.")
    if problem.wrt == "X":
        return (f"Shapes: {g} is {dims(n, m)} and {w_t} is {dims(m, d)}, so "
                f"{tex.inline(tex.partial('L', 'X'))} is {dims(n, d)}, like X.")
    return (f"Shapes: {g} is {dims(n, m)}; summing its {n} rows gives {m} "
            f"number{'s' if m > 1 else ''}, one per entry of b.")


def back(problem: Problem, solution: Solution) -> str:
    return steps_html(solution_steps(problem, solution))
