"""Pooling oracle, from docs/design.md's specification: the pooling forward pass written
out, and L = Σ ∂L/∂Y ⊙ Y differentiated in the asked input cell by central differences
(exact here: with no ties, L is linear near the input)."""

from __future__ import annotations

import copy

DRAWN = 300  # problems of each difficulty tests/test_oracles.py checks (they are quick)


def forward(problem: dict, x) -> list[list[float]]:
    k, s = problem["size"], problem["stride"]
    out = []
    for i in range((len(x) - k) // s + 1):
        row = []
        for j in range((len(x[0]) - k) // s + 1):
            cells = [x[i * s + p][j * s + q] for p in range(k) for q in range(k)]
            row.append(max(cells) if problem["mode"] == "max" else sum(cells) / len(cells))
        out.append(row)
    return out


def loss(problem: dict, x) -> float:
    y = forward(problem, x)
    return sum(g * v for grow, yrow in zip(problem["dY"], y) for g, v in zip(grow, yrow))


def answer(problem: dict, h: float = 1e-4) -> float:
    r, c = problem["ask"]["index"]
    up, down = copy.deepcopy(problem["input"]), copy.deepcopy(problem["input"])
    up[r][c] += h
    down[r][c] -= h
    return (loss(problem, up) - loss(problem, down)) / (2 * h)
