"""4-significant-figure formatting, the value a learner carries, and the accept window."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_deck.core.accepted import accepted_range, half_unit
from backprop_deck.core.carry import four_figures
from backprop_deck.core.html import text_to_html
from backprop_deck.core.numbers import NOISE, Rounded, rounded, short, significant, written_exactly


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
    (0.0, 0.0),
])
def test_half_unit_in_the_last_shown_digit(value, expected):
    assert half_unit(value) == pytest.approx(expected)


@pytest.mark.parametrize(("value", "expected"), [
    (0.35, True), (-1.25, True), (0.1 + 0.2, False), (1234.0, True), (12345.0, False),
    (0.00012, True), (0.0, True), (-0.0, True), (0.12345, False),
])
def test_written_exactly(value, expected):
    assert written_exactly(value) is expected


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.integers(-10**6, 10**6).map(lambda k: k / 1000)))
def test_written_exactly_is_what_the_shown_figures_say(value):
    """The draws' cheap test agrees with reading back the number a card shows."""
    assert written_exactly(value) == (float(short(value).replace("−", "-")) == value)


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.integers(-10**6, 10**6).map(lambda k: k / 1000)))
def test_shown_rounds_to_the_number_significant_writes(value):
    """shown() reads the 4 figures from format(); a card writes them with significant().
    Below NOISE a value is a zero that floats missed: both say 0."""
    assert rounded(value) == float(significant(value).replace("−", "-"))
    if abs(value) >= NOISE:
        assert half_unit(value) > 0
    else:
        assert significant(value) == "0" and rounded(value) == 0


def test_shown_keeps_exact_values_and_marks_rounded_ones():
    assert four_figures(0.25) == 0.25 and type(four_figures(0.25)) is float
    assert four_figures(0.52698) == 0.527 and type(four_figures(0.52698)) is Rounded
    assert four_figures(four_figures(0.52698)) is four_figures(0.52698)


def test_window_runs_from_the_exact_to_the_hand_answer_and_half_a_unit_beyond():
    """README: 0.05052 exact, 0.05051 by hand → from 0.050505 to 0.050525."""
    low, high = accepted_range(0.050518, 0.05051)
    assert low == pytest.approx(0.050505) and high == pytest.approx(0.050523)
    assert accepted_range(0.08217, 0.08217) == pytest.approx((0.082165, 0.082175))
    assert accepted_range(0.0, 0.0) == pytest.approx((-0.00005, 0.00005))


@pytest.mark.parametrize(("text", "expected"), [
    ("a < b & c", "a &lt; b &amp; c"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("line one\nline two\n", "line one<br>line two"),
    (r"\( \frac{\partial J}{\partial w} \)", r"\( \frac{\partial J}{\partial w} \)"),
])
def test_text_to_html(text, expected):
    assert text_to_html(text) == expected
