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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .assets import Asset, collect_assets, used_assets
from .catalog import CATALOG, MANIM_COLORS, THREE_D_TYPES
from .catalog.common import DIRECTIONS, RATE_FUNCS
from .catalog.model import EmitContext, NodeType, Port, operand
from .expressions import expression_source
from .liveness import UPDATED_BY_METHOD, Liveness, analyse, wire_output
from .problems import GraphError, Problem, pointer
from .subgraphs import FlattenError, Library, Resolve, declared_inputs, standalone, uses_subgraphs
from .validate import validate_data
from .wires import Wire, dependency_order, wires_of

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
        "u",
        "v",
        "p",  # the point a pointwise function moves
        "DEGREES",
        "ORIGIN",
        "VGroup",
        "Rectangle",
        "Circle",
        "Scene",
        "MovingCameraScene",
        "ThreeDScene",
        "Add",
        "always_redraw",
        "m",  # the mobject an updater gets
        "dt",  # the seconds since the last frame, for the clock's updater
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
    # Whether ranges of plays render apart and join to the same frames: not when updaters run,
    # since Manim skips a range's frames in one step and an updater would see one big dt.
    splittable: bool = True
    # The pictures it shows, read from the data dir: written beside the script for each render.
    assets: tuple[Asset, ...] = ()
    # Per play (each ``self.play`` and ``self.wait``), the node it was made for: the timeline's blocks.
    play_nodes: tuple[str, ...] = ()

    @property
    def identity(self) -> str:
        """Everything that decides its pixels besides the render settings: the script and its pictures."""
        if not self.assets:
            return self.source
        return self.source + "".join(f"\0{asset.path}\0{asset.digest}" for asset in self.assets)


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


