"""Every worked-solution line redone by hand gives the result it shows, and a learner who
follows the steps to the end is judged right."""

import pytest
from hand_arithmetic import checked_results, worked_lines

from backprop_deck.core.variants import versions_of
from backprop_deck.deck.build import Options, build
from backprop_deck.generators.registry import TOPICS

SEEDS = range(6)


def half_unit(shown_value: float) -> float:
    """Half a unit in the last of 4 significant figures."""
    if shown_value == 0:
        return 0.0
    return 0.5 * 10 ** (len(str(int(abs(shown_value)))) - 4 if abs(shown_value) >= 1
                        else _first_digit(shown_value) - 3)


def _first_digit(x: float) -> int:
    exponent = 0
    x = abs(x)
    while x < 1:
        x *= 10
        exponent -= 1
    return exponent


@pytest.fixture(scope="module")
def cards():
    found = []
    for seed in SEEDS:
        deck = build(Options(seed=seed, count=12 * len(TOPICS), derivatives=seed == 0))
        found += [card for card in deck.cards if card.answer is not None]
    return found


def test_every_shown_result_is_its_shown_arithmetic(cards):
    checked = 0
    wrong = []
    for card in cards:
        for variant in versions_of(card):
            for line in worked_lines(variant.back):
                for expression, value, result in checked_results(line):
                    checked += 1
                    if abs(value - result) > half_unit(result) * (1 + 1e-9) + 1e-12:
                        wrong.append((card.id, expression, value, result))
    assert wrong == []
    assert checked > 1000


def test_following_the_steps_to_the_end_is_judged_right(cards):
    for card in cards:
        for k, (variant, problem) in enumerate(zip(versions_of(card), card.variants, strict=True)):
            lines = worked_lines(variant.back)
            results = [result for line in lines for _, _, result in checked_results(line)]
            if not results:  # a step-free card, e.g. an answer read off a table
                continue
            low, high = variant.accept
            assert low <= results[-1] <= high, (card.id, k, results[-1], variant.accept)
            assert low <= problem["answer"] <= high
