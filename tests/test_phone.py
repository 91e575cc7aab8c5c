"""Cards on a phone (320 px, the smallest in use, and 360 px, the most common), day and
night, as Anki shows them: every problem of every note, each side rendered by Anki's
engine from the imported deck and typeset by MathJax 3 CHTML with Anki's settings
(tests/anki_pages.py), in headless Chromium.

Nothing may overflow sideways, neither the page nor a box that would scroll (a scroll
box hides what a learner needs: a step's last term, a matrix column); MathJax's hidden
copy of a formula for screen readers counts, since it widens the page as much as a
visible formula. Diagram text is at least as large as the card's smallest body text; a
network diagram's labels touch no other line or label; highlighted parts and verdicts
have a contrast of 4.5:1; a grid's marked cells stand out from the others and its
greyed ones are muted, by day and by night; the answer box is dark at night.
"""

import pytest
from anki_pages import OVERFLOW, anki_sides, open_page
from browser import browser  # noqa: F401  (fixture)

from backprop_deck.deck.build import Options, build
from backprop_deck.generators.registry import TOPICS

# (width, mode): night mode changes colours, not sizes, so its pages hold one side of
# each kind and difficulty (grids, diagrams, plots among them), not every problem again.
VIEWS = ((320, "day"), (360, "day"), (320, "night"), (360, "night"))


@pytest.fixture(scope="module")
def sides(tmp_path_factory):
    """Every kind of card, every problem of each note: a deck of four notes a topic with
    two problems each, and of each topic two more hard ones."""
    deck = build(Options(seed=11, count=4 * len(TOPICS), variants=2))
    hard = build(Options(seed=12, count=2 * len(TOPICS), difficulty="hard", variants=1,
                         derivatives=False, include_tags=frozenset({"hard"})))
    folder = tmp_path_factory.mktemp("phone")
    return (anki_sides(deck.cards, deck.name, folder / "deck")
            + anki_sides(hard.cards, hard.name, folder / "hard"))


@pytest.fixture(scope="module", params=VIEWS, ids=[f"{w}-{m}" for w, m in VIEWS])
def view(request):
    return request.param


@pytest.fixture(scope="module")
def shown(view, sides):
    """The sides a view's page holds."""
    if view[1] == "night":
        return list({(s.kind, s.tags): s for s in reversed(sides)}.values())
    return sides


@pytest.fixture(scope="module")
def page(view, shown, browser, tmp_path_factory):  # noqa: F811
    width, mode = view
    tab = open_page(browser, tmp_path_factory.mktemp("pages"), shown, width, mode == "night")
    yield tab
    tab.close()


def test_nothing_overflows(page, view):
    found = page.evaluate(OVERFLOW, view[0])
    assert found["wide"] == []
    assert found["scrolls"] == []
    assert found["page"] <= view[0]


def test_every_side_is_typeset_on_the_page(page, shown):
    assert page.evaluate("document.querySelectorAll('.card').length") == len(shown)
    assert page.evaluate("document.querySelectorAll('.card mjx-container').length") > len(shown)
    assert page.evaluate("document.body.dataset.texErrors") == "0"


def test_no_line_starts_with_the_comma_after_a_formula(page):
    """Nor ends with the bracket that opens before one: "w₃ = 0.25" and its comma on one
    line, ", w₄ = 0.3" not at the start of the next."""
    found = page.evaluate("""() => {
        const apart = [];
        let checked = 0;
        const rect = (node, from, to) => {
            const range = document.createRange();
            range.setStart(node, from); range.setEnd(node, to);
            return range.getBoundingClientRect();
        };
        const sameLine = (a, b) => a.top < b.bottom && a.bottom > b.top;
        for (const math of document.querySelectorAll('.card mjx-container:not([display])')) {
            const box = math.getBoundingClientRect();
            const after = math.nextSibling, before = math.previousSibling;
            if (after && after.nodeType === 3 && /^[,.;:!?)\\]]/.test(after.data)) {
                checked++;
                if (!sameLine(rect(after, 0, 1), box)) apart.push(
                    math.closest('.card').id + ': ' + JSON.stringify(after.data.slice(0, 20)));
            }
            if (before && before.nodeType === 3 && /[(\\[]$/.test(before.data)) {
                checked++;
                const n = before.data.length;
                if (!sameLine(rect(before, n - 1, n), box)) apart.push(
                    math.closest('.card').id + ': ' + JSON.stringify(before.data.slice(-20)));
            }
        }
        return {checked, apart};
    }""")
    assert found["checked"] > 100
    assert found["apart"] == []


