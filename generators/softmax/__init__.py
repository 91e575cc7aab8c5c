"""The softmax topic: softmax with cross-entropy, and sigmoid with binary cross-entropy."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="softmax", title="softmax and cross-entropy", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back, titled=card.title,
              every=draw.every)
