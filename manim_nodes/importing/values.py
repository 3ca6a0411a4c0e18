"""Literal code back to a port's value: the inverse of the compiler's ``literal``.

The compiler writes numbers with ``repr``, points as ``np.array([x, y, z])``, named colors and
directions as Manim's names, angles as ``degrees * DEGREES`` and expressions as NumPy lambdas.
A hand-written script also says ``UP * 2``, ``PI / 2`` and ``[1, 0, 0]``: those are read too,
from their meaning in Manim. Nothing here evaluates code: only numbers and a few named
constants are folded.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from ..catalog import MANIM_COLORS
from ..catalog.model import Port
from ..expressions import CONSTANTS, FUNCTIONS, ExpressionError, expression_source, parse_expression


class NotLiteral(ValueError):
    """Code that is not a value of the port's kind, with the reason in plain words."""


# Manim's named points, as Manim defines them (manim/constants.py).
POINTS: dict[str, tuple[float, float, float]] = {
    "ORIGIN": (0, 0, 0),
    "UP": (0, 1, 0),
    "DOWN": (0, -1, 0),
    "LEFT": (-1, 0, 0),
    "RIGHT": (1, 0, 0),
    "UL": (-1, 1, 0),
    "UR": (1, 1, 0),
    "DL": (-1, -1, 0),
    "DR": (1, -1, 0),
    "IN": (0, 0, -1),
    "OUT": (0, 0, 1),
}
_NAMED_NUMBERS = {"PI": math.pi, "TAU": math.tau, "DEGREES": math.pi / 180}
_FOLD: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
# np.sin -> sin: the first name the expression language gives each NumPy function.
_NUMPY_NAMES = {numpy: name for name, numpy in reversed(FUNCTIONS.items())}


def _np(node: ast.AST, attr: str | None = None) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("np", "numpy")
        and (attr is None or node.attr == attr)
    )


def _tidy(value: float | int) -> float | int:
    """Drop the float noise of folding (``PI / 2 / DEGREES``) and write whole floats as they came."""
    if isinstance(value, float):
        value = round(value, 9)
    return value


def number(node: ast.AST) -> float | int:
    """A number written as one, or folded from numbers, ``PI``, ``TAU`` and ``DEGREES``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NAMED_NUMBERS:
        return _NAMED_NUMBERS[node.id]
    if _np(node, "pi"):
        return math.pi
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = number(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _FOLD:
        try:
            value = _FOLD[type(node.op)](number(node.left), number(node.right))
        except (ZeroDivisionError, OverflowError):
            raise NotLiteral("a number that divides by zero or overflows") from None
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise NotLiteral("not a finite number")
        return _tidy(value)
    raise NotLiteral(f"'{ast.unparse(node)}' is not a number")


def angle(node: ast.AST) -> float | int:
    """An angle port holds degrees: ``45 * DEGREES`` is 45; a bare ``PI / 4`` is radians, as in Manim."""
    degrees = isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and ast.unparse(node.right) == "DEGREES"
    if degrees and isinstance(node, ast.BinOp):
        return number(node.left)
    return _tidy(math.degrees(number(node)))


def vector(node: ast.AST, keep_length: bool = False) -> list[float | int]:
    """``np.array([x, y, z])``, ``[x, y, z]``, or Manim's named points scaled and added."""
    if isinstance(node, ast.Call) and _np(node.func, "array") and len(node.args) == 1 and not node.keywords:
        node = node.args[0]
    if isinstance(node, ast.List | ast.Tuple):
        values = [number(e) for e in node.elts]
        if not 1 < len(values) <= 3:
            raise NotLiteral("a point has two or three coordinates")
    else:
        values = list(_point(node))
    values = [int(v) if isinstance(v, float) and v.is_integer() else v for v in values]
    if not keep_length and len(values) == 3 and values[2] == 0:
        values = values[:2]  # the compiler writes [x, y] as [x, y, 0.0]
    return values


def _point(node: ast.AST) -> tuple[float, ...]:
    if isinstance(node, ast.Name) and node.id in POINTS:
        return tuple(float(v) for v in POINTS[node.id])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return tuple(-v for v in _point(node.operand))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        left, right = _point(node.left), _point(node.right)
        sign = 1 if isinstance(node.op, ast.Add) else -1
        return tuple(a + sign * b for a, b in zip(left, right, strict=True))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
        try:
            scale, point = number(node.left), _point(node.right)
        except NotLiteral:
            point, scale = _point(node.left), number(node.right)
        if isinstance(node.op, ast.Div):
            scale = 1 / scale
        return tuple(_tidy(scale * v) for v in point)
    raise NotLiteral(f"'{ast.unparse(node)}' is not a point")


