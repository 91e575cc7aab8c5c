"""A card file's cloze and both-ways cards, as a learner's Anki has them: imported into a
real collection, each note makes the cards Anki itself makes of those fields, and each
side, rendered by Anki's engine, hides and shows what Anki hides and shows; the maths
in a deletion typesets; the sides read well on a 320 px phone by day and by night; the
summary, the dump and the preview show them. What the build refuses, it refuses
because Anki would do something else (tests/bad_inputs/cloze-*, reverse-*)."""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from anki_pages import OVERFLOW, Side, open_page
from browser import browser  # noqa: F401  (fixture)
from conftest import import_apkg
from test_mathjax import tex_strings, typeset  # noqa: F401  (fixture)
from test_phone import contrast
from test_regenerate import review

from backprop_deck.core.card import Card, static_guid
from backprop_deck.deck.anki_package import (
    CLOZE_MODEL,
    REVERSE_MODEL,
    note_for,
    render_all,
    write_package,
)
from backprop_deck.deck.build import Options, build

CARDS = r"""
cards:
  - id: cloze-chain
    type: cloze
    text: 'Backprop applies the {{c1::chain rule}} from the {{c2::output::where?}} back.'
    extra: The gradient flows backwards.
  - id: cloze-maths
    type: cloze
    text: 'For the sigmoid, \(\sigma''(z) = {{c1::\sigma(z)\,(1 - \sigma(z))}}\); its
      largest value is {{c2::\(\tfrac{1}{4}\)::a fraction}}.'
  - id: cloze-nested
    type: cloze
    format: html
    text: '<b>{{c1::Forward}}</b> pass, then {{c3::backward {{c4::pass}}}}.'
  - id: both-ways
    front: sigmoid′(z)
    back: σ(z)(1 − σ(z))
    extra: the logistic function's derivative
    reverse: true
  - id: one-way
    front: sigmoid′(z)
    back: σ(z)(1 − σ(z))
    extra: the logistic function's derivative
"""
# Written out by hand: the deletion numbers (Anki's card N is ordinal N - 1), and the
# number of cards of each note.
DELETIONS = {"cloze-chain": [1, 2], "cloze-maths": [1, 2], "cloze-nested": [1, 3, 4]}
CARD_COUNTS = {"cloze-chain": 2, "cloze-maths": 2, "cloze-nested": 3, "both-ways": 2,
               "one-way": 1}


