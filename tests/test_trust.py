"""Numbers a learner can trust: read off the cards as shown, over many problems.

No float noise (0.00000000000000003469 where 0 belongs); a worked solution ends within
2 units of the answer's 4th figure, carrying guard digits where 4 figures would not;
easy cards need no calculator; no answer is a good guess; no question twice in a deck;
each slip on a card has a name of its own; every card says where its indices start.
"""

import collections
import json
import math
import random
import re

import pytest
from hand_arithmetic import checked_results, worked_lines

from backprop_deck.core.carry import exact
from backprop_deck.core.variants import versions_of
from backprop_deck.generators.practice import practice_cards
from backprop_deck.generators.registry import TOPICS
from backprop_deck.generators.topic import DIFFICULTIES

NOISE = re.compile(r"\b0\.0{9,}\d")  # ten zeros or more after the point


@pytest.fixture(scope="module")
def deck():
    """Every topic, 40 notes of each difficulty, two problems per note."""
    return practice_cards(seed=2027, count=120 * len(TOPICS), difficulty="mixed", deck="D",
                          variants=2)


def shown(deck):
    """(card, problem's dump, its front, its back) for every problem of every note."""
    for card in deck:
        if card.group == "practice":
            for problem, variant in zip(card.variants, versions_of(card), strict=True):
                yield card, problem, variant


def units_off(value: float, answer: float) -> float:
    """How far ``value`` is from ``answer``, in units of the answer's 4th figure."""
    if answer == 0:
        return abs(value) / 1e-4
    return abs(value - answer) / 10 ** (math.floor(math.log10(abs(answer))) - 3)


def test_no_float_noise_anywhere(deck):
    noisy = [card.id for card, _, v in shown(deck) if NOISE.search(v.front + v.back)]
    assert noisy == []
    tiny = [card.id for card, problem, _ in shown(deck)
            if 0 < abs(problem["answer"]) < 1e-9 or any(
                0 < abs(m["answer"]) < 1e-9 for m in problem["mistakes"])]
    assert tiny == []


def test_worked_solutions_end_within_2_units_of_the_answer(deck):
    far, guarded = [], 0
    for card, problem, variant in shown(deck):
        results = [r for line in worked_lines(variant.back) for _, _, r in checked_results(line)]
        if results and units_off(results[-1], problem["answer"]) > 2:
            far.append((card.id, results[-1], problem["answer"]))
        if "guard-note" in variant.back:
            guarded += 1
            digits = int(re.search(r"carry (\d) significant figures", variant.back)[1])
            assert digits in (5, 6)
            figures = re.findall(r"\d\.\d{4,}|0\.0*[1-9]\d{4,}", variant.back)
            assert figures, card.id  # the steps do show the extra figures
    assert far == []
    assert guarded > 20  # about 1 problem in 20 needs them


EXACT = {"network", "graph", "linear", "softmax", "chain", "rnn", "conv", "pool", "batchnorm"}


def test_easy_cards_need_no_calculator(deck):
    """Every line of an easy card's worked solution is exact: its shown result is the
    value of its shown expression, not a rounding of it."""
    checked = 0
    for card, _, variant in shown(deck):
        if "easy" not in card.tags or card.kind not in EXACT:
            continue
        for line in worked_lines(variant.back):
            for expression, value, result in checked_results(line):
                checked += 1
                assert value == pytest.approx(result, rel=1e-9, abs=1e-12), (
                    card.id, expression, value, result)
    assert checked > 2000


@pytest.mark.parametrize("name", list(TOPICS))
def test_no_answer_is_a_good_guess(name):
    """No value answers more than a quarter of a topic's problems at a difficulty (0,
    where max pooling's point is that a cell can get nothing, at most a fifth or so)."""
    topic = TOPICS[name]
    for level in DIFFICULTIES:
        answers = collections.Counter()
        for k in range(400):
            problem = topic.draw(random.Random(f"guess:{name}:{level}:{k}"), level)
            answers[round(topic.solve(problem, exact, slips=False).answer, 9) + 0.0] += 1
        value, times = answers.most_common(1)[0]
        assert times <= 0.25 * 400, (name, level, value, times)


def test_no_question_twice_in_a_deck_easy_medium_and_hard_together():
    """A medium problem does not repeat an easy one (softmax's logits of 0 did)."""
    cards = practice_cards(seed=11, count=300 * len(TOPICS), difficulty="mixed", deck="D")
    seen = collections.Counter(
        json.dumps({k: v for k, v in c.problem.items() if k not in ("answer", "mistakes")},
                   sort_keys=True) for c in cards if c.group == "practice")
    assert [key for key, n in seen.items() if n > 1] == []


def test_every_slip_on_a_card_has_its_own_name(deck):
    repeated = [(card.id, problem["mistakes"]) for card, problem, _ in shown(deck)
                if len({m["name"] for m in problem["mistakes"]}) < len(problem["mistakes"])]
    assert repeated == []
    raw = [(card.id, m["name"]) for card, problem, _ in shown(deck) for m in problem["mistakes"]
           if re.search(r"\b[a-z]_[a-z0-9]|\bh0\b", m["name"])]  # w_h, h0: code, not words
    assert raw == []
    # in the deck's letters (docs/notation.md): the output ŷ and the target y, never p or t
    foreign = [(card.id, m["name"]) for card, problem, _ in shown(deck)
               if card.kind == "softmax" for m in problem["mistakes"]
               if re.search(r"\b[pt]\b", m["name"])]
    assert foreign == []


SAYS_ONE_BASED = re.compile(r"counting from 1|Indices start at 1|(?i:rows are examples|"
                            r"columns are classes) 1 to")
NUMBERED_TABLE = re.compile(r"<caption>(example|layer)</caption><tr><th></th><th>1</th>")


@pytest.mark.parametrize("name", ["linear", "softmax", "conv", "pool", "batchnorm", "chain"])
def test_every_card_says_where_its_indices_start(deck, name):
    """A learner counting from 0 takes another entry (conv: -10 for -6; softmax: class 1
    read as the second column): a card whose givens or question index a grid, matrix or
    vector says that its indices start at 1, in words or by a table whose columns are
    numbered from 1. (Networks, graphs and RNNs name every quantity in their diagrams; a
    sigmoid card of one example has one z.)"""
    silent = []
    for card, _, variant in shown(deck):
        if card.kind != name:
            continue
        front = variant.front
        if name in ("batchnorm", "chain"):
            said = NUMBERED_TABLE.search(front)
        else:
            said = SAYS_ONE_BASED.search(front) or (
                "sigmoid" in front and "for one example" in front)
        if not said:
            silent.append(card.id)
    assert silent == []
    if name == "softmax":
        wordless = [card.id for card, _, variant in shown(deck) if card.kind == name
                    and "class 1" in variant.front and "classes 1 to" not in variant.front]
        assert wordless == []
