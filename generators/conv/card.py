"""A convolution card: input, kernel and ∂J/∂Y as grids; the asked entry as its sum of
products, with the contributing cells marked on the back."""

from __future__ import annotations

from core import tex
from core.numbers import shown

from ..grid import grid, grids
from ..topic import Keep, Step, steps_html, unused_note
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


def front(problem: Problem, keep: Keep = shown) -> str:
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


def _pair(problem: Problem, rows: tuple[int, int], cols: tuple[int, int]) -> str:
    """A subscript from (scale, offset) for the row and the column (one for 1-D)."""
    column = _affine(*cols, "j")
    return column if problem.one_d else rf"{_affine(*rows, 'i')},\, {column}"


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    """The entry as a sum over the outputs it touches, every index written 1-based: with
    stride s and padding P, output (i, j) sees input row s(i − 1) + p − P through kernel
    row p."""
    numbers = " + ".join(rf"{tex.factor(t.left)} \cdot {tex.factor(t.right)}" for t in s.terms)
    out_rows, out_cols = output_shape(problem)
    stride, (pr, pc) = problem.stride, problem.pad
    over = r"\sum_{j}" if problem.one_d else r"\sum_{i,j}"
    outputs = tex.partial("J", "Y_{j}" if problem.one_d else "Y_{ij}")
    padded = r"\tilde X" if problem.padding else "X"
    if problem.wrt == "kernel":
        p, q = (k + 1 for k in problem.index)
        index = _pair(problem, (stride, p - stride), (stride, q - stride))
        symbols = rf"{over} {padded}_{{{index}}}\, {outputs}"
        words = ("∂J/∂K is the input correlated with ∂J/∂Y: the kernel entry meets one input "
                 f"cell at each of the {out_rows * out_cols} output positions (marked)"
                 + (", in the zero-padded input X̃. " if problem.padding else ". "))
        lhs = tex.partial("J", _name(problem, "K", problem.index))
    else:
        r, c = (k + 1 for k in problem.index)
        index = _pair(problem, (-stride, r + pr + stride), (-stride, c + pc + stride))
        symbols = rf"{over} K_{{{index}}}\, {outputs}"
        words = ("∂J/∂X is ∂J/∂Y fully convolved with the flipped kernel: the input cell "
                 "collects kernel × upstream gradient from every output whose window covers "
                 "it (marked), the sum over those outputs only. ")
        lhs = tex.partial("J", _name(problem, "X", problem.index))
    return [Step("entry", (lhs, symbols, numbers, tex.num(s.answer)), words)]


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
