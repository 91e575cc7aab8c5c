"""A network card's worked solution: the chain rule written out, every factor shown."""

import itertools
import math
import random
import re

import pytest
from browser import browser  # noqa: F401  (fixture)

from backprop_deck.core.carry import four_figures
from backprop_deck.core.numbers import short
from backprop_deck.generators.network import TOPIC
from backprop_deck.generators.network.card import solution_steps
from backprop_deck.generators.network.draw import draw
from backprop_deck.generators.network.maths import Ask, Network, Problem, answer, solve
from backprop_deck.generators.network.naming import default_names
from backprop_deck.generators.practice import practice_cards
from backprop_deck.generators.practice_note import practice_card
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n):
    return [draw(random.Random(f"card:{k}"), level) for k in range(n)]


def lines(problem):
    net = problem.network
    steps = solution_steps(net, default_names(net.layers), problem.ask,
                           solve(problem, four_figures))
    return {step.key: " = ".join(step.parts) for step in steps}


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_gradient_is_the_product_of_its_three_shown_factors(level):
    checked = 0
    for problem in problems(level, 60):
        if problem.ask.quantity not in ("gradient", "updated"):
            continue
        steps = lines(problem)
        assert steps["chain"].count(r"\frac{\partial") == 4  # ∂J/∂w = ∂J/∂a · ∂a/∂z · ∂z/∂w
        assert {"upstream", "local", "source", "gradient"} <= set(steps)
        checked += 1
    assert checked > 20


def test_long_steps_become_aligned_rows():
    card = practice_cards(seed=4, count=3, difficulty="hard", deck="D",
                          topics=("network",))[0]
    assert r"\begin{aligned}" in card.back and r"\\ &amp;= " in card.back


def test_card_shows_every_given_number_and_the_rounded_answer():
    for card in practice_cards(seed=5, count=30, difficulty="mixed", deck="D",
                               topics=("network",)):
        problem = card.problem
        for x in problem["inputs"] + problem["targets"]:
            assert short(x).replace("−", "-") in card.front
        assert "<svg" in card.front
        assert f'<span class="answer-value">{card.answer_text}</span>' in card.back


def test_forward_pass_comes_first():
    problem = problems("hard", 1)[0]
    first = lines(problem)["z-1-0"]
    assert first.startswith("z_{h_{1}} = w_{1}\\,i_{1} + w_{2}\\,i_{2} + b_{1}")


def test_no_double_minus_and_no_repeated_equalities():
    """Issue #13's audit: ``(0.308 - -0.9)`` and ``h = -0.26 = -0.26`` are gone."""
    for level in DIFFICULTIES:
        for problem in problems(level, 80):
            for line in lines(problem).values():
                assert "- -" not in line and "+ -" not in line
                parts = line.split(" = ")
                assert all(a != b for a, b in itertools.pairwise(parts)), line


def test_linear_units_say_so():
    net = Network((1, 1, 1), ("linear", "linear"), (((0.5,),), ((2.0,),)), ((0.1,), (0.0,)),
                  (1.0,), (0.5,), 0.1)
    steps = lines(Problem(net, Ask("gradient", "weight", 0, 0, 0)))
    assert steps["a-1-0"] == r"h_{1} = z_{h_{1}} \text{ (linear)} = 0.6"
    assert steps["local"] == r"\frac{\partial h_{1}}{\partial z_{h_{1}}} = 1 \text{ (linear)}"


def test_worked_solution_of_a_deeper_user_network():
    """Three weight layers (a user's YAML may have them): δ passes back twice."""
    net = Network((2, 2, 2, 1), ("tanh", "sigmoid", "linear"),
                  (((0.1, -0.2), (0.3, 0.4)), ((0.5, -0.6), (0.7, 0.8)), ((0.9, -1.0),)),
                  ((0.1, 0.1), (0.2, 0.2), (0.3,)), (0.5, -0.5), (0.25,), 0.5)
    problem = Problem(net, Ask("gradient", "weight", 0, 1, 0))
    steps = lines(problem)
    assert sum(key.startswith("delta-2-") for key in steps) == 2  # h3, h4 of layer 2
    assert sum(key.startswith("delta-3-") for key in steps) == 1
    card = practice_card(TOPIC, (problem,), card_id="deep", guid="g", deck="D", tags=(),
                         title="Deep")
    assert card.answer == pytest.approx(answer(net, problem.ask))
    assert card.accept[0] <= card.answer <= card.accept[1]


