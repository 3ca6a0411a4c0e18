"""Math expressions such as ``sin(x) * exp(-x**2)``: parsed, never evaluated.

An expression is parsed with ``ast`` and checked against an allow list; the
checked tree is rewritten to NumPy calls and re-emitted with ``ast.unparse``.
Nothing a user types can reach the generated script any other way.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable

MAX_LENGTH = 500
MAX_DEPTH = 100  # nested operators and calls; a few hundred crash ast.unparse and the compiler
MAX_CONSTANT = 1e15  # a number written in an expression
DEFAULT_VARIABLE = "x"  # the free variable of an expression unless its port names others

# name in the expression -> attribute of numpy
FUNCTIONS: dict[str, str] = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "arcsin": "arcsin",
    "arccos": "arccos",
    "arctan": "arctan",
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "exp": "exp",
    "log": "log",
    "log2": "log2",
    "log10": "log10",
    "sqrt": "sqrt",
    "abs": "abs",
    "floor": "floor",
    "ceil": "ceil",
    "sign": "sign",
    "min": "minimum",
    "max": "maximum",
}
# Functions of two arguments (element-wise, like the rest): min(t, 8.5) stops a clock.
TWO_ARGUMENTS = frozenset({"min", "max"})
CONSTANTS: dict[str, str] = {"pi": "pi", "e": "e", "tau": "pi * 2"}

_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod)
_UNARY = (ast.USub, ast.UAdd)


class ExpressionError(ValueError):
    """An expression that is not allowed, with a message for people."""


def _check(node: ast.AST, variable: str, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError(f"the expression nests more than {MAX_DEPTH} levels deep")
    depth += 1
    if isinstance(node, ast.Expression):
        _check(node.body, variable, depth)
    elif isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINARY):
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            raise ExpressionError(f"operator not allowed{hint}; use + - * / ** and %")
        _check(node.left, variable, depth)
        _check(node.right, variable, depth)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, _UNARY):
            raise ExpressionError("only unary minus and plus are allowed")
        _check(node.operand, variable, depth)
    elif isinstance(node, ast.Constant):
        _check_number(node.value)
    elif isinstance(node, ast.Name):
        if node.id not in set(variable) and node.id not in CONSTANTS:
            names = ", ".join([*variable, *CONSTANTS])
            raise ExpressionError(f"unknown name '{node.id}'; use {names}")
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise ExpressionError(f"unknown function; use one of {', '.join(FUNCTIONS)}")
        count = 2 if node.func.id in TWO_ARGUMENTS else 1
        if node.keywords or len(node.args) != count or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(f"{node.func.id}() takes exactly {'two arguments' if count == 2 else 'one argument'}")
        for argument in node.args:
            _check(argument, variable, depth)
    else:
        raise ExpressionError(f"{type(node).__name__.lower()} is not allowed in an expression")


def _check_number(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError(f"only numbers are allowed as constants, not {value!r}")
    if abs(value) > MAX_CONSTANT:
        shown = f"{value:g}" if isinstance(value, float) else f"a {len(str(abs(value)))}-digit number"
        raise ExpressionError(f"{shown} is too large; numbers in an expression are at most {MAX_CONSTANT:g}")


_FOLD: dict[type[ast.AST], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _constant_value(node: ast.AST) -> float | None:
    """The value of a part with no variable in it, in floats; None where a variable or call appears.

    Every part of ``node`` is visited once, so calling it on the whole expression checks them all.

    Python computes such parts with exact integers when the script runs, so a part too large
    for a float (``9**9**9``) would hold a render until its timeout: it is refused here instead.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return {"pi": math.pi, "e": math.e, "tau": math.tau}[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _constant_value(node.operand)
        return None if operand is None else (-operand if isinstance(node.op, ast.USub) else operand)
    if isinstance(node, ast.BinOp):
        left, right = _constant_value(node.left), _constant_value(node.right)
        if left is None or right is None:
            return None
        try:
            value = _FOLD[type(node.op)](left, right)
        except ZeroDivisionError:
            raise ExpressionError("the expression divides by zero") from None
        except OverflowError:
            value = math.inf
        if isinstance(value, complex) or not math.isfinite(value):
            raise ExpressionError("a part of the expression without variables is too large or not a real number")
        return value
    if isinstance(node, ast.Call):
        for argument in node.args:  # sin(9**9**9) is checked as well
            _constant_value(argument)
    return None


class _ToNumpy(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.AST:
        assert isinstance(node.func, ast.Name)
        node.func = ast.Attribute(ast.Name("np", ast.Load()), FUNCTIONS[node.func.id], ast.Load())
        node.args = [self.visit(arg) for arg in node.args]
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in CONSTANTS:
            constant = ast.parse(f"np.{CONSTANTS[node.id]}", mode="eval").body
            return constant
        return node


def parse_expression(text: str, variable: str = DEFAULT_VARIABLE) -> ast.Expression:
    """Parse and check an expression; raise ``ExpressionError`` if anything is off.

    ``variable`` names the free variables, one letter each: ``x``, ``t``, or ``uv`` for u and v.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not a valid expression: {exc.msg}") from None
    _check(tree, variable)
    _constant_value(tree.body)  # every part without variables must be a finite number
    return tree


def expression_source(text: str, variable: str = DEFAULT_VARIABLE) -> str:
    """The checked expression as NumPy source, e.g. ``np.sin(x) * 2``."""
    tree = _ToNumpy().visit(parse_expression(text, variable))
    return ast.unparse(ast.fix_missing_locations(tree))