def write(folder: Path, text: str = CARDS, name: str = "mine.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def mine(cards: list[Card]) -> dict[str, Card]:
    return {card.id: card for card in cards if card.id in CARD_COUNTS}


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kinds")
    return build(Options(seed=1, card_files=[write(folder)], practice=False,
                         derivatives=False))


@pytest.fixture(scope="module")
def anki(deck, tmp_path_factory):
    """A collection that imported the deck as File → Import does."""
    from anki.collection import Collection

    folder = tmp_path_factory.mktemp("anki")
    apkg = folder / "deck.apkg"
    with open(apkg, "wb") as out:
        write_package(deck.cards, deck.name, out, folder, timestamp=1_700_000_000)
    col = Collection(str(folder / "collection.anki2"))
    log = import_apkg(col, apkg)
    assert (len(log.new), len(log.conflicting)) == (len(deck.cards), 0)
    yield col
    col.close()


def our_notes(col) -> dict:
    notes = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        if note["Id"] in CARD_COUNTS:
            notes[note["Id"]] = note
    return notes


def sides(col, card_id: str) -> list[tuple[str, str]]:
    """Question and answer of each of the note's cards, by Anki's engine, in card order."""
    cards = sorted(our_notes(col)[card_id].cards(), key=lambda card: card.ord)
    return [(card.question(), card.answer()) for card in cards]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag == "style"

    def handle_endtag(self, tag):
        self.skip -= tag == "style"

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(side_html: str) -> str:
    """The text a learner reads on a side (no markup, no stylesheet, spaces collapsed)."""
    parser = _Text()
    parser.feed(side_html)
    return " ".join("".join(parser.parts).split())


def test_each_note_makes_the_cards_anki_makes_of_its_fields(anki):
    """The package's cards are those Anki makes itself when the same fields are added
    by hand (a card per deletion number, two for a card both ways)."""
    notes = our_notes(anki)
    for card_id, note in notes.items():
        ords = sorted(card.ord for card in note.cards())
        assert len(ords) == CARD_COUNTS[card_id]
        if card_id in DELETIONS:
            assert ords == [n - 1 for n in DELETIONS[card_id]]
        by_hand = anki.new_note(note.note_type())
        for name in note.keys():  # noqa: SIM118 (a Note is no dict)
            by_hand[name] = note[name]
        anki.add_note(by_hand, anki.decks.id("By hand"))
        assert sorted(card.ord for card in by_hand.cards()) == ords, card_id
    kinds = {card_id: note.mid for card_id, note in notes.items()}
    assert kinds == {"cloze-chain": CLOZE_MODEL.model_id, "cloze-maths": CLOZE_MODEL.model_id,
                     "cloze-nested": CLOZE_MODEL.model_id,
                     "both-ways": REVERSE_MODEL.model_id, "one-way": 1607392319}


def test_a_cloze_hides_its_deletion_on_the_question_and_shows_it_on_the_answer(anki):
    (q1, a1), (q2, a2) = sides(anki, "cloze-chain")
    assert visible(q1) == "Backprop applies the [...] from the output back."
    assert visible(a1) == ("Backprop applies the chain rule from the output back. "
                           "The gradient flows backwards.")
    assert '<span class="cloze" data-ordinal="1">chain rule</span>' in a1
    assert visible(q2) == "Backprop applies the chain rule from the [where?] back."
    assert '<span class="cloze" data-ordinal="2">output</span>' in a2
    nested = [tuple(map(visible, pair)) for pair in sides(anki, "cloze-nested")]
    assert nested == [("[...] pass, then backward pass.", "Forward pass, then backward pass."),
                      ("Forward pass, then [...].", "Forward pass, then backward pass."),
                      ("Forward pass, then backward [...].",
                       "Forward pass, then backward pass.")]


def test_a_deletion_in_maths_is_hidden_in_the_formula(anki):
    (q1, a1), (q2, a2) = sides(anki, "cloze-maths")
    assert r"\(\sigma'(z) = [...]\)" in q1 and r"\sigma(z)\,(1 - \sigma(z))" not in q1
    assert r"\(\sigma'(z) = \sigma(z)\,(1 - \sigma(z))\)" in a1
    assert "[a fraction]" in q2 and r"\tfrac" not in visible(q2)
    # (an inline fraction is set at the text's size: core/html.py)
    assert r'<span class="cloze" data-ordinal="2">\(\dfrac{1}{4}\)</span>' in a2


def test_the_maths_of_every_side_typesets(anki, typeset):  # noqa: F811
    found = {item for card_id in DELETIONS for pair in sides(anki, card_id)
             for side in pair for item in tex_strings(side)}
    assert (r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))", False) in found
    assert (r"\sigma'(z) = [...]", False) in found
    assert typeset(sorted(found)) == []


# Texts that Anki reads in ways a regex would not: nesting, hints, stray and early
# closings, numbers with leading zeros or out of range, an unclosed deletion, maths.
TRICKY = [
    "{{c1::a}} {{c2::b::hint}} {{c1::c}}",
    "{{c1::outer {{c2::inner::in}} more}} after",
    "{{c2::x}}}} }} {{c3::y}}",
    "{{c0::zero}} and {{c3::three}}",
    "{{c012::leading}} {{c99999::too big}} {{c::none}}",
    "kept {{c1::never closed",
    "{{c1::a::b::c}} {{c2::p {{c3::q}} r::s}}",
    r"\(x = {{c1::y^{2} }}\) and {{c2::\(\frac{a}{b_{2}}\)}}.",
    "<b>{{c1::x</b>}} <i>{{c2::é & \"q\" <y>}}</i>",
    "no deletion at all",
]


def test_the_cloze_reading_is_ankis(collection):
    """core/cloze.py against Anki's engine on its stock cloze note type: the cards made,
    and each side of each."""
    from backprop_deck.core import cloze

    notetype = collection.models.by_name("Cloze")
    for text in TRICKY:
        note = collection.new_note(notetype)
        note["Text"] = text
        collection.add_note(note, 1)
        cards = sorted(note.cards(), key=lambda card: card.ord)
        numbers = cloze.numbers(text)
        # (a note with no deletion gets Anki's card 1, which says so)
        assert [card.ord for card in cards] == ([n - 1 for n in numbers] or [0]), text
        for number, card in zip(numbers, cards, strict=False):
            assert card.question().endswith(cloze.reveal(text, number, True)), text
            assert cloze.reveal(text, number, False) + "<br>" in card.answer(), text


def test_both_ways_asks_from_the_back_too(anki):
    (q1, a1), (q2, a2) = sides(anki, "both-ways")
    assert visible(q2) == "σ(z)(1 − σ(z))"
    assert visible(a2) == "σ(z)(1 − σ(z)) sigmoid′(z) the logistic function's derivative"
    assert (q1, a1) == sides(anki, "one-way")[0]  # the first card is a basic card's


