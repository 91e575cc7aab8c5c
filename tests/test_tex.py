"""TeX helpers: names, numbers, escaping, and aligned worked-solution rows."""

import pytest

from backprop_deck.core import tex
from backprop_deck.deck.tex_check import tex_problem


@pytest.mark.parametrize(("name", "expected"), [("w5", "w_{5}"), ("h12", "h_{12}"), ("y", "y")])
def test_name(name, expected):
    assert tex.name(name) == expected


def test_numbers_use_tex_minus_and_parenthesise_negative_factors():
    assert tex.num(-0.0381) == "-0.0381"
    assert tex.factor(-0.0381) == "(-0.0381)"
    assert tex.factor(0.5) == "0.5"


def test_inline_and_display_escape_html():
    assert tex.inline(r"a < b & c") == r"\(a &lt; b &amp; c\)"
    assert tex.display("x") == r"\[x\]"


def test_short_step_stays_on_one_line():
    assert tex.step(("h_1", "0.5")) == r"\[h_1 = 0.5\]"


def test_long_step_splits_only_at_top_level_equals():
    line = (r"\operatorname{ELU}'(z) = \begin{cases} 1 & z > 0 \\ e^{z} = E & z < 0 "
            r"\end{cases} = {a = b} = 0.3679")
    assert tex.step(tex.equalities(line)) == (
        r"\[\begin{aligned}\operatorname{ELU}'(z) &amp;= \begin{cases} 1 &amp; z &gt; 0 "
        r"\\ e^{z} = E &amp; z &lt; 0 \end{cases} \\ &amp;= {a = b} \\ &amp;= 0.3679"
        r"\end{aligned}\]")


@pytest.mark.parametrize(("text", "problem"), [
    (r"\( \frac{1}{2} \)", None),
    (r"\( \{ x \} \)", None),
    ("no maths at all {", None),
    (r"\( \frac{1}{2 \)", r"unbalanced braces in TeX '\( \frac{1}{2 \)'"),
    (r"\[ x } \]", r"unbalanced braces in TeX '\[ x } \]'"),
    (r"\( x", r"TeX '\(' is never closed with '\)'"),
    (r"x \]", r"TeX '\]' has no opening '\['"),
])
def test_tex_problem(text, problem):
    assert tex_problem(text) == problem


@pytest.mark.parametrize(("text", "problem"), [
    ("\\(" * 40_000, "TeX '\\(' is never closed with '\\)'"),
    ("\\( " + "{" * 40_000 + " \\)", "unbalanced braces in TeX '\\( {{{"),
    ("\\(x\\) " * 40_000, None),
    ("\\(\\def\\w{x}\\) " + "\\(\\w\\) " * 40_000, None),
], ids=["unclosed", "braces", "many formulas", "many defined"])
def test_huge_tex_is_checked_without_hanging(text, problem):
    """Issue #14: 40,000 '\\(' took 56 s (quadratic); a linear scan takes milliseconds.
    The alarm turns a regression into a failure instead of a hang."""
    import signal

    def hung(signum, frame):
        raise TimeoutError("the TeX check is no longer linear")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        found = tex_problem(text)
        assert (found is None) == (problem is None) and (found or "").startswith(problem or "")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_worked_line_never_breaks_inside_brackets():
    """Deriv-at-sigmoid once read "0.09112 (1" / "− 0.09112)": the left side now takes a
    row of its own, so that the bracket fits on one."""
    from backprop_deck.core.tex import step

    line = step([r"\sigma'(-2.3)", r"0.09112\,(1 - 0.09112)", "0.08282"])
    rows = line.removeprefix(r"\[\begin{aligned}").removesuffix(r"\end{aligned}\]").split(r" \\ ")
    assert rows == [r"&amp;\sigma'(-2.3)", r"&amp;= 0.09112\,(1 - 0.09112)", "&amp;= 0.08282"]
    assert all(row.count("(") == row.count(")") for row in rows)
