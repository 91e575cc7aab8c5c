"""core.html.keep_together: a formula's punctuation stays on its line
(tests/test_phone.py checks the lines Chromium lays out)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_deck.core.html import full_size_inline_fractions, keep_together

NOBR = '<span class="nobr">'


@pytest.mark.parametrize("html, expected", [
    (r"Weights \(w_1 = 0.15\), \(w_2 = 0.2\).",
     rf"Weights {NOBR}\(w_1 = 0.15\),</span> {NOBR}\(w_2 = 0.2\).</span>"),
    (r"the input (\(X\)) and \(K\)?", rf"the input {NOBR}(\(X\))</span> and {NOBR}\(K\)?</span>"),
    (r"\(a\) and \(b\),", rf"\(a\) and {NOBR}\(b\),</span>"),  # one formula, not a to b
    (r"a \(x\) b", r"a \(x\) b"),  # nothing to keep with it
    (r"\(\left(x\right)\):", rf"{NOBR}\(\left(x\right)\):</span>"),
    (r"\[ x \], then", r"\[ x \], then"),  # a display formula is a line of its own
    (r"\[ a \\(b) \], and \(c\).", rf"\[ a \\(b) \], and {NOBR}\(c\).</span>"),
])
def test_wraps_a_formula_with_the_marks_touching_it(html, expected):
    assert keep_together(html) == expected


@pytest.mark.parametrize("html, expected", [
    ("give p − y, with", f"give {NOBR}p − y,</span> with"),
    (r"so here \(y\) = 1 at", rf"so here {NOBR}\(y\) = 1</span> at"),
    ("with μ and σ² (biased, ÷ 4) from", f"with μ and σ² {NOBR}(biased, ÷ 4)</span> from"),
    ("w ← w - η · g", f"{NOBR}w ← w - η · g</span>"),
    ("a 4-figure value (exact)", "a 4-figure value (exact)"),  # no space to break at
    # too long for a 320 px line: left to break
    ("(following the steps below with 4-figure values gives 3; both are right)",
     "(following the steps below with 4-figure values gives 3; both are right)"),
    ("<b>p</b> − y", "<b>p</b> − y"),  # an operand in another element: not running text
])
def test_keeps_operators_with_operands_and_short_brackets_whole(html, expected):
    assert keep_together(html) == expected


@pytest.mark.parametrize("html, expected", [
    (r"\(y = \frac{x - \mu}{\sigma}\)", r"\(y = \dfrac{x - \mu}{\sigma}\)"),
    # an exponent stays small; a display formula sets fractions at full size already
    (r"\(\tfrac{1}{2} e^{\frac{1}{2}}\)", r"\(\dfrac{1}{2} e^{\frac{1}{2}}\)"),
    (r"\[\frac{a}{b}\] \(x_\frac12\)", r"\[\frac{a}{b}\] \(x_\frac12\)"),
    (r"<svg><text>\(\frac{a}{b}\)</text></svg>", r"<svg><text>\(\frac{a}{b}\)</text></svg>"),
    (r"\(\fraction\)", r"\(\fraction\)"),
])
def test_inline_fractions_at_the_texts_size(html, expected):
    assert full_size_inline_fractions(html) == expected


@pytest.mark.parametrize("html", [
    r'<span title="\(x\), y">z</span>',  # inside a tag
    r"<svg><text>\(x\),</text></svg>",  # SVG text has no HTML spans
    r"<style>.a::after { content: '\(x\),' }</style>",
    r"<math><mi>\(x\),</mi></math>",
    "no formula, at all.",
])
def test_leaves_what_is_not_html_text_alone(html):
    assert keep_together(html) == html


def test_text_after_an_svg_is_html_text_again():
    html = r'<svg viewBox="0 0 1 1"><path d="M0 0"/><text>\(a\),</text></svg>\(b\).'
    assert keep_together(html) == (
        rf'<svg viewBox="0 0 1 1"><path d="M0 0"/><text>\(a\),</text></svg>{NOBR}\(b\).</span>')


PIECES = ["\\(", "\\)", "x", ",", ".", "(", ")", " ", "<b>", "</b>", "<svg>", "</svg>"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_only_adds_spans(html):
    glued = keep_together(html)
    assert glued.replace(NOBR, "").replace("</span>", "") == html
