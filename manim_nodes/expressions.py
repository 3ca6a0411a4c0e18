"""Math expressions such as ``sin(x) * exp(-x**2)``: parsed, never evaluated.

An expression is parsed with ``ast`` and checked against an allow list; the
checked tree is rewritten to NumPy calls and re-emitted with ``ast.unparse``.
Nothing a user types can reach the generated script any other way.
"""

from __future__ import annotations

import ast

MAX_LENGTH = 500
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


def _check(node: ast.AST, variable: str) -> None:
    if isinstance(node, ast.Expression):
        _check(node.body, variable)
    elif isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINARY):
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            raise ExpressionError(f"operator not allowed{hint}; use + - * / ** and %")
        _check(node.left, variable)
        _check(node.right, variable)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, _UNARY):
            raise ExpressionError("only unary minus and plus are allowed")
        _check(node.operand, variable)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"only numbers are allowed as constants, not {node.value!r}")
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
            _check(argument, variable)
    else:
        raise ExpressionError(f"{type(node).__name__.lower()} is not allowed in an expression")


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
    return tree


def expression_source(text: str, variable: str = DEFAULT_VARIABLE) -> str:
    """The checked expression as NumPy source, e.g. ``np.sin(x) * 2``."""
    tree = _ToNumpy().visit(parse_expression(text, variable))
    return ast.unparse(ast.fix_missing_locations(tree))
