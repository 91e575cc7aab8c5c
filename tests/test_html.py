"""core.html.keep_marks_with_formulas: a formula's punctuation stays on its line
(tests/test_phone.py checks the lines Chromium lays out)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.html import keep_marks_with_formulas

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
    assert keep_marks_with_formulas(html) == expected


@pytest.mark.parametrize("html", [
    r'<span title="\(x\), y">z</span>',  # inside a tag
    r"<svg><text>\(x\),</text></svg>",  # SVG text has no HTML spans
    r"<style>.a::after { content: '\(x\),' }</style>",
    r"<math><mi>\(x\),</mi></math>",
    "no formula, at all.",
])
def test_leaves_what_is_not_html_text_alone(html):
    assert keep_marks_with_formulas(html) == html


def test_text_after_an_svg_is_html_text_again():
    html = r'<svg viewBox="0 0 1 1"><path d="M0 0"/><text>\(a\),</text></svg>\(b\).'
    assert keep_marks_with_formulas(html) == (
        rf'<svg viewBox="0 0 1 1"><path d="M0 0"/><text>\(a\),</text></svg>{NOBR}\(b\).</span>')


PIECES = ["\\(", "\\)", "x", ",", ".", "(", ")", " ", "<b>", "</b>", "<svg>", "</svg>"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_only_adds_spans(html):
    glued = keep_marks_with_formulas(html)
    assert glued.replace(NOBR, "").replace("</span>", "") == html
