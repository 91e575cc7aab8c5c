"""What every topic's card promises, whatever the topic: window, slips, dump, ids."""

import html
import random
import re

import pytest
from conftest import ROOT

from backprop_deck.core.accepted import accepted_range
from backprop_deck.core.carry import exact, four_figures
from backprop_deck.core.numbers import short, significant
from backprop_deck.deck.cards_file import load
from backprop_deck.generators.hand_path import judged_slips, overlaps
from backprop_deck.generators.network.maths import Ask
from backprop_deck.generators.network.maths import Problem as NetworkProblem
from backprop_deck.generators.practice import practice_cards, slots
from backprop_deck.generators.practice_note import practice_card
from backprop_deck.generators.registry import TOPICS
from backprop_deck.generators.topic import DIFFICULTIES, Slip

TOPIC_NAMES = list(TOPICS)


def problems_only(cards):
    """Practice problems, without a topic's extra cards (the linear shape cards)."""
    return [card for card in cards if card.group == "practice"]


@pytest.fixture(scope="module")
def cards():
    return problems_only(practice_cards(seed=3, count=30 * len(TOPICS), difficulty="mixed",
                                        deck="D"))


def test_every_topic_draws_every_difficulty(cards):
    drawn = {(c.kind, c.tags[-1]) for c in cards}
    assert drawn == {(name, level) for name in TOPICS for level in DIFFICULTIES}


def test_the_dump_and_the_back_give_the_cards_answer(cards):
    for card in cards:
        assert card.problem["answer"] == card.answer
        assert card.answer_text in card.back


@pytest.mark.parametrize(("exact", "hand", "window"), [
    # Half a unit of 8's last shown figure (8.000) is 0.0005, and the hand path is exact.
    (8.0, 8.0, (7.9995, 8.0005)),
    # 9.9996 shows as 10.00 (half a unit: 0.005), 9.998 as 9.998 (0.0005): the larger
    # widens the run from 9.998 to 9.9996 to 9.998 − 0.005 … 9.9996 + 0.005.
    (9.9996, 9.998, (9.993, 10.0046)),
    # −120.31 and −120.3 show as −120.3 (half a unit: 0.05): −120.36 … −120.3 + 0.05.
    (-120.31, -120.3, (-120.36, -120.25)),
    # An answer of 0 accepts whatever rounds to 0.0000.
    (0.0, 0.0, (-0.00005, 0.00005)),
])
def test_the_window_runs_from_the_exact_answer_to_the_hand_one_and_half_a_unit(
        exact, hand, window):
    """docs/design.md, "Maths and numbers": the typed answers judged right run from the
    exact answer to the hand-path one, widened by half a unit of the last digit shown.
    Each window here is worked out by hand."""
    assert accepted_range(exact, hand) == pytest.approx(window, rel=1e-12)


def test_a_cards_window_is_the_one_its_worked_solution_gives():
    """The lecture's ∂J/∂w₅ is 0.0821670406 exactly. Its card's steps, each to 4
    figures: o₁ − y₁ = 0.7514 − 0.01 = 0.7414; o₁(1 − o₁) = 0.7514 · 0.2486 = 0.1868;
    and 0.7414 · 0.1868 · 0.5933 = 0.082168…, written 0.08217. Half a unit of that last
    figure is 0.000005, so the card accepts 0.0821670406 − 0.000005 = 0.0821620406 up to
    0.08217 + 0.000005 = 0.082175, and says 0.08217 is the answer."""
    network = load(ROOT / "cards.yaml").networks[0].network
    problem = NetworkProblem(network, Ask("gradient", "weight", 1, 0, 0))
    card = practice_card(TOPICS["network"], (problem,), card_id="x", guid="g", deck="D",
                         tags=(), title="Practice · network")
    assert card.answer == pytest.approx(0.0821670406, abs=1e-10)
    assert card.accept == pytest.approx((0.0821620406, 0.082175), abs=1e-10)
    assert card.answer_text == "0.08217"


def test_listed_slips_point_at_steps_and_are_told_apart(cards):
    listed = 0
    for card in cards:
        keys = set(re.findall(r'<div class="step" data-step="([^"]+)"', card.back))
        slips = re.findall(r'<li class="slip" data-low="([^"]+)" data-high="([^"]+)" '
                           r'data-step="([^"]+)" data-name="([^"]+)"', card.back)
        assert [html.unescape(name) for *_, name in slips] == [
            m["name"] for m in card.problem["mistakes"]]
        windows = [(float(low), float(high)) for low, high, _, _ in slips]
        for (low, high, step, _), mistake in zip(slips, card.problem["mistakes"]):
            assert step in keys, (card.id, step)
            assert float(low) <= mistake["answer"] <= float(high)
            assert not overlaps((float(low), float(high)), card.accept), card.id
        for k, a in enumerate(windows):
            assert not any(overlaps(a, b) for b in windows[k + 1:]), card.id
        listed += len(slips)
    assert listed > len(cards)


def test_a_slip_equal_to_the_answer_is_not_listed():
    accept = accepted_range(0.5, 0.5)
    same = [Slip("same", 0.50004, "s"), Slip("other", 0.7, "s"), Slip("again", 0.70002, "s")]
    judged = judged_slips(same, same, accept)
    assert [j.name for j in judged] == ["other"]