# Operators and relations as running text writes them, between spaces.
OPERATORS = "−+=÷×·≈≤≥←→-"


def test_no_line_breaks_inside_brackets_or_beside_an_operator(page):
    """In running text, an operator stays on the line of its operands ("p −" / "t" is
    one break too many) and a short bracket on one line ("(biased, ÷" / "4)"); in a
    worked solution's rows (MathJax's own lines), every bracket closes on the row that
    opens it."""
    found = page.evaluate("""(operators) => {
        const apart = [], rows = [];
        let checked = 0;
        const rect = (node, at) => {
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + 1);
            return range.getBoundingClientRect();
        };
        const sameLine = (a, b) => a.top < b.bottom && a.bottom > b.top;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const e = node.parentElement;
            if (!e.closest('.card') || e.closest('svg, mjx-container, script, style')) continue;
            const text = node.data;
            for (let at = 1; at + 2 < text.length; at++) {
                if (text[at - 1] === ' ' && operators.includes(text[at]) && text[at + 1] === ' '
                    && text[at - 2] && text[at - 2] !== ' ' && text[at + 2] !== ' ') {
                    checked++;
                    const op = rect(node, at);
                    if (!sameLine(rect(node, at - 2), op) || !sameLine(rect(node, at + 2), op))
                        apart.push(e.closest('.card').id + ': ' + text.slice(at - 12, at + 12));
                }
            }
            for (const m of text.matchAll(/\\([^()]*\\s[^()]*\\)/g)) {
                if (m[0].length > 32) continue;
                checked++;
                if (!sameLine(rect(node, m.index), rect(node, m.index + m[0].length - 1)))
                    apart.push(e.closest('.card').id + ': ' + m[0]);
            }
        }
        for (const row of document.querySelectorAll('.card mjx-assistive-mml mtr')) {
            let depth = 0, low = 0;
            for (const mo of row.querySelectorAll('mo')) {
                depth += (mo.textContent === '(' || mo.textContent === '[')
                         - (mo.textContent === ')' || mo.textContent === ']');
                low = Math.min(low, depth);
            }
            if (depth !== 0 || low < 0)
                rows.push(row.closest('.card').id + ': ' + row.textContent.slice(0, 60));
        }
        return {checked, apart, rows};
    }""", OPERATORS)
    assert found["checked"] > 50
    assert found["apart"] == []
    assert found["rows"] == []


def test_inline_fractions_are_at_least_the_small_text_size(page):
    """A fraction in a line of text: its numerator and denominator read at least as large
    as the card's small print (MathJax sets a plain \\frac's at 71 % of the text)."""
    found = page.evaluate("""() => {
        const size = e => parseFloat(getComputedStyle(e).fontSize);
        const small = size(document.querySelector('.kind-note'));
        const fractions = [...document.querySelectorAll(
            '.card mjx-container:not([display]) mjx-mfrac')]
            .filter(f => !f.parentElement.closest('mjx-script, mjx-msup, mjx-msub, mjx-mfrac'));
        const tooSmall = [];
        for (const f of fractions) {
            const math = f.closest('mjx-container');
            const text = size(math.parentElement);  // the text the formula stands in
            for (const part of f.querySelectorAll(':scope > mjx-frac > mjx-num, '
                                                  + ':scope > mjx-frac > mjx-row > mjx-den')) {
                const shown = size(part.lastElementChild) / size(math) * text;
                if (shown < small - 0.05) tooSmall.push(
                    f.closest('.card').id + ': ' + shown.toFixed(1) + ' px');
            }
        }
        return {small, count: fractions.length, tooSmall};
    }""")
    assert found["small"] >= 12
    assert found["count"] > 20
    assert found["tooSmall"] == []


