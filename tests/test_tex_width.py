"""The width estimate that lays worked solutions out for a phone (tests/test_phone.py
measures the real thing): measured by shape, the same as measured token by token."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_deck.core.tex_width import _TOKEN, _measure, terms, width

PIECES = ["0", "1", "7", "9", ".", "-", "+", " ", "(", ")", "{", "}", "_", "^", "x", "w",
          r"\frac", r"\sqrt", r"\text", r"\cdot", r"\partial", r"\sigma", r"\1", "\\", "−",
          "∂", r"\begin{aligned}", "&", r"\\"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_width_by_shape_is_width_by_tokens(tex):
    """width() caches by the text with every digit as 0: every digit must be as wide."""
    assert width(tex) == _measure(_TOKEN.findall(tex))


@pytest.mark.parametrize(("tex", "expected"), [
    ("0.25", 3.55), ("-1", 3.4), (r"a \cdot b", 3.7), (r"\frac{1}{4}", 1.4),
    ("x_{1}", 1.8),
])
def test_width_of_simple_sides(tex, expected):
    assert width(tex) == pytest.approx(expected)


@pytest.mark.parametrize(("room", "expected"), [
    (20, [r"(-0.5) \cdot 0.25", r"+ 1.5 \cdot (a - b)", "- 2"]),
    (10, ["(-0.5)", r"\cdot 0.25", "+ 1.5", r"\cdot (a - b)", "- 2"]),
])
def test_terms_break_at_top_level_sums_then_products_of_wide_terms(room, expected):
    """Never inside (a - b); a term wider than the room also before its · signs."""
    assert terms(r"(-0.5) \cdot 0.25 + 1.5 \cdot (a - b) - 2", room) == expected
