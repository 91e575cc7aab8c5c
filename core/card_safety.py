"""What a card file may put on a card: text and maths that show, nothing that runs.

Card files are shared (that is how users customise), so one from someone else must
not run code, open links or restyle Anki: MathJax's \\href, \\style, \\class, \\mmlToken,
… are refused; an HTML card keeps plain markup only, judged as a browser reads it
(nh3, the Python binding of the ammonia sanitizer, parses HTML as browsers do):
scripts, event handlers and javascript: links are refused with a message naming them,
so is any other tag or attribute the allow-list would cut, and the card gets the
sanitizer's output, well-formed, so nothing it holds can hide what follows it. Anki's
own bracket tags ([sound:…], [latex]) are shown literally (a [sound:NAME] of a checked
file is made a real one again by deck/field_html.py). The one class a card file may
write is a language on <code>, which core/highlight.py consumes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import nh3

from .highlight import LANGUAGE_CLASS, language_classes, languages
from .quote import quote

# MathJax macros that make links, set styles, classes, ids or attributes, draw boxes
# styled with any CSS, add tooltips or toggles, or load extensions.
UNSAFE_TEX = re.compile(r"\\(href|url|style|class|cssId|data|require|unicode|html|mmlToken|"
                        r"bbox|enclose|mathtip|texttip|toggle)(?![A-Za-z])")
# Anki acts on these in any field: plays sound, runs LaTeX, makes Anki links.
ANKI_TAG = re.compile(r"\[(?=(?:sound:|/?latex\]|/?\$\$?\]|anki:))", re.IGNORECASE)
RUNS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
        "link", "form"}
RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "noembed", "noframes", "noscript",
            "plaintext"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
# What to write instead of a tag a card may not have.
INSTEAD = {
    "audio": "write [sound:NAME] to play a sound file in the card file's folder",
    "svg": "save the drawing as an .svg file in the card file's folder and write "
           '<img src="NAME.svg">',
}


def tex_problem(text: str) -> str | None:
    match = UNSAFE_TEX.search(text)
    if match:
        return (f"TeX \\{match[1]} is not allowed on a card: it can make links, styles or "
                "load code, and a shared card file must not")
    return None


# Plain markup: text styles, headings, lists, tables, code, links and images.
PLAIN_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
    "wbr"})
PLAIN_ATTRIBUTES = {"*": {"title", "lang", "dir"}, "a": {"href"},
                    "img": {"src", "alt", "width", "height"}, "ol": {"start"},
                    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Every other tag a card file might hold, for naming what the allow-list cuts (script
# and style are left out: the sanitizer always drops them, content and all).
_OTHER_TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "applet", "audio", "base", "button", "canvas", "desc", "embed", "font", "foreignobject",
    "form", "frame", "frameset", "iframe", "input", "label", "link", "marquee", "math",
    "meta", "noembed", "noframes", "noscript", "object", "option", "picture", "plaintext",
    "select", "source", "svg", "template", "textarea", "title", "video", "xmp"}
_ATTRIBUTE_NAME = re.compile(r"[\s\"'/]([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9]*)")
_ATTRIBUTE = re.compile(r"\s([a-z][-a-z0-9_:.]*)=")


def plain_html(html: str, rename: Callable[[str], str] | None = None) -> str:
    """``html`` as a browser reads it, cut to plain markup and well-formed: what an HTML
    card shows. ``rename`` gives each image's src its name in the package."""
    def media_name(tag: str, attribute: str, value: str) -> str:
        return rename(value) if tag == "img" and attribute == "src" else value

    return nh3.clean(html, tags=PLAIN_TAGS, attributes=PLAIN_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
                     strip_comments=True, tag_attribute_values=_code_classes(html),
                     attribute_filter=media_name if rename else None)


def _code_classes(html: str) -> dict | None:
    """<code> may say its language (found without Pygments where no card does)."""
    return {"code": {"class": set(language_classes())}} if "language-" in html else None


def _cut(html: str) -> str | None:
    """What the allow-list would take away from ``html``: the sanitizer's reading with
    every tag and attribute allowed, against its reading with the allow-list."""
    names = set(_ATTRIBUTE_NAME.findall(html))
    loose = nh3.clean(html, tags=set(_OTHER_TAGS | PLAIN_TAGS), attributes={"*": names},
                      url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)
    strict = nh3.clean(html, tags=set(PLAIN_TAGS), attributes=PLAIN_ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                       tag_attribute_values=_code_classes(html))
    if loose == strict:
        return None
    kept = set(_TAG_NAME.findall(strict))
    tag = next((t for t in _TAG_NAME.findall(loose) if t not in kept), None)
    if tag in INSTEAD:
        return f"HTML <{tag}> is not allowed on a card: {INSTEAD[tag]}"
    if tag is not None:
        return (f"HTML <{tag}> is not allowed on a card: plain markup only (text styles, "
                "lists, tables, code, links and images)")
    kept_attributes = set(_ATTRIBUTE.findall(strict))
    attribute = next((a for a in _ATTRIBUTE.findall(loose) if a not in kept_attributes),
                     "?")
    if attribute.startswith("on"):
        return f"HTML attribute {attribute}= (an event handler) is not allowed: it runs code"
    return (f"HTML attribute {attribute}= is not allowed on a card: it can restyle, hide or "
            "change the card")


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
            if name in URL_ATTRIBUTES:
                self._refuse_address(tag, value or "")
            if name == "class":
                self._refuse(_class_problem(tag, value or ""))
        if tag in RAW_TEXT:
            self.open_raw.append(tag)

    def _refuse_address(self, tag: str, value: str) -> None:
        squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
        scheme = _SCHEME.match(squeezed)
        if scheme is None or scheme[1] in URL_SCHEMES:
            return
        if scheme[1] in ("javascript", "vbscript"):
            self._refuse(f"a {scheme[1]}: link is not allowed: it runs code")
        elif scheme[1] == "data" and tag == "img":
            self._refuse("a data: image is not allowed (Anki keeps images as files): save "
                         'it in the card file\'s folder and write <img src="NAME">')
        else:
            self._refuse(f"{scheme[1]}: addresses are not allowed on a card: only http:, "
                         "https: and mailto: links, and files in the card file's folder")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in RAW_TEXT and self.open_raw and self.open_raw[-1] == tag:
            self.open_raw.pop()

    def handle_endtag(self, tag):
        if tag in self.open_raw:
            del self.open_raw[len(self.open_raw) - 1 - self.open_raw[::-1].index(tag)]


def _class_problem(tag: str, value: str) -> str | None:
    """A class is the deck's to set: a card may only name the language of its code."""
    language = LANGUAGE_CLASS.fullmatch(value.strip())
    if tag != "code" or language is None:
        return ("HTML attribute class= is not allowed on a card: the one class a card may "
                'write is a language on code, <code class="language-NAME">')
    if language[1] not in languages():
        from .yaml_nodes import suggest

        return (f"code language {quote(language[1])} is not one Pygments knows"
                f"{suggest(language[1], languages())}")
    return None


def dollar_problem(text: str) -> str | None:
    """$$ is no delimiter in Anki (its MathJax reads \\( \\) and \\[ \\] only): the card
    would show the dollars and the TeX."""
    if "$$" in text:
        return ("'$$' is not maths in Anki: write \\[ … \\] for a display formula, \\( … \\) "
                "inline (or use format: markdown, where $…$ and $$…$$ work)")
    return None


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
    return _cut(html)