class _FromNumpy(ast.NodeTransformer):
    """``np.sin(x)`` -> ``sin(x)``, ``np.pi`` -> ``pi``: the expression language's own names;
    ``p[0]``, ``p[1]`` -> ``x``, ``y`` for a function of a point (ApplyPointwiseFunction)."""

    def __init__(self, variable: str) -> None:
        self.variable = variable

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        index = node.slice
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == "p"
            and isinstance(index, ast.Constant)
            and isinstance(index.value, int)
            and 0 <= index.value < len(self.variable)
        ):
            return ast.Name(self.variable[index.value], ast.Load())
        self.generic_visit(node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if _np(node.func) and isinstance(node.func, ast.Attribute) and node.func.attr in _NUMPY_NAMES:
            node.func = ast.Name(_NUMPY_NAMES[node.func.attr], ast.Load())
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if _np(node) and node.attr in CONSTANTS:
            return ast.Name(node.attr, ast.Load())
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(node.id.lower(), ast.Load()) if node.id in ("PI", "TAU") else node


def expression(node: ast.AST, port: Port, bare: bool = False) -> str:
    """A lambda (or, ``bare``, its body) as the expression text a graph file holds."""
    if not bare:
        if not isinstance(node, ast.Lambda):
            raise NotLiteral(f"'{ast.unparse(node)}' is not a function of {', '.join(port.variable)}")
        names = [a.arg for a in node.args.args]
        if names != list(port.variable) or node.args.vararg or node.args.kwonlyargs:
            raise NotLiteral(f"a function of {', '.join(port.variable)} is expected, not of {', '.join(names)}")
        node = node.body
    text = ast.unparse(_FromNumpy(port.variable).visit(ast.parse(ast.unparse(node), mode="eval")).body)
    try:
        parse_expression(text, port.variable)
        expression_source(text, port.variable)
    except ExpressionError as exc:
        raise NotLiteral(f"the expression '{text}' cannot be imported: {exc}") from None
    return text


def _strict(node: ast.AST) -> None:
    """Only what the compiler writes for a literal: no arithmetic, no named points."""
    if isinstance(node, ast.Call) and _np(node.func, "array") and len(node.args) == 1:
        node = node.args[0]
    parts = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    for part in parts:
        if isinstance(part, ast.UnaryOp) and isinstance(part.op, ast.USub):
            part = part.operand
        if not isinstance(part, ast.Constant | ast.Name | ast.List | ast.Tuple):
            raise NotLiteral(f"'{ast.unparse(node)}' is computed, not a literal")


def value(node: ast.AST, port: Port, bare: bool = False, strict: bool = False) -> Any:
    """One value (one item, for a list port) of ``port``'s kind; ``NotLiteral`` if it is not one.
    ``strict`` takes only the literal forms the compiler writes (no ``PI / 2``, no ``UP * 2``)."""
    kind = port.kind
    if strict and kind != "expression":
        _strict(node)
    if kind == "expression":
        return expression(node, port, bare)
    if port.widget == "angle" and kind in ("number", "integer"):
        return angle(node)
    if kind in ("number", "integer", "numeric", "vector"):
        return _numeric(node, port)
    if kind == "bool":
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        raise NotLiteral(f"'{ast.unparse(node)}' is not True or False")
    if kind == "string":
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        raise NotLiteral(f"'{ast.unparse(node)}' is not a string")
    if kind == "color":
        return _color(node)
    if kind in ("enum", "direction"):
        return _choice(node, port)
    if kind == "table":
        return _table(node)
    raise NotLiteral(f"a {kind} is not written as a literal")


def _numeric(node: ast.AST, port: Port) -> Any:
    kind = port.kind
    if kind == "vector":
        return _range(node) if port.is_range else vector(node)
    if kind == "numeric":
        try:
            return number(node)
        except NotLiteral:
            return vector(node)
    result = number(node)
    if kind == "integer" and not (isinstance(result, int) or float(result).is_integer()):
        raise NotLiteral(f"{result} is not a whole number")
    return int(result) if kind == "integer" else result


def _range(node: ast.AST) -> list[float | int]:
    if isinstance(node, ast.List | ast.Tuple) and 2 <= len(node.elts) <= 3:
        return [number(e) for e in node.elts]
    raise NotLiteral(f"'{ast.unparse(node)}' is not a range [min, max] or [min, max, step]")


def _color(node: ast.AST) -> str:
    if isinstance(node, ast.Name) and node.id in MANIM_COLORS:
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise NotLiteral(f"'{ast.unparse(node)}' is not a color (a Manim color name or '#RRGGBB')")


def _choice(node: ast.AST, port: Port) -> Any:
    choices = port.choices or ()
    if isinstance(node, ast.Name) and node.id in choices:
        return node.id
    if isinstance(node, ast.Constant) and node.value in choices:
        return node.value
    if port.kind == "direction":
        return vector(node)
    raise NotLiteral(f"'{ast.unparse(node)}' is not one of {', '.join(map(str, choices))}")


def _table(node: ast.AST) -> list[list[Any]]:
    if not isinstance(node, ast.List | ast.Tuple):
        raise NotLiteral("a table is a list of rows")
    rows = []
    for row in node.elts:
        if not isinstance(row, ast.List | ast.Tuple):
            raise NotLiteral("each row of a table is a list of cells")
        cells: list[Any] = []
        for cell in row.elts:
            if isinstance(cell, ast.Constant) and isinstance(cell.value, str):
                cells.append(cell.value)
            else:
                cells.append(number(cell))
        rows.append(cells)
    return rows
