"""Convolution layers: shapes by difficulty, answers and slips against the oracle."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import conv as oracle

from generators.conv.card import front
from generators.conv.draw import draw
from generators.conv.maths import Problem, output_shape, solve
from generators.topic import DIFFICULTIES


def problems(level, n=200):
    return [draw(random.Random(f"conv:{k}"), level) for k in range(n)]


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_answers_agree_with_the_oracle(level):
    for problem in problems(level):
        assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()))


def test_shapes_by_difficulty():
    for p in problems("easy"):
        assert p.one_d and len(p.input[0]) in (4, 5) and len(p.kernel[0]) in (2, 3)
        assert (p.stride, p.padding) == (1, 0)
    for p in problems("medium"):
        assert len(p.input) in (3, 4) and (len(p.kernel), len(p.kernel[0])) == (2, 2)
    hard = problems("hard")
    assert all((p.stride, p.padding) in ((2, 0), (1, 1)) for p in hard)
    assert {p.stride for p in hard} == {1, 2} and {p.wrt for p in hard} == {"kernel", "input"}


def test_dy_has_the_output_shape_the_spec_gives():
    """⌊(size + 2·padding − kernel)/stride⌋ + 1 per dimension (1-D: one row)."""
    for level in DIFFICULTIES:
        for p in problems(level, 50):
            rows = 1 if p.one_d else (len(p.input) + 2 * p.padding - len(p.kernel)) // p.stride + 1
            cols = (len(p.input[0]) + 2 * p.padding - len(p.kernel[0])) // p.stride + 1
            assert output_shape(p) == (rows, cols) == (len(p.dY), len(p.dY[0]))


def test_kernel_flip_slip_is_the_mirrored_entry():
    """Independently: ∂L/∂K at the mirrored position, from the oracle."""
    for p in problems("medium", 40):
        if p.wrt != "kernel":
            continue
        mirrored = Problem(p.input, p.kernel, p.stride, p.padding, p.dY, "kernel",
                           (1 - p.index[0], 1 - p.index[1]))
        flipped = next(s.value for s in solve(p).slips if s.name.startswith("flipped"))
        assert flipped == pytest.approx(oracle.answer(mirrored.to_dump()))


def test_front_shows_every_given():
    for p in problems("hard", 40):
        text = front(p)
        assert text.count("<td>") == (len(p.input) * len(p.input[0])
                                      + len(p.kernel) * len(p.kernel[0])
                                      + len(p.dY) * len(p.dY[0]))


@settings(max_examples=300, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(2, 5), st.integers(1, 3), st.integers(1, 3),
                 st.integers(1, 2), st.integers(0, 1), st.randoms(use_true_random=False),
                 st.booleans()))
def test_any_convolution_against_the_oracle(params):
    rows, cols, kr, kc, stride, padding, rng, on_kernel = params
    kr = 1 if rows == 1 else kr
    if rows + 2 * (padding if rows > 1 else 0) < kr or cols + 2 * padding < kc:
        return
    x = tuple(tuple(float(rng.randint(-3, 3)) for _ in range(cols)) for _ in range(rows))
    kernel = tuple(tuple(float(rng.randint(-3, 3)) for _ in range(kc)) for _ in range(kr))
    probe = Problem(x, kernel, stride, padding, ((0.0,),), "kernel", (0, 0))
    out_rows, out_cols = output_shape(probe)
    dy = tuple(tuple(float(rng.randint(-2, 2)) for _ in range(out_cols)) for _ in range(out_rows))
    shape = (kr, kc) if on_kernel else (rows, cols)
    index = (rng.randrange(shape[0]), rng.randrange(shape[1]))
    problem = Problem(x, kernel, stride, padding, dy, "kernel" if on_kernel else "input", index)
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()))