def test_diagram_text_is_as_large_as_the_cards_small_text(page):
    sizes = page.evaluate("""() => {
        const small = parseFloat(getComputedStyle(document.querySelector('.kind-note')).fontSize);
        const texts = [...document.querySelectorAll('.figure svg text')].map(t => [
            t.closest('.card').id, t.textContent,
            parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a]);
        return {small, texts};
    }""")
    assert sizes["small"] >= 12
    assert len(sizes["texts"]) > 150  # (the night page holds fewer cards)
    too_small = [f"{card}: {text!r} {size:.1f} px" for card, text, size in sizes["texts"]
                 if size < sizes["small"] - 0.05]
    assert not too_small, f"smaller than {sizes['small']} px: " + "; ".join(too_small)


def test_diagram_text_lies_inside_its_drawing(page):
    """A label past the viewBox is cut off by the SVG itself: no page overflow shows it."""
    cut = page.evaluate("""() => [...document.querySelectorAll('.figure svg text')]
        .filter(t => {
            const box = t.getBBox(), view = t.ownerSVGElement.viewBox.baseVal;
            return box.x < view.x - 0.5 || box.y < view.y - 0.5
                || box.x + box.width > view.x + view.width + 0.5
                || box.y + box.height > view.y + view.height + 0.5;
        })
        .map(t => t.closest('.card').id + ': ' + t.textContent)""")
    assert not cut, "; ".join(cut)


def test_network_labels_touch_no_other_line_or_label(page):
    """Each weight's name sits on its own edge (over a halo), clear of every other edge,
    unit and label: none is struck through or ambiguous at a crossing."""
    clashes = page.evaluate("""() => {
        const found = [];
        const inside = (r, x, y) => x >= r.x && x <= r.x + r.width
                                    && y >= r.y && y <= r.y + r.height;
        const crosses = (r, l) => {  // a line crosses a box: sample it finely
            for (let k = 0; k <= 60; k++) {
                const t = k / 60;
                if (inside(r, l.x1 + t * (l.x2 - l.x1), l.y1 + t * (l.y2 - l.y1))) return true;
            }
            return false;
        };
        for (const svg of document.querySelectorAll('.figure svg[aria-label="network diagram"]')) {
            const lines = [...svg.querySelectorAll('line')].map(l => ({k: l.dataset.edge,
                x1: +l.getAttribute('x1'), y1: +l.getAttribute('y1'),
                x2: +l.getAttribute('x2'), y2: +l.getAttribute('y2')}));
            const labels = [...svg.querySelectorAll('text[data-edge]')];
            const boxes = labels.map(t => t.getBBox());
            labels.forEach((t, k) => {
                const own = t.dataset.edge;
                lines.forEach(l => {
                    if (l.k !== own && crosses(boxes[k], l)) found.push(
                        svg.closest('.card').id + ' ' + t.textContent + ' x line ' + l.k);
                });
                boxes.forEach((b, j) => {
                    if (j > k && !(b.x > boxes[k].x + boxes[k].width || boxes[k].x > b.x + b.width
                                   || b.y > boxes[k].y + boxes[k].height
                                   || boxes[k].y > b.y + b.height)) found.push(
                        svg.closest('.card').id + ' ' + t.textContent + ' x '
                        + labels[j].textContent);
                });
            });
        }
        return found;
    }""")
    assert clashes == []


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_highlights_and_verdicts_have_contrast(page):
    colours = page.evaluate("""() => {
        const card = document.querySelector('.card');
        const style = e => getComputedStyle(e);
        const first = s => document.querySelector(s);
        return {background: style(card).backgroundColor, text: style(card).color,
                accent_line: style(first('.figure .accent')).stroke,
                accent_text: style(first('.figure .accent-text')).fill,
                right: style(first('.verdict-right')).color,
                wrong: style(first('.verdict-wrong')).color,
                curve: style(first('.figure .curve')).stroke};
    }""")
    background = colours.pop("background")
    for name, colour in colours.items():
        assert contrast(colour, background) >= 4.5, (name, colour, background)


