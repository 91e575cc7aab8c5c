"""The graph topic: backpropagation through a computational graph of scalar operations."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="graph", title="computational graph", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
