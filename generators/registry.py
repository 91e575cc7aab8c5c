"""Every practice topic, in the order slots are dealt: a new topic is one line here."""

from __future__ import annotations

from . import batchnorm, chain, conv, graph, linear, network, pool, rnn, softmax
from .topic import Topic

TOPICS: dict[str, Topic] = {topic.name: topic for topic in (
    network.TOPIC,
    graph.TOPIC,
    linear.TOPIC,
    softmax.TOPIC,
    chain.TOPIC,
    rnn.TOPIC,
    conv.TOPIC,
    pool.TOPIC,
    batchnorm.TOPIC,
)}