def _table(rows: list[list[str | float]]) -> str:
    """Rows of cells as a nested list literal: ``[['1', '2'], ['3', '4']]``."""

    def cell(value: Any) -> str:
        if isinstance(value, str):
            return _string(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _number(value)
        raise ValueError(f"{value!r} is not a table cell")

    return "[" + ", ".join("[" + ", ".join(cell(c) for c in row) + "]" for row in rows) + "]"


def _vector(value: list[float], port: Port) -> str:
    numbers = [float(v) for v in value]
    if port.is_range:
        return repr([int(v) if v.is_integer() else v for v in numbers])
    numbers += [0.0] * (3 - len(numbers))
    return f"np.array({numbers!r})"


def literal(port: Port, value: Any) -> str:
    """A validated literal value as Python source."""
    kind = port.kind
    if kind == "vector" or (kind in ("numeric", "direction") and isinstance(value, list)):
        return _vector(value, port)
    if kind in ("number", "integer", "numeric"):
        return _number(value)
    if kind == "bool":
        return repr(bool(value))
    if kind == "color":
        return value if value in MANIM_COLORS else repr(value)
    if kind == "table":
        return _table(value)
    if kind == "enum" or kind == "direction":
        if port.enum_identifiers or kind == "direction":
            if value not in (port.choices or ()) or not value.isidentifier():
                raise ValueError(f"{value!r} is not an allowed identifier")
            return str(value)
        return repr(value)
    if kind == "expression":
        return f"lambda {', '.join(port.variable)}: {expression_source(value, port.variable)}"
    if kind == "string":
        return _string(value)
    raise ValueError(f"port kind {kind} has no literal form")


class _NodeEmitter:
    """Statements for each node, with live values inlined where they are read."""

    def __init__(self, nodes: dict[str, dict[str, Any]], live: Liveness) -> None:
        self.nodes = nodes
        self.live = live
        self.inline: dict[str, str] = {}  # live value node -> its expression, re-read where used
        self.reads = _live_reads(nodes, live)

    def wire_source(self, wire: Wire, port: Port) -> str:
        if wire.source in self.inline:
            return self.inline[wire.source]
        output = wire_output(self.nodes, wire, port.kind)
        return output.source(variable_name(wire.source)) if output else variable_name(wire.source)

    def arguments(self, node_id: str, node: dict[str, Any], node_type: NodeType, alias: str = "") -> EmitContext:
        """The node's ports as source; ``alias`` stands in for its ``mobject`` wire (``m`` in updaters)."""
        params = node.get("params") or {}
        inputs = node.get("inputs") or {}
        wired: dict[str, list[str]] = {}
        for port_name, wire in wires_of(node, node_id):
            port = node_type.port(port_name)
            if port is not None:
                source = alias if alias and port_name == "mobject" else self.wire_source(wire, port)
                wired.setdefault(port_name, []).append(source)
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
                args[port.name] = f"{operand(args[port.name])} * DEGREES"
        return EmitContext(variable_name(node_id), node_type.type, args, node_type, lists, bodies)

    def step(self, node_id: str) -> str:
        """The statement a timeline step (``NodeType.step``) writes where the Scene plays it."""
        node_type = CATALOG[self.nodes[node_id]["type"]]
        assert node_type.step is not None
        return node_type.step(self.arguments(node_id, self.nodes[node_id], node_type))

    def statements(self, node_id: str) -> list[str]:
        if any(node_id in chain for chain in self.live.chained.values()):
            return []  # part of its redrawn mobject's lambda (restyle)
        node = self.nodes[node_id]
        node_type = CATALOG[node["type"]]
        ctx = self.arguments(node_id, node, node_type)
        if node_type.type == "Scene":
            return _scene_statements(ctx)
        if not node_type.outputs:  # a statement about the scene, e.g. the 3D camera's orientation
            return [node_type.emit(ctx), *(node_type.after(ctx) if node_type.after else [])]
        if node_id in self.live.values:
            source = node_type.emit(ctx)
            if self.reads.get(node_id, 0) < 2 or (operand(source) == source and len(source) <= 40):
                self.inline[node_id] = source
                return []
            # Read in several places: a function, as a Manim user would write it.
            self.inline[node_id] = f"{ctx.node_id}()"
            return [f"def {ctx.node_id}():", f"    return {source}"]
        if node_id in self.live.redrawn:
            chain = _chained(ctx) + "".join(self.restyle(n) for n in self.live.chained.get(node_id, []))
            return [f"{ctx.node_id} = always_redraw(lambda: {node_type.emit(ctx)}{chain})"]
        lines = [f"{ctx.node_id} = {node_type.emit(ctx)}"]
        if node_type.after:
            lines += node_type.after(ctx)
        if node_id in self.live.updated:
            lines += self.updaters(node_id, node, node_type, ctx)
        return lines

    def restyle(self, node_id: str) -> str:
        """A style node that joins a redraw, as the method chain it adds (``.set_style(...)``); wires
        to it read the redrawn mobject itself."""
        node = self.nodes[node_id]
        node_type = CATALOG[node["type"]]
        source = node_type.emit(self.arguments(node_id, node, node_type, alias="m"))
        if not source.startswith("m."):
            raise ValueError(f"{node_type.type}: cannot redraw '{source}' in a lambda")
        self.inline[node_id] = next(
            variable_name(owner) for owner, chain in self.live.chained.items() if node_id in chain
        )
        return source[1:]

    def updaters(self, node_id: str, node: dict[str, Any], node_type: NodeType, ctx: EmitContext) -> list[str]:
        """``add_updater`` calls that keep a mobject in step with live values or another mobject."""
        var = ctx.node_id
        if node_type.in_place:
            again = node_type.emit(self.arguments(node_id, node, node_type, alias="m"))
            return [f"{var}.add_updater(lambda m: {again})"]
        lines = []
        for port_name in self.live.updated[node_id]:
            method = node_type.live_setters.get(port_name) or UPDATED_BY_METHOD[port_name]
            lines.append(f"{var}.add_updater(lambda m: m.{method}({ctx.args[port_name]}))")
        return lines


def _live_reads(nodes: dict[str, dict[str, Any]], live: Liveness) -> dict[str, int]:
    """How often the script reads each live value: twice where an updater repeats a build."""
    reads: dict[str, int] = {}
    for node_id, node in nodes.items():
        updated = live.updated.get(node_id, [])
        for port, wire in wires_of(node, node_id):
            if wire.source in live.values:
                reads[wire.source] = reads.get(wire.source, 0) + (2 if port in updated else 1)
    return reads


def _chained(ctx: EmitContext) -> str:
    """The node's after-statements (``dot.set_fill(...)``) as a method chain for a lambda."""
    chain = ""
    for line in ctx.node_type.after(ctx) if ctx.node_type.after else []:
        prefix = f"{ctx.node_id}."
        if not line.startswith(prefix):
            raise ValueError(f"{ctx.type_name}: cannot redraw '{line}' in a lambda")
        chain += "." + line[len(prefix) :]
    return chain


def _scene_statements(ctx: EmitContext) -> list[str]:
    added = ctx.lists.get("add", [])
    return [f"self.add({', '.join(added)})"] if added else []


def _timed_nodes(nodes: dict[str, dict[str, Any]], order: list[str], live: Liveness) -> set[str]:
    """Nodes built right before the play that uses them: animations, the values read off the
    scene (readers, and what is computed from them) that only animations consume, and the
    placements beside or onto another mobject of mobjects that first appear by an animation."""
    consumers: dict[str, set[str]] = {}
    for node_id in order:
        for _, wire in wires_of(nodes[node_id], node_id):
            consumers.setdefault(wire.source, set()).add(node_id)
    timed = {n for n in order if _kind(nodes[n]) == "animation"}
    reads_scene: set[str] = set()
    for node_id in order:
        node_type = CATALOG[nodes[node_id]["type"]]
        sources = {wire.source for _, wire in wires_of(nodes[node_id], node_id)}
        if node_type.reads or sources & reads_scene:
            reads_scene.add(node_id)
    for node_id in reversed(order):
        users = consumers.get(node_id)
        value = _kind(nodes[node_id]) not in ("mobject", "animation")
        if value and node_id in reads_scene and node_id not in live.values and users and users <= timed:
            timed.add(node_id)
    return timed | _placed_when_shown(nodes, order, live, consumers, timed, reads_scene)


def _placed_when_shown(
    nodes: dict[str, dict[str, Any]],
    order: list[str],
    live: Liveness,
    consumers: dict[str, set[str]],
    timed: set[str],
    reads_scene: set[str],
) -> set[str]:
    """Layout nodes that place a mobject beside, onto or after another one (NextTo, MoveTo a
    target...) and that only animations use: a label faded in after its target moved is placed
    where the target is then, as a script that builds it right before ``FadeIn`` would."""
    placing: set[str] = set()
    for node_id in order:
        node_type = CATALOG[nodes[node_id]["type"]]
        if not node_type.in_place or node_id in live.updated or node_id in live.redrawn:
            continue
        for port, wire in wires_of(nodes[node_id], node_id):
            source = wire.source
            beside = port != "mobject" and (_kind(nodes[source]) == "mobject" or source in reads_scene)
            if beside or (port == "mobject" and source in placing):
                placing.add(node_id)
    late: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node_id in reversed(order):
            users = consumers.get(node_id)
            if node_id in placing and node_id not in late and users and users <= timed | late:
                late.add(node_id)
                changed = True
    return late


def _played_closure(
    nodes: dict[str, dict[str, Any]], animation: str, timed: set[str], order_index: dict[str, int]
) -> list[str]:
    """The timed nodes an animation is built from, itself included, in build order."""
    found: set[str] = set()
    stack = [animation]
    while stack:
        node_id = stack.pop()
        if node_id in found or node_id not in timed:
            continue
        found.add(node_id)
        stack += [wire.source for _, wire in wires_of(nodes[node_id], node_id)]
    return sorted(found, key=order_index.__getitem__)


def _timeline(
    nodes: dict[str, dict[str, Any]],
    order: list[str],
    played: list[str],
    timed: set[str],
    emitter: _NodeEmitter,
    emit: Callable[[str, list[str]], None],
    scene_id: str,
) -> list[str]:
    """Each step of the scene in turn, what it alone is built from right before it; per play
    (each ``self.play`` and ``self.wait``), the node it was made for."""
    index = {n: i for i, n in enumerate(order)}
    plays: list[str] = []
    placed: set[str] = set()  # a mobject placed when first shown stays where it was put
    for animation in played:
        step = CATALOG[nodes[animation]["type"]]
        for node_id in _played_closure(nodes, animation, timed, index):
            if node_id in placed:
                continue
            if _kind(nodes[node_id]) == "mobject":
                placed.add(node_id)
            if node_id != animation or step.step is None:
                emit(node_id, emitter.statements(node_id))
        if step.step is not None:  # a statement of the timeline: self.add, self.move_camera...
            emit(animation, emitter.step(animation).split("\n"))
            plays += [animation] * step.step_plays
        else:
            emit(scene_id, [f"self.play({variable_name(animation)})"])
            plays.append(animation)
    return plays


def compile_graph(
    data: dict[str, Any],
    name: str,
    file: str = "",
    assets_root: Path | None = None,
    resolve: Resolve | None = None,
    graph_name: str | None = None,
) -> CompiledScene:
    """Compile a graph; raises ``GraphError`` if it is invalid (validation finds every problem,
    a missing Scene included).

    With ``assets_root`` (the data dir), the pictures it names are read and checked, and travel
    with the result for rendering; without it the script is written all the same (ejecting).
    ``resolve`` finds the graphs its Subgraph nodes use (``subgraphs.directory_resolver``), and
    ``graph_name`` is its own name among them.
    """
    problems = validate_data(data, resolve, graph_name)
    if problems:
        raise GraphError(problems, file)
    return compile_valid(data, name, file, assets_root, resolve, graph_name)


@dataclass(frozen=True)
class _Inlined:
    """Where the nodes of a flattened graph came from: the Subgraph node each inlined node stands
    for (errors, the timeline), and the comments that head each inlined block."""

    origin: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _inline(
    data: dict[str, Any], file: str, resolve: Resolve | None, graph_name: str | None
) -> tuple[dict[str, Any], _Inlined]:
    """The graph with its subgraphs inlined and its own ``$name`` wires given their defaults;
    the graph itself when it has neither. The graphs it uses are checked again: they may have
    changed since this one was validated."""
    if not uses_subgraphs(data) and not declared_inputs(data):
        return data, _Inlined()
    if uses_subgraphs(data) and resolve is not None:
        problems = validate_data(data, resolve, graph_name)
        if problems:
            raise GraphError(problems, file)
    try:
        flat = standalone(data, Library(resolve) if resolve is not None else None)
    except FlattenError as exc:
        raise GraphError([Problem(exc.message, pointer("nodes", exc.node), node=exc.node)], file) from None
    return flat.data(data), _Inlined(flat.origin, flat.blocks)


def compile_valid(
    data: dict[str, Any],
    name: str,
    file: str = "",
    assets_root: Path | None = None,
    resolve: Resolve | None = None,
    graph_name: str | None = None,
) -> CompiledScene:
    """``compile_graph`` for data already validated (the server validates each change once).

    Only the pictures, and the graphs its Subgraph nodes use, are still checked here: they
    live outside the graph file. A subgraph's nodes are inlined in its place, with the
    Subgraph node's id as their prefix, so the script stays one standalone file.
    """
    title = data.get("name") or name
    if not any(node.get("type") == "Scene" for node in data["nodes"].values()):  # a part of other graphs
        raise GraphError(
            [Problem("this graph has no Scene node, so it renders only as a Subgraph node of another graph: "
                     "add a Scene to preview it on its own", "/nodes")],
            file,
        )  # fmt: skip
    data, inlined = _inline(data, file, resolve, graph_name)
    assets: tuple[Asset, ...] = ()
    if assets_root is not None:
        assets, problems = collect_assets(data, assets_root)
        if problems:
            raise GraphError([_outside(p, inlined) for p in problems], file)
    nodes: dict[str, dict[str, Any]] = data["nodes"]
    class_name = scene_class_name(title)
    order = dependency_order(nodes)
    live = analyse(nodes, order)
    emitter = _NodeEmitter(nodes, live)
    body: list[str] = []
    body_nodes: list[str | None] = []
    headed: set[str] = set()  # inlined blocks whose comment is written

    def emit(node_id: str, lines: list[str]) -> None:
        owner = inlined.origin.get(node_id, node_id)  # an error in an inlined node is its Subgraph node's
        for heading in inlined.blocks.get(node_id, ()) if lines else ():
            if heading not in headed:
                headed.add(heading)
                body.append(f"# {_one_line(heading)}")
                body_nodes.append(owner)
        body.extend(lines)
        body_nodes.extend([owner] * len(lines))

    background = (data.get("scene") or {}).get("background")
    if background is not None:
        emit("", [f"self.camera.background_color = {literal(Port('background', 'color'), background)}"])
    # Mobjects and values first, as a scene sets up its cast; each animation (and what it alone
    # reads off the scene) right before its play, so that it starts from the scene as it is
    # then (docs/file-format.md, "Time and change").
    timed = _timed_nodes(nodes, order, live)
    for node_id in order:
        if node_id not in timed:
            emit(node_id, emitter.statements(node_id))
    scene_id = next(n for n in order if nodes[n]["type"] == "Scene")
    played = [wire.source for port, wire in wires_of(nodes[scene_id], scene_id) if port == "animations"]
    plays = _timeline(nodes, order, played, timed, emitter, emit, scene_id)
    if not played:
        emit(scene_id, ["self.wait()  # nothing to play: hold the still frame for a second"])
        plays.append(scene_id)
    elif _shows_something_new(nodes[played[-1]]):
        emit(scene_id, ["self.wait()  # the last step plays no frames of its own: hold the scene for a second"])
        plays.append(scene_id)
    origin = f" from {_one_line(file.rsplit('/', 1)[-1])}" if file else ""
    script_name = re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "scene"
    pictures = [_one_line(path) for path in used_assets(data)]
    header = [
        f"# {_one_line(title)}",
        f"# Generated by manim-nodes {__version__}{origin}. Render it with:",
        f"#   manim -pql {script_name}.py {class_name}",
        *(["# from the data directory, where it finds " + ", ".join(sorted(pictures))] if pictures else []),
        "",
        "from manim import *",
        "import numpy as np",
        "",
        "",
        f"class {class_name}({_scene_class(nodes)}):",
        "    def construct(self):",
    ]
    source = "\n".join(header + ["        " + line for line in body]) + "\n"
    line_nodes = {len(header) + i + 1: n for i, n in enumerate(body_nodes) if n}
    play_nodes = tuple(inlined.origin.get(node_id, node_id) for node_id in plays)
    return CompiledScene(source, class_name, len(plays), line_nodes, splittable=not live.moving, assets=assets,
                         play_nodes=play_nodes)  # fmt: skip


def _outside(problem: Problem, inlined: _Inlined) -> Problem:
    """A problem of an inlined node, put on the Subgraph node it came in with."""
    owner = inlined.origin.get(problem.node or "")
    if owner is None:
        return problem
    return Problem(f"in '{problem.node}': {problem.message}", pointer("nodes", owner), node=owner)


def _shows_something_new(node: dict[str, Any]) -> bool:
    """A last step that changes the scene without playing frames: hold it, or nobody sees it."""
    node_type = CATALOG[node["type"]]
    return node_type.step is not None and not node_type.step_plays and node_type.step_shows


def _scene_class(nodes: dict[str, dict[str, Any]]) -> str:
    """The scene class follows from the graph: a camera frame makes a MovingCameraScene, a 3D
    mobject or 3D camera node a ThreeDScene (validation refuses the two together)."""
    types = {node["type"] for node in nodes.values()}
    if types & THREE_D_TYPES:
        return "ThreeDScene"
    return "MovingCameraScene" if "CameraFrame" in types else "Scene"


def _kind(node: dict[str, Any]) -> str | None:
    """The kind of a node's first output: ``animation``, ``mobject``, a value kind, or None."""
    node_type = CATALOG[node["type"]]
    return node_type.outputs[0].kind if node_type.outputs else None
