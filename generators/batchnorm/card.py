"""A batch-norm card: the batch and ∂J/∂Y as a table; μ, σ², x̂, then ∂J/∂x̂ = γ·∂J/∂Y and
the three-term formula for ∂J/∂x, every term with its value."""

from __future__ import annotations

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..grid import grid
from ..topic import Step
from ..worked import steps_html, unused_note
from .maths import Problem, Solution

DXHAT = r"\partial J/\partial \hat x"  # inside a mean's bar


def dy(n: int | str) -> str:
    """∂J/∂Yₙ: an entry's gradient, in the deck's one form."""
    return tex.partial("J", f"Y_{{{n}}}")


def dxhat(n: int | str) -> str:
    return tex.partial("J", rf"\hat x_{{{n}}}")


def asked(problem: Problem) -> str:
    if problem.wrt == "x":
        return tex.partial("J", f"x_{{{problem.index + 1}}}")
    return tex.partial("J", rf"\{problem.wrt}")


def front(problem: Problem, carry: Carry = four_figures) -> str:
    size = len(problem.x)
    table = grid([problem.x, problem.dY], row_labels=("x", "∂J/∂Y"),
                 column_labels=[str(k + 1) for k in range(size)], caption="example")
    params = ", ".join(tex.inline(f"{name} = {tex.num(value)}") for name, value in (
        (r"\gamma", problem.gamma), (r"\beta", problem.beta), (r"\varepsilon", problem.eps)))
    rule = tex.inline(r"Y_n = \gamma\,\hat x_n + \beta")
    normal = tex.inline(r"\hat x_n = \frac{x_n - \mu}{\sqrt{\sigma^2 + \varepsilon}}")
    upstream = tex.inline(r"\partial J/\partial Y")
    return (f'<div class="given">Batch normalisation of one feature over a batch of {size}, '
            f'in training mode: {rule} with {normal}, and μ and σ² (biased, ÷ {size}) the '
            f"batch's mean and variance; {params}. The gradient "
            f'{upstream} arrives from above.</div>{table}'
            f'<p class="question">What is {tex.inline(asked(problem))}?</p>')