def test_the_preview_shows_each_card_as_anki_does(anki, deck):
    for card_id, card in mine(deck.cards).items():
        shown = render_all(card)
        assert len(shown) == CARD_COUNTS[card_id]
        for (question, answer), (anki_question, anki_answer) in zip(
                shown, sides(anki, card_id), strict=True):
            assert question in anki_question
            assert answer in anki_answer


VOID = frozenset({"br", "hr", "img", "wbr"})


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.bad.append(tag)


def test_the_phone_layout_puts_no_tag_across_a_deletion(tmp_path, collection):
    """Lines are kept together with spans (core/html.py); in a cloze's text they stay
    between its markers, so every side Anki shows is well formed."""
    text = ("'The error {{c1::p − y is}} small, so {{c2::w ← w − η g::the step}} moves "
            "little: \\(x\\), {{c3::(a, b)}} and (biased, {{c4::÷ 4}}).'")
    path = write(tmp_path, f"cards:\n  - id: laid-out\n    type: cloze\n    text: {text}\n")
    cards = build(Options(seed=1, card_files=[path], practice=False, derivatives=False)).cards
    (card,) = [c for c in cards if c.id == "laid-out"]
    assert 'class="nobr"' in card.front
    apkg = tmp_path / "deck.apkg"
    with open(apkg, "wb") as out:
        write_package([card], "Root", out, tmp_path, timestamp=1_700_000_000)
    import_apkg(collection, apkg)
    (note_id,) = collection.find_notes("")
    shown = [side for anki_card in collection.get_note(note_id).cards()
             for side in (anki_card.question(), anki_card.answer())]
    assert len(shown) == 8
    for side in shown:
        parser = _Balance()
        parser.feed(side)
        assert (parser.bad, parser.open) == ([], []), side


def test_new_note_type_ids_never_change():
    assert (CLOZE_MODEL.model_id, REVERSE_MODEL.model_id) == (1607392321, 1607392322)
    assert [f["name"] for f in CLOZE_MODEL.fields] == ["Text", "Back Extra", "Id"]
    assert [f["name"] for f in REVERSE_MODEL.fields] == ["Front", "Back", "Extra", "Id"]


def test_every_field_passes_genankis_html_scan(deck):
    import genanki

    for card in mine(deck.cards).values():
        for field in note_for(card).fields:
            assert genanki.Note._find_invalid_html_tags_in_field(field) == [], card.id


def test_summary_dump_and_preview(cli, tmp_path, browser):  # noqa: F811
    base = cli("--seed", "1", "--no-practice", "--no-derivatives", "-o", "base.apkg")
    notes, static = map(int, re.search(r"(\d+) notes \((\d+) static", base.stdout).groups())
    result = cli("--seed", "1", "--no-practice", "--no-derivatives", "--cards", write(tmp_path),
                 "-o", "deck.apkg", "--dump", "deck.json", "--preview", "deck.html")
    assert result.exit_code == 0, result.stderr
    assert (f"{notes + 5} notes making {notes + 10} cards ({static + 1} static, 3 cloze, "
            f"1 both-ways, ") in result.stdout

    dumped = {c["id"]: c for c in json.loads((tmp_path / "deck.json").read_text())["cards"]}
    chain = dumped["cloze-chain"]
    assert (chain["type"], chain["cards"], chain["extra"]) == (
        "cloze", ["c1", "c2"], "The gradient flows backwards.")
    assert chain["text"].startswith("Backprop applies the {{c1::chain rule}}")
    assert "front" not in chain and "back" not in chain
    assert dumped["cloze-nested"]["cards"] == ["c1", "c3", "c4"]
    assert dumped["both-ways"]["reverse"] is True
    assert "reverse" not in dumped["one-way"] and "type" not in dumped["one-way"]

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto((tmp_path / "deck.html").as_uri())
        page.wait_for_selector("body[data-mathjax=done]", timeout=120_000)
        assert page.evaluate("document.body.dataset.texErrors") == "0"
        ids = page.eval_on_selector_all("section.preview-card", "els => els.map(e => e.id)")
        assert [i for i in ids if i.split(":")[0] in CARD_COUNTS] == [
            "cloze-chain:1", "cloze-chain:2", "cloze-maths:1", "cloze-maths:2",
            "cloze-nested:1", "cloze-nested:2", "cloze-nested:3", "both-ways:1", "both-ways:2",
            "one-way"]
        shown = page.evaluate("""(id) => [...document.getElementById(id)
            .querySelectorAll('.side')].map(h => h.shadowRoot.firstChild.innerText)""",
                              "cloze-chain:2")
        assert [" ".join(s.split()) for s in shown] == [
            "Backprop applies the chain rule from the [where?] back.",
            "Backprop applies the chain rule from the output back. The gradient flows "
            "backwards."]
        meta = page.inner_text("#cloze-nested\\:2 .preview-meta")
        assert "card 2 of 3: c3" in meta
        assert page.locator("#cloze-maths\\:2 mjx-container").count() >= 2
    finally:
        page.close()


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_sides_read_well_on_a_phone(anki, tmp_path, browser, night):  # noqa: F811
    """Every side of our notes at 320 px: nothing overflows, the maths typesets, a
    deletion (hidden or shown) is bold and in a colour of 4.5:1 on the card."""
    shown = [Side(f"{card_id}-{k}-{name}", "static", (), side, 0)
             for card_id in CARD_COUNTS for k, pair in enumerate(sides(anki, card_id))
             for name, side in zip(("q", "a"), pair, strict=True)]
    tab = open_page(browser, tmp_path, shown, 320, night)
    try:
        found = tab.evaluate(OVERFLOW, 320)
        assert (found["wide"], found["scrolls"], found["page"]) == ([], [], 320)
        assert tab.evaluate("document.body.dataset.texErrors") == "0"
        looks = tab.evaluate("""() => [...document.querySelectorAll('.card .cloze')].map(e => {
            const card = e.closest('.card'), style = getComputedStyle(e);
            return [style.color, getComputedStyle(card).backgroundColor, style.fontWeight,
                    e.textContent];
        })""")
        assert len(looks) >= 10
        assert any(text == "[...]" for *_, text in looks)
        for colour, background, weight, text in looks:
            assert contrast(colour, background) >= 4.5, (colour, background, text)
            assert int(weight) >= 700
        # a whole formula in a deletion is typeset inside it, on its answer
        assert tab.locator(".cloze mjx-container").count() >= 1
    finally:
        tab.close()


