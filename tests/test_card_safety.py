"""What a shared card file may put on a card: nothing that runs, links or restyles."""

import pytest
from browser import browser  # noqa: F401  (fixture)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_deck.core.card_safety import (
    PLAIN_ATTRIBUTES,
    PLAIN_TAGS,
    html_problem,
    inert_anki_tags,
    plain_html,
    tex_problem,
)

RUNS = "HTML <{}> is not allowed on a card: it can run code or load pages, and a shared " \
       "card file must not"


@pytest.mark.parametrize(("html", "problem"), [
    ("<b>bold</b> <i>x</i> <table><tr><td>1</td></tr></table>", None),
    ('<img src="plot.png" alt="a plot">', None),
    ('<a href="https://cs231n.github.io">notes</a>', None),
    ("z < 0 and a<b", None),
    ("<script>alert(1)</script>", RUNS.format("script")),
    ("<SCRIPT SRC=//x.js></SCRIPT>", RUNS.format("script")),
    ('<iframe src="https://example.com">', RUNS.format("iframe")),
    ("<svg><script>alert(1)</script></svg>", RUNS.format("script")),
    ('<img src=x onerror="alert(1)">', "HTML attribute onerror= (an event handler) is not "
                                       "allowed: it runs code"),
    ('<div ONCLICK="f()">x</div>', "HTML attribute onclick= (an event handler) is not "
                                   "allowed: it runs code"),
    ('<a href="javascript:alert(1)">x</a>', "a javascript: link is not allowed: it runs code"),
    ('<a href=" java\tscript:alert(1)">x</a>', "a javascript: link is not allowed: it runs code"),
    ('<a href="JaVa&#10;Script:alert(1)">x</a>', "a javascript: link is not allowed: it runs "
                                                 "code"),
    ('<form action="vbscript:x">', RUNS.format("form")),
    ("text <!-- a note", "an HTML comment '<!--' is never closed (it would hide everything "
                         "after it)"),
    ("<!-- closed --> then <!-- not", "an HTML comment '<!--' is never closed (it would hide "
                                      "everything after it)"),
    ("<textarea>typed", "HTML <textarea> is never closed (everything after it would be taken "
                        "as its text)"),
    ("<style>.card { color: red }", "HTML <style> is never closed (everything after it "
                                    "would be taken as its text)"),
    ("<textarea>a</textarea> <title>b</title>",
     "HTML <textarea> is not allowed on a card: plain markup only (text styles, lists, "
     "tables, code, links and images)"),
    # Read as a browser reads them (issue #21): each ran code in the reviewer, or hid
    # what followed it, past a checker that read HTML its own way.
    ("<svg><style></style><img src=x onerror=alert(1)>", "HTML attribute onerror= (an event "
                                                         "handler) is not allowed: it runs code"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
     "HTML <noscript> is not allowed on a card: plain markup only (text styles, lists, "
     "tables, code, links and images)"),
    ("<!--><img src=x onerror=alert(1)>-->", "HTML attribute onerror= (an event handler) is "
                                             "not allowed: it runs code"),
    ("<![CDATA[><img src=x onerror=alert(1)>]]>", "HTML attribute onerror= (an event handler) "
                                                  "is not allowed: it runs code"),
    ("<template><b>the rest", "HTML <template> is not allowed on a card: plain markup only "
                              "(text styles, lists, tables, code, links and images)"),
    ("<select><option>the rest", "HTML <select> is not allowed on a card: plain markup only "
                                 "(text styles, lists, tables, code, links and images)"),
    ("<svg><desc><b>the rest", "HTML <svg> is not allowed on a card: save the drawing as an "
                               ".svg file in the card file's folder and write <img "
                               'src="NAME.svg">'),
    ('<b style="position:fixed">x</b>', "HTML attribute style= is not allowed on a card: it "
                                        "can restyle, hide or change the card"),
    ('<span class="bp-variant" hidden>x</span>', "HTML attribute class= is not allowed on a "
                                                 "card: the one class a card may write is a "
                                                 'language on code, <code class="language-NAME">'),
])
def test_html_problem(html, problem):
    assert html_problem(html) == problem


@pytest.mark.parametrize(("text", "macro"), [
    (r"\(\href{javascript:alert(1)}{w}\)", "href"),
    (r"\(\url{https://x}\)", "url"),
    (r"\(\style{color:red}{w}\)", "style"),
    (r"\(\class{x}{w}\)", "class"),
    (r"\(\cssId{x}{w}\)", "cssId"),
    (r"\(\require{action}\)", "require"),
    (r"\(\unicode{x41}\)", "unicode"),
    (r"\(\data{x}{w}\)", "data"),
    (r'\(\mmlToken{mi}[href="javascript:alert(1)"]{x}\)', "mmlToken"),
    (r"\(\bbox[position:fixed;top:0;width:100%]{x}\)", "bbox"),
    (r"\(\enclose{box}[href=x]{x}\)", "enclose"),
    (r"\(\texttip{x}{tip}\)", "texttip"),
    (r"\(\mathtip{x}{y}\)", "mathtip"),
    (r"\(\toggle{x}{y}\endtoggle\)", "toggle"),
])
def test_tex_that_links_or_styles_is_refused(text, macro):
    assert tex_problem(text) == (f"TeX \\{macro} is not allowed on a card: it can make "
                                 "links, styles or load code, and a shared card file must not")


