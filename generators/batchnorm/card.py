"""A batch-norm card: the batch and ∂L/∂y as a table; μ, σ², x̂, then ∂L/∂x̂ = γ·∂L/∂y and
the three-term formula for ∂L/∂x, every term with its value."""

from __future__ import annotations

from core import tex
from core.numbers import shown

from ..grid import grid
from ..topic import Keep, Step, steps_html
from .maths import Problem, Solution

DY = r"\partial L/\partial y"
DXHAT = r"\partial L/\partial \hat x"


def asked(problem: Problem) -> str:
    if problem.wrt == "x":
        return tex.partial("L", f"x_{{{problem.index + 1}}}")
    return tex.partial("L", rf"\{problem.wrt}")


def front(problem: Problem, keep: Keep = shown) -> str:
    size = len(problem.x)
    table = grid([problem.x, problem.dY], row_labels=("x", "∂L/∂y"),
                 column_labels=[str(k + 1) for k in range(size)], caption="example")
    params = ", ".join(tex.inline(f"{name} = {tex.num(value)}") for name, value in (
        (r"\gamma", problem.gamma), (r"\beta", problem.beta), (r"\varepsilon", problem.eps)))
    rule = tex.inline(r"y = \gamma\,\frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta")
    return (f'<div class="given">Batch normalisation of one feature over a batch of {size}, '
            f'in training mode: {rule}, with μ and σ² (biased, ÷ {size}) from the batch; '
            f'{params}.</div>{table}'
            f'<p class="question">What is {tex.inline(asked(problem))}?</p>')


def _forward(problem: Problem, s: Solution) -> list[Step]:
    size = len(problem.x)
    values = " + ".join(tex.factor(v) if k else tex.num(v) for k, v in enumerate(problem.x))
    squares = " + ".join(rf"({tex.num(v)} - {tex.factor(s.mean)})^{{2}}" for v in problem.x)
    eps = tex.num(problem.eps)
    root = (rf"\sqrt{{{tex.num(s.var)}}}" if not problem.eps
            else rf"\sqrt{{{tex.num(s.var)} + {eps}}}")
    steps = [Step("mean", (r"\mu", rf"\frac{{1}}{{{size}}}({values})", tex.num(s.mean))),
             Step("var", (r"\sigma^2", rf"\frac{{1}}{{{size}}}({squares})", tex.num(s.var)),
                  f"Biased: divide by {size}. "),
             Step("std", (r"\sqrt{\sigma^2 + \varepsilon}", root, tex.num(s.std)))]
    for k, v in enumerate(problem.x):
        steps.append(Step(f"xhat-{k}", (rf"\hat x_{{{k + 1}}}",
                                        rf"\frac{{{tex.num(v)} - {tex.factor(s.mean)}}}"
                                        rf"{{{tex.num(s.std)}}}", tex.num(s.xhat[k]))))
    return steps


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    size = len(problem.x)
    dys = problem.dY
    if problem.wrt == "beta":
        return [Step("beta", (asked(problem), rf"\sum_n ({DY})_n",
                              " + ".join(tex.factor(d) for d in dys), tex.num(s.answer)),
                     "β is added to every yₙ with weight 1: ")]
    steps = _forward(problem, s)
    products = " + ".join(rf"{tex.factor(d)} \cdot {tex.factor(v)}" for d, v in zip(dys, s.xhat))
    if problem.wrt == "gamma":
        steps.append(Step("gamma", (asked(problem), rf"\sum_n ({DY})_n\, \hat x_n", products,
                                    tex.num(s.answer)), "γ multiplies every x̂ₙ: "))
        return steps
    k = problem.index
    gamma = tex.num(problem.gamma)
    total = " + ".join(tex.factor(d) for d in dys)
    steps += [
        Step("dxhat", (rf"({DXHAT})_{{{k + 1}}}", rf"\gamma\,({DY})_{{{k + 1}}}",
                       rf"{tex.factor(problem.gamma)} \cdot {tex.factor(dys[k])}",
                       tex.num(s.dxhat)),
             "Back through y = γx̂ + β: "),
        Step("mean-dxhat", (rf"\overline{{{DXHAT}}}", rf"\frac{{\gamma}}{{{size}}}\sum_n ({DY})_n",
                            rf"\frac{{{gamma}}}{{{size}}}({total})", tex.num(s.mean_dxhat)),
             "What μ adds (the mean of ∂L/∂x̂): "),
        Step("mean-dxhat-xhat", (rf"\overline{{{DXHAT} \cdot \hat x}}",
                                 rf"\frac{{{gamma}}}{{{size}}}({products})",
                                 tex.num(s.mean_dxhat_xhat)),
             "What σ² adds (the mean of ∂L/∂x̂ · x̂): "),
        Step("dx", (asked(problem),
                    rf"\frac{{1}}{{\sqrt{{\sigma^2 + \varepsilon}}}}(({DXHAT})_{{{k + 1}}} - "
                    rf"\overline{{{DXHAT}}} - \hat x_{{{k + 1}}}\, "
                    rf"\overline{{{DXHAT} \cdot \hat x}})",
                    rf"\frac{{1}}{{{tex.num(s.std)}}}({tex.num(s.dxhat)} - "
                    rf"{tex.factor(s.mean_dxhat)} - {tex.factor(s.xhat[k])} \cdot "
                    rf"{tex.factor(s.mean_dxhat_xhat)})", tex.num(s.answer)),
             "The three terms: the direct one, minus what flows through μ and through σ²: ")]
    return steps


def back(problem: Problem, solution: Solution) -> str:
    return steps_html(solution_steps(problem, solution))
