"""Dense layers: sizes and numbers by difficulty, answers and slips against the oracle."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import linear as oracle

from backprop_deck.generators.linear.card import front
from backprop_deck.generators.linear.draw import draw
from backprop_deck.generators.linear.maths import Problem, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=200):
    return [draw(random.Random(f"linear:{k}"), level) for k in range(n)]


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_sizes_numbers_and_decay_by_difficulty(level):
    drawn = problems(level)
    for problem in drawn:
        n, d, m = problem.shape
        assert 1 <= n <= 3 and 2 <= d <= 3 and 1 <= m <= 3
        numbers = [x for matrix in (problem.X, problem.W, problem.dY) for row in matrix
                   for x in row]
        if level == "easy":
            assert all(x.is_integer() for x in numbers)
        assert (problem.weight_decay > 0) == (level == "hard")
    assert {p.wrt for p in drawn} == {"W", "X", "b"}


def test_the_front_shows_every_given_number():
    for problem in problems("medium", 50):
        text = front(problem)
        for row in (*problem.X, *problem.W, problem.b, *problem.dY):
            for x in row:
                assert f"{x:g}".replace("-", "-") in text


def test_bias_slips_are_one_row_and_the_mean():
    problem = Problem(((1.0, 2.0), (3.0, 4.0)), ((1.0,), (1.0,)), (0.0,), ((2.0,), (6.0,)),
                      0.0, "b", (0,))
    assert solve(problem).answer == 8.0
    assert {s.name: s.value for s in solve(problem).slips} == {
        "took the first example's ∂J/∂Y instead of summing over the batch": 2.0,
        "averaged over the batch; the bias gradient is the sum": 4.0}


def test_transpose_slip_reads_the_mirrored_entry():
    """∂J/∂Yᵀ·X instead of Xᵀ·∂J/∂Y: entry [0, 1] of the wrong product."""
    X, dY = ((1.0, 2.0),), ((3.0, 5.0),)
    problem = Problem(X, ((1.0, 1.0), (1.0, 1.0)), (0.0, 0.0), dY, 0.0, "W", (0, 1))
    slips = {s.name: s.value for s in solve(problem).slips}
    assert solve(problem).answer == 1.0 * 5.0
    assert slips["computed ∂J/∂Yᵀ·X (the transpose) instead of Xᵀ·∂J/∂Y"] == 3.0 * 2.0


small = st.integers(-20, 20).map(lambda k: k / 10)


@st.composite
def any_problem(draw_from):
    n, d, m = (draw_from(st.integers(1, 3)) for _ in range(3))
    X = tuple(tuple(draw_from(small) for _ in range(d)) for _ in range(n))
    W = tuple(tuple(draw_from(small) for _ in range(m)) for _ in range(d))
    b = tuple(draw_from(small) for _ in range(m))
    dY = tuple(tuple(draw_from(small) for _ in range(m)) for _ in range(n))
    wrt = draw_from(st.sampled_from(["W", "X", "b"]))
    rows, cols = {"W": (d, m), "X": (n, d), "b": (1, m)}[wrt]
    index = ((draw_from(st.integers(0, rows - 1)), draw_from(st.integers(0, cols - 1)))
             if wrt != "b" else (draw_from(st.integers(0, cols - 1)),))
    return Problem(X, W, b, dY, draw_from(st.sampled_from([0.0, 0.1, 0.5])), wrt, index)


@settings(max_examples=150, deadline=None)
@given(any_problem())
def test_any_problem_against_the_oracle(problem):
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()), abs=1e-9)


def test_shape_cards_state_each_gradient_shape_and_product():
    from backprop_deck.generators.linear.shapes import COUNT, shape_cards

    cards = shape_cards(seed=4, deck="D")
    assert len(cards) == COUNT and len({c.guid for c in cards}) == COUNT
    for card in cards:
        (n, d), (_, m) = card.problem["shapes"]["X"], card.problem["shapes"]["W"]
        assert len({n, d, m}) == 3
        assert card.problem["answer"] == {"W": [d, m], "X": [n, d], "b": [m]}
        # Xᵀ (d×n) · ∂J/∂Y (n×m) = d×m, and ∂J/∂Y (n×m) · Wᵀ (m×d) = n×d
        assert rf"({d} \times {n}) \cdot ({n} \times {m}) = {d} \times {m}" in card.back
        assert rf"({n} \times {m}) \cdot ({m} \times {d}) = {n} \times {d}" in card.back
        assert card.answer is None and card.group == "shapes"


def test_shape_cards_say_the_bias_gradient_sums_each_column_down_the_batch():
    """Review 2026-12-08, 1.2: "the sums of the 32 rows" gives 32 numbers, one per
    example; ∂J/∂b has one per output, each its column of ∂J/∂Y summed over the batch.
    Checked against the sizes: M entries, each adding N examples (1 entry, all N·1)."""
    import re

    from backprop_deck.generators.linear.shapes import shape_card

    for n, d, m in ((32, 784, 128), (64, 784, 128), (128, 256, 1), (8, 3, 10)):
        card = shape_card(n, d, m, card_id="s", guid="g", deck="D")
        said = re.search(r"has (\d+) entr(?:y|ies)(.*?)\.", card.back)[0]
        assert f"has {m} entr" in said
        if m > 1:
            assert (f"{m} entries, one per output: the column sums of" in said
                    and f"each adding that output's {n} examples" in said)
        else:
            assert f"1 entry: the sum of the {n} entries of" in said
        assert "rows" not in said
