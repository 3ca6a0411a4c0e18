"""What each node type looks like in a script, learnt from the catalog itself.

Every node type's emitter is run on placeholders (``__p_radius`` for a port's source,
``__l_mobjects`` for the items of a list port, ``__b_function`` for an expression's body,
``__self`` for the node's variable), and the code it writes is parsed. The importer then
matches a script's syntax tree against these shapes: no table per node type, so a type added
to the catalog is importable the day it is added, written the way the compiler writes it.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..catalog import CATALOG
from ..catalog.model import EmitContext, NodeType
from ..compiler import literal

PORT = "__p_"  # a port's whole source: a literal, a wire, a list literal, a lambda
ITEMS = "__l_"  # the items of a list port, where an emitter splats them
BODY = "__b_"  # the bare body of an expression port (``np.sin(x)``)
SELF = "__self"  # the node's own variable
_MAX_VARIANTS = 64  # enum values tried for an emitter that branches on them


@dataclass(frozen=True)
class Shape:
    """The code one node type writes for a given set of ports.

    ``head`` is the expression assigned to the node's variable (None for a timeline step);
    ``after`` the statements that follow the assignment; ``step`` the statements a timeline
    step writes where the Scene plays it. ``fixed`` holds enum ports that the emitter turned
    into code of their own (a dimension picked by name), already decided by this shape.
    """

    node_type: NodeType
    ports: frozenset[str]
    fixed: tuple[tuple[str, Any], ...]
    head: ast.expr | None
    after: tuple[ast.stmt, ...]
    step: tuple[ast.stmt, ...]


def placeholder(name: str) -> tuple[str, str] | None:
    """``("__p_", "radius")`` for a placeholder name, None for any other name."""
    for prefix in (PORT, ITEMS, BODY):
        if name.startswith(prefix):
            return prefix, name[len(prefix) :]
    return None


def _context(node_type: NodeType, ports: frozenset[str], fixed: dict[str, Any]) -> EmitContext:
    args: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    bodies: dict[str, str] = {}
    for port in node_type.inputs:
        if port.name in fixed:
            args[port.name] = literal(port, fixed[port.name])
        elif port.name in ports:
            args[port.name] = PORT + port.name
            if port.list:
                lists[port.name] = [ITEMS + port.name]
            if port.kind == "expression":
                bodies[port.name] = BODY + port.name
    return EmitContext(SELF, node_type.type, args, node_type, lists, bodies)


def _statements(source: str) -> tuple[ast.stmt, ...]:
    return tuple(ast.parse(source).body)


def _emit(node_type: NodeType, ports: frozenset[str], fixed: dict[str, Any]) -> Shape | None:
    ctx = _context(node_type, ports, fixed)
    try:
        step = _statements(node_type.step(ctx)) if node_type.step else ()
        head: ast.expr | None = None
        after: tuple[ast.stmt, ...] = ()
        if not step:
            head = ast.parse(node_type.emit(ctx), mode="eval").body
            after = tuple(s for line in (node_type.after(ctx) if node_type.after else []) for s in _statements(line))
    except (KeyError, ValueError, TypeError, SyntaxError, IndexError):
        return None
    return Shape(node_type, ports, tuple(sorted(fixed.items())), head, after, step)


def _enum_choices(node_type: NodeType, ports: frozenset[str]) -> list[dict[str, Any]]:
    """Every combination of the enum ports' values, for emitters that read them as code."""
    enums = [p for p in node_type.inputs if p.kind in ("enum", "direction") and p.choices and p.name in ports]
    combos = itertools.islice(itertools.product(*(p.choices or () for p in enums)), _MAX_VARIANTS)
    return [dict(zip((p.name for p in enums), combo, strict=True)) for combo in combos]


def _mentions(shape: Shape, port: str) -> bool:
    names = {n.id for code in _code(shape) for n in ast.walk(code) if isinstance(n, ast.Name)}
    return bool(names & {PORT + port, ITEMS + port, BODY + port})


