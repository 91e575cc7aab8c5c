"""core.carry: how a worked solution carries its values from line to line."""

import pytest

from backprop_deck.core.carry import (
    BY_HAND,
    Exact,
    Lines,
    exact,
    five_figures,
    four_figures,
    six_figures,
)
from backprop_deck.core.numbers import Rounded, display


def test_a_line_is_carried_as_it_is_set():
    s = Lines(four_figures)
    s.mean = 2 / 3
    s.rows = [[1 / 3, 0.25], [2.0]]
    assert (s.mean, display(s.mean)) == (0.6667, "0.6667")
    assert s.rows == ((0.3333, 0.25), (2.0,))
    assert type(s.rows[0][0]) is Rounded and type(s.rows[0][1]) is float


def test_the_exact_path_carries_nothing():
    s = Lines(exact)
    s.mean = 2 / 3
    assert s.mean == 2 / 3 and s.slip(1 / 7) == 1 / 7


def test_an_exact_value_stays_exact_however_often_it_is_carried():
    third = Exact(1 / 3)
    s = Lines(four_figures)
    s.given = [third]
    s.again = s.given
    assert s.again == (1 / 3,) and type(s.again[0]) is Exact


@pytest.mark.parametrize("carry", BY_HAND)
def test_carrying_twice_is_carrying_once(carry):
    """A line may be set from another line: its value is not rounded a second time."""
    for value in (2 / 3, 0.123456789, 1234.5678, -0.000123456, 0.25):
        assert carry(carry(value)) == carry(value)


def test_guard_digits():
    assert (five_figures(2 / 3), six_figures(2 / 3)) == (0.66667, 0.666667)
    assert display(five_figures(2 / 3)) == "0.66667"
