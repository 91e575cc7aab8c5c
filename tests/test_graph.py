"""Computational graphs: shapes by difficulty, answers and slips against the oracle."""

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from oracles import graph as oracle

from backprop_deck.core.numbers import short
from backprop_deck.generators.graph.draw import KINK, LEVELS, draw
from backprop_deck.generators.graph.maths import OPS, Node, Problem, solve
from backprop_deck.generators.topic import DIFFICULTIES


def problems(level, n=150):
    return [draw(random.Random(f"graph:{k}"), level) for k in range(n)]


@pytest.mark.parametrize("level", DIFFICULTIES)
def test_shape_by_difficulty(level):
    for problem in problems(level):
        assert 4 <= len(problem.nodes) <= 9
        ops = {n.op for n in problem.nodes} - {"input"}
        assert ops <= set(LEVELS[level].ops)
        if level == "easy":
            assert all(float(n.value).is_integer() for n in problem.nodes if n.op == "input")
            answer = solve(problem).answer
            assert float(short(answer).replace("−", "-")) == answer


@pytest.mark.parametrize("level", ["medium", "hard"])
def test_medium_and_hard_have_a_fork_the_gradient_flows_through(level):
    for problem in problems(level):
        path = problem.on_path()
        fork = [name for name in path
                if len([c for c, _ in problem.uses(name) if c.name in path]) > 1]
        answer = solve(problem).answer
        assert any(all(oracle.gradient(problem.to_dump(), cut=(c.name, k))
                       != pytest.approx(answer)
                       for c, k in problem.uses(name) if c.name in path)
                   for name in fork), problem


def test_mostly_inputs_are_asked_sometimes_an_intermediate():
    asked = [p.node(p.wrt).op == "input" for p in problems("hard", 200)]
    assert 0.5 < sum(asked) / len(asked) < 0.95


def test_no_kinks():
    for level in DIFFICULTIES:
        for problem in problems(level):
            values = oracle.values(problem.to_dump())
            for n in problem.nodes:
                args = [values[a] for a in n.args]
                if n.op == "relu":
                    assert abs(args[0]) >= KINK
                if n.op == "max":
                    assert abs(args[0] - args[1]) >= KINK


def test_missed_path_slips_are_the_gradient_with_that_use_cut():
    """Independently: sympy with one use of the fork read as a plain number."""
    checked = 0
    for problem in problems("hard", 60):
        for slip in solve(problem).slips:
            if slip.name.startswith("missed the path through "):
                consumer = slip.name.removeprefix("missed the path through ").split(":")[0]
                fork = slip.step.removeprefix("sum-")
                slot = next(k for c, k in problem.uses(fork) if c.name == consumer)
                assert slip.value == pytest.approx(
                    oracle.gradient(problem.to_dump(), cut=(consumer, slot)), abs=1e-9)
                checked += 1
    assert checked > 50


# Any small graph, not only the drawn ones: the backward pass against sympy.
UNARY = [op for op, spec in OPS.items() if spec.arity == 1]
BINARY = [op for op, spec in OPS.items() if spec.arity == 2]


@st.composite
def graphs(draw_from):
    inputs = draw_from(st.integers(1, 3))
    nodes = [Node(f"i{k}", "input", value=draw_from(st.floats(-2, 2).map(lambda x: round(x, 1))))
             for k in range(inputs)]
    for k in range(draw_from(st.integers(1, 6))):
        names = [n.name for n in nodes]
        if draw_from(st.booleans()):
            op = draw_from(st.sampled_from(UNARY))
            args = (draw_from(st.sampled_from(names)),)
        else:
            op = draw_from(st.sampled_from(BINARY))
            args = tuple(draw_from(st.lists(st.sampled_from(names), min_size=2, max_size=2)))
        nodes.append(Node(f"n{k}", op, args))
    wrt = draw_from(st.sampled_from([n.name for n in nodes[:-1]]))
    return Problem(tuple(nodes), wrt)


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_any_graph_against_sympy(problem):
    try:
        values = oracle.values(problem.to_dump())
    except (ValueError, ZeroDivisionError, OverflowError):
        assume(False)
    for n in problem.nodes:
        args = [values[a] for a in n.args]
        assume(abs(values[n.name]) < 1e6)
        assume(not (n.op in ("relu", "log") and abs(args[0]) < KINK))
        assume(not (n.op == "max" and abs(args[0] - args[1]) < KINK))
        assume(not (n.op == "div" and abs(args[1]) < 0.1))
    assume(problem.wrt in problem.on_path() and problem.output in problem.on_path())
    assert solve(problem).answer == pytest.approx(oracle.gradient(problem.to_dump()),
                                                  rel=1e-9, abs=1e-9)


def test_node_names_are_letters_the_notation_leaves_free():
    """Review 2026-12-08, 3.3: graph-easy-0 asked ∂J/∂y with an input y, the deck's
    target, beside z, its pre-activation. docs/notation.md reserves these letters (and s,
    the stride; p and t, never written for an output and a target; a, b, h, i, k, n, c,
    e, o for what the notation gives them); a graph's nodes use none of them."""
    reserved = set("yzstpabhiknceo")
    names = set()
    for level in DIFFICULTIES:
        for problem in problems(level, 150):
            names |= {n.name for n in problem.nodes}
    assert names and not names & reserved
    assert {"x", "w", "u", "J"} <= names
