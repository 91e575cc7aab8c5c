"""The linear topic: the backward pass of a dense layer on a batch, Y = X·W + b."""

from ..topic import Topic
from . import card, draw, maths, shapes

TOPIC = Topic(name="linear", title="dense layer", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back, extras=shapes.shape_cards)