def _package(cards: list[Card], folder: Path, name: str, timestamp: int) -> Path:
    path = folder / name
    with open(path, "wb") as out:
        write_package(cards, "Backpropagation", out, folder, timestamp=timestamp)
    return path


def test_anki_keeps_a_notes_type_on_import_so_the_build_refuses_to_change_it(collection,
                                                                               tmp_path):
    """Why a cloze (or both-ways) card may not replace a built-in basic card of its id
    (tests/bad_inputs/cloze-replaces-builtin.yaml): given the same GUID in another note
    type, Anki reports the note as conflicting and leaves it as it was."""
    basic = Card(id="chain-rule", guid=static_guid("chain-rule"), deck="Backpropagation",
                 kind="static", tags=(), front="What is the key tool?", back="The chain rule.")
    import_apkg(collection, _package([basic], tmp_path, "basic.apkg", 1_700_000_000))
    for model, fields in (("cloze", {"front": "The {{c1::chain rule}}.", "back": ""}),
                          ("reverse", {"front": "Key tool?", "back": "The chain rule."})):
        changed = Card(id="chain-rule", guid=basic.guid, deck=basic.deck, kind="static",
                       tags=(), model=model, **fields)
        log = import_apkg(collection, _package([changed], tmp_path, f"{model}.apkg",
                                               1_700_000_600))
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 1)
        (note_id,) = collection.find_notes("")
        note = collection.get_note(note_id)
        assert (note.mid, note["Back"], len(note.cards())) == (1607392319, "The chain rule.", 1)


def test_an_edited_cloze_updates_its_cards(collection, tmp_path):
    """A deletion added: Anki adds its card and keeps the others' history. A deletion
    removed: Anki keeps its card (an import deletes nothing), now empty: Tools → Empty
    Cards removes it."""
    def cloze(text: str) -> Card:
        return Card(id="mine", guid=static_guid("mine"), deck="Backpropagation",
                    kind="static", tags=(), front=text, back="", model="cloze")

    import_apkg(collection, _package([cloze("The {{c1::chain}} {{c2::rule}}.")], tmp_path,
                                     "one.apkg", 1_700_000_000))
    (reviewed,) = review(collection, "Backpropagation", 1)
    due = collection.get_card(reviewed).due
    log = import_apkg(collection, _package([cloze("The {{c1::chain}} {{c2::rule}} {{c3::too}}.")],
                                           tmp_path, "two.apkg", 1_700_000_600))
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    (note_id,) = collection.find_notes("")
    cards = {card.ord: card for card in collection.get_note(note_id).cards()}
    assert sorted(cards) == [0, 1, 2]
    assert collection.get_card(reviewed).due == due
    assert visible(cards[2].question()) == "The chain rule [...]."

    import_apkg(collection, _package([cloze("The {{c1::chain}} rule.")], tmp_path,
                                     "three.apkg", 1_700_001_200))
    cards = {card.ord: card for card in collection.get_note(note_id).cards()}
    assert sorted(cards) == [0, 1, 2]
    assert visible(cards[0].question()) == "The [...] rule."
    assert collection.get_empty_cards().notes[0].card_ids == [cards[1].id, cards[2].id]
