"""CSV and TSV card files: each row is the card YAML would give, checked by the same
rules, every error at its cell (the bad tables in bad_inputs/, run by
tests/test_bad_input.py); imported into a real Anki collection, the rows are notes with
their tags and decks."""

import json

from conftest import import_apkg, notes_by_id
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backprop_deck.core.table_cells import normalised, rows
from backprop_deck.deck.anki_notes import unlaid
from backprop_deck.deck.cards_file import CARD_KEYS, load

QUICK = ("--no-practice", "--no-derivatives", "--seed", "1")

YAML_CARDS = """\
deck: My course
cards:
  - id: sigmoid-range
    front: 'What range does σ(z) take, and where is σ(z) = "half"?'
    back: |-
      (0, 1), open at both ends;
      σ(0) = ½
    extra: '\\( \\sigma(z) = 1/(1 + e^{-z}) \\)'
    tags: [ml::activations, mine]
  - id: chain
    front: Why <b>chain</b> rule?
    back: '<i>Because</i> J depends on w only through z.'
    format: html
    deck: Week 1
    tags: [ml::backprop]
"""
# The same cards as a spreadsheet saves them: a byte-order mark, Windows line ends, a
# cell in quotes holding commas, a quote written twice and a line break; Anki's header
# line #deck: for YAML's deck:.
CSV_CARDS = ('\ufeff#deck:My course\r\nid,front,back,extra,tags,deck,format\r\n'
             'sigmoid-range,"What range does σ(z) take, and where is σ(z) = ""half""?",'
             '"(0, 1), open at both ends;\r\nσ(0) = ½","\\( \\sigma(z) = 1/(1 + e^{-z}) \\)",'
             'ml::activations mine,,\r\n'
             'chain,Why <b>chain</b> rule?,<i>Because</i> J depends on w only through z.,,'
             'ml::backprop,Week 1,html\r\n')
TSV_CARDS = ('#deck:My course\nid\tfront\tback\textra\ttags\tdeck\tformat\n'
             'sigmoid-range\tWhat range does σ(z) take, and where is σ(z) = "half"?\t'
             '"(0, 1), open at both ends;\nσ(0) = ½"\t\\( \\sigma(z) = 1/(1 + e^{-z}) \\)\t'
             'ml::activations mine\t\t\n'
             'chain\tWhy <b>chain</b> rule?\t<i>Because</i> J depends on w only through z.\t\t'
             'ml::backprop\tWeek 1\thtml\n')


def dumped(cli, tmp_path, name: str, text: str, *options: str) -> list[dict]:
    """The dump's cards from the card file ``name`` holding ``text``."""
    card_file = tmp_path / name
    card_file.write_bytes(text.encode("utf-8"))
    dump = tmp_path / f"{name}.json"
    result = cli(*QUICK, "--cards", card_file, "--dump", dump, *options)
    assert result.exit_code == 0, result.stderr
    return json.loads(dump.read_text(encoding="utf-8"))["cards"]


def test_csv_and_tsv_rows_are_the_cards_yaml_gives(cli, tmp_path):
    mine = lambda cards: [c for c in cards if c["deck"].startswith("My course")]  # noqa: E731
    from_yaml = mine(dumped(cli, tmp_path, "mine.yaml", YAML_CARDS))
    assert [c["id"] for c in from_yaml] == ["sigmoid-range", "chain"]
    # Excel's CSV where the decimal mark is a comma: semicolons
    for name, text in (("mine.csv", CSV_CARDS), ("mine.tsv", TSV_CARDS),
                       ("semicolons.csv", TSV_CARDS.replace("\t", ";"))):
        cards = dumped(cli, tmp_path, name, text)
        assert mine(cards) == from_yaml, name
    decks = {c["id"]: c["deck"] for c in from_yaml}
    assert decks == {"sigmoid-range": "My course", "chain": "My course::Week 1"}


def test_a_cloze_row_and_a_both_ways_row(cli, tmp_path):
    """A cloze row leaves front and back empty; a reverse cell is YAML's true."""
    text = ('id,type,text,extra,front,back,reverse\n'
            'rule,cloze,"Backprop applies the {{c1::chain rule}}, from the {{c2::output}}.",'
            'J depends on w through z,,,\n'
            'sig,,,,σ′(z),σ(z)(1 − σ(z)),true\n')
    cards = {c["id"]: c for c in dumped(cli, tmp_path, "kinds.csv", text)}
    assert (cards["rule"]["type"], cards["rule"]["cards"]) == ("cloze", ["c1", "c2"])
    assert cards["rule"]["extra"] == "J depends on w through z"
    assert "front" not in cards["rule"]
    assert cards["sig"]["reverse"] is True


