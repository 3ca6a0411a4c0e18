"""Merge conflicts written into a graph file so that it still parses.

git's merge driver (``merge_driver.py``) cannot leave ``<<<<<<<`` lines in a
YAML or JSON graph: the file would no longer load, and nothing could point at
the conflicts. Each value changed two ways is written in its place as a mapping
with the one key ``x-merge-conflict`` holding both sides (and the base)::

    radius: {x-merge-conflict: {base: 1, ours: 2, theirs: 5}}

``validate`` reports each as ``file:line:col``, and only those while any is
left, since every other problem of such a file follows from them. Keeping one
side is replacing the mapping by that value (or deleting the key for a side
written as absent).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .graph_merge import MISSING, Conflict
from .problems import Problem, pointer

CONFLICT_KEY = "x-merge-conflict"
SIDES = ("ours", "theirs", "base")


def marker(conflict: Conflict) -> dict[str, Any]:
    """The mapping written in place of a conflicting value; a side without a value is left out."""
    sides = {"ours": conflict.ours, "theirs": conflict.theirs, "base": conflict.base}
    return {CONFLICT_KEY: {side: value for side, value in sides.items() if value is not MISSING}}


def mark_conflicts(graph: dict[str, Any], conflicts: list[Conflict]) -> dict[str, Any]:
    """``graph`` (not changed) with a marker at each conflict's path."""
    out = _copy_along(graph, [c.path for c in conflicts])
    for conflict in conflicts:
        *parents, last = conflict.path
        target = out
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = marker(conflict)
    return out


def _copy_along(value: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    """A copy of the mappings on the way to each path; everything else shared."""
    out = dict(value)
    for first in {p[0] for p in paths if len(p) > 1}:
        inner = out.get(first)
        deeper = [p[1:] for p in paths if len(p) > 1 and p[0] == first]
        out[first] = _copy_along(inner if isinstance(inner, dict) else {}, deeper)
    return out


def is_marker(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get(CONFLICT_KEY), dict)


def find_markers(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every conflict marker in a document, with its path.

    Only where a merge writes them (``nodes/ID/params/PORT`` at the deepest), so a large
    graph is not walked value by value on every validation.
    """
    if is_marker(value):
        yield path, value[CONFLICT_KEY]
    elif isinstance(value, dict) and len(path) < 4:
        for key, inner in value.items():
            yield from find_markers(inner, (*path, str(key)))


def _side(sides: dict[str, Any], name: str) -> str:
    if name not in sides:
        return "nothing (removed)"
    text = repr(sides[name]) if not isinstance(sides[name], dict) else "its own version"
    return text if len(text) <= 60 else text[:57] + "..."


def conflict_problems(data: dict[str, Any]) -> list[Problem]:
    """One problem per conflict marker, on the value it stands for."""
    problems = []
    for path, sides in find_markers(data):
        node = path[1] if len(path) > 1 and path[0] == "nodes" else None
        port = path[3] if len(path) > 3 and path[0] == "nodes" and path[2] in ("params", "inputs") else None
        message = (
            f"merge conflict: ours has {_side(sides, 'ours')}, theirs has {_side(sides, 'theirs')}; "
            f"replace the {CONFLICT_KEY} mapping with the value to keep"
        )
        problems.append(Problem(message, pointer(*path), node=node, port=port))
    return problems
