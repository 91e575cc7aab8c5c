"""The evaluator that redoes worked-solution lines: it must itself be right."""

import math

import pytest
from hand_arithmetic import NotNumeric, checked_results, evaluate
from symbols import sides

PLACES = [
    ("0.68 \\cdot (-0.24) + 0.35 \\cdot (-0.13) + 0.07", 0.68 * -0.24 + 0.35 * -0.13 + 0.07),
    ("(0.7514 - 0.01) \\cdot 0.7514\\,(1 - 0.7514)", (0.7514 - 0.01) * 0.7514 * (1 - 0.7514)),
    ("\\tfrac{1}{2}(0.01 - 0.7514)^2 + \\tfrac{1}{2}(0.99 - 0.7729)^2",
     0.5 * (0.01 - 0.7514) ** 2 + 0.5 * (0.99 - 0.7729) ** 2),
    ("\\sigma(0.3775)", 1 / (1 + math.exp(-0.3775))),
    ("\\frac{e^{2}}{e^{2} + e^{1}}", math.exp(2) / (math.exp(2) + math.exp(1))),
    ("1 - (-0.5)^2", 0.75),
    ("-2^{2}", -4.0),
    ("\\max(0.5, -1) + \\operatorname{ReLU}(-0.3) + \\tanh(0)", 0.5),
    ("\\sqrt{0.25 + 0.0001}", math.sqrt(0.2501)),
    ("-\\ln(0.25)", -math.log(0.25)),
    ("4 \\cdot 3 / 2", 6.0),
]


@pytest.mark.parametrize(("tex", "value"), PLACES)
def test_evaluates_what_cards_write(tex, value):
    assert evaluate(tex) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("tex", ["z_{h_{1}}", "\\frac{\\partial J}{\\partial w}", "o_{1} - y",
                                 "0.5 \\cdot w_{1}"])
def test_symbols_are_not_numbers(tex):
    with pytest.raises(NotNumeric):
        evaluate(tex)


def test_splits_aligned_chains_and_checks_each_result():
    line = sides(r"\begin{aligned}J &amp;= \tfrac{1}{2}(0.5 - 0.25)^2 \\ &amp;= 0.03125"
                 r"\end{aligned}")
    assert line == ["J", r"\tfrac{1}{2}(0.5 - 0.25)^2", "0.03125"]
    assert checked_results(line) == [(line[1], 0.03125, 0.03125)]
