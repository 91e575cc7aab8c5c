"""Deep chains: vanishing and exploding, answers and slips against the oracle."""

import random
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import chain as oracle
from oracles import dual

from backprop_deck.core.numbers import short
from backprop_deck.generators.chain.card import back, front
from backprop_deck.generators.chain.draw import MIN_RELU_INPUT, draw
from backprop_deck.generators.chain.maths import Problem, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=200):
    return [draw(random.Random(f"chain:{k}"), level) for k in range(n)]


def test_depth_and_activations_by_difficulty():
    assert all(p.depth == 3 and p.activation in ("linear", "relu") for p in problems("easy"))
    assert all(3 <= p.depth <= 4 and p.activation in ("sigmoid", "tanh")
               for p in problems("medium"))
    assert all(5 <= p.depth <= 6 for p in problems("hard"))


def test_easy_is_exact():
    for problem in problems("easy"):
        answer = solve(problem).answer
        assert float(short(answer).replace("−", "-")) == answer


def test_hard_shows_vanishing_and_exploding():
    sizes = [(p.activation, abs(solve(p).answer)) for p in problems("hard")]
    vanishing = [s for a, s in sizes if a == "sigmoid"]
    exploding = [s for a, s in sizes if a != "sigmoid"]
    assert max(vanishing) < 0.05 and len(vanishing) > 50
    assert min(exploding) > 5 and len(exploding) > 30


def test_sigmoid_cards_state_the_quarter_bound_and_the_shrinkage():
    for problem in problems("hard", 40):
        text = back(problem, solve(problem))
        if problem.activation == "sigmoid":
            assert "σ′(z) ≤ ¼" in text and "smaller in size" in text
        else:
            assert "larger in size" in text and "exploding" in text


def test_the_change_on_the_way_down_is_said_plainly():
    """Review 2026-12-08, 4.6: "Over 2 layers down to layer 2, the gradient shrank to 0.5
    of its size at the top, about 2 times smaller." Now: from the top activation down to
    the asked quantity, the factor the answer is, and the size change it makes, "about"
    only where the ratio was rounded."""
    seen = set()
    for level in DIFFICULTIES:
        for problem in problems(level, 60):
            answer = dual.chain(problem.to_dump())  # the factor, from the spec
            text = re.sub(r"<[^>]+>", "", back(problem, solve(problem)))
            top = rf"\(a_{{{problem.depth}}}\)"
            asked = "x" if problem.wrt == "x" else f"{problem.wrt[0]}_{{{problem.index + 1}}}"
            said = re.search(rf"From {re.escape(top)} down to \\\({re.escape(asked)}\\\), "
                             r"the gradient was multiplied by (\S+?)(?:: (about )?([\d,.]+) "
                             r"times (smaller|larger) in size|, its size unchanged)\.", text)
            assert said, text
            assert float(said[1].replace("−", "-")) == pytest.approx(answer, rel=5e-4)
            if said[3] is None:
                assert abs(answer) == 1
                continue
            ratio = abs(answer) if said[4] == "larger" else 1 / abs(answer)
            assert (abs(answer) > 1) == (said[4] == "larger")
            stated = float(said[3].replace(",", ""))
            assert stated == pytest.approx(ratio, rel=0.05, abs=0.05)
            assert (said[2] is None) == (abs(stated - ratio) <= 1e-9 * ratio)
            seen.add((said[2] is None, said[4]))
    assert {(True, "smaller"), (False, "smaller"), (False, "larger")} <= seen


def test_no_relu_kinks():
    for level in DIFFICULTIES:
        for problem in problems(level):
            if problem.activation == "relu":
                assert all(z >= MIN_RELU_INPUT for z in solve(problem).z)


def test_front_shows_x_and_every_weight_and_bias():
    for problem in problems("medium", 40):
        text = front(problem)
        for value in (problem.x, *problem.weights, *problem.biases):
            assert short(value).replace("−", "-") in text.replace("−", "-")


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6).flatmap(lambda depth: st.tuples(
    st.integers(-20, 20).map(lambda k: k / 10),
    st.lists(st.integers(-30, 30).map(lambda k: k / 10), min_size=depth, max_size=depth),
    st.lists(st.integers(-10, 10).map(lambda k: k / 10), min_size=depth, max_size=depth),
    st.sampled_from(["sigmoid", "tanh", "linear", "relu"]),
    st.sampled_from(["x", "weight", "bias"]),
    st.integers(0, depth - 1))))
def test_any_chain_against_the_oracle(params):
    x, weights, biases, activation, wrt, index = params
    problem = Problem(x, tuple(weights), tuple(biases), activation, wrt,
                      index if wrt != "x" else 0)
    if activation == "relu":
        assume(all(abs(z) > 0.01 for z in solve(problem).z))
    assert solve(problem).answer == pytest.approx(oracle.answer(problem.to_dump()),
                                                  rel=1e-9, abs=1e-12)
