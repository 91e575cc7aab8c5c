"""The rnn topic: backpropagation through time in a scalar recurrent network."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="rnn", title="backprop through time", draw=draw.draw, skill=draw.skill,
              solve=maths.solve, front=card.front, back=card.back)
