"""From a graph to a readable, standalone Manim script.

One variable per node, named after its id, in dependency order. The script is
what the preview renders and what ``manim-nodes code`` prints, so what you see
is what you can eject. Values reach the source only as ``repr()`` of validated
values (or an allow-listed Manim identifier); expressions are re-emitted from a
checked AST. Nothing from a file can run code.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .catalog import CATALOG, MANIM_COLORS
from .catalog.common import DIRECTIONS, RATE_FUNCS
from .catalog.model import EmitContext, NodeType, Port
from .expressions import expression_source
from .problems import GraphError, Problem
from .validate import Wire, validate_data, wires_of

# Names the generated code refers to; a node id equal to one gets a trailing _.
# Every name the generated code may refer to besides node variables: Manim's vocabulary.
VOCABULARY = frozenset(
    {
        *CATALOG,
        *MANIM_COLORS,
        *DIRECTIONS,
        *RATE_FUNCS,
        "np",
        "self",
        "x",
        "t",
        "DEGREES",
        "ORIGIN",
        "VGroup",
        "Rectangle",
        "Circle",
        "Scene",
    }
)
_RESERVED = VOCABULARY | {*keyword.kwlist, *keyword.softkwlist, *dir(builtins), "config"}


@dataclass(frozen=True)
class CompiledScene:
    """A compiled graph: the script and the name of its Scene class."""

    source: str
    class_name: str
    animations: int = 0  # how many ``self.play`` calls, for progress
    line_nodes: dict[int, str] = field(default_factory=dict)  # script line -> node id


def scene_class_name(name: str) -> str:
    """``"circle to square"`` -> ``CircleToSquare``; always a valid, unreserved identifier."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    candidate = "".join(w[:1].upper() + w[1:] for w in words)
    if not candidate or candidate[0].isdigit() or candidate in _RESERVED:
        candidate = "Graph" + candidate
    return candidate


def variable_name(node_id: str) -> str:
    return node_id + "_" if node_id in _RESERVED else node_id


def _one_line(text: str) -> str:
    """Text safe inside a ``#`` comment: printable characters only, one line."""
    return "".join(c if c.isprintable() else " " for c in text)[:200]


def _number(value: float | int) -> str:
    return repr(value)


def _string(value: str) -> str:
    """A string literal; raw when that reads better and provably means the same."""
    plain = repr(value)
    if "\\" in value and '"' not in value and not value.endswith("\\") and value.isprintable():
        raw = f'r"{value}"'
        try:
            if ast.literal_eval(raw) == value:
                return raw
        except (SyntaxError, ValueError):
            pass
    return plain


def _vector(value: list[float], port: Port) -> str:
    numbers = [float(v) for v in value]
    if port.is_range:
        return repr([int(v) if v.is_integer() else v for v in numbers])
    numbers += [0.0] * (3 - len(numbers))
    return f"np.array({numbers!r})"


def literal(port: Port, value: Any) -> str:
    """A validated literal value as Python source."""
    kind = port.kind
    if kind == "vector" or (kind == "numeric" and isinstance(value, list)):
        return _vector(value, port)
    if kind in ("number", "integer", "numeric"):
        return _number(value)
    if kind == "bool":
        return repr(bool(value))
    if kind == "color":
        return value if value in MANIM_COLORS else repr(value)
    if kind == "enum":
        if port.enum_identifiers:
            if value not in (port.choices or ()) or not value.isidentifier():
                raise ValueError(f"{value!r} is not an allowed identifier")
            return str(value)
        return repr(value)
    if kind == "expression":
        return f"lambda {port.variable}: {expression_source(value, port.variable)}"
    if kind == "string":
        return _string(value)
    raise ValueError(f"port kind {kind} has no literal form")


