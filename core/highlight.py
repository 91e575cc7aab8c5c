"""Code on a card, coloured at build time by Pygments with the deck's own classes.

A card file may name a language (``<code class="language-python">``, or a Markdown
fence's info string), never a class or a style: the language class is consumed here,
after the card's HTML has been sanitized, and every class left on the card is one of
``CLASSES``, which deck/templates/style.css colours for day and night. So nothing a
card file writes can restyle the card, and no script is needed to colour its code.
"""

from __future__ import annotations

import html
import re
from functools import cache

# The token kinds a learner tells apart in code, each with its class; what is not one
# of them (names, punctuation, operators) keeps the card's text colour.
KINDS = (("Comment", "hl-comment"), ("Literal.String", "hl-string"),
         ("Literal.Number", "hl-number"), ("Keyword", "hl-keyword"),
         ("Name.Builtin", "hl-builtin"), ("Name.Function", "hl-function"),
         ("Name.Class", "hl-function"), ("Name.Decorator", "hl-function"))
CLASSES = frozenset(name for _, name in KINDS)
# A language as a class names it: Pygments' aliases are lowercase words ("python",
# "c++", "objective-c"); the few with a slash or an emoji are left out.
LANGUAGE_NAME = re.compile(r"[a-z0-9][a-z0-9+#._-]*")
LANGUAGE_CLASS = re.compile(r"language-(\S+)")
# Code as nh3 writes a sanitized <pre><code class="language-X">: text only inside, its
# < and & escaped (code holding tags is shown as written, uncoloured).
_BLOCK = re.compile(r'<pre><code class="language-([^"]*)">([^<]*)</code></pre>')
_ANY_CLASS = re.compile(r'<code class="language-[^"]*">')


@cache
def languages() -> frozenset[str]:
    """Every language name Pygments knows (its lexers' aliases)."""
    from pygments.lexers import get_all_lexers

    return frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False)
                     for alias in aliases if LANGUAGE_NAME.fullmatch(alias))


@cache
def language_classes() -> frozenset[str]:
    """The class values a card may give <code>: exactly one ``language-NAME``."""
    return frozenset(f"language-{name}" for name in languages())


def highlighted(card_html: str) -> str:
    """Sanitized card HTML with each ``<pre><code class="language-X">`` block coloured,
    and every language class taken away (an inline <code> is shown plain)."""
    if "language-" not in card_html:
        return card_html
    coloured = _BLOCK.sub(lambda m: f"<pre><code>{_colour(m[1], m[2])}</code></pre>",
                          card_html)
    return _ANY_CLASS.sub("<code>", coloured)


def _colour(language: str, escaped_code: str) -> str:
    import pygments
    from pygments.lexers import get_lexer_by_name
    from pygments.token import string_to_tokentype

    lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    kinds = [(string_to_tokentype(kind), name) for kind, name in KINDS]
    pieces: list[tuple[str | None, str]] = []
    for token, text in pygments.lex(html.unescape(escaped_code), lexer):
        name = next((name for kind, name in kinds if token in kind), None)
        if pieces and pieces[-1][0] == name:
            pieces[-1] = (name, pieces[-1][1] + text)
        else:
            pieces.append((name, text))
    return "".join(html.escape(text, quote=False) if name is None
                   else f'<span class="{name}">{html.escape(text, quote=False)}</span>'
                   for name, text in pieces)
