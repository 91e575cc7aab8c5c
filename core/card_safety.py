"""What a card file may put on a card: text and maths that show, nothing that runs.

Card files are shared (that is how users customise), so one from someone else must
not run code, open links or restyle Anki: MathJax's \\href, \\style, \\class, … and,
in HTML cards, scripts, event handlers and javascript: links are refused with a
message; Anki's own bracket tags ([sound:…], [latex]) are shown literally.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# MathJax macros that make links, set styles, classes or ids, or load extensions.
UNSAFE_TEX = re.compile(r"\\(href|url|style|class|cssId|data|require|unicode|html)(?![A-Za-z])")
# Anki acts on these in any field: plays sound, runs LaTeX, makes Anki links.
ANKI_TAG = re.compile(r"\[(?=(?:sound:|/?latex\]|/?\$\$?\]|anki:))", re.IGNORECASE)
RUNS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
        "link", "form"}
RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "noembed", "noframes", "noscript",
            "plaintext"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def tex_problem(text: str) -> str | None:
    match = UNSAFE_TEX.search(text)
    if match:
        return (f"TeX \\{match[1]} is not allowed on a card: it can make links, styles or "
                "load code, and a shared card file must not")
    return None


def inert_anki_tags(html: str) -> str:
    """[sound:x] and [latex] shown as typed: Anki finds no tag in &#91;sound:x]."""
    return ANKI_TAG.sub("&#91;", html)


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None
        self.open_raw: list[str] = []

    def _refuse(self, message: str) -> None:
        self.problem = self.problem or message

    def handle_starttag(self, tag, attrs):
        if tag in RUNS:
            self._refuse(f"HTML <{tag}> is not allowed on a card: it can run code or load "
                         "pages, and a shared card file must not")
        for name, value in attrs:
            if name.startswith("on"):
                self._refuse(f"HTML attribute {name}= (an event handler) is not allowed: it "
                             "runs code")
            squeezed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:")):
                self._refuse(f"a {squeezed.split(':')[0]}: link is not allowed: it runs code")
        if tag in RAW_TEXT:
            self.open_raw.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in RAW_TEXT and self.open_raw and self.open_raw[-1] == tag:
            self.open_raw.pop()

    def handle_endtag(self, tag):
        if tag in self.open_raw:
            del self.open_raw[len(self.open_raw) - 1 - self.open_raw[::-1].index(tag)]


def html_problem(html: str) -> str | None:
    """Why ``html`` may not go on a card (it runs code, or swallows what follows it)."""
    checker = _Checker()
    checker.feed(html)
    if checker.problem:
        return checker.problem
    if checker.rawdata.lstrip().startswith("<!--") or html.count("<!--") > html.count("-->"):
        return "an HTML comment '<!--' is never closed (it would hide everything after it)"
    if checker.open_raw:
        return (f"HTML <{checker.open_raw[0]}> is never closed (everything after it would "
                "be taken as its text)")
    checker.close()
    return None
