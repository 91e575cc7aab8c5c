"""The network topic: forward and backward passes through small fully connected networks."""

from ..topic import Topic
from . import card, draw, maths

TOPIC = Topic(name="network", title="network",
              draw=draw.draw, skill=draw.skill, solve=maths.solve, front=card.front, back=card.back,
              id_prefix="net")
