"""Read YAML as a tree of positioned nodes, so every complaint can name a line.

Only YAML's safe core schema is understood: python tags and other custom tags are
errors, never constructors. Aliases are followed, but the expanded size is capped, in
values and in characters, so an alias bomb ("billion laughs", or one long string
aliased thousands of times) fails fast instead of exhausting memory. Strings are text:
no control character (U+001F separates Anki's fields) and no lone surrogate.
"""

from __future__ import annotations

import difflib
import math
import re

import yaml

from . import yaml_indent
from .errors import DeckError
from .quote import quote

MAX_NODES = 200_000
MAX_BYTES = 5_000_000
# Characters of text once aliases are expanded: twice what a file may hold, so a file
# that uses each string once or twice always fits.
MAX_TEXT = 2 * MAX_BYTES
# Tab and newline are text; every other C0 or C1 control character, and DEL, is not.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # a card file nests 5 deep; PyYAML would run out of stack near 330

STR_TAG = "tag:yaml.org,2002:str"
# YAML 1.2's float form. PyYAML follows YAML 1.1, where 1e-3 (no dot) is a string, a
# surprise to anyone writing a learning rate; an unquoted one is read as the number.
_PLAIN_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SCALAR_TYPES = {
    STR_TAG: str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}
_KNOWN_TAGS = {*_SCALAR_TYPES, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
               type(None): "empty", list: "a list", dict: "a mapping"}


class Located:
    """Turns marks into DeckErrors that point at the node's first character."""

    def __init__(self, path: str):
        self.path = path
        self.budget = MAX_NODES
        self.text_budget = MAX_TEXT

    def error(self, node: yaml.Node | None, message: str) -> DeckError:
        if node is None:
            return DeckError(message, self.path, 1, 1)
        mark = node.start_mark
        return DeckError(message, self.path, mark.line + 1, mark.column + 1)

    def spend(self, node: yaml.Node) -> None:
        """Count a node against the budget, and refuse tags outside the core schema."""
        if node.tag not in _KNOWN_TAGS:
            raise self.error(node, f"unsupported tag {_short_tag(node.tag)}")
        self.budget -= 1
        if self.budget < 0:
            raise self.error(node, f"too many values (over {MAX_NODES:,}); "
                                   "is an alias expanding too far?")


class _TooDeep(Exception):
    def __init__(self, mark):
        super().__init__("too deep")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH long before the stack ends."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, path: str) -> yaml.Node | None:
    """Parse without constructing anything; syntax errors become DeckErrors."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DeckError(f"file is larger than {MAX_BYTES // 1_000_000} MB", path, 1, 1)
    try:
        return yaml.compose(text, Loader=_Loader)
    except _TooDeep as exc:
        raise DeckError(f"values are nested more than {MAX_DEPTH} deep", path,
                        exc.mark.line + 1, exc.mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        explained = yaml_indent.explain(text, exc)
        if explained is not None:
            line, column, message = explained
            raise DeckError(message, path, line, column) from None
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
        if exc.context and exc.problem and exc.context_mark:
            problem += f" {' '.join(exc.context.split())} (from line {exc.context_mark.line + 1})"
        if "\t" in problem or "'\\t'" in problem:
            problem += " (YAML indents with spaces, not tabs)"
        if mark is None:
            raise DeckError(f"invalid YAML: {problem}", path, 1, 1) from None
        raise DeckError(f"invalid YAML: {problem}", path, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise DeckError(f"invalid YAML: control character U+{ord(char):04X} is not allowed",
                        path, line, column) from None
    except yaml.YAMLError as exc:
        raise DeckError(f"invalid YAML: {' '.join(str(exc).split())}", path, 1, 1) from None


def describe(node: yaml.Node) -> str:
    """How a value reads to a user in an error ("a list", "a string", …)."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = _SCALAR_TYPES.get(node.tag)
    return _TYPE_NAMES[kind] if kind else f"a value tagged {_short_tag(node.tag)}"


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def scalar(loc: Located, node: yaml.Node):
    """The Python value of a scalar node under the safe core schema."""
    loc.spend(node)
    if not isinstance(node, yaml.ScalarNode):
        raise loc.error(node, f"expected a single value, got {describe(node)}")
    return _construct(node)