# ---------------------------------------------------------------- an update question's slips

def _updated_cards():
    """Every practice card asking for a parameter after one step, and the lecture's."""
    from conftest import ROOT

    from backprop_deck.deck.cards_file import load
    from backprop_deck.generators.network.yaml_spec import yaml_network_cards

    cards = [card for card in practice_cards(seed=6, count=150, difficulty="mixed", deck="D",
                                             topics=("network",))
             if card.problem["ask"]["quantity"] == "updated"]
    lecture = load(ROOT / "cards.yaml").networks[0]
    return cards + [c for c in yaml_network_cards(lecture, "D") if "updated" in c.id]


def test_every_update_names_the_parameter_given_unchanged():
    """Review 2026-12-08, 5.1: typing w₁ = 0.15 for w₁⁺ = 0.1498 was "Right to 3 figures".
    Every update question lists the slip of giving the parameter before the step, its
    number the parameter as the front gives it (read from the dump's givens), so the
    verdict, which checks slips before figures, names it."""
    cards = _updated_cards()
    assert len(cards) > 10 and any(c.id == "lecture-updated-w1" for c in cards)
    skipped = 0
    for card in cards:
        problem, ask = card.problem, card.problem["ask"]
        given = (problem["biases"][ask["layer"]][ask["to"]] if ask["param"] == "bias"
                 else problem["weights"][ask["layer"]][ask["to"]][ask["from"]])
        (slip,) = [m for m in problem["mistakes"] if "before the update" in m["name"]] or [None]
        half = 0.5 * 10 ** (math.floor(math.log10(abs(given))) - 3)  # of its 4th figure
        if given - half <= card.accept[1] and card.accept[0] <= given + half:
            skipped += 1  # 4 figures cannot tell them apart: typing it is judged right
            continue
        assert slip is not None, (card.id, problem["mistakes"])
        assert slip["answer"] == given
        name = re.search(r"gave (\w)(\S+) before the update: the step is −η·∂J/∂\1\2$",
                         slip["name"])
        assert name and name[1] == ("b" if ask["param"] == "bias" else "w"), slip["name"]
        assert f'data-name="{slip["name"]}"' in card.back
    assert skipped < len(cards) / 4


def test_the_lecture_update_typed_unchanged_is_named_in_the_verdict(browser, tmp_path):  # noqa: F811
    """The lecture's w₁⁺ = 0.1498, typed as 0.15 on the front, as a learner would: the back
    names the slip, and does not say "Right to 3 figures"."""
    import functools
    import http.server
    import threading

    from backprop_deck.deck.anki_package import CSS, render

    (card,) = [c for c in _updated_cards() if c.id == "lecture-updated-w1"]
    assert card.answer_text == "0.1498"
    for name, body in zip(("front", "back"), render(card), strict=True):
        (tmp_path / f"{name}.html").write_text(
            f'<!DOCTYPE html><meta charset="utf-8"><style>{CSS}</style>'
            f'<body class="card">{body}</body>', encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_context().new_page()
        site = f"http://127.0.0.1:{server.server_port}"
        page.goto(f"{site}/front.html")
        page.fill("#bp-typein", "0.15")
        page.goto(f"{site}/back.html")
        verdict = page.inner_text("#bp-verdict")
        page.close()
    finally:
        server.shutdown()
    assert verdict.startswith("Not quite: you typed 0.15, which is what you get if you gave "
                              "w₁ before the update: the step is −η·∂J/∂w₁ (see step ")
    assert verdict.endswith("The answer is 0.1498.")


def test_relu_is_written_as_cards_write_it():
    """Review 2026-12-08, 3.6: "Activation: relu". The givens and the diagram say ReLU."""
    seen = 0
    for card in practice_cards(seed=6, count=90, difficulty="mixed", deck="D",
                               topics=("network",)):
        if "relu" not in card.problem["activations"]:
            continue
        seen += 1
        visible = re.sub(r"<[^>]+>", " ", card.front)
        assert "ReLU" in visible and not re.search(r"\brelu\b", visible), card.id
    assert seen > 5
