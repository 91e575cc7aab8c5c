"""Convolution layers: shapes by difficulty, answers and slips against the oracle."""

import random
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import conv as oracle

from backprop_deck.generators.conv.card import front
from backprop_deck.generators.conv.draw import draw
from backprop_deck.generators.conv.maths import Problem, output_shape, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=200):
    return [draw(random.Random(f"conv:{k}"), level) for k in range(n)]


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
    assume(rows + 2 * (padding if rows > 1 else 0) >= kr and cols + 2 * padding >= kc)
    x = tuple(tuple(float(rng.randint(-3, 3)) for _ in range(cols)) for _ in range(rows))
    kernel = tuple(tuple(float(rng.randint(-3, 3)) for _ in range(kc)) for _ in range(kr))
    probe = Problem(x, kernel, stride, padding, ((0.0,),), "kernel", (0, 0))
    out_rows, out_cols = output_shape(probe)
    dy = tuple(tuple(float(rng.randint(-2, 2)) for _ in range(out_cols)) for _ in range(out_rows))
    shape = (kr, kc) if on_kernel else (rows, cols)
    index = (rng.randrange(shape[0]), rng.randrange(shape[1]))
    problem = Problem(x, kernel, stride, padding, dy, "kernel" if on_kernel else "input", index)
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()))


def _subscript(text: str, names: tuple[str, str], values: tuple[int, int]) -> list[float]:
    """Evaluate a card's 1-based subscript such as '2i - 1,\\, 4 - j' or '(3 - p)/2 + 1'
    at the given values of its two variables (i, j over outputs; p, q over the kernel)."""
    found = []
    for part in text.split(r",\,"):
        expression = re.sub(r"(\d)([a-z(])", r"\1*\2", part.replace(" ", ""))
        found.append(eval(expression, {"__builtins__": {}}, dict(zip(names, values,
                                                                     strict=True))))
    return found


def _summed(text: str, variables: tuple[str, str], extent: tuple[int, int], one_d: bool):
    """Each point (a, b) of the 1-based range a sum runs over, ``extent`` long, with the
    cell (row, column) the card's subscript ``text`` names there. In 1-D the one variable
    runs along row 1."""
    names = (variables[0], "_") if one_d else variables
    for a in range(1, extent[0] + 1):
        for b in range(1, extent[1] + 1):
            index = _subscript(text, names, (b, 0) if one_d else (a, b))
            yield (a, b), ((1, index[0]) if one_d else index)


def _whole(value: float, size: int) -> int | None:
    """A 1-based index that exists in a dimension of ``size``, else None."""
    return int(value) if value == int(value) and 1 <= value <= size else None


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_the_cards_index_formula_picks_the_products_it_sums(level):
    """The step writes the entry as concept-conv-kernel and concept-conv-input teach it:
    ∂J/∂K as Σ over outputs (i, j) of ∂J/∂Y times an input cell, ∂J/∂X as Σ over kernel
    entries (p, q) of ∂J/∂Y at an output times the kernel entry, every subscript 1-based.
    Evaluating the subscripts from the layer's definition (docs/design.md), keeping the
    cells that exist, gives the products the step adds, ∂J/∂Y first in each."""
    from backprop_deck.generators.conv.card import solution_steps

    for problem in problems(level, 80):
        step = solution_steps(problem, solve(problem))[0]
        symbols, numbers = step.parts[1], step.parts[2]
        pad = (0 if problem.one_d else problem.padding), problem.padding
        rows, cols = output_shape(problem)
        kr, kc = len(problem.kernel), len(problem.kernel[0])
        expected = []
        if problem.wrt == "kernel":
            found = re.search(r"\\partial Y_\{ij?\}\}\\, (\\tilde X|X)_\{(.+?)\}$", symbols)
            assert found, symbols
            for (i, j), (r, c) in _summed(found[2], ("i", "j"), (rows, cols), problem.one_d):
                if found[1] == r"\tilde X":  # X̃'s cell (r, c) is X's (r − P, c − P)
                    r, c = r - pad[0], c - pad[1]
                if 1 <= r <= len(problem.input) and 1 <= c <= len(problem.input[0]):
                    expected.append((problem.dY[i - 1][j - 1], problem.input[r - 1][c - 1]))
        else:
            found = re.search(r"\\partial Y_\{(.+?)\}\}\\, K_\{(p|pq)\}$", symbols)
            assert found, symbols
            for (p, q), (i, j) in _summed(found[1], ("p", "q"), (kr, kc), problem.one_d):
                i, j = _whole(i, rows), _whole(j, cols)
                if i is not None and j is not None:
                    expected.append((problem.dY[i - 1][j - 1], problem.kernel[p - 1][q - 1]))
        shown = [tuple(eval(side, {"__builtins__": {}}) for side in term.split(r" \cdot "))
                 for term in re.split(r" \+ ", numbers)]
        assert sorted(shown) == sorted(expected), (problem, symbols, numbers)


def test_the_input_gradient_is_said_as_the_concept_card_says_it():
    """Review 2026-12-08, 1.4 and 2.6: "convolution" is never left to mean the library's
    cross-correlation after concept-conv-forward said the mathematical one flips; the sum
    is Σₚ ∂J/∂Y_{j−p+1} Kₚ with j the asked index, and a 1-D card's slip speaks of
    entries, not rows and columns."""
    from backprop_deck.generators.conv.card import solution_steps

    one_d = [p for p in problems("easy", 60) if p.wrt == "input"]
    assert one_d
    for problem in one_d:
        step = solution_steps(problem, solve(problem))[0]
        j = problem.index[1] + 1
        assert step.parts[1] == (rf"\sum_{{p}} \frac{{\partial J}}{{\partial Y_{{{j} - p + 1}}}}"
                                 r"\, K_{p}")
        assert "full cross-correlation of the zero-padded ∂J/∂Y with the flipped kernel" in (
            step.words)
        assert r"the sum runs over the kernel's entries \(K_{p}\)" in step.words
        names = " ".join(s.name for s in solve(problem).slips)
        assert "convolved" not in names and "row" not in names and "column" not in names