def _forward(problem: Problem, s: Solution) -> list[Step]:
    """μ, σ², √(σ² + ε) and each x̂ₙ; each sum on a line of its own, before the division,
    so that no line holds a long sum inside brackets."""
    size, f = len(problem.x), s.forward
    values = " + ".join(tex.factor(v) if k else tex.num(v) for k, v in enumerate(problem.x))
    squares = " + ".join(rf"({tex.num(v)} - {tex.factor(f.mean)})^{{2}}" for v in problem.x)
    eps = tex.num(problem.eps)
    root = (rf"\sqrt{{{tex.num(f.var)}}}" if not problem.eps
            else rf"\sqrt{{{tex.num(f.var)} + {eps}}}")
    steps = [Step("sum-x", (r"\sum_n x_n", values, tex.num(f.total))),
             Step("mean", (r"\mu", rf"\frac{{1}}{{{size}}} \sum_n x_n",
                           rf"\frac{{{tex.num(f.total)}}}{{{size}}}", tex.num(f.mean))),
             Step("squares", (r"\sum_n (x_n - \mu)^2", squares, tex.num(f.squares))),
             Step("var", (r"\sigma^2", rf"\frac{{1}}{{{size}}} \sum_n (x_n - \mu)^2",
                          rf"\frac{{{tex.num(f.squares)}}}{{{size}}}", tex.num(f.var)),
                  f"Biased: divide by {size}. "),
             Step("std", (r"\sqrt{\sigma^2 + \varepsilon}", root, tex.num(f.std)))]
    for k, v in enumerate(problem.x):
        steps.append(Step(f"xhat-{k}", (rf"\hat x_{{{k + 1}}}",
                                        rf"\frac{{{tex.num(v)} - {tex.factor(f.mean)}}}"
                                        rf"{{{tex.num(f.std)}}}", tex.num(f.xhat[k]))))
    return steps


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    size, f, g = len(problem.x), s.forward, s.backward
    dys = problem.dY
    if problem.wrt == "beta":
        return [Step("beta", (asked(problem), rf"\sum_n {dy('n')}",
                              " + ".join(tex.factor(d) for d in dys), tex.num(s.answer)),
                     "β is added to every Yₙ with weight 1: ")]
    steps = _forward(problem, s)
    products = " + ".join(rf"{tex.factor(d)} \cdot {tex.factor(v)}" for d, v in zip(dys, f.xhat))
    if problem.wrt == "gamma":
        steps.append(Step("gamma", (asked(problem), rf"\sum_n {dy('n')}\, \hat x_n", products,
                                    tex.num(s.answer)), "γ multiplies every x̂ₙ: "))
        return steps
    k = problem.index
    gamma = tex.num(problem.gamma)
    total = " + ".join(tex.factor(d) for d in dys)
    mean = rf"\overline{{{DXHAT}}}"
    mean_xhat = rf"\overline{{{DXHAT} \cdot \hat x}}"
    steps += [
        Step("dxhat", (dxhat(k + 1), rf"\gamma\,{dy(k + 1)}",
                       rf"{tex.factor(problem.gamma)} \cdot {tex.factor(dys[k])}",
                       tex.num(g.dxhat)),
             "Back through Yₙ = γx̂ₙ + β: "),
        Step("sum-dy", (rf"\sum_n {dy('n')}", total, tex.num(g.total_dy)),
             "What μ adds is the mean of ∂J/∂x̂ₙ = γ ∂J/∂Yₙ: "),
        Step("mean-dxhat", (mean, rf"\frac{{\gamma}}{{{size}}}\sum_n {dy('n')}",
                            rf"\frac{{{gamma}}}{{{size}}} \cdot {tex.factor(g.total_dy)}",
                            tex.num(g.mean_dxhat))),
        Step("sum-dy-xhat", (rf"\sum_n {dy('n')}\, \hat x_n", products,
                             tex.num(g.total_dy_xhat)),
             "What σ² adds is the mean of ∂J/∂x̂ₙ · x̂ₙ: "),
        Step("mean-dxhat-xhat", (mean_xhat,
                                 rf"\frac{{\gamma}}{{{size}}}\sum_n {dy('n')}\, \hat x_n",
                                 rf"\frac{{{gamma}}}{{{size}}} \cdot {tex.factor(g.total_dy_xhat)}",
                                 tex.num(g.mean_dxhat_xhat))),
        Step("terms", (rf"{dxhat(k + 1)} - {mean} - \hat x_{{{k + 1}}}\, {mean_xhat}",
                       rf"{tex.num(g.dxhat)} - {tex.factor(g.mean_dxhat)} - "
                       rf"{tex.factor(f.xhat[k])} \cdot {tex.factor(g.mean_dxhat_xhat)}",
                       tex.num(g.terms)),
             "The three terms: the direct one, minus what flows through μ and through σ²: "),
        Step("dx", (asked(problem),
                    rf"\frac{{{dxhat(k + 1)} - {mean} - \hat x_{{{k + 1}}}\, {mean_xhat}}}"
                    r"{\sqrt{\sigma^2 + \varepsilon}}",
                    rf"\frac{{{tex.num(g.terms)}}}{{{tex.num(f.std)}}}", tex.num(s.answer)),
             "Divided by √(σ² + ε): ")]
    return steps


def unused(problem: Problem) -> str:
    """β only shifts Y, whose gradient is given; ∂J/∂γ and ∂J/∂β read fewer givens."""
    names, rule = {
        "x": ([r"\beta"], None),
        "gamma": ([r"\gamma", r"\beta"], r"\partial J/\partial \gamma = \sum_n "
                                         r"(\partial J/\partial Y_n)\, \hat x_n"),
        "beta": (["x", r"\gamma", r"\varepsilon", r"\beta"],
                 r"\partial J/\partial \beta = \sum_n \partial J/\partial Y_n"),
    }[problem.wrt]
    why = ("β shifts every Yₙ alike, and ∂J/∂Y is given." if rule is None
           else f"{tex.inline(rule)} reads {'neither' if len(names) == 2 else 'none of them'}.")
    return unused_note([tex.inline(n) for n in names], why)


def back(problem: Problem, solution: Solution) -> str:
    return unused(problem) + steps_html(solution_steps(problem, solution))
