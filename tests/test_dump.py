"""The --dump file carries every problem as docs/design.md specifies, so an independent tool
can recompute every answer from the givens alone: here, the oracles."""

import json

import pytest
from oracles import ORACLES, oracle_answer

from backprop_deck.generators.registry import TOPICS

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


SEEDS = ((21, 4), (23, 1))  # (seed, variants): one note of each difficulty


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    import build_deck

    folder = tmp_path_factory.mktemp("dumps")
    found = []
    for seed, variants in SEEDS:
        path = folder / f"{seed}.json"
        assert build_deck.main(["--seed", str(seed), "--count", str(3 * len(TOPICS)),
                                "--variants", str(variants), "--no-derivatives",
                                "-o", str(folder / "d.apkg"), "--dump", str(path)]) == 0
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def practice(dumps):
    return [card for dump in dumps for card in dump["cards"]
            if card["kind"] in TOPICS and card["problem"].get("ask", {}).get(
                "quantity") != "shapes"]


def test_every_topic_has_an_oracle():
    assert set(ORACLES) == set(TOPICS) == set(PROBLEM_KEYS)


def test_every_answer_recomputed_from_the_dump(dumps):
    """Every problem of every note, not only the first each note shows."""
    cards = practice(dumps)
    assert {card["kind"] for card in cards} == set(TOPICS)
    checked = 0
    for card in cards:
        for k, problem in enumerate(card["variants"]):
            assert problem["answer"] == pytest.approx(oracle_answer(card["kind"], problem),
                                                      rel=1e-9, abs=1e-12), (card["id"], k)
            checked += 1
    drawn = sum(len(c["variants"]) for c in cards if "practice" in c["tags"])
    assert drawn == sum(k for _, k in SEEDS) * 3 * len(TOPICS)
    assert checked == drawn + len(SEEDS) * 7  # and the lecture example's seven cards


def test_the_problem_is_the_first_variant(dumps):
    for dump, (_, count) in zip(dumps, SEEDS, strict=True):
        for card in practice([dump]):
            assert len(card["variants"]) == (count if "practice" in card["tags"] else 1)
            assert card["variants"][0] == card["problem"]


def test_problems_have_exactly_the_specified_keys(dumps):
    for card in practice(dumps):
        for problem in card["variants"]:
            expected = PROBLEM_KEYS[card["kind"]] | {"ask", "answer", "mistakes"}
            assert set(problem) == expected, card["id"]
            for mistake in problem["mistakes"]:
                assert set(mistake) == {"name", "answer"}
                assert mistake["answer"] != pytest.approx(problem["answer"])
