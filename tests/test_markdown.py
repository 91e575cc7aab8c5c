"""``format: markdown``: CommonMark as a user writes it becomes the HTML an html card
would hold (a table, a list, code with its indentation, maths in Anki's delimiters),
typesets in MathJax, reaches Anki as built, and goes through the html card's checks
and sanitizer (the refusals are in bad_inputs/markdown-*)."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import import_apkg, notes_by_id
from test_mathjax import tex_strings, typeset  # noqa: F401  (fixture)

from backprop_deck.deck.build import Options, build

CARDS = r"""
cards:
  - id: md
    tags: [mine]
    format: markdown
    front: '**Bold**, *italic* and a [link](https://example.com)'
    back: |
      | x | σ(x) |
      |---|---:|
      | 0 | 0.5 |

      - one
      - two
        1. nested

      ```
      def f(x):
          return x
      ```

      Inline $a_1 * b_1$ and \(c_1\) cost $5 and $10:

      $$\sum_i x_i$$

      \[y = \frac{1}{2}\]
    extra: 'Raw <sub>HTML</sub> is <b>judged</b> as in an html card'
"""

FRONT = ('<p><strong>Bold</strong>, <em>italic</em> and a <a href="https://example.com" '
         'rel="noopener noreferrer">link</a></p>')
BACK = """<table>
<thead>
<tr>
<th>x</th>
<th>σ(x)</th>
</tr>
</thead>
<tbody>
<tr>
<td>0</td>
<td>0.5</td>
</tr>
</tbody>
</table>
<ul>
<li>one</li>
<li>two
<ol>
<li>nested</li>
</ol>
</li>
</ul>
<pre><code>def f(x):
    return x
</code></pre>
<p>Inline \\(a_1 * b_1\\) and \\(c_1\\) cost $5 and $10:</p>
<div>\\[\\sum_i x_i\\]</div>
<p>\\[y = \\frac{1}{2}\\]</p>"""
EXTRA = "<p>Raw <sub>HTML</sub> is <b>judged</b> as in an html card</p>"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("markdown")
    (folder / "cards.yaml").write_text(textwrap.dedent(CARDS).lstrip(), encoding="utf-8")
    deck = build(Options(card_files=[folder / "cards.yaml"], practice=False,
                         derivatives=False, include_tags=frozenset({"mine"})))
    return {card.id: card for card in deck.cards}


def test_markdown_gives_the_html_an_html_card_would_hold(built):
    card = built["md"]
    assert (card.front, card.back, card.extra) == (FRONT, BACK, EXTRA)


def test_its_maths_typesets_in_mathjax(built, typeset):  # noqa: F811
    card = built["md"]
    formulas = [item for field in (card.front, card.back) for item in tex_strings(field)]
    assert formulas == [("a_1 * b_1", False), ("c_1", False), (r"\sum_i x_i", True),
                        (r"y = \frac{1}{2}", True)]
    assert typeset(formulas) == []


def test_anki_holds_the_html_as_built(built, tmp_path, collection):
    from backprop_deck.deck.anki_package import write_package

    with open(tmp_path / "deck.apkg", "wb") as out:
        write_package(list(built.values()), "Mine", out, tmp_path, timestamp=1_700_000_000)
    import_apkg(collection, tmp_path / "deck.apkg")
    note = notes_by_id(collection)["md"]
    assert (note["Front"], note["Back"], note["Extra"]) == (FRONT, BACK, EXTRA)
    answer = note.cards()[0].answer()
    assert "<td>0.5</td>" in answer and "    return x" in answer


def test_a_markdown_card_in_the_dump_is_its_html(cli, tmp_path):
    (tmp_path / "cards.yaml").write_text(textwrap.dedent(CARDS).lstrip(), encoding="utf-8")
    result = cli("--cards", tmp_path / "cards.yaml", "--no-practice", "--no-derivatives",
                 "--include-tags", "mine", "--dump", "-", "-o", tmp_path / "deck.apkg")
    assert result.exit_code == 0, result.stderr
    (card,) = json.loads(result.stdout.partition("\nWrote")[0])["cards"]
    assert (card["front"], card["back"]) == (FRONT, BACK)


@pytest.mark.parametrize(("markdown", "shown"), [
    ("`a\\(b` in code", "<p><code>a\\(b</code> in code</p>"),  # no formula in code
    (r"$x_1$, $x_2$", r"<p>\(x_1\), \(x_2\)</p>"),
    ("a \\_b\\_ and $5", "<p>a _b_ and $5</p>"),
    ("| a |\n|:-:|\n| 1 |", "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n"
                           "<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>"),
])
def test_markdown_pieces(markdown, shown):
    """Code is never maths (nor checked as maths); TeX's underscores are not emphasis; a
    table's alignment (markdown-it's style=) is left out, since no card may set a style."""
    from backprop_deck.deck.field_html import field_html, problem

    assert problem(markdown, "markdown") is None
    assert field_html(markdown, "markdown", {}) == shown