def test_grids_mark_what_the_back_calls_marked(page):
    """A marked cell's fill stands out from an unmarked one's (1.4:1 or more) and is
    outlined in the accent colour (3:1 against the card, as a non-text mark must be);
    its number keeps 4.5:1. A greyed cell (zero padding) is muted but readable."""
    cells = page.evaluate("""() => {
        const style = e => getComputedStyle(e);
        const fill = e => {  // the first opaque background from the cell up
            for (let x = e; x; x = x.parentElement) {
                const c = style(x).backgroundColor;
                if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
            }
            return 'rgb(255, 255, 255)';
        };
        const found = [];
        for (const table of document.querySelectorAll('.grid')) {
            const marked = table.querySelector('td.marked');
            const plain = table.querySelector('td:not(.marked):not(.muted)');
            const muted = table.querySelector('td.muted');
            found.push({card: table.closest('.card').id, size: parseFloat(style(table).fontSize),
                small: parseFloat(style(table.closest('.card').querySelector('.kind-note')
                                        || table.closest('.card')).fontSize),
                border: style(table.querySelector('td')).borderTopStyle,
                marked: marked && {fill: fill(marked), text: style(marked).color,
                                   outline: style(marked).outlineColor,
                                   width: parseFloat(style(marked).outlineWidth)},
                plain: plain && {fill: fill(plain), text: style(plain).color},
                muted: muted && {fill: fill(muted), text: style(muted).color},
                card_fill: fill(table.closest('.card'))});
        }
        return found;
    }""")
    assert len([c for c in cells if c["marked"]]) > 10
    assert len([c for c in cells if c["muted"]]) >= 1
    for cell in cells:
        assert cell["border"] == "solid", cell  # ruled, not loose numbers
        assert cell["size"] >= cell["small"] - 0.05, cell
        if cell["marked"] and cell["plain"]:
            marked, plain = cell["marked"], cell["plain"]
            assert contrast(marked["fill"], plain["fill"]) >= 1.4, cell
            assert contrast(marked["outline"], cell["card_fill"]) >= 3 and marked["width"] >= 2
            assert contrast(marked["text"], marked["fill"]) >= 4.5, cell
        if cell["muted"] and cell["plain"]:
            muted, plain = cell["muted"], cell["plain"]
            assert muted["fill"] != plain["fill"] or muted["text"] != plain["text"], cell
            assert contrast(muted["text"], muted["fill"]) < contrast(plain["text"],
                                                                      plain["fill"]), cell
            assert contrast(muted["text"], muted["fill"]) >= 4.5, cell


def test_the_answer_box_and_coaching_verdict_read_by_day_and_night(page):
    colours = page.evaluate("""() => {
        const card = document.querySelector('.card');  // the front template's box
        const typein = document.createElement('div');
        typein.className = 'typein';
        typein.innerHTML = '<label>Your answer: <input id="bp-typein" type="text"></label>';
        card.appendChild(typein);
        const input = typein.querySelector('input');
        const close = document.createElement('span');
        close.className = 'verdict-close';
        card.appendChild(close);
        const style = e => getComputedStyle(e);
        return {card: style(card).backgroundColor, field: style(input).backgroundColor,
                text: style(input).color, close: style(close).color};
    }""")
    assert contrast(colours["text"], colours["field"]) >= 4.5
    assert contrast(colours["close"], colours["card"]) >= 4.5
    night = _luminance(colours["card"]) < 0.1
    assert (_luminance(colours["field"]) < 0.1) == night  # a dark box on a dark card


def test_plot_labels_are_clear_of_the_curves_and_write_minus_signs(page):
    found = page.evaluate("""() => {
        const clashes = [], labels = [];
        for (const svg of document.querySelectorAll('.figure svg[aria-label^="plot of"]')) {
            const points = [...svg.querySelectorAll('polyline')].flatMap(line =>
                line.getAttribute('points').trim().split(/\\s+/)
                    .map(p => p.split(',').map(Number)));
            for (const text of svg.querySelectorAll('text')) {
                const box = text.getBBox();
                labels.push(text.textContent);
                if (points.some(([x, y]) => x >= box.x - 1 && x <= box.x + box.width + 1
                                         && y >= box.y - 1 && y <= box.y + box.height + 1))
                    clashes.push(svg.closest('.card').id + ': ' + text.textContent);
            }
        }
        return {clashes, labels};
    }""")
    assert len(found["labels"]) > 5
    assert found["clashes"] == []
    assert not [label for label in found["labels"] if "-" in label]
    assert "−4" in found["labels"]
