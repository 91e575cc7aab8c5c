"""A note of a topic's problems: each problem as one version of the card (its front, worked
solution, slips, accepted answers and dump), and the note holding them
(core/variants)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from backprop_deck.core.accepted import accepted_range
from backprop_deck.core.card import Card
from backprop_deck.core.carry import BY_HAND, exact
from backprop_deck.core.numbers import clean, short
from backprop_deck.core.variants import Version, heading, note_fields

from .hand_path import hand_path, judged_slips
from .topic import Problem, Topic
from .worked import answer_line, slips_html


def version(topic: Topic, problem: Problem, title: str) -> Version:
    """One problem as a version of its card: front, worked solution, slips, dump and the
    answers judged right."""
    solution = topic.solve(problem, exact)
    answer = clean(solution.answer)
    # A drawn problem has a hand path (slots redraw those without); a user's network is
    # shown with the most figures carried.
    hand, carry = hand_path(topic, problem) or (topic.solve(problem, BY_HAND[-1]), BY_HAND[-1])
    accept = accepted_range(answer, hand.answer)
    slips = judged_slips(solution.slips, hand.slips, accept)
    front = f'<div class="kind-note">{escape(title)}</div>{topic.front(problem, carry)}'
    back = (answer_line(answer, clean(hand.answer), carry.digits)
            + f'<div class="solution">{topic.back(problem, hand)}</div>' + slips_html(slips))
    dump = {**problem.to_dump(), "answer": answer,
            "mistakes": [{"name": s.name, "answer": s.value} for s in slips]}
    return Version(front, back, answer, short(answer), accept, dump)


def practice_card(topic: Topic, problems: Sequence[Problem], *, card_id: str, guid: str,
                  deck: str, tags: tuple[str, ...], title: str,
                  group: str = "practice") -> Card:
    """A note of one or more problems of one skill (its versions): the first is what the
    fields show without scripts, and what ``problem``, ``answer`` and ``accept`` say."""
    versions = [version(topic, p, heading(title, k, len(problems)))
                for k, p in enumerate(problems)]
    return Card(id=card_id, guid=guid, deck=deck, kind=topic.name, tags=tags, group=group,
                **note_fields(versions))
