"""Read YAML as a tree of positioned nodes, so every complaint can name a line.

Only YAML's safe core schema is understood: python tags and other custom tags are
errors, never constructors. Aliases are followed, but the expanded size is capped
so an alias bomb ("billion laughs") fails fast instead of exhausting memory.
"""

from __future__ import annotations

import difflib
import math

import yaml

from .errors import DeckError

MAX_NODES = 200_000
MAX_BYTES = 5_000_000

STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TYPES = {
    STR_TAG: str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}
_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
               type(None): "empty", list: "a list", dict: "a mapping"}


class Located:
    """Turns marks into DeckErrors that point at the node's first character."""

    def __init__(self, path: str):
        self.path = path
        self.budget = MAX_NODES

    def error(self, node: yaml.Node | None, message: str) -> DeckError:
        if node is None:
            return DeckError(message, self.path, 1, 1)
        mark = node.start_mark
        return DeckError(message, self.path, mark.line + 1, mark.column + 1)

    def spend(self, node: yaml.Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise self.error(node, f"too many values (over {MAX_NODES:,}); "
                                   "is an alias expanding too far?")


def compose(text: str, path: str) -> yaml.Node | None:
    """Parse without constructing anything; syntax errors become DeckErrors."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DeckError(f"file is larger than {MAX_BYTES // 1_000_000} MB", path, 1, 1)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "\t" in problem or "'\\t'" in problem:
            problem += " (YAML indents with spaces, not tabs)"
        if mark is None:
            raise DeckError(f"invalid YAML: {problem}", path, 1, 1) from None
        raise DeckError(f"invalid YAML: {problem}", path, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise DeckError(f"invalid YAML: {exc}", path, 1, 1) from None


def describe(node: yaml.Node) -> str:
    """How a value reads to a user in an error ("a list", "a string", …)."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = _SCALAR_TYPES.get(node.tag)
    return _TYPE_NAMES[kind] if kind else f"a value tagged {node.tag}"


def scalar(loc: Located, node: yaml.Node):
    """The Python value of a scalar node under the safe core schema."""
    loc.spend(node)
    if not isinstance(node, yaml.ScalarNode):
        raise loc.error(node, f"expected a single value, got {describe(node)}")
    if node.tag not in _SCALAR_TYPES:
        raise loc.error(node, f"unsupported tag {node.tag}")
    constructor = yaml.constructor.SafeConstructor()
    return constructor.construct_object(node)


def string(loc: Located, node: yaml.Node, what: str, allow_empty: bool = False) -> str:
    if not (isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG):
        raise loc.error(node, f"{what} must be a string, got {describe(node)}")
    value = scalar(loc, node)
    if not allow_empty and not value.strip():
        raise loc.error(node, f"{what} must not be empty")
    return value


def number(loc: Located, node: yaml.Node, what: str) -> float:
    value = scalar(loc, node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise loc.error(node, f"{what} must be a number, got {describe(node)}")
    if not math.isfinite(value):
        raise loc.error(node, f"{what} must be a finite number, got {value}")
    return float(value)


def sequence(loc: Located, node: yaml.Node, what: str) -> list[yaml.Node]:
    loc.spend(node)
    if not isinstance(node, yaml.SequenceNode):
        raise loc.error(node, f"{what} must be a list, got {describe(node)}")
    return list(node.value)


def mapping(loc: Located, node: yaml.Node, what: str, allowed: tuple[str, ...],
            required: tuple[str, ...] = ()) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Keys checked against ``allowed``: unknown ones get a did-you-mean."""
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
            raise loc.error(key_node, f"{what}: key '{key}' given twice (first on line {line})")
        if key not in allowed:
            raise loc.error(key_node, f"{what}: unknown key '{key}'{suggest(key, allowed)}")
        found[key] = (key_node, value_node)
    for key in required:
        if key not in found:
            raise loc.error(node, f"{what}: missing required key '{key}'")
    return found


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(choices)})"