def test_a_basic_row_with_an_empty_front_is_refused_at_its_cell(cli, tmp_path):
    (tmp_path / "m.csv").write_text("id,type,front,back\na,basic,,x\n", encoding="utf-8")
    result = cli(*QUICK, "--cards", tmp_path / "m.csv", "-o", tmp_path / "d.apkg")
    assert (result.exit_code, result.stderr) == (
        2, f"{tmp_path / 'm.csv'}:2:9: card 'a': 'front' must not be empty\n")


def test_every_card_key_is_a_column():
    """Keys a YAML card may have are columns with no code of their own: the header
    takes each of them (a value's own rules are the YAML validator's)."""
    from backprop_deck.core.table_cells import Cell
    from backprop_deck.deck.table_file import column_keys

    names = [Cell(key.upper(), 1, k + 1) for k, key in enumerate(CARD_KEYS)]
    assert column_keys("x.csv", names) == list(CARD_KEYS)


def test_a_figure_column_draws_a_network_of_another_card_file(cli, tmp_path):
    (tmp_path / "net.yaml").write_text(
        "networks:\n  - id: tiny\n    layers: [1, 1]\n    activations: [sigmoid]\n"
        "    inputs: [0.5]\n    targets: [1]\n    weights: [[[0.3]]]\n    biases: [[0.1]]\n"
        "    learning_rate: 0.5\n", encoding="utf-8")
    (tmp_path / "mine.csv").write_text("id,front,back,figure\nshown,What is drawn?,"
                                       "A network,tiny\n", encoding="utf-8")
    dump = tmp_path / "d.json"
    assert cli(*QUICK, "--cards", tmp_path / "net.yaml", "--cards", tmp_path / "mine.csv",
               "--dump", dump).exit_code == 0
    (card,) = [c for c in json.loads(dump.read_text())["cards"] if c["id"] == "shown"]
    assert '<div class="figure"><svg' in card["front"]


def test_cells_know_their_line_and_column():
    text = normalised('\ufeffa,"b\r\nc",  d  \r\n# a comment, skipped\r\n,,\r\n"x""y" ,z\n')
    found = [[(c.text, c.line, c.column) for c in row] for row in rows(text, "f.csv", ",")]
    assert found == [[("a", 1, 1), ("b\nc", 1, 3), ("d", 2, 6)],
                     [('x"y', 5, 1), ("z", 5, 9)]]


def test_a_csv_file_becomes_notes_in_anki(cli, tmp_path, collection):
    """Imported as File → Import does: one note a row, with its tags, in its deck."""
    card_file = tmp_path / "mine.csv"
    card_file.write_bytes(CSV_CARDS.encode("utf-8"))
    apkg = tmp_path / "deck.apkg"
    assert cli(*QUICK, "--cards", card_file, "-o", apkg).exit_code == 0
    import_apkg(collection, apkg)
    notes = notes_by_id(collection, "tag:ml")
    assert sorted(notes) == ["chain", "sigmoid-range"]
    sigmoid, chain = notes["sigmoid-range"], notes["chain"]
    # (Anki shows the fields' HTML; the spans keep a formula with its marks on one line)
    assert sorted(sigmoid.tags) == ["mine", "ml::activations"]
    assert chain.tags == ["ml::backprop"]
    assert unlaid(sigmoid["Front"]) == ("What range does σ(z) take, and where is σ(z) = "
                                        '"half"?')
    assert unlaid(sigmoid["Back"]) == "(0, 1), open at both ends;<br>σ(0) = ½"
    assert unlaid(chain["Back"]) == "<i>Because</i> J depends on w only through z."
    decks = {note["Id"]: collection.decks.name(note.cards()[0].did)
             for note in (sigmoid, chain)}
    assert decks == {"sigmoid-range": "My course", "chain": "My course::Week 1"}


def test_a_csv_card_replaces_a_built_in_one_as_yaml_does(cli, tmp_path):
    cards = dumped(cli, tmp_path, "mine.csv",
                   "id,front,back\nforward-pass,What does the forward pass give?,ŷ\n")
    (card,) = [c for c in cards if c["id"] == "forward-pass"]
    assert card["front"] == "What does the forward pass give?"
    assert card["deck"] == "Backpropagation::1 Concepts"  # its place and tags kept
    assert "concepts" in card["tags"]


