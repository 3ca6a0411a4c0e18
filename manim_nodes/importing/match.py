"""Matching a script's syntax tree against a node type's shape (``shapes.py``).

A placeholder in the shape binds the script's code in its place; everything else must be the
same. A call may leave out keywords and trailing positional arguments whose shape is a bare
placeholder (the port is then unset), and the items of a list port may be many where the shape
has one.
"""

from __future__ import annotations

import ast
from typing import Any

from .shapes import ITEMS, PORT, SELF, placeholder

Bindings = dict[str, Any]  # placeholder name -> ast.expr, or list[ast.expr] for list items


def same(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


def _bare(node: ast.AST) -> bool:
    """A shape part that may be left out of a call: a bare placeholder, or a dict of them."""
    if isinstance(node, ast.Name):
        return placeholder(node.id) is not None
    if isinstance(node, ast.Dict):
        return all(_bare(v) for v in node.values)
    if isinstance(node, ast.List) and len(node.elts) == 1:
        return _holds_items(node.elts[0])
    return False


def _holds_items(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id.startswith(ITEMS) for n in ast.walk(node))


def _bind(name: str, code: Any, bindings: Bindings) -> bool:
    if name in bindings:
        old = bindings[name]
        if isinstance(old, list) or isinstance(code, list):
            return isinstance(old, list) and isinstance(code, list) and all(map(same, old, code))
        return bool(same(old, code))
    bindings[name] = code
    return True


class Matcher:
    """One match attempt; ``score`` counts the script's parts the shape spelt out exactly, so
    the most specific shape wins (``ValueTracker(0)`` of the clock over any ``ValueTracker``)."""

    def __init__(self, bindings: Bindings | None = None) -> None:
        self.bindings: Bindings = dict(bindings or {})
        self.score = 0

    def match(self, shape: ast.AST, code: ast.AST) -> bool:
        if isinstance(shape, ast.Name) and (placeholder(shape.id) or shape.id == SELF):
            return isinstance(code, ast.expr) and _bind(shape.id, code, self.bindings)
        if type(shape) is not type(code):
            return False
        self.score += 1
        if isinstance(shape, ast.Call):
            assert isinstance(code, ast.Call)
            return self.call(shape, code)
        if isinstance(shape, ast.List | ast.Tuple):
            assert isinstance(code, ast.List | ast.Tuple)
            return self.sequence(shape.elts, code.elts)
        if isinstance(shape, ast.Dict):
            assert isinstance(code, ast.Dict)
            return self.mapping(shape, code)
        return self.fields(shape, code)

    def fields(self, shape: ast.AST, code: ast.AST) -> bool:
        for field, value in ast.iter_fields(shape):
            if field == "ctx" or field == "type_comment":
                continue
            other = getattr(code, field, None)
            if isinstance(value, list):
                if not isinstance(other, list) or not self.sequence(value, other):
                    return False
            elif isinstance(value, ast.AST):
                if not isinstance(other, ast.AST) or not self.match(value, other):
                    return False
            elif value == SELF and isinstance(other, str):  # ``def __self(m):`` names the node
                if not _bind(SELF, ast.Name(other, ast.Load()), self.bindings):
                    return False
            elif value != other:
                return False
        return True

    def sequence(self, shapes: list[Any], codes: list[Any]) -> bool:
        """Items in order; a bare ``__l_`` item takes as many as the rest leaves it, and a
        single item that holds one (``[Text(__l_labels)]``) repeats once per item."""
        if len(shapes) == 1 and isinstance(shapes[0], ast.AST) and not _is_items(shapes[0]) and _holds_items(shapes[0]):
            return self.repeat(shapes[0], codes)
        for index, shape in enumerate(shapes):
            if _is_items(shape):
                rest = len(shapes) - index - 1
                taken = codes[index : len(codes) - rest]
                if len(codes) - rest < index or not _bind(shape.id, list(taken), self.bindings):
                    return False
                return self.sequence(shapes[index + 1 :], codes[len(codes) - rest :])
            if index >= len(codes) or not self.match(shape, codes[index]):
                return False
        return len(codes) == len(shapes)

    def repeat(self, shape: ast.AST, codes: list[Any]) -> bool:
        collected: dict[str, list[Any]] = {}
        for code in codes:
            one = Matcher({k: v for k, v in self.bindings.items() if not k.startswith(ITEMS)})
            if not one.match(shape, code):
                return False
            self.score += one.score
            for name, value in one.bindings.items():
                if name.startswith(ITEMS):
                    collected.setdefault(name, []).extend(value if isinstance(value, list) else [value])
                elif not _bind(name, value, self.bindings):
                    return False
        return all(_bind(name, items, self.bindings) for name, items in collected.items())

    def call(self, shape: ast.Call, code: ast.Call) -> bool:
        if not self.match(shape.func, code.func):
            return False
        if any(isinstance(a, ast.Starred) for a in code.args) or any(k.arg is None for k in code.keywords):
            return False
        positional = list(shape.args)
        # Trailing bare placeholders the script leaves out: those ports are unset.
        while len(positional) > len(code.args) and _bare(positional[-1]) and not _is_items(positional[-1]):
            positional.pop()
        if not self.sequence(positional, list(code.args)):
            return False
        wanted = {k.arg: k.value for k in shape.keywords if k.arg}
        given = {k.arg: k.value for k in code.keywords if k.arg}
        if not set(given) <= set(wanted):
            return False
        for name, value in wanted.items():
            if name in given:
                if not self.match(value, given[name]):
                    return False
            elif not _bare(value):
                return False
        return True

    def mapping(self, shape: ast.Dict, code: ast.Dict) -> bool:
        wanted = {_key(k): v for k, v in zip(shape.keys, shape.values, strict=True)}
        given = {_key(k): v for k, v in zip(code.keys, code.values, strict=True)}
        if None in given or not set(given) <= set(wanted):
            return False
        return all(self.match(value, given[key]) if key in given else _bare(value) for key, value in wanted.items())


def _key(node: ast.expr | None) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


def _is_items(node: Any) -> bool:
    return isinstance(node, ast.Name) and node.id.startswith(ITEMS)


def port_bindings(bindings: Bindings) -> dict[str, tuple[str, Any]]:
    """Per port name, how its code was bound: ``(prefix, code)``."""
    found: dict[str, tuple[str, Any]] = {}
    for name, code in bindings.items():
        parsed = placeholder(name)
        if parsed is None:
            continue
        prefix, port = parsed
        # A list port splatted (``VGroup(a, b)``) binds items; its whole source wins if both.
        if port not in found or prefix == PORT:
            found[port] = (prefix, code)
    return found
