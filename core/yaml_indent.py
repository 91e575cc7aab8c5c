"""Plain words for YAML's layout errors: what is wrong on which line, and what to write.

PyYAML reports a wrong indentation as "expected <block end>, but found '?'" or
"mapping values are not allowed here", at a place one line off. The slips behind them
are few: a key indented more or less than the keys beside it, a list item out of line
with the items above it, a tab, a key without its colon. This module reads the lines
around PyYAML's mark to tell which, and says so at the line's first character. A
syntax error it cannot explain keeps PyYAML's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .quote import quote

# A line holding a key: its indentation, any list dashes, the key, then ":" and a space
# or the line's end.
_KEY_LINE = re.compile(r"( *)((?:- +)*)([^\s#'\"\-][^:#]*?|-[^\s:#][^:#]*?) *:(?: |$)")
_ITEM = re.compile(r"( *)- ")
_NO_SPACE = re.compile(r"( *)((?:- +)*)([^\s:#]+):(\S.*)")


@dataclass(frozen=True)
class Key:
    name: str
    line: int  # 0-based, as PyYAML's marks
    column: int  # where the key starts: its line's indentation plus any "- "


def explain(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """(line, column, message), 1-based, for a layout slip; None for any other error."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    mark, problem = error.problem_mark, error.problem or ""
    if mark is None or mark.line >= len(lines):
        return None
    if "'\\t'" in problem:
        return _tab(lines, mark)
    if problem.startswith("could not find expected ':'") and error.context_mark is not None:
        return _no_colon(lines, error.context_mark.line)
    if problem == "mapping values are not allowed here":
        return _colon_inside(lines, mark) or _indented_more(lines, mark.line)
    if problem.startswith("expected <block end>"):
        return _flow_then_text(lines, mark) or _out_of_line(lines, mark.line)
    return None


def _flow_then_text(lines: list[str], mark) -> tuple[int, int, str] | None:
    """``text: {{c1::x}} more``: YAML reads the braces (or brackets) as a mapping (or a
    list) and trips on the words after it; the fix is quotes, not indentation."""
    key = _key(lines, mark.line)
    if key is None:
        return None
    value_at = lines[mark.line].index(":", key.column) + 1
    value = lines[mark.line][value_at:]
    start = value_at + len(value) - len(value.lstrip())
    opener = lines[mark.line][start:start + 1]
    if opener not in ("{", "[") or mark.column <= start:
        return None
    read_as = "a mapping" if opener == "{" else "a list"
    quoted = value.strip().replace("'", "''")
    quoted = quoted if len(quoted) <= 40 else quoted[:39] + "…"
    return (mark.line + 1, start + 1,
            f"the value of {quote(key.name)} starts with {quote(opener)}, which YAML reads "
            f"as {read_as}, and text follows it: put the whole value in quotes: "
            f"{key.name}: '{quoted}'")


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key(lines: list[str], number: int) -> Key | None:
    match = _KEY_LINE.match(lines[number])
    if match is None:
        return None
    return Key(match[3].strip(), number, len(match[1]) + len(match[2]))


def _keys_above(lines: list[str], number: int) -> list[Key]:
    """The key nearest above, then each key it sits inside (less indented), outwards."""
    keys: list[Key] = []
    for above in range(number - 1, -1, -1):
        if not _content(lines[above]):
            continue
        key = _key(lines, above)
        if key is not None and (not keys or key.column < keys[-1].column):
            keys.append(key)
            if key.column == 0:
                break
    return keys


def _spaces(n: int) -> str:
    return "no spaces" if n == 0 else "1 space" if n == 1 else f"{n} spaces"


def _indented(n: int) -> str:
    return "not indented" if n == 0 else f"indented {_spaces(n)}"


def _as(key: Key) -> str:
    return f"{quote(key.name)} on line {key.line + 1} ({_spaces(key.column)})"


def _tab(lines: list[str], mark) -> tuple[int, int, str]:
    before = lines[mark.line][:mark.column]
    if before.strip(" \t"):
        return (mark.line + 1, mark.column + 1,
                f"a tab after {quote(before.strip())}: YAML separates with spaces only; "
                "put a space here")
    return (mark.line + 1, mark.column + 1,
            "a tab in the indentation: YAML indents with spaces only; put spaces here")