def _construct(node: yaml.ScalarNode):
    """A scalar's value; only core-schema tags reach here (``spend`` checked)."""
    return yaml.constructor.SafeConstructor().construct_object(node)


def string(loc: Located, node: yaml.Node, what: str, allow_empty: bool = False) -> str:
    loc.spend(node)
    if not (isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG):
        raise loc.error(node, f"{what} must be a string, got {describe(node)}")
    value = _construct(node)
    loc.text_budget -= len(value)
    if loc.text_budget < 0:
        raise loc.error(node, f"too much text (over {MAX_TEXT:,} characters once aliases "
                              "are expanded); is an alias repeating a long string?")
    control = _CONTROL.search(value)
    if control:
        raise loc.error(node, f"{what} has the control character U+{ord(control[0]):04X}, "
                              "which is not text (Anki would split or refuse the note)")
    surrogate = _SURROGATE.search(value)
    if surrogate:
        raise loc.error(node, f"{what} has a lone surrogate U+{ord(surrogate[0]):04X} "
                              "(half of a character), which is not text")
    if not allow_empty and not value.strip():
        raise loc.error(node, f"{what} must not be empty")
    return value


def number(loc: Located, node: yaml.Node, what: str, limit: float | None = None) -> float:
    """A finite number (at most ``limit`` in size, if given)."""
    loc.spend(node)
    value = _construct(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, str) and node.style is None and _PLAIN_FLOAT.fullmatch(value):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise loc.error(node, f"{what} must be a number, got {describe(node)}")
    try:
        value = float(value)
    except OverflowError:  # a whole number with hundreds of digits
        raise loc.error(node, f"{what} must be a finite number, got one with "
                              f"{len(str(abs(_construct(node))))} digits") from None
    if not math.isfinite(value):
        raise loc.error(node, f"{what} must be a finite number, got {value}")
    if limit is not None and abs(value) > limit:
        raise loc.error(node, f"{what} must be between -{limit:,.0f} and {limit:,.0f}, "
                              f"got {value:g}")
    return value


def sequence(loc: Located, node: yaml.Node, what: str) -> list[yaml.Node]:
    loc.spend(node)
    if not isinstance(node, yaml.SequenceNode):
        raise loc.error(node, f"{what} must be a list, got {describe(node)}")
    return list(node.value)


def mapping(loc: Located, node: yaml.Node, what: str,
            allowed: tuple[str, ...] | None = None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Keys checked against ``allowed`` (if given): unknown ones get a did-you-mean."""
    loc.spend(node)
    if not isinstance(node, yaml.MappingNode):
        raise loc.error(node, f"{what} must be a mapping, got {describe(node)}")
    found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise loc.error(key_node, "merge keys (<<) are not supported")
        key = scalar(loc, key_node)
        if not isinstance(key, str):
            raise loc.error(key_node, f"{what}: keys must be words, got {key!r}")
        if key in found:
            line = found[key][0].start_mark.line + 1
            raise loc.error(key_node, f"{what}: key {quote(key)} given twice "
                                      f"(first on line {line})")
        found[key] = (key_node, value_node)
    if allowed is not None:
        known_keys(loc, found, what, allowed)
    return found


def known_keys(loc: Located, found: dict, what: str, allowed: tuple[str, ...]) -> None:
    for key, (key_node, _) in found.items():
        if key not in allowed:
            hint = suggest(key, allowed) or f" (expected one of: {', '.join(allowed)})"
            raise loc.error(key_node, f"{what}: unknown key {quote(key)}{hint}")


def suggest(word: str, choices, *, cutoff: float = 0.6, show=quote) -> str:
    """' (did you mean X?)' for the closest choice, or ''; ``show`` writes X."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean {show(close[0])}?)" if close else ""
