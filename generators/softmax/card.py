"""An output layer's card: logits, targets and the exponentials given; probabilities ŷ,
loss J and gradient ŷ − y worked out."""

from __future__ import annotations

import math

from backprop_deck.core import tex
from backprop_deck.core.carry import Carry, four_figures

from ..topic import Step
from ..worked import steps_html, unused_note
from .maths import Problem, Solution, exponentials, target


def _ln_k(z: float) -> str | None:
    """``\\ln 3`` for a logit that is ln of a whole number (easy cards), else None."""
    k = math.exp(abs(z))
    if abs(k - round(k)) < 1e-9 and round(k) > 1:
        return rf"{'-' if z < 0 else ''}\ln {round(k)}"
    return "0" if z == 0 else None


def _sigmoid_exp(z: float, value: float) -> str:
    """e^{−z} as a card writes it: on an easy card (z = ±ln k) exactly, 1/k or k, so
    that p = 1/(1 + 1/k) = k/(k + 1) needs no calculator; else its 4 figures."""
    k = math.exp(abs(z))
    if abs(k - round(k)) < 1e-9 and round(k) > 1:
        return rf"\tfrac{{1}}{{{round(k)}}}" if z > 0 else str(round(k))
    return tex.num(value)


def _matrix(rows) -> str:
    body = r" \\ ".join(" & ".join(rows_item for rows_item in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def _logits_tex(problem: Problem) -> list[list[str]]:
    easy = all(_ln_k(z) is not None for row in problem.logits for z in row)
    return [[(_ln_k(z) if easy else tex.num(z)) for z in row] for row in problem.logits]


def _class_word(problem: Problem) -> str:
    return "" if problem.loss == "sigmoid_bce" else f" over {len(problem.logits[0])} classes"


def title(problem: Problem) -> str:
    """What the card drills: softmax's cards and sigmoid's are headed apart."""
    if problem.loss == "sigmoid_bce":
        return "sigmoid and binary cross-entropy"
    return "softmax and cross-entropy"


def front(problem: Problem, carry: Carry = four_figures) -> str:
    rows = problem.rows
    exps = exponentials(problem, carry)
    batch = rows > 1
    examples = "one example" if not batch else f"a batch of {rows} examples"
    n = "_n" if batch else ""
    if problem.loss == "softmax_ce":
        nc = "_{nc}" if batch else "_c"  # a sum over the classes runs over c
        what = (f"Softmax with cross-entropy{_class_word(problem)}, for {examples}: "
                + tex.inline(rf"\hat y{n} = \operatorname{{softmax}}(z{n})") + " and "
                + tex.inline(rf"J{n} = -\sum_c y{nc} \ln \hat y{nc}") + ", "
                + (f"for each example {tex.inline('n')} (a row), with "
                   + tex.inline("y_n") if batch else "with " + tex.inline("y"))
                + " one-hot: 1 at the target class, 0 at the others.")
        targets = ", ".join(f"class {int(t) + 1}" for t in problem.targets)
        target_text = (f"The target is {targets}." if not batch
                       else f"Targets, by example: {targets}.")
        table = tex.inline(rf"e^{{z}} = {_matrix([[tex.num(e) for e in r] for r in exps])}")
        logits = tex.inline(rf"z = {_matrix(_logits_tex(problem))}")
    else:
        what = (f"A sigmoid output with binary cross-entropy, for {examples}: "
                + tex.inline(rf"\hat y{n} = \sigma(z{n}) = \frac{{1}}{{1 + e^{{-z{n}}}}}")
                + " and " + tex.step((f"J{n}", rf"-y{n} \ln \hat y{n} - (1 - y{n}) "
                                                rf"\ln(1 - \hat y{n})")))
        if batch:
            target_text = "Targets: " + ", ".join(tex.inline(f"y_{{{k + 1}}} = {tex.num(t)}")
                                                  for k, t in enumerate(problem.targets)) + "."
        else:
            target_text = f"Target: {tex.inline(f'y = {tex.num(problem.targets[0])}')}."
        column = [[z] for z in (r[0] for r in _logits_tex(problem))]
        given = [[_sigmoid_exp(z[0], e[0])] for z, e in zip(problem.logits, exps, strict=True)]
        table = tex.inline(rf"e^{{-z}} = {_matrix(given)}")
        logits = tex.inline(rf"z = {_matrix(column)}")
    reduction = ("" if not batch else
                 f" The loss {tex.inline('J')} is the mean of the {tex.inline('J_n')} over "
                 "the batch." if problem.reduction == "mean" else
                 f" The loss {tex.inline('J')} is the sum of the {tex.inline('J_n')} over "
                 "the batch.")
    return (f'<div class="given">{what}{reduction} {target_text}{_counting(problem)}</div>'
            f'<div class="given matrices"><span class="given-item">{logits}</span>'
            f'<span class="given-item">{table}</span></div>'
            f'<p class="question">{_question(problem)}</p>')


def _counting(problem: Problem) -> str:
    """Where rows and columns start: a learner counting from 0 reads "class 1" as the
    second column."""
    said = []
    if problem.rows > 1:
        said.append(f"rows are examples 1 to {problem.rows}, top to bottom")
    if problem.loss == "softmax_ce":
        said.append(f"columns are classes 1 to {len(problem.logits[0])}, left to right")
    text = "; ".join(said)
    return f" {text[0].upper()}{text[1:]}." if text else ""


HAT = r"\hat y"


def _entry(problem: Problem, symbol: str, c: int | None = None) -> str:
    """The asked entry (or class ``c`` of the asked row) of ŷ, y or z: ŷ₃₁, z₂, …"""
    n, asked = problem.index
    c = asked if c is None else c
    if problem.loss == "sigmoid_bce":
        return f"{symbol}_{{{n + 1}}}" if problem.rows > 1 else symbol
    return f"{symbol}_{{{n + 1}{c + 1}}}" if problem.rows > 1 else f"{symbol}_{{{c + 1}}}"


def _question(problem: Problem) -> str:
    if problem.quantity == "loss":
        return f"What is the loss {tex.inline('J')}?"
    n, c = problem.index
    if problem.loss == "sigmoid_bce":
        where = f" (example {n + 1}, counting from 1)" if problem.rows > 1 else ""
    else:
        where = (f" (example {n + 1}, class {c + 1}, counting from 1)" if problem.rows > 1
                 else f" (class {c + 1}, counting from 1)")
    if problem.quantity == "probability":
        return f"What is {tex.inline(_entry(problem, HAT))}{where}?"
    return f"What is {tex.inline(tex.partial('J', _entry(problem, 'z')))}{where}?"


def _row(problem: Problem, n: int) -> str:
    return f"_{{{n + 1}}}" if problem.rows > 1 else ""


def solution_steps(problem: Problem, s: Solution) -> list[Step]:
    n, c = problem.index
    rows = range(problem.rows) if problem.quantity == "loss" else (n,)
    steps = []
    for row in rows:
        steps += _probability_steps(problem, s, row, int(problem.targets[row])
                                    if problem.quantity == "loss" and
                                    problem.loss == "softmax_ce" else c)
    scale = problem.rows if problem.reduction == "mean" else 1
    if problem.quantity == "loss":
        for row in rows:
            key = "loss" if problem.rows == 1 else f"loss-{row}"
            steps.append(_loss_step(problem, s, row, key))
        if problem.rows > 1:
            parts = " + ".join(tex.num(v) for v in s.losses)
            if scale > 1:
                steps.append(Step("loss", ("J", rf"\frac{{1}}{{{scale}}}({parts})",
                                           tex.num(s.answer)), "The mean over the batch: "))
            else:
                steps.append(Step("loss", ("J", parts, tex.num(s.answer)),
                                  "The sum over the batch: "))
    if problem.quantity == "gradient":
        steps.append(_gradient_step(problem, s, scale))
    return steps


def _gradient_step(problem: Problem, s: Solution, scale: int) -> Step:
    n, c = problem.index
    y = target(problem, n, c)
    p = s.probabilities[n][c]
    y_entry, p_entry = _entry(problem, "y"), _entry(problem, HAT)
    diff = f"{p_entry} - {y_entry}"
    formula = diff if scale == 1 else rf"\frac{{{diff}}}{{{scale}}}"
    numbers = (rf"{tex.num(p)} - {tex.factor(y)}" if scale == 1
               else rf"\frac{{{tex.num(p)} - {tex.factor(y)}}}{{{scale}}}")
    rule = tex.inline(r"\partial J/\partial z = \hat y - y")
    if problem.loss == "softmax_ce":
        t = int(problem.targets[n])
        whose = f"example {n + 1}'s" if problem.rows > 1 else "the"
        words = (f"Softmax and cross-entropy together give {rule}, entry by entry. Here "
                 f"{tex.inline(f'{y_entry} = {int(y)}')}: {whose} target is class {t + 1}")
    else:
        words = (f"Sigmoid and binary cross-entropy together give {rule}, with "
                 f"{tex.inline(f'{y_entry} = {tex.num(y)}')}")
    words += f"; the mean divides by {tex.inline(f'N = {scale}')}. " if scale > 1 else ". "
    return Step("gradient", (tex.partial("J", _entry(problem, "z")), formula, numbers,
                             tex.num(s.answer)), words)


def _probability_steps(problem: Problem, s: Solution, n: int, c: int) -> list[Step]:
    r = _row(problem, n)
    if problem.loss == "softmax_ce":
        exps = " + ".join(tex.num(e) for e in s.exps[n])
        row = str(n + 1) if problem.rows > 1 else ""
        p = rf"\hat y_{{{row}{c + 1}}}"
        return [Step(f"sum-{n}", (rf"S{r}", rf"\sum_c e^{{z_{{{row}c}}}}", exps,
                                  tex.num(s.sums[n])), "Sum the exponentials of the row: "),
                Step(f"p-{n}-{c}", (p, rf"\frac{{e^{{z_{{{row}{c + 1}}}}}}}{{S{r}}}",
                                    rf"\frac{{{tex.num(s.exps[n][c])}}}{{{tex.num(s.sums[n])}}}",
                                    tex.num(s.probabilities[n][c])))]
    return [Step(f"p-{n}-0", (rf"\hat y{r}", rf"\frac{{1}}{{1 + e^{{-z{r}}}}}",
                              rf"\frac{{1}}{{1 + "
                              rf"{_sigmoid_exp(problem.logits[n][0], s.exps[n][0])}}}",
                              tex.num(s.probabilities[n][0])))]


def _loss_step(problem: Problem, s: Solution, n: int, key: str) -> Step:
    r = _row(problem, n)
    if problem.loss == "softmax_ce":
        t = int(problem.targets[n])
        p = s.probabilities[n][t]
        row = str(n + 1) if problem.rows > 1 else ""
        whose = f"Example {n + 1}'s" if problem.rows > 1 else "The"
        return Step(key, (f"J{r}", rf"-\ln \hat y_{{{row}{t + 1}}}", rf"-\ln({tex.num(p)})",
                          tex.num(s.losses[n])),
                    f"{whose} target is class {t + 1}, so of the sum only its term is left: ")
    p, t = s.probabilities[n][0], problem.targets[n]
    terms = []
    if t:
        terms.append(rf"{tex.num(t)} \ln({tex.num(p)})" if t != 1 else rf"\ln({tex.num(p)})")
    if t != 1:
        weight = tex.num(four_figures(1 - t))
        inner = rf"\ln(1 - {tex.num(p)})"
        terms.append(inner if t == 0 else rf"{weight}\,{inner}")
    return Step(key, (f"J{r}", rf"-[y{r} \ln \hat y{r} + (1 - y{r}) \ln(1 - \hat y{r})]",
                      rf"-({' + '.join(terms)})", tex.num(s.losses[n])))


def unused(problem: Problem) -> str:
    """A probability comes from the logits alone: the targets enter only the loss."""
    if problem.quantity != "probability":
        return ""
    word = "target" if problem.rows == 1 else "targets"
    return unused_note([f"The {word}"], f"{tex.inline(HAT)} comes from the logits alone; "
                                        f"the {word} enter{'s' if problem.rows == 1 else ''} "
                                        "only the loss.", values=False)


def back(problem: Problem, solution: Solution) -> str:
    return unused(problem) + steps_html(solution_steps(problem, solution))
