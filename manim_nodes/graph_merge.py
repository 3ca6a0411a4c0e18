"""Node-level diff and three-way merge of graph documents.

A graph merges the way people edit it: node by node, and inside a node port by
port. Edits to different nodes, or to different ports of one node, both
survive; only one value changed two ways (or a node deleted on one side and
edited on the other) is a conflict. The server merges with these rules when a
file changes under recent or unsaved work in the editor; ``manim-nodes merge``
(git's merge driver) is meant to use the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


class _Missing:
    """A value that is not there: a node or port one side does not have."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Shape = Mapping[str, "Shape"] | None
"""Where a document merges member by member: ``"*"`` matches any key; None is one value."""

_NODE: Shape = {"params": {}, "inputs": {}}
GRAPH_SHAPE: Shape = {
    "nodes": {"*": _NODE},
    "scene": {},
    "inputs": {"*": {}},  # a subgraph's inputs, each by its keys, and its outputs, each one wire
    "outputs": {},
    "canvas": {"frames": {"*": {}}, "notes": {"*": {}}},
}

Side = Literal["ours", "theirs"]


def _sub(shape: Shape, key: str) -> Shape:
    if shape is None:
        return None
    return shape[key] if key in shape else shape.get("*")


def same(a: Any, b: Any) -> bool:
    """Equal as the file means it: ``1`` is not ``true`` nor ``1.0``; key order does not count."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _present(value: Any) -> dict[str, Any]:
    return {} if value is MISSING else {"value": value}


# ---------------------------------------------------------------- diff


@dataclass(frozen=True)
class Change:
    """One value that differs: ``path`` from the top of the document, e.g. ``nodes/c/params/radius``."""

    path: tuple[str, ...]
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": list(self.path)}
        if self.old is not MISSING:
            out["old"] = self.old
        if self.new is not MISSING:
            out["new"] = self.new
        return out


@dataclass
class GraphDiff:
    """What turns one version of a graph into another, node by node."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "changed": [c.to_json() for c in self.changed]}


def diff_graphs(old: Mapping[str, Any], new: Mapping[str, Any]) -> GraphDiff:
    """Nodes added and removed, and every value changed in the nodes both have (and the top level)."""
    changes: list[Change] = []
    _changes(dict(old), dict(new), GRAPH_SHAPE, (), changes)
    diff = GraphDiff()
    for change in changes:
        if len(change.path) == 2 and change.path[0] == "nodes":
            if change.old is MISSING:
                diff.added.append(change.path[1])
                continue
            if change.new is MISSING:
                diff.removed.append(change.path[1])
                continue
        diff.changed.append(change)
    return diff


def _changes(a: Any, b: Any, shape: Shape, path: tuple[str, ...], out: list[Change]) -> None:
    if same(a, b):
        return
    if shape is not None and isinstance(a, dict) and isinstance(b, dict):
        for key in _union(b, a):
            _changes(a.get(key, MISSING), b.get(key, MISSING), _sub(shape, key), (*path, key), out)
        return
    out.append(Change(path, a, b))


def _union(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """The keys of ``first``, then those only ``second`` has, each after its neighbour there."""
    following: dict[str | None, list[str]] = {}  # a key of first (None: the start) -> new keys after it
    anchor: str | None = None
    for key in second:
        if key in first:
            anchor = key
        else:
            following.setdefault(anchor, []).append(key)
    if not following:
        return list(first)
    keys = list(following.get(None, []))
    for key in first:
        keys.append(key)
        keys.extend(following.get(key, []))
    return keys


# ---------------------------------------------------------------- merge


@dataclass(frozen=True)
class Conflict:
    """One value both sides changed, differently; ``MISSING`` where a side deleted it."""

    path: tuple[str, ...]
    base: Any
    ours: Any
    theirs: Any

    @property
    def node(self) -> str | None:
        return self.path[1] if len(self.path) > 1 and self.path[0] == "nodes" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "node": self.node,
            "base": _present(self.base),
            "ours": _present(self.ours),
            "theirs": _present(self.theirs),
        }


@dataclass
class MergeResult:
    """The merged document; each conflict was settled for ``prefer``'s side (or for the side
    that kept a node the other deleted: work is not lost)."""

    graph: dict[str, Any]
    conflicts: list[Conflict]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_graphs(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any], prefer: Side = "theirs"
) -> MergeResult:
    """Three-way merge of graph documents by node and port. The inputs are not changed."""
    conflicts: list[Conflict] = []
    graph = _merge(dict(base), dict(ours), dict(theirs), GRAPH_SHAPE, (), prefer, conflicts)
    return MergeResult(graph, conflicts)


def _merge(b: Any, o: Any, t: Any, shape: Shape, path: tuple[str, ...], prefer: Side, out: list[Conflict]) -> Any:
    if same(o, t) or same(b, t):
        return o
    if same(b, o):
        return t
    if shape is not None and isinstance(o, dict) and isinstance(t, dict) and (b is MISSING or isinstance(b, dict)):
        members = b if isinstance(b, dict) else {}
        merged: dict[str, Any] = {}
        for key in _union(t, o):
            value = _merge(
                members.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING), _sub(shape, key), (*path, key),
                prefer, out,
            )  # fmt: skip
            if value is not MISSING:
                merged[key] = value
        return merged
    out.append(Conflict(path, b, o, t))
    if o is MISSING or t is MISSING:
        return t if o is MISSING else o  # deleted on one side, changed on the other: keep the change
    return o if prefer == "ours" else t
