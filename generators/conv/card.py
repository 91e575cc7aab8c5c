"""A convolution card: input, kernel and ∂J/∂Y as grids; the asked entry as its sum of
products, with the contributing cells marked on the back."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..grid import grid, grids
from ..topic import Step
from ..worked import steps_html, unused_note
from .maths import Problem, Solution, input_at, output_shape


def _name(problem: Problem, what: str, cell: tuple[int, int]) -> str:
    """K_{12} (1-based; one index for a 1-D problem)."""
    r, c = cell
    return f"{what}_{{{c + 1}}}" if problem.one_d else f"{what}_{{{r + 1}{c + 1}}}"


def _setting(problem: Problem) -> str:
    parts = [f"stride {problem.stride}"]
    parts.append(f"zero padding {problem.padding}" + (" at both ends" if problem.one_d and
                                                      problem.padding else "")
                 if problem.padding else "no padding")
    kind = "1-D" if problem.one_d else "2-D"
    layer, upstream = tex.inline(r"Y = X \star K"), tex.inline(r"\partial J/\partial Y")
    first = tex.inline("K_{1}" if problem.one_d else "K_{11}")
    where = "the first entry" if problem.one_d else "the top-left entry (row 1, column 1)"
    return (f"A {kind} convolution layer as deep-learning libraries compute it, a "
            f"cross-correlation {layer} ({', '.join(parts)}). The gradient {upstream} "
            f"arrives from above. Indices start at 1: {first} is {where}.")


def front(problem: Problem, carry: Carry = four_figures) -> str:
    what = "K" if problem.wrt == "kernel" else "X"
    asked = tex.inline(rf"\partial J/\partial {_name(problem, what, problem.index)}")
    tables = grids(grid(problem.input, caption="input X"),
                   grid(problem.kernel, caption="kernel K"), grid(problem.dY, caption="∂J/∂Y"))
    return (f'<div class="given">{_setting(problem)}</div>{tables}'
            f'<p class="question">What is {asked}?</p>')


def _marked_grids(problem: Problem, s: Solution) -> str:
    """The padded input, the kernel and ∂J/∂Y, with the cells of the sum marked."""
    pr, pc = problem.pad
    rows, cols = len(problem.input) + 2 * pr, len(problem.input[0]) + 2 * pc
    padded = [[input_at(problem, r, c) for c in range(cols)] for r in range(rows)]
    muted = {(r, c) for r in range(rows) for c in range(cols) if padded[r][c] is None}
    values = [[0.0 if v is None else v for v in row] for row in padded]
    outputs = {t.output for t in s.terms}
    if problem.wrt == "kernel":
        x_marked, k_marked = {t.cell for t in s.terms}, {problem.index}
    else:
        x_marked = {(problem.index[0] + pr, problem.index[1] + pc)}
        k_marked = {t.cell for t in s.terms}
    caption = "input X, zero-padded" if problem.padding else "input X"
    return grids(grid(values, caption=caption, marked=x_marked, muted=muted),
                 grid(problem.kernel, caption="kernel K", marked=k_marked),
                 grid(problem.dY, caption="∂J/∂Y", marked=outputs))


def _affine(scale: int, offset: int, variable: str) -> str:
    """scale·variable + offset as written: i, 2i − 1, i + 1, 3 − i, 4 − 2j."""
    if scale > 0:
        term = variable if scale == 1 else f"{scale}{variable}"
        return term if offset == 0 else f"{term} {'+' if offset > 0 else '-'} {abs(offset)}"
    term = variable if scale == -1 else f"{-scale}{variable}"
    return f"-{term}" if offset == 0 else f"{offset} - {term}"


def _kernel_steps(problem: Problem, s: Solution) -> Step:
    """∂J/∂K as concept-conv-kernel writes it: Σᵢ ∂J/∂Yᵢ X_{i+p−1}, i over the outputs,
    with the stride's and the padding's offsets in the input's index."""
    stride = problem.stride
    p, q = (k + 1 for k in problem.index)
    column = _affine(stride, q - stride, "i" if problem.one_d else "j")  # 1-D: one row
    index = column if problem.one_d else rf"{_affine(stride, p - stride, 'i')},\, {column}"
    over, out = (r"\sum_{i}", "Y_{i}") if problem.one_d else (r"\sum_{i,j}", "Y_{ij}")
    padded = r"\tilde X" if problem.padding else "X"
    symbols = rf"{over} {tex.partial('J', out)}\, {padded}_{{{index}}}"
    numbers = " + ".join(rf"{tex.factor(t.right)} \cdot {tex.factor(t.left)}" for t in s.terms)
    out_rows, out_cols = output_shape(problem)
    outputs = (f"{tex.inline('i')} runs over the outputs" if problem.one_d else
               f"{tex.inline('i')} runs over the outputs' rows, {tex.inline('j')} runs over "
               "their columns")
    cell = tex.inline(f"{padded}_{{{index}}}")
    kernel = tex.inline(_name(problem, "K", problem.index))
    words = (f"∂J/∂K is the input correlated with ∂J/∂Y: {outputs}, and {cell} is the input "
             f"cell that {kernel} meets in that output's window"
             + (" (in the zero-padded input X̃)" if problem.padding else "")
             + f", one at each of the {out_rows * out_cols} output positions (marked)"
             + ("; the padding's zeros add nothing and are left out. " if problem.padding
                else ". "))
    lhs = tex.partial("J", _name(problem, "K", problem.index))
    return Step("entry", (lhs, symbols, numbers, tex.num(s.answer)), words)


