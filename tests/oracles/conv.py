"""Convolution oracle, from docs/design.md's specification: the layer's forward pass
written out (cross-correlation over the zero-padded input, 1-D padded at its two ends
only), and L = Σ ∂L/∂Y ⊙ Y differentiated by sympy in the asked entry (a symbol), with
central differences as a second check."""

from __future__ import annotations

import copy
import math

import sympy as sp


def forward(x, kernel, stride: int, padding: int):
    one_d = len(x) == 1
    pad_rows = 0 if one_d else padding
    rows, cols = len(x) + 2 * pad_rows, len(x[0]) + 2 * padding

    def value(r, c):
        r, c = r - pad_rows, c - padding
        return x[r][c] if 0 <= r < len(x) and 0 <= c < len(x[0]) else 0

    kr, kc = len(kernel), len(kernel[0])
    out = []
    for i in range((rows - kr) // stride + 1):
        out.append([sum(value(i * stride + p, j * stride + q) * kernel[p][q]
                        for p in range(kr) for q in range(kc))
                    for j in range((cols - kc) // stride + 1)])
    return out


def loss(problem: dict, x=None, kernel=None):
    y = forward(x or problem["input"], kernel or problem["kernel"], problem["stride"],
                problem["padding"])
    assert (len(y), len(y[0])) == (len(problem["dY"]), len(problem["dY"][0]))
    return sum(g * v for grow, yrow in zip(problem["dY"], y) for g, v in zip(grow, yrow))


def _with(problem: dict, value):
    ask = problem["ask"]
    key = "kernel" if ask["wrt"] == "kernel" else "input"
    changed = copy.deepcopy(problem[key])
    r, c = ask["index"]
    changed[r][c] = value
    return {"x": changed} if key == "input" else {"kernel": changed}


def answer(problem: dict) -> float:
    ask = problem["ask"]
    r, c = ask["index"]
    entry = sp.Symbol("entry", real=True)
    symbolic = float(sp.diff(loss(problem, **_with(problem, entry)), entry))
    at = problem["kernel" if ask["wrt"] == "kernel" else "input"][r][c]
    h = 0.5
    difference = (loss(problem, **_with(problem, at + h))
                  - loss(problem, **_with(problem, at - h))) / (2 * h)
    assert math.isclose(symbolic, difference, abs_tol=1e-9)
    return symbolic
