"""Code to nodes: which catalog type wrote an expression, and its ports as params and wires.

A script's variables are nodes; an expression matched against every node type's shape
(``shapes.py``) becomes a node of the type whose shape spells out most of it. Each bound port
becomes a wire when it names a node (its variable, a tracker's ``.get_value()``, a live value's
function), a param when it is a literal, and otherwise a node of its own, read the same way,
with an id made from its type (``create``, ``circle_2``): so ``Create(Circle())`` is two nodes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG
from ..catalog.model import NodeType, Port, kinds_fit
from ..compiler import variable_name
from .match import Bindings, Matcher, port_bindings, same
from .shapes import BODY, ITEMS, SELF, AfterLine, Shape, after_lines, is_bare, shapes, shapes_for
from .values import NotLiteral, value, vector

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Unmatched(ValueError):
    """Code no node type writes, with the reason in plain words."""


def node_id_of(variable: str) -> str:
    """The node id a script variable stands for: the compiler adds ``_`` to reserved ids."""
    if variable.endswith("_") and variable_name(variable[:-1]) == variable:
        return variable[:-1]
    return variable


def snake_case(type_name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", type_name).lower()


@dataclass
class Graph:
    """The nodes read so far and what each script variable names."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)  # script variable -> node id
    functions: set[str] = field(default_factory=set)  # ``def f(): return ...``: live values
    skipped: dict[str, int] = field(default_factory=dict)  # variables not imported -> their line

    def fresh_id(self, wanted: str) -> str:
        base = wanted if _ID.match(wanted) else "node"
        candidate, count = base, 1
        while candidate in self.nodes:
            count += 1
            candidate = f"{base}_{count}"
        return candidate

    def snapshot(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        return dict(self.nodes), dict(self.variables)

    def restore(self, saved: tuple[dict[str, dict[str, Any]], dict[str, str]]) -> None:
        self.nodes, self.variables = dict(saved[0]), dict(saved[1])


@dataclass(frozen=True)
class Match:
    shape: Shape
    bindings: Bindings
    score: int


def _fits(node_type: NodeType, kind: str | None) -> bool:
    if kind is None:
        return bool(node_type.outputs)
    return any(kinds_fit(o.kind, kind) for o in node_type.outputs)


def matches(code: ast.expr, kind: str | None, simple: bool = False) -> list[Match]:
    """Every node type's shape that writes ``code``: first the shapes that are a bare value
    (Number, Vector, Color, Expression), which take only a literal or a wire, so a literal is
    a value node rather than the structure that happens to fit it (a point, not CombineXYZ);
    then the rest, most specific first. ``simple`` code (one operator between wires and
    numbers) is left to the arithmetic nodes rather than read as an Expression."""
    bare: list[Match] = []
    found: list[Match] = []
    for type_name, node_type in CATALOG.items():
        if node_type.step is not None or not _fits(node_type, kind) or type_name == "Scene":
            continue
        full_is_bare = any(is_bare(s.head) for s in shapes(type_name, frozenset(p.name for p in node_type.inputs)))
        for shape in shapes_for(type_name, code):
            if shape.head is None or (is_bare(shape.head) and not full_is_bare):
                continue
            matcher = Matcher()
            if matcher.match(shape.head, code):
                match = Match(shape, matcher.bindings, matcher.score)
                if not is_bare(shape.head):
                    found.append(match)
                elif not (simple and any(p.kind == "expression" for p in node_type.inputs)):
                    bare.append(match)
    found.sort(key=lambda m: -m.score)
    return bare + found


def match_after(type_name: str, variable: str, statement: ast.stmt) -> tuple[AfterLine, Bindings] | None:
    """The after-statement and its bindings if ``statement`` is one a node of this type writes
    after its assignment."""
    for line in after_lines(type_name):
        matcher = Matcher({SELF: ast.Name(variable, ast.Load())})
        if matcher.match(line.statement, statement):
            return line, matcher.bindings
    return None


class Reader:
    """Turns matched code into nodes of ``graph``."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def wire(self, code: ast.AST, kind: str) -> str | None:
        """The wire ``code`` stands for if it reads a node of a fitting kind: its variable, an
        output of it (a tracker's ``.get_value()``), or the function of a live value."""
        graph = self.graph
        if isinstance(code, ast.Name) and code.id in graph.variables:
            return self._output(graph.variables[code.id], kind, "{}")
        called = code.func.id if isinstance(code, ast.Call) and isinstance(code.func, ast.Name) else None
        if called in graph.functions and called in graph.variables and isinstance(code, ast.Call) and not code.args:
            return self._output(graph.variables[called], kind, "{}")
        if isinstance(code, ast.Call | ast.Attribute):
            for variable, node_id in graph.variables.items():
                node_type = CATALOG[graph.nodes[node_id]["type"]]
                for output in node_type.outputs:
                    if output.access != "{}" and same(ast.parse(output.source(variable), mode="eval").body, code):
                        return self._output(node_id, kind, output.access)
        return None

    def _output(self, node_id: str, kind: str, access: str) -> str | None:
        """The wire to the node's output of ``kind`` that reads as ``access``; None if none fits."""
        node_type = CATALOG[self.graph.nodes[node_id]["type"]]
        fitting = [o for o in node_type.outputs if o.access == access and kinds_fit(o.kind, kind)]
        if not fitting:
            return None
        default = node_type.output(None, kind)
        if default is not None and default.name == fitting[0].name:
            return node_id
        return f"{node_id}.{fitting[0].name}"

    def simple_arithmetic(self, code: ast.AST) -> bool:
        """``size + 0.4``, ``offset * 2``: one operator between wires and numbers, which the
        arithmetic nodes say; anything more is an expression."""
        if not isinstance(code, ast.BinOp):
            return False

        def atom(part: ast.expr) -> bool:
            if self.wire(part, "numeric") is not None:
                return True
            try:
                vector(part)
                return True
            except NotLiteral:
                return isinstance(part, ast.Constant) or (
                    isinstance(part, ast.UnaryOp) and isinstance(part.operand, ast.Constant)
                )

        return atom(code.left) and atom(code.right)

    def reads(self, code: ast.AST, kind: str) -> dict[str, ast.expr]:
        """The distinct parts of ``code`` that read a node, outermost only."""
        found: dict[str, ast.expr] = {}
        stack = [code]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.expr) and self.wire(node, kind) is not None:
                found.setdefault(ast.dump(node), node)
                continue
            stack.extend(ast.iter_child_nodes(node))
        return found

    def source(self, code: ast.AST, port: Port, bare: bool = False) -> tuple[str, Any]:
        """One item of a port: ``("inputs", wire)`` or ``("params", value)``."""
        if not bare:
            wired = self.wire(code, port.kind)
            if wired is not None:
                return "inputs", wired
        try:
            return "params", value(code, port, bare)
        except NotLiteral as exc:
            if port.kind == "expression" or bare or not isinstance(code, ast.expr):
                raise Unmatched(str(exc)) from None
            reason = str(exc)
        try:
            return "inputs", self.nested(code, port.kind)
        except Unmatched:
            if port.kind in ("mobject", "animation"):
                raise
            raise Unmatched(f"{port.name}: {reason}") from None

    def shallow(self, code: ast.AST, port: Port, bare: bool) -> tuple[str, Any]:
        """A wire or a literal as the compiler writes it, never a node of its own (for shapes
        that are a bare placeholder: ``2 * np.pi`` is an expression, not a Number)."""
        wired = None if bare else self.wire(code, port.kind)
        if wired is not None:
            return "inputs", wired
        try:
            return "params", value(code, port, bare, strict=True)
        except NotLiteral as exc:
            raise Unmatched(str(exc)) from None

    def substituted(self, node_type: NodeType, port: Port, code: ast.AST) -> dict[str, Any] | None:
        """An expression that reads one wire (``25 / t.get_value()``), for a type whose emitter
        puts a port named like the expression's variable in its place (Expression's ``x``): the
        expression text with the variable back, and that port wired."""
        variable = node_type.port(port.variable) if len(port.variable) == 1 else None
        if variable is None or variable.is_object:
            return None
        reads = self.reads(code, variable.kind)
        if len(reads) != 1:
            return None
        ((dumped, read),) = reads.items()

        class _Back(ast.NodeTransformer):
            def visit(self, node: ast.AST) -> ast.AST:
                if ast.dump(node) == dumped:
                    return ast.Name(port.variable, ast.Load())
                result: ast.AST = super().visit(node)
                return result

        tree = _Back().visit(ast.parse(ast.unparse(code), mode="eval"))
        body = tree.body if isinstance(tree, ast.Expression) else code
        try:
            text = value(body, port, bare=True, strict=True)
        except NotLiteral:
            return None
        wired = self.wire(read, variable.kind)
        return {"inputs": {variable.name: wired}, "params": {port.name: text}}

    def nested(self, code: ast.expr, kind: str) -> str:
        """The wire for code inside another node's call: the node it names, or a node of its own."""
        wired = self.wire(code, kind)
        if wired is not None:
            return wired
        if isinstance(code, ast.Name) and code.id in self.graph.skipped:
            raise Unmatched(f"it uses '{code.id}', which line {self.graph.skipped[code.id]} did not import")
        node_id = self.build(code, kind, None)
        wired = self._output(node_id, kind, "{}")
        if wired is None:
            raise Unmatched(f"'{ast.unparse(code)}' gives no {kind}")
        return wired

    def build(self, code: ast.expr, kind: str | None, wanted: str | None, follow: list[ast.stmt] | None = None) -> str:
        """The node ``code`` makes, added to the graph under ``wanted`` (or an id made from its
        type); ``follow`` are the statements after its assignment, consumed when they are its
        own (``circle.move_to(...)``). Raises ``Unmatched``."""
        candidates = matches(code, kind, self.simple_arithmetic(code))
        if not candidates:
            raise Unmatched(_no_type(code))
        reasons: list[tuple[int, str]] = []
        for candidate in candidates:
            saved = self.graph.snapshot()
            try:
                return self.commit(candidate, wanted, follow)
            except Unmatched as exc:
                reasons.append((candidate.score, f"as {candidate.shape.node_type.type}: {exc}"))
                self.graph.restore(saved)
        score, reason = max(reasons, key=lambda r: r[0])  # the reason of the closest fit
        raise Unmatched(reason if score > 0 else _no_type(code))

    def commit(self, match: Match, wanted: str | None, follow: list[ast.stmt] | None) -> str:
        node_type = match.shape.node_type
        bindings = dict(match.bindings)
        fixed = dict(match.shape.fixed)
        used = 0
        if follow is not None and wanted is not None:
            used = self._after(node_type, wanted, follow, bindings, fixed)
        # A shape that is a bare placeholder (a Number node's ``__p_value``) takes a literal or a wire only.
        node = self.node(node_type, bindings, fixed, literal_only=is_bare(match.shape.head))
        node_id = self.graph.fresh_id(node_id_of(wanted) if wanted else snake_case(node_type.type))
        self.graph.nodes[node_id] = node
        if wanted is not None:
            self.graph.variables[wanted] = node_id
        if follow is not None:
            del follow[:used]
        return node_id

    def _after(
        self, node_type: NodeType, variable: str, follow: list[ast.stmt], bindings: Bindings, fixed: dict[str, Any]
    ) -> int:
        """How many of ``follow`` are this node's after-statements; binds their ports. Raises
        ``Unmatched`` if the type always writes one that is not there (the clock's updater)."""
        required = {ast.dump(line.statement) for line in after_lines(node_type.type) if line.required}
        seen: set[str] = set()
        used = 0
        for statement in follow:
            found = match_after(node_type.type, variable, statement)
            if found is None:
                break
            line, more = found
            seen.add(ast.dump(line.statement))
            bindings.update({k: v for k, v in more.items() if k != SELF})
            fixed.update(dict(line.fixed))
            used += 1
        if not required <= seen:
            raise Unmatched(f"a {node_type.type} always writes more statements after it")
        return used

    def node(
        self, node_type: NodeType, bindings: Bindings, fixed: dict[str, Any], literal_only: bool = False
    ) -> dict[str, Any]:
        """The node's data from a match's bindings: each port a wire, a literal or a node."""
        inputs: dict[str, Any] = {}
        params: dict[str, Any] = dict(fixed)
        for port_name, (prefix, code) in port_bindings(bindings).items():
            port = node_type.port(port_name)
            if port is None:
                continue
            if literal_only and prefix == BODY:
                try:
                    where, item = self.shallow(code, port, True)
                except Unmatched:
                    found = self.substituted(node_type, port, code)
                    if found is None:
                        raise
                    inputs.update(found["inputs"])
                    params.update(found["params"])
                    continue
            elif literal_only and prefix != ITEMS:
                where, item = self.shallow(code, port, False)
            else:
                where, item = self.port(port, prefix, code)
            if _unset(port, where, item):
                continue
            (inputs if where == "inputs" else params)[port_name] = item
        node: dict[str, Any] = {"type": node_type.type}
        if inputs:
            node["inputs"] = inputs
        if params:
            node["params"] = params
        return node

    def port(self, port: Port, prefix: str, code: Any) -> tuple[str, Any]:
        if prefix == BODY:
            return self.source(code, port, bare=True)
        if port.list and port.kind != "table" and not port.is_range:
            if prefix == ITEMS:
                items = list(code)
            elif isinstance(code, ast.List | ast.Tuple):
                items = list(code.elts)
            else:
                return "inputs", [self.nested(code, port.kind)]
            sources = [self.source(item, port) for item in items]
            if all(where == "params" for where, _ in sources):
                return "params", [item for _, item in sources]
            if all(where == "inputs" for where, _ in sources):
                return "inputs", [item for _, item in sources]
            return "inputs", [self.nested(item, port.kind) if where == "params" else wired
                              for (where, wired), item in zip(sources, items, strict=True)]  # fmt: skip
        return self.source(code, port)


def _unset(port: Port, where: str, item: Any) -> bool:
    """Whether a value is what the compiler writes for an unset ``always`` port: its default,
    written the way the default is (``0.0``, not ``0``). Only for ports the emitter places itself
    (``c2p(0.0, 0.0)``); a positional default (``ValueTracker(0)``) reads as the user's value."""
    return (
        where == "params"
        and port.always
        and port.arg == "custom"
        and item == port.default
        and type(item) is type(port.default)
    )


def _no_type(code: ast.AST) -> str:
    callee = code.func if isinstance(code, ast.Call) else None
    while isinstance(callee, ast.Call):
        callee = callee.func
    name = ast.unparse(callee) if callee is not None else ""
    text = ast.unparse(code)
    shown = text if len(text) <= 60 else text[:57] + "..."
    if isinstance(callee, ast.Name) and callee.id not in CATALOG:
        return f"'{name}' is not a node type of the catalog (in '{shown}')"
    if isinstance(callee, ast.Name):
        node_type = CATALOG[callee.id]
        every = frozenset(p.name for p in node_type.inputs)
        written = [ast.unparse(s.head) for s in shapes(callee.id, every) if s.head is not None]
        if written:
            usage = re.sub(r"__[plb]_(\w+)", r"\1", written[0])
            return f"'{shown}' is not how the catalog writes {callee.id}: {usage}"
    return f"no node type writes '{shown}'"