@cache
def shapes(type_name: str, ports: frozenset[str]) -> tuple[Shape, ...]:
    """The shapes of ``type_name`` with exactly ``ports`` set: one, or one per enum value when
    the emitter cannot write a placeholder in its place, and a second one where the emitter
    writes a bool port that is true as code of its own (``grid.prepare_for_nonlinear_transform()``)."""
    node_type = CATALOG[type_name]
    shape = _emit(node_type, ports, {})
    found = [shape] if shape is not None else []
    if shape is None:
        for fixed in _enum_choices(node_type, ports):
            variant = _emit(node_type, ports, fixed)
            if variant is not None:
                found.append(variant)
    for port in node_type.inputs:
        if port.kind == "bool" and port.name in ports and shape is not None and not _mentions(shape, port.name):
            variant = _emit(node_type, ports, {port.name: True})
            if variant is not None and _dump(variant) != _dump(shape):
                found.insert(0, variant)
    return tuple(found)


def baseline(node_type: NodeType) -> frozenset[str]:
    """The ports a valid node of this type always writes: required ones and ``always`` ones."""
    return frozenset(p.name for p in node_type.inputs if p.required or p.always)


def tokens(tree: ast.AST | tuple[ast.AST, ...]) -> frozenset[str]:
    """The names a piece of code spells out: called names, attributes, keywords, dict keys."""
    found: set[str] = set()
    for root in tree if isinstance(tree, tuple) else (tree,):
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and placeholder(node.id) is None and node.id != SELF:
                found.add(node.id)
            elif isinstance(node, ast.Attribute):
                found.add(node.attr)
            elif isinstance(node, ast.keyword) and node.arg:
                found.add(node.arg)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 40:
                found.add(node.value)
    return frozenset(found)


def _code(shape: Shape) -> tuple[ast.AST, ...]:
    return (shape.head, *shape.after, *shape.step) if shape.head is not None else shape.step


def _dump(shape: Shape) -> list[str]:
    return [ast.dump(code) for code in _code(shape)]


def is_bare(code: ast.AST | None) -> bool:
    """A shape that is only a placeholder (a Number node is its value): it matches anything."""
    return isinstance(code, ast.Name) and placeholder(code.id) is not None


@cache
def signatures(type_name: str) -> dict[str, frozenset[str]]:
    """Per optional port, the names its code adds to the baseline: ``run_time`` for a keyword,
    ``set_value`` for a step of an ``.animate`` chain. Empty for a bare positional argument."""
    node_type = CATALOG[type_name]
    base = baseline(node_type)
    base_tokens = frozenset().union(*(tokens(_code(s)) for s in shapes(type_name, base)))
    found: dict[str, frozenset[str]] = {}
    for port in node_type.inputs:
        if port.name in base:
            continue
        with_port = shapes(type_name, base | {port.name})
        found[port.name] = frozenset().union(*(tokens(_code(s)) for s in with_port)) - base_tokens
    return found


def shapes_for(type_name: str, code: ast.AST | tuple[ast.AST, ...]) -> tuple[Shape, ...]:
    """The shapes worth matching against ``code``: the baseline plus each port whose names the
    code spells out; then the same without each optional positional port (``next_to`` takes a
    mobject or a point in one place); then every port (code that spells nothing distinctive)."""
    node_type = CATALOG[type_name]
    spelt = tokens(code)
    signs = signatures(type_name)
    ports = baseline(node_type) | {p for p, names in signs.items() if names <= spelt}
    every = frozenset(p.name for p in node_type.inputs)
    found = list(shapes(type_name, frozenset(ports)))
    for port, names in signs.items():
        if not names and port in ports:
            found += shapes(type_name, frozenset(ports - {port}))
    if every != ports:
        found += shapes(type_name, every)
    return tuple(found)


@dataclass(frozen=True)
class AfterLine:
    """A statement a node may write after its assignment; ``required`` when every node of the
    type writes it (the scene clock's updater), ``fixed`` the ports it says by being there."""

    statement: ast.stmt
    required: bool
    fixed: tuple[tuple[str, Any], ...]


@cache
def after_lines(type_name: str) -> tuple[AfterLine, ...]:
    """Each statement a node of this type may write after its assignment."""
    node_type = CATALOG[type_name]
    base = baseline(node_type)
    found: dict[str, AfterLine] = {}
    for shape in shapes(type_name, base):
        for statement in shape.after:
            found.setdefault(ast.dump(statement), AfterLine(statement, True, shape.fixed))
    for port in node_type.inputs:
        for shape in shapes(type_name, base | {port.name}):
            for statement in shape.after:
                found.setdefault(ast.dump(statement), AfterLine(statement, False, shape.fixed))
    return tuple(found.values())
