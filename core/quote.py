"""A value quoted for a one-line message: escaped, and shortened when long."""

from __future__ import annotations

LIMIT = 60
PATH_LIMIT = 4096  # PATH_MAX on Linux


def quote(value: object, limit: int = LIMIT) -> str:
    """'abc', with newlines and other control characters escaped, at most ``limit`` long."""
    text = str(value)
    shown = "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)
    if len(shown) > limit:
        shown = shown[:limit - 1] + "…"
    return f"'{shown}'"


def quote_path(path: object) -> str:
    """A file name in full (it is no use shortened), control characters escaped."""
    return quote(path, limit=PATH_LIMIT)
