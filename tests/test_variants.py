"""A practice note's variants: K problems of one kind, all different, all in the fields.

What the card's script does with them, in each Anki client, is tests/test_clients.py.
"""

import json
import random

import pytest

from backprop_deck.core.variants import versions_of
from backprop_deck.generators.derivatives import derivative_cards
from backprop_deck.generators.practice import practice_cards, slot_problems
from backprop_deck.generators.registry import TOPICS
from backprop_deck.generators.topic import DIFFICULTIES


@pytest.mark.parametrize("level", DIFFICULTIES)
@pytest.mark.parametrize("name", list(TOPICS))
def test_a_slots_problems_share_the_first_ones_skill_and_differ(name, level):
    topic = TOPICS[name]
    skills = set()
    for k in range(12):
        taken: set = set()
        problems = slot_problems(topic, random.Random(f"variants:{name}:{k}"), level, taken, 8)
        wanted = topic.skill(problems[0])
        assert [topic.skill(p) for p in problems] == [wanted] * 8
        assert len(set(problems)) == 8 and taken == set(problems)
        skills.add(wanted)
    assert skills  # the kinds of question drawn, each kept by its variants


def test_every_kind_of_question_can_have_variants():
    """Rare kinds too: each skill a topic draws at a level, asked for, is drawn."""
    for name, topic in TOPICS.items():
        for level in DIFFICULTIES:
            rng = random.Random(f"skills:{name}:{level}")
            found = {topic.skill(topic.draw(rng, level)) for _ in range(300)}
            for wanted in found:
                drawn = topic.draw(random.Random(f"{wanted}"), level, wanted)
                assert topic.skill(drawn) == wanted, (name, level, wanted)


def test_the_first_problem_is_the_one_a_single_problem_note_has():
    """--variants 1 gives the notes of before; more variants add problems after it."""
    one = practice_cards(seed=5, count=2 * len(TOPICS), difficulty="mixed", deck="D")
    eight = practice_cards(seed=5, count=2 * len(TOPICS), difficulty="mixed", deck="D",
                           variants=8)
    assert [c.problem for c in one] == [c.problem for c in eight]
    assert [c.guid for c in one] == [c.guid for c in eight]
    for card in (c for c in one if c.group == "practice"):
        assert "data-variant" not in card.front + card.back
        assert card.variants == (card.problem,)


def test_fields_hold_every_variant_and_show_the_first_without_scripts():
    cards = practice_cards(seed=6, count=len(TOPICS), difficulty="mixed", deck="D", variants=5)
    for card in (c for c in cards if c.group == "practice"):
        found = versions_of(card)
        assert len(found) == len(card.variants) == 5
        assert card.front.count(" hidden>") == card.back.count(" hidden>") == 4
        assert 'data-variant="0" ' not in card.front.replace('data-variant="0">', "")
        for k, (variant, problem) in enumerate(zip(found, card.variants, strict=True)):
            low, high = variant.accept
            assert low <= problem["answer"] <= high, (card.id, k)
            assert f"version {k + 1} of 5" in variant.front
            assert variant.answer_text in variant.back
        assert found[0].accept == pytest.approx(card.accept, rel=1e-12)
        assert found[0].answer_text == card.answer_text


def test_no_problem_twice_in_a_deck_variants_included():
    cards = practice_cards(seed=7, count=6 * len(TOPICS), difficulty="mixed", deck="D",
                           variants=8)
    keys = [json.dumps({k: v for k, v in p.items() if k not in ("answer", "mistakes")},
                       sort_keys=True) for c in cards for p in c.variants]
    assert len(keys) == 6 * len(TOPICS) * 8 == len(set(keys))


def test_derivative_at_a_point_asks_at_other_points():
    at = [c for c in derivative_cards(seed=3, deck="D", variants=6) if c.answer is not None]
    single = [c for c in derivative_cards(seed=3, deck="D") if c.answer is not None]
    assert [c.problem for c in at] == [c.problem for c in single]
    for card in at:
        points = [p["at"] for p in card.variants]
        assert len(set(points)) == 6
        for variant, problem in zip(versions_of(card), card.variants, strict=True):
            assert variant.accept[0] <= problem["answer"] <= variant.accept[1]


def test_the_dump_lists_every_variant(cli, tmp_path):
    assert cli("--seed", "2", "--count", "9", "--variants", "3", "--dump", "d.json").exit_code == 0
    dump = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    practice = [c for c in dump["cards"] if "variants" in c and "lecture" not in c["tags"]]
    assert len(practice) == 9 + 8  # and the derivative cards at a point
    for card in practice:
        assert len(card["variants"]) == 3 and card["variants"][0] == card["problem"]


@pytest.mark.parametrize(("given", "message"), [
    ("0", "--variants: must be from 1 to 30, got 0"),
    ("31", "--variants: must be from 1 to 30, got 31"),
    ("eight", "--variants: must be a whole number, got 'eight'"),
])
def test_variants_out_of_range_is_one_line(cli, given, message):
    result = cli("--variants", given)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--count", "100000", "--variants", "30"],
     "--count: 100,000 notes of 30 versions are 3,000,000 practice problems, more than the "
     "100,000 a deck may hold; ask for at most 3,333 notes, or fewer versions"),
    (["--count", "12501"],
     "--count: 12,501 notes of 8 versions are 100,008 practice problems, more than the "
     "100,000 a deck may hold; ask for at most 12,500 notes, or fewer versions"),
])
def test_too_many_problems_is_refused_before_any_is_drawn(cli, args, message):
    """Three million problems would take minutes and then run out of memory."""
    result = cli(*args, "--seed", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_the_most_problems_a_deck_may_hold_can_be_asked_for():
    """The limit counts problems, so --variants 1 still allows 100,000 notes (not built
    here: 12,500 notes of 8 is the same problem count, checked by the same rule)."""
    from backprop_deck.deck.build import Options, check_problems

    check_problems(Options(seed=1, count=100_000, variants=1))
    check_problems(Options(seed=1, count=12_500, variants=8))
    check_problems(Options(seed=1, count=100_000, variants=30, practice=False))
    check_problems(Options(seed=1, count=100_000, variants=30, topics=()))
