"""Practice slots dealt over the chosen topics and difficulties, filled from a seed."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator, Sequence

from backprop_deck.core.card import Card, slot_guid
from backprop_deck.core.errors import SettingError

from .hand_path import hand_path
from .parallel import parallel
from .practice_note import practice_card
from .registry import TOPICS
from .topic import DIFFICULTIES, Topic

MAX_REDRAWS = 200  # this many repeats in a row: the topic has run out of new problems
# From this many practice problems, topics are shared out between processes: below it,
# starting them costs about what it saves (bench/RESULTS.md).
PARALLEL_FROM = 300


def slots(count: int, topics: Sequence[Topic],
          difficulty: str) -> Iterator[tuple[Topic, str, int]]:
    """(topic, difficulty, index) of each practice card.

    Slot n goes to topic n mod T; ``mixed`` deals each topic's own slots easy, medium,
    hard in turn. So with one topic the slots are what they were before topics existed.
    """
    for n in range(count):
        topic = topics[n % len(topics)]
        k = n // len(topics)
        if difficulty == "mixed":
            yield topic, DIFFICULTIES[k % 3], k // 3
        else:
            yield topic, difficulty, k


class RanOut(Exception):
    """A topic has no new problem at a difficulty (or of one skill, for a note's further
    variants), after ``found`` different ones."""

    def __init__(self, topic: str, level: str, found: int, of_a_kind: bool):
        super().__init__(topic, level, found, of_a_kind)
        self.topic, self.level, self.found, self.of_a_kind = topic, level, found, of_a_kind


def draw_unseen(topic: Topic, rng: random.Random, level: str, taken: set, wanted=None):
    """A problem not yet in this deck (of the ``wanted`` skill, if given), so no question
    is asked twice. After MAX_REDRAWS repeats in a row, a topic that lists its problems
    (easy softmax: 694) gives one of those left; any other has run out."""
    for _ in range(MAX_REDRAWS):
        problem = topic.draw(rng, level) if wanted is None else topic.draw(rng, level, wanted)
        if problem not in taken and hand_path(topic, problem) is not None:
            taken.add(problem)
            return problem
    listed = topic.every(level) if topic.every is not None else None
    left = [p for p in listed or () if p not in taken and (
        wanted is None or topic.skill(p) == wanted) and hand_path(topic, p) is not None]
    if not left:
        raise RanOut(topic.name, level, len(taken), wanted is not None)
    problem = rng.choice(left)
    taken.add(problem)
    return problem


def slot_problems(topic: Topic, rng: random.Random, level: str, taken: set,
                  variants: int) -> list:
    """A note's problems: the first drawn as any problem of the topic, the rest of its
    skill (the same kind of question), all different. A kind with fewer problems than
    variants (easy sigmoid probabilities: 14) gives its note as many as there are."""
    first = draw_unseen(topic, rng, level, taken)
    wanted = topic.skill(first)
    problems = [first]
    for _ in range(variants - 1):
        try:
            problems.append(draw_unseen(topic, rng, level, taken, wanted))
        except RanOut:
            break
    return problems


def practice_cards(seed: int, count: int, difficulty: str, deck: str,
                   topics: Sequence[str] = tuple(TOPICS), new_notes: bool = False,
                   workers: int | None = None, variants: int = 1) -> list[Card]:
    """``count`` cards of ``variants`` problems each; slot k of a topic and difficulty
    always has the same id and GUID.

    Each slot draws from its own ``Random``, so a slot's problems depend only on the
    seed, its topic, difficulty and index (and on the problems drawn before them, which
    they must not repeat), not on how many cards are asked for; its first problem does
    not depend on how many variants follow it. The slots of a topic and difficulty are
    filled in order in one process; large decks share those jobs out between
    ``workers`` processes (default: one per core from PARALLEL_FROM problems), with
    equal results.
    """
    chosen = [TOPICS[name] for name in topics]
    plan = list(slots(count, chosen, difficulty))
    jobs: dict[tuple[str, str], list[int]] = {}
    for topic, level, index in plan:
        jobs.setdefault((topic.name, level), []).append(index)
    for (name, level), indices in jobs.items():
        listed = TOPICS[name].every(level) if TOPICS[name].every is not None else None
        if listed is not None and len(indices) > len(listed):
            raise SettingError("count", f"there are {len(listed):,} different {level} {name} "
                                        f"problems, and this deck asks for {len(indices):,} "
                                        "notes of them; ask for fewer notes, another "
                                        "difficulty or more topics")
    work = [(name, level, indices, seed, deck, new_notes, variants)
            for (name, level), indices in jobs.items()]
    if workers is None:
        workers = (os.cpu_count() or 1) if count * variants >= PARALLEL_FROM else 1
    made: dict[tuple[str, str, int], Card] = {}
    try:
        for found in parallel(_slot_cards, work, workers):
            made.update(found)
    except RanOut as out:
        notes = len(jobs[out.topic, out.level])
        raise SettingError("count", f"this deck runs out of new {out.level} {out.topic} "
                                    f"problems after {out.found:,} different ones ({notes:,} "
                                    f"notes of up to {variants} versions asked); ask for fewer "
                                    "notes or versions, or another difficulty") from None
    cards, started = [], set()
    for topic, level, index in sorted(plan, key=lambda slot: teaching_rank(chosen, *slot)):
        if topic.extras is not None and topic.name not in started:
            cards += topic.extras(seed, deck, new_notes)  # the shapes, before dense layers
        started.add(topic.name)
        cards.append(made[topic.name, level, index])
    return cards


def teaching_rank(topics: Sequence[Topic], topic: Topic, level: str, index: int) -> tuple:
    """Easy before medium before hard; within a difficulty, round by round, each round
    in the registry's order (network and graph first, batch norm last)."""
    return DIFFICULTIES.index(level), index, topics.index(topic)


def _slot_cards(job) -> dict[tuple[str, str, int], Card]:
    """One topic's slots of one difficulty, in order (no problem asked twice)."""
    name, level, indices, seed, deck, new_notes, variants = job
    topic = TOPICS[name]
    taken: set = set()
    cards = {}
    for index in indices:
        rng = random.Random(f"{topic.name}:{seed}:{level}:{index}")
        problems = slot_problems(topic, rng, level, taken, variants)
        cards[name, level, index] = practice_card(
            topic, problems, card_id=f"{topic.prefix}-{level}-{index}",
            guid=slot_guid(topic.name, level, index, seed if new_notes else None),
            deck=deck, tags=("practice", topic.name, level),
            title=f"Practice · {topic.title_of(problems[0])}")
    return cards