class _NodeEmitter:
    def __init__(self, nodes: dict[str, dict[str, Any]]) -> None:
        self.nodes = nodes

    def wire_source(self, wire: Wire) -> str:
        return variable_name(wire.source)

    def arguments(self, node_id: str, node: dict[str, Any], node_type: NodeType) -> EmitContext:
        params = node.get("params") or {}
        inputs = node.get("inputs") or {}
        wired: dict[str, list[str]] = {}
        for port_name, wire in wires_of(node, node_id):
            wired.setdefault(port_name, []).append(self.wire_source(wire))
        args: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        bodies: dict[str, str] = {}
        for port in node_type.inputs:
            items: list[str] | None = None
            if port.name in inputs:
                items = wired.get(port.name, [])
            elif port.name in params or port.always:
                value = params.get(port.name, port.default)
                if value is None:
                    continue
                if port.kind == "expression":
                    bodies[port.name] = expression_source(value, port.variable)
                if port.list:
                    items = [literal(port, v) for v in value]
                else:
                    args[port.name] = literal(port, value)
            else:
                continue
            if items is not None:
                if port.list:
                    lists[port.name] = items
                    args[port.name] = f"[{', '.join(items)}]"
                else:
                    args[port.name] = items[0]
            if port.widget == "angle" and port.name in args:
                args[port.name] = f"{args[port.name]} * DEGREES"
        return EmitContext(variable_name(node_id), node_type.type, args, node_type, lists, bodies)

    def statements(self, node_id: str) -> list[str]:
        node = self.nodes[node_id]
        node_type = CATALOG[node["type"]]
        ctx = self.arguments(node_id, node, node_type)
        if node_type.type == "Scene":
            return _scene_statements(ctx)
        lines = [f"{ctx.node_id} = {node_type.emit(ctx)}"]
        if node_type.after:
            lines += node_type.after(ctx)
        return lines


def _scene_statements(ctx: EmitContext) -> list[str]:
    lines = []
    added = ctx.lists.get("add", [])
    if added:
        lines.append(f"self.add({', '.join(added)})")
    played = ctx.lists.get("animations", [])
    lines += [f"self.play({animation})" for animation in played]
    if not played:
        lines.append("self.wait()  # nothing to play: hold the still frame for a second")
    return lines


def dependency_order(nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Node ids with every node after the nodes it is wired from; file order otherwise."""
    order: list[str] = []
    placed: set[str] = set()

    def place(node_id: str) -> None:
        if node_id in placed:
            return
        placed.add(node_id)
        for _, wire in wires_of(nodes[node_id], node_id):
            if wire.source in nodes:
                place(wire.source)
        order.append(node_id)

    for node_id in nodes:
        place(node_id)
    scene = [n for n in order if nodes[n].get("type") == "Scene"]
    return [n for n in order if n not in scene] + scene


def compile_graph(data: dict[str, Any], name: str, file: str = "") -> CompiledScene:
    """Compile a graph; raises ``GraphError`` if it is invalid or has no Scene."""
    problems = validate_data(data)
    if problems:
        raise GraphError(problems, file)
    nodes: dict[str, dict[str, Any]] = data["nodes"]
    if not any(node["type"] == "Scene" for node in nodes.values()):
        raise GraphError([Problem("this graph has no Scene node: add one and wire animations into it", "/nodes")], file)
    title = data.get("name") or name
    class_name = scene_class_name(title)
    emitter = _NodeEmitter(nodes)
    body: list[str] = []
    background = (data.get("scene") or {}).get("background")
    if background is not None:
        body.append(f"self.camera.background_color = {literal(Port('background', 'color'), background)}")
    body_nodes: list[str | None] = [None] * len(body)
    for node_id in dependency_order(nodes):
        statements = emitter.statements(node_id)
        body += statements
        body_nodes += [node_id] * len(statements)
    origin = f" from {_one_line(file.rsplit('/', 1)[-1])}" if file else ""
    script_name = re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "scene"
    header = [
        f"# {_one_line(title)}",
        f"# Generated by manim-nodes {__version__}{origin}. Render it with:",
        f"#   manim -pql {script_name}.py {class_name}",
        "",
        "from manim import *",
        "import numpy as np",
        "",
        "",
        f"class {class_name}(Scene):",
        "    def construct(self):",
    ]
    source = "\n".join(header + ["        " + line for line in body]) + "\n"
    line_nodes = {len(header) + i + 1: n for i, n in enumerate(body_nodes) if n is not None}
    played = sum(1 for line in body if line.startswith("self.play("))
    return CompiledScene(source, class_name, played, line_nodes)
