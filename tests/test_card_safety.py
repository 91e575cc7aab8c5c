"""What a shared card file may put on a card: nothing that runs, links or restyles."""

import pytest

from core.card_safety import html_problem, inert_anki_tags, tex_problem

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
    ("<textarea>a</textarea> <title>b</title>", None),
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
