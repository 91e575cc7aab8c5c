"""Text escaping and 4-significant-figure formatting."""

import pytest

from deck.html import short, significant, text_to_html, tolerance


@pytest.mark.parametrize(("value", "expected"), [
    (0.2983711087600027, "0.2984"),
    (0.08216704056423078, "0.08217"),
    (0.00043856773447434685, "0.0004386"),
    (-0.35, "−0.3500"),
    (0.99996, "1.000"),
    (12345.6, "12350"),
    (0.0, "0"),
])
def test_significant(value, expected):
    assert significant(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (0.35, "0.35"), (0.1 + 0.2, "0.3"), (2.0, "2"), (-0.04, "−0.04"), (0.2983711, "0.2984"),
])
def test_short_drops_zeros_only_when_exact(value, expected):
    assert short(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (0.2984, 0.00005), (0.08217, 0.000005), (1.0, 0.0005), (-12.5, 0.005), (0.99996, 0.0005),
])
def test_tolerance_is_half_a_unit_in_the_last_shown_digit(value, expected):
    assert tolerance(value) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("a < b & c", "a &lt; b &amp; c"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("line one\nline two\n", "line one<br>line two"),
    (r"\( \frac{\partial J}{\partial w} \)", r"\( \frac{\partial J}{\partial w} \)"),
])
def test_text_to_html(text, expected):
    assert text_to_html(text) == expected
