"""Plain data from a graph file's text: bounded in nesting, number size and Unicode.

YAML is built from the C parser's events.
Why not ``YAML(typ="safe").load``: its composer recurses in C, so a file
nested 50,000 levels deep crashes the process; its Python resolver is most of
the load time of a large graph; and it accepts what the round-trip loader
(which saves files) refuses. Built from events, nesting depth and alias
expansion are counted as the file is read, and anything beyond plain data
(explicit tags, merge keys, timestamps, non-text keys, duplicates, several
documents) is handed back to the round-trip loader, which places the error.
JSON goes through ``json`` after a linear scan that bounds its nesting (its C
decoder recurses too).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .problems import GraphError, Problem, pointer

MAX_DEPTH = 64  # a graph file nests about 7 levels; tables a few more
MAX_ALIAS_VALUES = 100_000  # values that aliases add to the file, past those written out
MAX_INTEGER = 2**53 - 1  # what every browser reads exactly

# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_NULL = re.compile(r"~|null|Null|NULL|")
_INT = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
_OTHER_TAGS = re.compile(  # timestamps, merge keys and "=": refused by the round-trip loader
    r"<<|=|[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)


class NotPlain(Exception):
    """The text is YAML beyond plain data: the round-trip loader says what is wrong."""


class _Exotic(Exception):
    """A scalar beyond plain data (an explicit tag, a timestamp, a merge key)."""


def problem_at(message: str, line: int, column: int, file: str) -> GraphError:
    return GraphError([Problem(message, line=line, column=column)], file)


def too_large_integer(text: str, path: str = "", line: int | None = None, column: int | None = None) -> Problem:
    shown = text if len(text) <= 24 else f"{text[:12]}... ({len(text)} digits)"
    message = f"the number {shown} is too large: whole numbers are limited to ±{MAX_INTEGER}"
    return Problem(message, path, line, column)


def plain_integer(text: str) -> int | None:
    """A YAML 1.2 integer's value, or None when it is past ``MAX_INTEGER`` (checked before converting)."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2], 10)
    if base != 10:
        digits = digits[2:]
    significant = digits.lstrip("0")
    if len(significant) > 64:  # far past the limit in any base; never hand int() 5000 digits
        return None
    value = sign * int(digits or "0", base)
    return value if abs(value) <= MAX_INTEGER else None


def _scalar(event: ScalarEvent, file: str, where: Callable[[], str]) -> Any:
    value: str = event.value
    if not event.implicit[0]:  # quoted or block text
        return value
    if _NULL.fullmatch(value):
        return None
    if _BOOL.fullmatch(value):
        return value.lower() == "true"
    if _INT.fullmatch(value):
        integer = plain_integer(value)
        if integer is None:
            raise GraphError([too_large_integer(value, where(), *_mark(event))], file)
        return integer
    if _FLOAT.fullmatch(value):
        digits = value.replace("_", "")
        number = math.inf if digits.lower().lstrip("+-") in (".inf", ".nan") else float(digits)
        if not math.isfinite(number):
            raise GraphError([Problem(f"{value} is not a finite number", where(), *_mark(event))], file)
        return number
    if _OTHER_TAGS.fullmatch(value):
        raise _Exotic
    return value


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


@dataclass
class _Open:
    """A list or map being read: its value, and for maps the key waiting for its value."""

    value: dict[str, Any] | list[Any]
    anchor: str | None
    path: str = ""  # its JSON pointer
    mark: tuple[int, int] = (0, 0)  # where it starts, 1-based
    size: int = 1
    depth: int = 1
    key: str | None = None
    key_mark: tuple[int, int] = (0, 0)
    expects_key: bool = True


