"""``format: markdown``: CommonMark (markdown-it-py) to the HTML an html card would hold.

markdown-it-py is the Python port of markdown-it: CommonMark-compliant, kept up, and
with the plugin for $…$ and $$…$$ maths (mdit-py-plugins, from the same maintainers).
Maths, in any of \\( \\), \\[ \\], $ $ and $$ $$, reaches Anki as \\( \\) or \\[ \\], the
only delimiters its MathJax reads, with its TeX untouched by Markdown (an underscore
or a backslash in a formula is TeX, not emphasis or an escape). Raw HTML is let
through to be judged as in an html card: the output goes through the same checks and
the same sanitizer (deck/field_html.py). Tables lose their column alignment, which
markdown-it writes as style=, an attribute no card may set.
"""

from __future__ import annotations

from functools import cache

# Where a formula ends, for each opening a card writes as in Anki.
_CLOSING = {"(": "\\)", "[": "\\]"}


def to_html(text: str) -> str:
    """The card HTML ``text`` means in Markdown (not yet checked nor sanitized)."""
    return _parser().render(text)


@cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # "$5 and $10" is money: a formula neither starts nor ends beside a space or digit.
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False,
                      allow_blank_lines=False, double_inline=True)
    md.inline.ruler.before("escape", "tex_brackets", _brackets)
    for rule, (opening, closing) in {"math_inline": ("\\(", "\\)"),
                                     "math_inline_double": ("\\[", "\\]"),
                                     "math_block": ("\\[", "\\]"),
                                     "tex": (None, None)}.items():
        md.add_render_rule(rule, _formula(opening, closing))
    md.core.ruler.push("no_styles", _no_styles)
    return md


def _formula(opening: str | None, closing: str | None):
    """Render a formula token with Anki's delimiters (a ``tex`` token keeps its own)."""
    from markdown_it.common.utils import escapeHtml

    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if opening is None:
            return escapeHtml(token.content)
        body = escapeHtml(token.content.strip())
        formula = f"{opening}{body}{closing}"
        return f"<div>{formula}</div>\n" if token.block else formula

    return render


def _brackets(state, silent: bool) -> bool:
    """\\( … \\) and \\[ … \\] as written, before Markdown reads their backslashes as
    escapes. An opening never closed, or a closing never opened, stays as typed, so
    the TeX check names it (rather than Markdown turning it into a bracket)."""
    src, at = state.src, state.pos
    if src[at] != "\\" or at + 1 >= len(src) or src[at + 1] not in "()[]":
        return False
    kind = src[at + 1]
    end = src.find(_CLOSING[kind], at + 2) if kind in _CLOSING else -1
    stop = at + 2 if end < 0 else end + 2
    if not silent:
        token = state.push("tex", "", 0)
        token.content = src[at:stop]
    state.pos = stop
    return True


def _no_styles(state) -> None:
    """Table cells without markdown-it's style="text-align: …"."""
    for token in state.tokens:
        for child in [token, *(token.children or ())]:
            if child.attrs and "style" in child.attrs:
                del child.attrs["style"]
