"""The conv topic: the backward pass of a convolution layer (cross-correlation)."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="conv", title="convolution", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
