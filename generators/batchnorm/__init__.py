"""The batchnorm topic: batch normalisation's backward pass, training mode."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="batchnorm", title="batch norm", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
