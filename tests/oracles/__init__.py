"""Independent oracles, one per practice topic, written from docs/design.md's
specifications. Each takes a card's dump ``problem`` (givens and ask, as any tool would
read them) and returns the asked value. None of them imports the generators."""

from __future__ import annotations

from . import batchnorm, chain, conv, graph, linear, network, pool, rnn, softmax

ORACLES = {
    "network": network.answer,
    "graph": graph.answer,
    "linear": linear.answer,
    "softmax": softmax.answer,
    "chain": chain.answer,
    "rnn": rnn.answer,
    "conv": conv.answer,
    "pool": pool.answer,
    "batchnorm": batchnorm.answer,
}


def oracle_answer(kind: str, problem: dict) -> float:
    return ORACLES[kind](problem)
