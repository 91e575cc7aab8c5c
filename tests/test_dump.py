"""The --dump file carries every problem as DESIGN.md specifies, so an independent tool
can recompute every answer from the givens alone: here, the oracles."""

import json

import pytest
from oracles import ORACLES, oracle_answer

from generators.registry import TOPICS

PROBLEM_KEYS = {
    "network": {"layers", "activations", "loss", "inputs", "targets", "weights", "biases",
                "learning_rate"},
    "graph": {"nodes", "output"},
    "linear": {"X", "W", "b", "dY", "weight_decay"},
    "softmax": {"loss", "logits", "targets", "reduction"},
    "chain": {"x", "weights", "biases", "activation"},
    "rnn": {"xs", "h0", "w_h", "w_x", "b", "activation", "loss", "targets"},
    "conv": {"input", "kernel", "stride", "padding", "dY"},
    "pool": {"mode", "input", "size", "stride", "dY"},
    "batchnorm": {"x", "gamma", "beta", "eps", "dY"},
}


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    import build_deck

    folder = tmp_path_factory.mktemp("dumps")
    found = []
    for seed in (21, 22, 23):
        path = folder / f"{seed}.json"
        assert build_deck.main(["--seed", str(seed), "--count", str(15 * len(TOPICS)),
                                "--no-derivatives", "-o", str(folder / "d.apkg"),
                                "--dump", str(path)]) == 0
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def practice(dumps):
    return [card for dump in dumps for card in dump["cards"]
            if card["kind"] in TOPICS and card["problem"].get("ask", {}).get(
                "quantity") != "shapes"]


def test_every_topic_has_an_oracle():
    assert set(ORACLES) == set(TOPICS) == set(PROBLEM_KEYS)


def test_every_answer_recomputed_from_the_dump(dumps):
    cards = practice(dumps)
    assert {card["kind"] for card in cards} == set(TOPICS)
    for card in cards:
        problem = card["problem"]
        assert problem["answer"] == pytest.approx(oracle_answer(card["kind"], problem),
                                                  rel=1e-9, abs=1e-12), card["id"]


def test_problems_have_exactly_the_specified_keys(dumps):
    for card in practice(dumps):
        expected = PROBLEM_KEYS[card["kind"]] | {"ask", "answer", "mistakes"}
        assert set(card["problem"]) == expected, card["id"]
        for mistake in card["problem"]["mistakes"]:
            assert set(mistake) == {"name", "answer"}
            assert mistake["answer"] != pytest.approx(card["problem"]["answer"])