@pytest.mark.parametrize("text", [r"\(\hat{y}\)", r"\(\stylesheet\)", r"\(\hrefx\)",
                                  r"\(\boldsymbol{w}\)", "href and style as words"])
def test_ordinary_tex_and_words_pass(text):
    assert tex_problem(text) is None


@pytest.mark.parametrize(("html", "shown"), [
    ("[sound:evil.mp3]", "&#91;sound:evil.mp3]"),
    ("[latex]x[/latex]", "&#91;latex]x&#91;/latex]"),
    ("[$]x[/$] and [$$]y[/$$]", "&#91;$]x&#91;/$] and &#91;$$]y&#91;/$$]"),
    ("[SOUND:x.mp3]", "&#91;SOUND:x.mp3]"),
    ("[anki:play:q:0]", "&#91;anki:play:q:0]"),
    ("a list [1, 2] and [x]", "a list [1, 2] and [x]"),
])
def test_anki_bracket_tags_are_shown_not_acted_on(html, shown):
    assert inert_anki_tags(html) == shown


# Markup that has run code in some browser, or hidden what followed it: each sets
# window.ran where a browser would run it.
PAYLOADS = [
    "<svg><style><img src=x onerror=window.ran=1>",
    '<noscript><p title="</noscript><img src=x onerror=window.ran=1>">',
    "<!--><img src=x onerror=window.ran=1>-->",
    "<![CDATA[><img src=x onerror=window.ran=1>]]>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.ran=1>",
    '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>'
    '<img src=x onerror=window.ran=1>">',
    '<a href="jav&#x09;ascript:window.ran=1" id=link>x</a>',
    "<details open ontoggle=window.ran=1>",
    '<iframe srcdoc="<script>parent.ran=1</script>">',
    "<img src=x onerror=window.ran=1//",
    "<template><b>", "<select><option>", "<svg><desc><b>", "<textarea>", "<xmp>",
    '<b style="display:none">', '<div hidden>', "<style>p { display: none }</style>",
]


@pytest.fixture(scope="module")
def sanitized_page(browser):  # noqa: F811
    page = browser.new_page()
    body = "".join(f'<div class="case" id="case-{k}">{plain_html(p)}</div>'
                   f'<p class="after" id="after-{k}">the rest of the card</p>'
                   for k, p in enumerate(PAYLOADS))
    page.set_content(f"<!DOCTYPE html><body>{body}</body>")
    if page.locator("#link").count():
        page.click("#link")
    page.wait_for_timeout(300)
    yield page
    page.close()


def test_what_a_card_keeps_runs_nothing_in_a_browser(sanitized_page):
    assert sanitized_page.evaluate("window.ran") is None


def test_what_a_card_keeps_hides_nothing_after_it(sanitized_page):
    hidden = sanitized_page.evaluate("""() => [...document.querySelectorAll('.after')]
        .filter(p => !p.checkVisibility() || p.closest('.case')).map(p => p.id)""")
    assert hidden == []


@pytest.fixture(scope="module")
def blank_page(browser):  # noqa: F811
    page = browser.new_page()
    yield page
    page.close()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "<b>", "</b>", "<i>", "<svg>", "</svg>", "<math>", "<style>", "</style>", "<table>",
    "<td>", "<template>", "<noscript>", "</noscript>", "<!--", "-->", "<![CDATA[", "]]>",
    "<img src=x onerror=window.ran=1>", '<a href="javascript:window.ran=1">', "<p title=\"",
    "\">", "<select>", "<textarea>", "<xmp>", "text", "<", ">", "&lt;", "'", "\""]),
    min_size=1, max_size=12).map("".join))
def test_a_browser_reads_the_sanitizers_output_as_plain_markup(blank_page, soup):
    """A parser differential: whatever soup goes in, Chromium finds only the allowed
    tags and attributes in what plain_html gives, and nothing runs."""
    blank_page.set_content(f'<!DOCTYPE html><body><div id="case">{plain_html(soup)}</div>'
                           '<p id="after">after</p></body>')
    found = blank_page.evaluate("""() => ({
        ran: window.ran === 1,
        after: document.getElementById('after').parentElement === document.body,
        elements: [...document.querySelectorAll('#case *')].map(e => [
            e.tagName.toLowerCase(), [...e.attributes].map(a => a.name)])})""")
    assert not found["ran"] and found["after"]
    for tag, attributes in found["elements"]:
        assert tag in PLAIN_TAGS, (soup, tag)
        allowed = PLAIN_ATTRIBUTES["*"] | PLAIN_ATTRIBUTES.get(tag, set()) | {"rel"}
        assert set(attributes) <= allowed, (soup, tag, attributes)