def test_slot_ids_guids_and_dealing():
    chosen = [TOPICS[name] for name in TOPIC_NAMES]
    dealt = list(slots(2 * len(chosen) + 1, chosen, "mixed"))
    assert [(t.name, level, k) for t, level, k in dealt[:len(chosen)]] == [
        (name, "easy", 0) for name in TOPIC_NAMES]
    assert dealt[len(chosen)][1:] == ("medium", 0) and dealt[-1][1:] == ("hard", 0)


def test_slot_problem_does_not_depend_on_count():
    few = practice_cards(seed=9, count=2 * len(TOPICS), difficulty="mixed", deck="D")
    many = practice_cards(seed=9, count=5 * len(TOPICS), difficulty="mixed", deck="D")
    by_id = {c.id: c for c in many}
    assert all(by_id[c.id].front == c.front and by_id[c.id].guid == c.guid for c in few)


def test_guids_by_slot_unless_new_notes():
    n = 2 * len(TOPICS)
    a = practice_cards(seed=1, count=n, difficulty="mixed", deck="D")
    b = practice_cards(seed=2, count=n, difficulty="mixed", deck="D")
    c = practice_cards(seed=2, count=n, difficulty="mixed", deck="D", new_notes=True)
    assert [x.guid for x in a] == [x.guid for x in b]
    assert len({x.guid for x in a}) == len(a)
    assert not {x.guid for x in a} & {x.guid for x in c}
    assert [x.front for x in a] != [x.front for x in b]


def test_network_slots_keep_the_ids_and_guids_of_earlier_versions():
    """Notes imported before topics existed keep their history: same ids and GUIDs."""
    cards = practice_cards(seed=1, count=6, difficulty="mixed", deck="D", topics=("network",))
    guids = {c.id: c.guid for c in cards}
    assert list(guids) == ["net-easy-0", "net-easy-1", "net-medium-0", "net-medium-1",
                           "net-hard-0", "net-hard-1"]  # easy to hard (deck/order.py)
    # What the release before topics gave (genanki.guid_for("backprop-deck", "network", …)).
    assert [guids["net-easy-0"], guids["net-medium-0"], guids["net-hard-0"]] == [
        "B4s&-:mHv[", "QWafV]u+uF", "GTq&@$6O*%"]


def test_no_two_cards_of_a_deck_ask_the_same_thing():
    cards = problems_only(practice_cards(seed=1, count=200 * len(TOPICS),
                                         difficulty="mixed", deck="D"))
    keys = [repr(sorted(c.problem.items())) for c in cards]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name", TOPIC_NAMES)
def test_hand_path_is_close_to_the_exact_answer(name):
    """Rounding each step to 4 figures moves the answer a little, never a lot."""
    topic = TOPICS[name]
    for k in range(100):
        for level in DIFFICULTIES:
            problem = topic.draw(random.Random(f"hand:{k}"), level)
            value = topic.solve(problem, exact).answer
            hand = topic.solve(problem, four_figures).answer
            assert hand == pytest.approx(value, rel=2e-2, abs=2e-4), (name, level, k)


def test_practice_card_heading_and_precision():
    topic = TOPICS["network"]
    problem = topic.draw(random.Random("x"), "easy")
    card = practice_card(topic, (problem,), card_id="x", guid="g", deck="D", tags=(),
                         title="Practice · network")
    assert card.front.startswith('<div class="kind-note">Practice · network</div>')
    assert card.answer_text in (significant(card.answer), short(card.answer))


def test_worker_processes_give_the_same_cards():
    """Large decks share the topics out between processes: same cards, same order."""
    n = 4 * len(TOPICS)
    alone = practice_cards(seed=6, count=n, difficulty="mixed", deck="D", workers=1)
    shared = practice_cards(seed=6, count=n, difficulty="mixed", deck="D", workers=2)
    assert [(c.id, c.guid, c.front, c.back, c.problem) for c in alone] == [
        (c.id, c.guid, c.front, c.back, c.problem) for c in shared]


def test_a_topic_that_runs_out_of_new_problems_says_how_many_it_has():
    """Easy softmax has 694 different problems: a deck asking more is refused, not filled
    with repeats; one asking exactly that many has each once. The library's message
    names the setting, not a command-line option."""
    from backprop_deck.core.errors import SettingError

    with pytest.raises(SettingError) as refused:
        practice_cards(seed=2, count=1500, difficulty="easy", deck="D", topics=("softmax",))
    assert (refused.value.setting, str(refused.value)) == ("count", (
        "there are 694 different easy softmax problems, and this deck asks for 1,500 notes "
        "of them; ask for fewer notes, another difficulty or more topics"))
    cards = practice_cards(seed=2, count=694, difficulty="easy", deck="D", topics=("softmax",))
    assert len({repr(sorted(c.problem.items())) for c in cards}) == 694


def test_a_kind_of_question_with_few_problems_gives_its_note_fewer_versions():
    """Easy sigmoid probabilities: 14 in all. Notes asking for 30 versions each get what
    there is, every problem in the deck once."""
    import json

    cards = practice_cards(seed=3, count=20, difficulty="easy", deck="D", topics=("softmax",),
                           variants=30)
    problems = [json.dumps(p, sort_keys=True) for c in cards for p in c.variants]
    assert len(problems) == len(set(problems))
    counts = {len(c.variants) for c in cards}
    assert 30 in counts and min(counts) < 30