def _no_colon(lines: list[str], number: int) -> tuple[int, int, str] | None:
    line = lines[number]
    squeezed = _NO_SPACE.fullmatch(line)
    if squeezed:
        column = len(squeezed[1]) + len(squeezed[2])
        return (number + 1, column + 1,
                f"{quote(line[column:].strip())} needs a space after the colon: "
                f"{quote(f'{squeezed[3]}: {squeezed[4]}')}")
    item = re.match(r"( *)((?:- +)*)", line)
    column = item.end()
    text = line[column:].strip()
    if not text:
        return None
    word, _, rest = text.partition(" ")
    message = (f"{quote(text)} is not a key: a key is followed by ': ' "
               f"({quote(f'{word}: {rest}' if rest else f'{word}:')})")
    above = _keys_above(lines, number)
    if above and above[0].column == column:
        key = above[0]
        message += (f"; or, if it goes on with the text of {quote(key.name)} (line "
                    f"{key.line + 1}), indent it more than {quote(key.name)}")
    return number + 1, column + 1, message


def _colon_inside(lines: list[str], mark) -> tuple[int, int, str] | None:
    """"front: ratio: 2": the second ': ' is inside a value."""
    key = _key(lines, mark.line)
    if key is None:
        return None
    line = lines[mark.line]
    first_colon = line.index(":", key.column + len(key.name))
    if first_colon >= mark.column:
        return None
    value = first_colon + 1 + indentation(line[first_colon + 1:])
    return (mark.line + 1, value + 1,
            f"a ': ' inside the value of {quote(key.name)}, where YAML reads it as a key: "
            "put the value in quotes")


def _indented_more(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """The line reads as more of the value of the key above: it is indented past it."""
    own = indentation(lines[number])
    previous = _previous_content(lines, number)
    if previous is not None and _key(lines, previous) is None:
        word = lines[previous].strip()
        if " " not in word and not word.startswith(("-", "#")):  # "cards" without ':'
            return (previous + 1, indentation(lines[previous]) + 1,
                    f"{quote(word)} has no ':' after it; a key holding the indented lines "
                    f"below is written {quote(word + ':')}")
        return None
    keys = _keys_above(lines, number)
    if not keys:
        return None
    above = keys[0]
    if own <= above.column:
        return None
    if _ITEM.match(lines[number]):
        sibling = _item_above(lines, number)
        if sibling is not None:
            return (number + 1, own + 1,
                    f"this list item is {_indented(own)}, more than the key above it, "
                    f"{_as(above)}, so YAML reads it as part of that key's value; a new "
                    f"item lines up with the item on line {sibling + 1} "
                    f"({_spaces(indentation(lines[sibling]))})")
    return (number + 1, own + 1,
            f"this line is {_indented(own)}, more than the key above it, "
            f"{_as(above)}, so YAML reads it as part of that key's value; YAML nests by "
            f"indentation: indent it as {quote(above.name)}")


def _out_of_line(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """A key or an item at a depth where nothing is open: out of line with those above."""
    line = lines[number]
    own = indentation(line)
    if _ITEM.match(line):
        sibling = _item_above(lines, number)
        if sibling is None:
            return None
        return (number + 1, own + 1,
                f"this list item is {_indented(own)}, the item above it "
                f"{_spaces(indentation(lines[sibling]))} (line {sibling + 1}); YAML nests "
                "by indentation: the items of one list line up")
    keys = _keys_above(lines, number)
    if not keys or own >= keys[0].column:
        return None
    above = keys[0]
    outer = next((key for key in keys[1:] if key.column < own), None)
    return (number + 1, own + 1,
            f"this line is {_indented(own)}, less than the key above it, "
            f"{_as(above)}; YAML nests by indentation: indent it as {quote(above.name)}"
            + (f" or as {_as(outer)}" if outer else ""))


def _previous_content(lines: list[str], number: int) -> int | None:
    return next((k for k in range(number - 1, -1, -1) if _content(lines[k])), None)


def _item_above(lines: list[str], number: int) -> int | None:
    """The nearest list item above (a line starting with '- ')."""
    return next((k for k in range(number - 1, -1, -1) if _ITEM.match(lines[k])), None)