def test_load_reads_a_table_by_its_name(tmp_path):
    """.csv, .tsv and .txt are tables, whatever their case; any other name is YAML."""
    for name in ("a.CSV", "b.tsv", "c.txt"):
        (tmp_path / name).write_text("id\tfront\tback\nx\ty\tz\n", encoding="utf-8")
        assert [c.id for c in load(tmp_path / name).cards] == ["x"]
    yaml_file = tmp_path / "cards.list"
    yaml_file.write_text("cards:\n  - {id: x, front: y, back: z}\n", encoding="utf-8")
    assert [c.id for c in load(yaml_file).cards] == ["x"]


def test_a_shared_guid_column_keeps_a_note_s_identity(cli, tmp_path):
    cards = dumped(cli, tmp_path, "mine.csv", "id,front,back,guid\nkept,f,b,Ab#c1!xY\n")
    (card,) = [c for c in cards if c["id"] == "kept"]
    assert card["guid"] == "Ab#c1!xY"


def test_a_replacement_may_not_take_another_guid(cli, tmp_path):
    card_file = tmp_path / "mine.csv"
    card_file.write_text("id,front,back,guid\nforward-pass,f,b,Ab#c1!xY\n", encoding="utf-8")
    result = cli(*QUICK, "--cards", card_file)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{card_file}:2:1: card 'forward-pass': 'guid' 'Ab#c1!xY' differs from the GUID of "
        "the card it replaces (")


def test_the_note_type_names_match_the_deck_s(tmp_path):
    from backprop_deck.deck import anki_notes
    from backprop_deck.deck.anki_package import PRACTICE_MODEL, STATIC_MODEL

    names = (STATIC_MODEL.name, PRACTICE_MODEL.name)
    assert names == (anki_notes.QUESTION, anki_notes.PRACTICE)
    assert [f["name"].lower() for f in STATIC_MODEL.fields] == list(
        anki_notes.NOTE_TYPES[anki_notes.QUESTION].fields)


def test_one_line_spans_come_off_a_field_as_the_deck_wrote_it():
    """Every built-in card's HTML, laid out as its note holds it, then read back from
    Anki's export: the spans the build adds go, and the next build adds them again."""
    from backprop_deck.core.html import keep_together
    from backprop_deck.deck.anki_notes import unlaid
    from backprop_deck.deck.build import Options, build

    deck = build(Options(seed=2, practice=False, derivatives=False))
    spans = 0
    for card in deck.cards:
        for html in (card.front, card.back, card.extra):
            bare = unlaid(html)
            spans += html.count('<span class="nobr">')
            assert '"nobr"' not in bare
            assert keep_together(bare) == html
    assert spans > 100


def test_path_is_kept_when_a_table_is_read(tmp_path):
    """Origins name the file as given, so messages point at it."""
    path = tmp_path / "m.tsv"
    path.write_text("id\tfront\tback\na\tb\tc\n", encoding="utf-8")
    (card,) = load(path).cards
    assert (card.origin.path, card.origin.line, card.origin.column) == (str(path), 2, 1)


def test_utf8_only(cli, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,front,back\na,café,x\n".encode("latin-1"))
    result = cli(*QUICK, "--cards", path)
    assert (result.exit_code, result.stderr) == (
        2, f"{path}:2:6: not UTF-8 text: save it as CSV UTF-8 (in a spreadsheet: Save as, "
        "CSV UTF-8)\n")


def test_a_row_starting_with_a_hash_is_a_comment_as_in_anki(cli, tmp_path):
    cards = dumped(cli, tmp_path, "mine.csv",
                   '#note: my cards\nfront,id,back\n#1 rule,a,b\n"#2 rule",c,d\n')
    assert [c["front"] for c in cards if c["id"] in ("a", "c")] == ["#2 rule"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "id,front,back\n", "#separator:tab\n#guid column:1\n",
                        "#html:true\nid;front;back;tags\n", "#columns:id,front,back\n"]),
       st.text(alphabet='ab,;\t"#:\n\r -\ufeffσ', max_size=80),
       st.sampled_from(["fuzz.csv", "fuzz.tsv", "fuzz.txt"]))
@example("", 'id,front,back\na,"b', "fuzz.csv")
@example("#separator:tab\n#guid column:3\n", "a\tb\n", "fuzz.txt")
def test_any_table_gives_cards_or_one_line(head, body, name):
    from backprop_deck.core.errors import DeckError
    from backprop_deck.deck.table_file import parse

    try:
        parse(head + body, name)
    except DeckError as exc:
        assert str(exc).startswith(f"{name}:") and "\n" not in str(exc)
        lines = normalised(head + body).count("\n") + 1
        assert exc.line is None or 1 <= exc.line <= lines
