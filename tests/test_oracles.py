"""Every topic's cards against the topic's independent oracle (tests/oracles/<topic>.py),
at every difficulty: the exact answer, the answer the worked solution reaches by hand,
the typed answers judged right, and every slip the card lists. A new topic in
generators/registry.py is checked here once its oracle is written, and fails here
until it is."""

import random

import pytest
from oracles import NoOracle, oracle

from backprop_deck.generators.hand_path import hand_path
from backprop_deck.generators.practice import draw_unseen
from backprop_deck.generators.practice_note import version
from backprop_deck.generators.registry import TOPICS
from backprop_deck.generators.topic import DIFFICULTIES

DRAWN = 200  # problems of each difficulty, where the oracle does not say fewer
HAND_DRIFT = 2  # units of the last figure (docs/design.md, "Maths and numbers")
ZERO = 1e-12  # an oracle's value this small is the answer 0 (core/numbers.py's NOISE)


def last_figure(x: float) -> float:
    """One unit of the 4th significant figure a card shows for ``x`` (of 0.0000 for 0)."""
    if abs(x) < ZERO:
        return 1e-4
    return 10.0 ** (int(f"{x:.3e}".partition("e")[2]) - 3)


def judged_right(answer: float, hand: float) -> tuple[float, float]:
    """docs/design.md: from the exact answer to the hand-path one, widened by half a
    unit of the last digit shown (the larger of the two's; ±0.00005 around 0)."""
    units = [last_figure(x) for x in (answer, hand) if abs(x) >= ZERO]
    slack = max(units) / 2 if units else 0.5e-4
    return min(answer, hand) - slack, max(answer, hand) + slack


@pytest.mark.parametrize("level", DIFFICULTIES)
@pytest.mark.parametrize("name", list(TOPICS))
def test_cards_agree_with_the_topics_oracle(name, level):
    checker = oracle(name)
    topic = TOPICS[name]
    rng, taken = random.Random(f"oracle:{name}:{level}"), set()
    for k in range(getattr(checker, "DRAWN", DRAWN)):
        problem = draw_unseen(topic, rng, level, taken)  # as a deck draws them
        shown = version(topic, problem, topic.title)
        truth = checker.answer(shown.dump)
        where = (name, level, k, shown.dump)
        assert shown.answer == shown.dump["answer"] == pytest.approx(truth, rel=1e-9,
                                                                     abs=1e-15), where
        hand = hand_path(topic, problem)[0].answer
        assert abs(hand - truth) <= HAND_DRIFT * last_figure(truth) * (1 + 1e-9), where
        low, high = shown.accept
        assert (low, high) == pytest.approx(judged_right(truth, hand), rel=1e-9, abs=1e-12)
        for slip in shown.dump["mistakes"]:
            assert not low <= slip["answer"] <= high, (where, slip)
            assert slip["answer"] != pytest.approx(truth, rel=1e-6, abs=1e-9), (where, slip)


def test_a_registered_topic_without_an_oracle_fails_saying_what_to_write():
    with pytest.raises(NoOracle, match=r"'dropout' has no oracle: write "
                                       r"tests/oracles/dropout\.py, whose answer\(problem\)"):
        oracle("dropout")
    with pytest.raises(NoOracle):
        oracle("dual")  # a tool the oracles share, not a topic's oracle

