"""Random convolution problems by difficulty; small integers throughout (exact answers).

easy:   1-D, an input of 4–5 numbers and a kernel of 2–3.
medium: 2-D, a 3×3 or 4×4 input and a 2×2 kernel.
hard:   2-D with stride 2 (a 4×4 or 5×5 input) or zero padding 1 (a 3×3 input).
"""

from __future__ import annotations

import random

from .maths import Problem, output_shape, terms

INPUTS = (-2, -1, 0, 1, 2, 3)
KERNEL = (-2, -1, 1, 2, 3)
UPSTREAM = (-2, -1, 0, 1, 2)
MAX_ATTEMPTS = 1000


def _matrix(rng: random.Random, rows: int, cols: int, values) -> tuple:
    return tuple(tuple(float(rng.choice(values)) for _ in range(cols)) for _ in range(rows))


def skill(problem: Problem) -> tuple[str, str]:
    """The kind of question: which gradient, and the layer's stride or padding."""
    setting = "stride" if problem.stride > 1 else "padding" if problem.padding else "plain"
    return problem.wrt, setting


def _shapes(rng: random.Random, difficulty: str,
            wanted: tuple[str, str] | None) -> tuple[int, int, int, int, int, int]:
    """(input rows, input cols, kernel rows, kernel cols, stride, padding)."""
    if difficulty == "easy":
        return 1, rng.choice((4, 5)), 1, rng.choice((2, 3)), 1, 0
    if difficulty == "medium":
        size = rng.choice((3, 4))
        return size, size, 2, 2, 1, 0
    if (rng.random() < 0.5) if wanted is None else wanted[1] == "stride":
        size = rng.choice((4, 5))
        kernel = 2 if size == 4 else rng.choice((2, 3))
        return size, size, kernel, kernel, 2, 0
    kernel = rng.choice((2, 3))
    return 3, 3, kernel, kernel, 1, 1


def draw(rng: random.Random, difficulty: str, wanted: tuple[str, str] | None = None) -> Problem:
    for _ in range(MAX_ATTEMPTS):
        rows, cols, kr, kc, stride, padding = _shapes(rng, difficulty, wanted)
        x = _matrix(rng, rows, cols, INPUTS)
        kernel = _matrix(rng, kr, kc, KERNEL)
        probe = Problem(x, kernel, stride, padding, ((0.0,),), "kernel", (0, 0))
        out_rows, out_cols = output_shape(probe)
        dy = _matrix(rng, out_rows, out_cols, UPSTREAM)
        wrt = rng.choice(("kernel", "input")) if wanted is None else wanted[0]
        shape = (kr, kc) if wrt == "kernel" else (rows, cols)
        index = (rng.randrange(shape[0]), rng.randrange(shape[1]))
        problem = Problem(x, kernel, stride, padding, dy, wrt, index)
        found = terms(problem)
        if len(found) >= 2 and sum(t.left * t.right for t in found) != 0:
            return problem
    raise RuntimeError(f"no suitable {difficulty} convolution in {MAX_ATTEMPTS} attempts")