def _output_index(padded: int, stride: int, variable: str) -> str:
    """The output whose window lays kernel entry ``variable`` on padded input cell
    ``padded`` (1-based): padded − p + 1, or (padded − p)/s + 1 with a stride."""
    if stride == 1:
        return f"{padded} - {variable} + 1"
    return rf"({padded} - {variable})/{stride} + 1"


def _input_steps(problem: Problem, s: Solution) -> Step:
    """∂J/∂X as concept-conv-input writes it: Σₚ ∂J/∂Y_{j−p+1} Kₚ, p over the kernel,
    for the asked j (moved by the padding, divided out by the stride)."""
    stride, (pr, pc) = problem.stride, problem.pad
    r, c = (k + 1 for k in problem.index)
    if problem.one_d:
        over, kernel, places = r"\sum_{p}", "K_{p}", [(c + pc, "p")]
    else:
        over, kernel, places = r"\sum_{p,q}", "K_{pq}", [(r + pr, "p"), (c + pc, "q")]
    index = r",\, ".join(_output_index(cell, stride, v) for cell, v in places)
    symbols = rf"{over} {tex.partial('J', f'Y_{{{index}}}')}\, {kernel}"
    ordered = sorted(s.terms, key=lambda t: t.cell)  # as p (and q) go up the kernel
    numbers = " + ".join(rf"{tex.factor(t.right)} \cdot {tex.factor(t.left)}" for t in ordered)
    asked = tex.inline(_name(problem, "X", problem.index))
    entry = tex.inline(kernel)
    runs = f"the sum runs over the kernel's entries {entry}" + ("" if problem.one_d
                                                                 else ", row by row")
    where = ""
    if problem.padding:
        cell = rf"\tilde X_{{{c + pc}}}" if problem.one_d else rf"\tilde X_{{{r + pr}{c + pc}}}"
        where = f"{asked} is {tex.inline(cell)} in the zero-padded input X̃; "
    lands = (f"output {tex.inline(f'Y_{{{index}}}')} is the one whose window lays {entry} on "
             f"{asked}")
    kept = "the outputs that exist"
    if stride > 1:
        start = tex.inline(f"{stride}(i - 1) + 1")
        lands += (f" (window {tex.inline('i')} starts at input {start}" if problem.one_d else
                  f" (window {tex.inline('(i, j)')} starts at row {start} and column "
                  f"{tex.inline(f'{stride}(j - 1) + 1')}") + ")"
        kept = "the kernel entries whose output index is a whole number and exists"
    words = ("∂J/∂X is a full cross-correlation of the zero-padded ∂J/∂Y with the flipped "
             "kernel (the same as a true, flipping convolution with K). Entry by entry: "
             f"{where}{runs}, and {lands}; the sum keeps {kept} (marked). ")
    lhs = tex.partial("J", _name(problem, "X", problem.index))
    return Step("entry", (lhs, symbols, numbers, tex.num(s.answer)), words)


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    """The entry as concept-conv-kernel or concept-conv-input sums it, every index
    written 1-based and said in words."""
    if problem.wrt == "kernel":
        return [_kernel_steps(problem, s)]
    return [_input_steps(problem, s)]


def unused(problem: Problem) -> str:
    """The layer is linear in X and in K: each one's gradient reads only the other."""
    own, other = ("K", "X") if problem.wrt == "kernel" else ("X", "K")
    gradient = tex.inline(rf"\partial J/\partial {own}")
    upstream = tex.inline(r"\partial J/\partial Y")
    return unused_note([tex.inline(own)], f"the layer is linear in {tex.inline(own)}, so "
                       f"{gradient} reads only {tex.inline(other)} and {upstream}.")


def back(problem: Problem, solution: Solution) -> str:
    return (_marked_grids(problem, solution) + unused(problem)
            + steps_html(solution_steps(problem, solution)))
