"""A Manim script to a graph: parse it (never run it), find its Scene, read ``construct``."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG
from ..liveness import analyse
from ..problems import GraphError, Problem
from ..wires import dependency_order, wires_of
from .scene import SceneReader

# Manim's scene classes; a class deriving from one of them (or from a class of the script
# that does) is a scene.
_SCENE_BASES = frozenset({"Scene", "MovingCameraScene", "ThreeDScene", "ZoomedScene", "VectorScene"})
_COLUMN = 280  # editor layout: one column per dependency depth
_ROW = 130


@dataclass
class ImportResult:
    """The graph read from a script (plain data, version 1) and what was skipped, by line."""

    graph: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    scene: str = ""  # the class it was read from


def _base_name(base: ast.expr) -> str:
    return base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""


def scene_classes(tree: ast.Module) -> list[ast.ClassDef]:
    """Every class that is a Manim scene, in file order."""
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    scenes: list[ast.ClassDef] = []
    names = set(_SCENE_BASES)
    changed = True
    while changed:
        changed = False
        for node in classes:
            if node not in scenes and any(_base_name(b) in names for b in node.bases):
                scenes.append(node)
                names.add(node.name)
                changed = True
    return sorted(scenes, key=lambda c: c.lineno)


def _parse(source: str, file: str) -> ast.Module:
    try:
        return ast.parse(source, filename=file or "<script>")
    except SyntaxError as exc:
        line, column = exc.lineno or 1, exc.offset or 1
        raise GraphError([Problem(f"not valid Python: {exc.msg}", line=line, column=column)], file) from None
    except ValueError as exc:  # null bytes
        raise GraphError([Problem(f"not valid Python: {exc}", line=1, column=1)], file) from None


def _error(message: str, line: int, file: str) -> GraphError:
    return GraphError([Problem(message, line=line, column=1)], file)


def _skipped(message: str, node: ast.stmt) -> Problem:
    return Problem(message, line=node.lineno, column=node.col_offset + 1, severity="warning")


def _pick(tree: ast.Module, scene: str | None, file: str) -> ast.ClassDef:
    """The scene to import: the one named, or the only one. With several and no name, an
    error that lists them: importing one silently would drop the others."""
    classes = scene_classes(tree)
    if not classes:
        raise _error("defines no Scene: no class derives from Scene (or MovingCameraScene, ThreeDScene)", 1, file)
    names = [c.name for c in classes]
    if scene is not None:
        chosen = next((c for c in classes if c.name == scene), None)
        if chosen is None:
            raise _error(f"no Scene named '{scene}'; the script has {', '.join(names)}", 1, file)
        return chosen
    if len(classes) > 1:
        message = f"defines {len(classes)} scenes ({', '.join(names)}); say which one to import"
        raise _error(message, classes[1].lineno, file)
    return classes[0]


def _title(source: str, class_name: str) -> str:
    """The graph's name: the script's first comment line (where ``code`` writes the name),
    else the class name."""
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#") and not stripped.startswith("#!"):
            text = stripped.lstrip("#").strip()
            return text if text and "coding" not in text else class_name
        break
    return class_name


def import_script(source: str, file: str = "", scene: str | None = None) -> ImportResult:
    """Read a Manim script into a graph without running it.

    Raises ``GraphError`` for a script that is not Python or has no (or no chosen) Scene;
    everything in ``construct`` that the catalog cannot say is in ``problems``, with its line.
    """
    tree = _parse(source, file)
    chosen = _pick(tree, scene, file)
    construct = next(
        (n for n in chosen.body if isinstance(n, ast.FunctionDef) and n.name == "construct"),
        None,
    )
    if construct is None:
        raise _error(f"the Scene {chosen.name} has no construct method", chosen.lineno, file)
    reader = SceneReader()
    nodes = reader.read(construct.body)
    _mark_followers(nodes, reader.followers)
    graph: dict[str, Any] = {"version": 1, "name": _title(source, chosen.name)}
    if reader.background is not None:
        graph["scene"] = {"background": reader.background}
    graph["nodes"] = _laid_out(nodes)
    problems = [*reader.problems, *_other_code(tree, chosen)]
    return ImportResult(graph, sorted(problems, key=lambda p: p.line or 0), chosen.name)


def _other_code(tree: ast.Module, chosen: ast.ClassDef) -> list[Problem]:
    """Code outside ``construct`` that a graph cannot carry: helper methods, module-level code."""
    found = []
    for node in chosen.body:
        if isinstance(node, ast.FunctionDef) and node.name != "construct":
            found.append(_skipped(f"skipped method '{node.name}': only construct is imported", node))
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom | ast.ClassDef) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            continue
        found.append(_skipped("skipped module-level code: only the Scene's construct is imported", node))
    return found


def _mark_followers(nodes: dict[str, dict[str, Any]], followers: set[str]) -> None:
    """A node the script keeps up to date with an updater, though it reads nothing live,
    follows what it is placed against: ``follow: true``."""
    candidates = [n for n in followers if n in nodes and CATALOG[nodes[n]["type"]].port("follow") is not None]
    if not candidates:
        return
    try:
        live = analyse(nodes, dependency_order(nodes))
    except (KeyError, RecursionError):
        return
    for node_id in candidates:
        if node_id not in live.updated and node_id not in live.redrawn:
            nodes[node_id].setdefault("params", {})["follow"] = True


def _laid_out(nodes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each node in the column of its dependency depth, so wires run left to right."""
    depth: dict[str, int] = {}
    for node_id in dependency_order(nodes):
        sources = [w.source for _, w in wires_of(nodes[node_id], node_id) if w.source in depth]
        depth[node_id] = 1 + max((depth[s] for s in sources), default=-1)
    rows: dict[int, int] = {}
    for node_id in nodes:
        column = depth.get(node_id, 0)
        row = rows.get(column, 0)
        rows[column] = row + 1
        nodes[node_id]["pos"] = [80 + column * _COLUMN, 80 + row * _ROW]
    return nodes
