"""The pool topic: max and average pooling, backward."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="pool", title="pooling", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
