"""A pooling card: input and ∂J/∂Y as grids; what each window covering the asked cell
sends it, and the sum."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..grid import grid, grids
from ..topic import Step
from ..worked import steps_html, unused_note
from .maths import Problem, Solution, window

MODES = {"max": "max pooling", "avg": "average pooling"}


def _cell(cell: tuple[int, int]) -> str:
    return f"row {cell[0] + 1}, column {cell[1] + 1}"


def front(problem: Problem, carry: Carry = four_figures) -> str:
    r, c = (k + 1 for k in problem.index)
    overlap = " (the windows overlap)" if problem.stride < problem.size else ""
    upstream = tex.inline(r"\partial J/\partial Y")
    asked = tex.inline(rf"\partial J/\partial X_{{{r}{c}}}")
    return (f'<div class="given">{problem.size}×{problem.size} {MODES[problem.mode]} with '
            f'stride {problem.stride}{overlap}. The gradient {upstream} arrives from above.'
            f'</div>'
            + grids(grid(problem.input, caption="input X"), grid(problem.dY, caption="∂J/∂Y"))
            + f'<p class="question">What is {asked}, the gradient of the input at '
              f'{_cell(problem.index)} (counting from 1)?</p>')


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    steps = []
    area = problem.size ** 2
    for share in s.shares:
        i, j = share.output
        g = tex.partial("J", f"Y_{{{i + 1}{j + 1}}}")
        where = f"The window of output ({i + 1}, {j + 1}) covers the cell"
        top = share.maximum
        biggest = tex.num(problem.input[top[0]][top[1]])
        if problem.mode == "avg":
            share_tex = rf"\frac{{{tex.num(problem.dY[i][j])}}}{{{area}}}"
            steps.append(Step(f"window-{i}-{j}", (rf"\tfrac{{1}}{{{area}}}\,{g}", share_tex,
                                                   tex.num(share.value)),
                              f"{where}; average pooling gives each of its {area} cells "
                              f"an equal share: "))
        elif top == problem.index:
            steps.append(Step(f"window-{i}-{j}", (g, tex.num(share.value)),
                              f"{where}, and the cell holds its maximum ({biggest}), so it "
                              f"gets all of it: "))
        else:
            steps.append(Step(f"window-{i}-{j}", (),
                              f"{where}, but its maximum ({biggest}) is at {_cell(top)}: "
                              f"nothing comes to this cell from it."))
    total = " + ".join(tex.factor(share.value) for share in s.shares)
    r, c = (k + 1 for k in problem.index)
    lhs = tex.partial("J", f"X_{{{r}{c}}}")
    words = ("Overlapping windows add their shares: " if len(s.shares) > 1
             else "One window covers the cell: ")
    steps.append(Step("sum", (lhs, total, tex.num(s.answer)) if len(s.shares) > 1
                      else (lhs, tex.num(s.answer)), words))
    return steps


def unused(problem: Problem, s: Solution) -> str:
    """Average pooling never reads X; max pooling that sends this cell nothing never
    reads ∂J/∂Y."""
    if problem.mode == "avg":
        return unused_note([tex.inline("X")], "average pooling gives every cell of a window "
                                              "the same share, whatever the cells hold.")
    if all(share.maximum != problem.index for share in s.shares):
        return unused_note([tex.inline(r"\partial J/\partial Y")],
                           "the cell is not the maximum of any window that covers it, so no "
                           "gradient reaches it.")
    return ""


def back(problem: Problem, solution: Solution) -> str:
    maxima = {share.maximum for share in solution.shares} if problem.mode == "max" else set()
    outputs = {share.output for share in solution.shares}
    covered = {cell for i, j in outputs for cell in window(problem, i, j)}
    tables = grids(grid(problem.input, caption="input X", marked={problem.index},
                        muted=set() if problem.mode == "avg" else covered - maxima
                        - {problem.index}),
                   grid(problem.dY, caption="∂J/∂Y", marked=outputs))
    return tables + unused(problem, solution) + steps_html(solution_steps(problem, solution))