@dataclass
class _Builder:
    file: str
    anchors: dict[str, tuple[Any, int, int]] = field(default_factory=dict)  # value, size, depth
    stack: list[_Open] = field(default_factory=list)
    alias_values: int = 0
    result: Any = None
    not_plain: bool = False  # seen something beyond plain data; reading on only to bound depth and aliases
    positions: dict[str, tuple[int, int]] | None = None  # filled when asked: where each value sits

    def add(self, value: Any, size: int, depth: int, event: Any, mark: tuple[int, int]) -> None:
        """Put a finished value, which starts at ``mark``, into the list or map that holds it."""
        if len(self.stack) + depth > MAX_DEPTH:  # an alias can bring its own depth along
            raise self.too_deep(event)
        if not self.stack:
            self.result = value
            return
        parent = self.stack[-1]
        parent.size += size
        parent.depth = max(parent.depth, depth + 1)
        if isinstance(parent.value, list):
            if self.positions is not None:
                self.positions[f"{parent.path}/{len(parent.value)}"] = mark
            parent.value.append(value)
        elif parent.expects_key:
            if not isinstance(value, str) or value in parent.value:
                self.not_plain = True  # a key that is not text, or a duplicate
                value = f"\0{len(parent.value)}"
            parent.key, parent.key_mark, parent.expects_key = value, mark, False
        else:
            assert parent.key is not None
            if self.positions is not None:  # as the round-trip loader places them: lists and maps at their key
                placed = parent.key_mark if value is None or isinstance(value, dict | list) else mark  # and `a:`
                self.positions[parent.path + pointer(parent.key)] = placed
            parent.value[parent.key] = value
            parent.expects_key = True

    def too_deep(self, event: Any) -> GraphError:
        return problem_at(f"the file is nested more than {MAX_DEPTH} levels deep", *_mark(event), self.file)

    def path(self) -> str:
        """The JSON pointer of the value being read."""
        if not self.stack:
            return ""
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            return f"{parent.path}/{len(parent.value)}"
        return parent.path + pointer(parent.key) if not parent.expects_key and parent.key is not None else parent.path

    def open(self, value: dict[str, Any] | list[Any], event: Any) -> None:
        if event.tag is not None:
            self.not_plain = True
        if len(self.stack) >= MAX_DEPTH:
            raise self.too_deep(event)
        self.stack.append(_Open(value, event.anchor, self.path(), _mark(event)))

    def close(self, event: Any) -> None:
        done = self.stack.pop()
        if done.anchor:
            self.anchors[done.anchor] = (done.value, done.size, done.depth)
        self.add(done.value, done.size, done.depth, event, done.mark)

    def scalar(self, event: ScalarEvent) -> None:
        try:
            if event.tag is not None and event.implicit == (False, False):
                raise _Exotic  # an explicit tag: !!binary, !!set, !!python/...
            value = _scalar(event, self.file, self.path)
        except _Exotic:
            self.not_plain, value = True, None
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, 0)
        self.add(value, 1, 0, event, _mark(event))

    def alias(self, event: AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise NotPlain  # an undefined alias: the round-trip loader places it
        value, size, depth = self.anchors[event.anchor]
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise problem_at(
                f"aliases expand the file by more than {MAX_ALIAS_VALUES} values (an alias bomb?)",
                *_mark(event),
                self.file,
            )
        self.add(_copy(value), size, depth, event, _mark(event))


def _copy(value: Any) -> Any:
    """A fresh copy, so that editing one use of an alias leaves the others alone."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


@cache
def c_yaml() -> YAML:
    return YAML(typ="safe", pure=False)  # libyaml's parser, when ruamel.yaml.clib is installed


def load_plain(text: str, file: str = "", positions: dict[str, tuple[int, int]] | None = None) -> Any:
    """The document's plain data. Raises ``GraphError`` (placed) or ``NotPlain``.

    With ``positions``, fills it with the line and column of each value, by JSON pointer.
    Parse errors propagate as ruamel's ``MarkedYAMLError`` for the caller to place.
    """
    builder = _Builder(file, positions=positions)
    documents = 0
    for event in c_yaml().parse(text):
        kind = type(event)
        if kind is ScalarEvent:
            builder.scalar(event)
        elif kind is MappingStartEvent:
            builder.open({}, event)
        elif kind is SequenceStartEvent:
            builder.open([], event)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            builder.close(event)
        elif kind is AliasEvent:
            builder.alias(event)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version not in (None, (1, 2)) or event.tags:
                builder.not_plain = True
    if builder.not_plain:
        raise NotPlain
    return builder.result


# ---------------------------------------------------------------- JSON

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.IGNORECASE)


class JsonRefusal(ValueError):
    """Valid JSON that a graph may not hold; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def json_nesting_problem(text: str, what: str = "the file") -> Problem | None:
    """The place where ``text`` nests past ``MAX_DEPTH``, found before ``json`` recurses into it."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return Problem(f"{what} is nested more than {MAX_DEPTH} levels deep", line=line, column=column)
        elif token in "]}":
            depth -= 1
    return None


def _json_integer(text: str) -> int:
    number = plain_integer(text)
    if number is None:
        raise JsonRefusal(too_large_integer(text))
    return number


def _json_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonRefusal(Problem(f"{text} is too large to be a number"))
    return number


def _json_constant(name: str) -> None:
    raise JsonRefusal(Problem(f"{name} is not a finite number"))


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonRefusal(Problem(f'duplicate key "{key}"'))
        result[key] = value
    return result


def parse_json(text: str, what: str = "the file") -> Any:
    """``text`` as JSON within our limits; raises ``ValueError`` whose message says what is wrong.

    Refused: nesting past ``MAX_DEPTH``, whole numbers past ``MAX_INTEGER``, numbers that
    overflow, NaN and Infinity, duplicate keys and text that is not valid Unicode (lone
    surrogates, which no file or event stream can carry).
    """
    problem = json_nesting_problem(text, what)
    if problem is not None:
        raise JsonRefusal(problem)
    data = json.loads(
        text,
        object_pairs_hook=_json_object,
        parse_int=_json_integer,
        parse_float=_json_float,
        parse_constant=_json_constant,
    )
    if _SURROGATE_ESCAPE.search(text):
        check_unicode(data)
    return data


def check_unicode(value: Any, path: str = "") -> None:
    """Refuse lone surrogates anywhere in keys and text: they cannot be written as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise JsonRefusal(Problem(f"{value!r} is not valid Unicode text (a lone surrogate)", path)) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_unicode(key, path)
            check_unicode(item, path + pointer(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_unicode(item, path + pointer(index))


def load_json(text: str, file: str = "") -> Any:
    """A JSON graph file's data; raises ``GraphError`` with the problem placed where possible."""
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        raise GraphError([Problem(f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)], file) from None
    except JsonRefusal as exc:
        raise GraphError([exc.problem], file) from None
