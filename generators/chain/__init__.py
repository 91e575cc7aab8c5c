"""The chain topic: depth, and the vanishing and exploding gradients it brings."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="chain", title="deep chain", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
