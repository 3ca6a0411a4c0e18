"""A diff of two graphs for people and for git: nodes added, removed and renamed, values
changed with old and new, wires added and removed, one line each.

``graph_merge.diff_graphs`` finds what differs; this module says it the way a graph is
edited: a renamed node is one rename (not a deletion, an addition and a rewired wire
each), and an input's wires are told apart from values. ``flat_lines`` is the
``textconv`` form: one line per value, so git's own line diff reads node by node.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .graph_merge import MISSING, diff_graphs, same


@dataclass
class ReadableDiff:
    """The changes between two graphs, grouped as people edit."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (id, type)
    removed: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    changed: list[tuple[str, Any, Any]] = field(default_factory=list)  # (place, old, new)
    wires_added: list[tuple[str, str]] = field(default_factory=list)  # (node.port, wire)
    wires_removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.added, self.removed, self.renamed, self.changed, self.wires_added, self.wires_removed))

    def lines(self) -> list[str]:
        out = [f"+ node {i} ({t})" for i, t in self.added]
        out += [f"- node {i} ({t})" for i, t in self.removed]
        out += [f"~ node {old} renamed to {new}" for old, new in self.renamed]
        out += [f"~ {place}: {_text(old)} -> {_text(new)}" for place, old, new in self.changed]
        out += [f"+ wire {wire} -> {target}" for target, wire in self.wires_added]
        out += [f"- wire {wire} -> {target}" for target, wire in self.wires_removed]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [{"node": i, "type": t} for i, t in self.added],
            "removed": [{"node": i, "type": t} for i, t in self.removed],
            "renamed": [{"from": a, "to": b} for a, b in self.renamed],
            "changed": [{"place": p, **_sides(old, new)} for p, old, new in self.changed],
            "wires_added": [{"to": t, "wire": w} for t, w in self.wires_added],
            "wires_removed": [{"to": t, "wire": w} for t, w in self.wires_removed],
        }


def _sides(old: Any, new: Any) -> dict[str, Any]:
    out = {}
    if old is not MISSING:
        out["old"] = old
    if new is not MISSING:
        out["new"] = new
    return out


def _text(value: Any) -> str:
    if value is MISSING:
        return "(not set)"
    return json.dumps(value, ensure_ascii=False)


def _nodes(doc: Mapping[str, Any]) -> dict[str, Any]:
    nodes = doc.get("nodes")
    return dict(nodes) if isinstance(nodes, dict) else {}


def _wires(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return list(value)
    return []


def _wire_node(wire: str) -> str:
    return wire.split(".", 1)[0]


def _renamed_wire(wire: str, renames: Mapping[str, str]) -> str:
    node, dot, port = wire.partition(".")
    return renames.get(node, node) + dot + port


def _without_pos(node: Any) -> Any:
    return {k: v for k, v in node.items() if k != "pos"} if isinstance(node, dict) else node


def _renames(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    """Removed ids that reappear under exactly one new id: the same node but for its place,
    or a node of the same type that every wire to the old id now reaches under the new one."""
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    gone = [i for i in old_nodes if i not in new_nodes]
    came = [i for i in new_nodes if i not in old_nodes]
    old_users, new_users = _users(old_nodes), _users(new_nodes)
    renames: dict[str, str] = {}
    for was in gone:
        body, users = _without_pos(old_nodes[was]), old_users.get(was, set())
        free = [i for i in came if i not in renames.values()]
        matches = [i for i in free if same(_without_pos(new_nodes[i]), body)]
        if not matches and users:
            kind = body.get("type") if isinstance(body, dict) else None
            matches = [
                i
                for i in free
                if isinstance(new_nodes[i], dict) and new_nodes[i].get("type") == kind and new_users.get(i) == users
            ]
        if len(matches) == 1:
            renames[was] = matches[0]
    return renames


def _users(nodes: Mapping[str, Any]) -> dict[str, set[str]]:
    """For each node id, the inputs (``node.port``, the user renamed too) its wires reach."""
    users: dict[str, set[str]] = {}
    for node_id, node in nodes.items():
        inputs = node.get("inputs") if isinstance(node, dict) else None
        for port, value in (inputs or {}).items() if isinstance(inputs, dict) else ():
            for wire in _wires(value):
                users.setdefault(_wire_node(wire), set()).add(f"{node_id}.{port}")
    return users


def _apply_renames(doc: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """``doc`` with renamed nodes under their new ids and every wire to them following."""
    nodes: dict[str, Any] = {}
    for node_id, node in _nodes(doc).items():
        if isinstance(node, dict) and isinstance(node.get("inputs"), dict):
            inputs = {
                port: ([_renamed_wire(w, renames) for w in v] if isinstance(v, list) else _renamed_wire(v, renames))
                if _wires(v)
                else v
                for port, v in node["inputs"].items()
            }
            node = {**node, "inputs": inputs}
        nodes[renames.get(node_id, node_id)] = node
    return {**doc, "nodes": nodes}


def readable_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> ReadableDiff:
    """What turns graph ``old`` into ``new``, in the terms of the editor."""
    renames = _renames(old, new)
    raw = diff_graphs(_apply_renames(old, renames), new)
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    out = ReadableDiff(renamed=list(renames.items()))
    out.added = [(i, str(new_nodes[i].get("type", "?")) if isinstance(new_nodes[i], dict) else "?") for i in raw.added]
    out.removed = [
        (i, str(old_nodes[i].get("type", "?")) if isinstance(old_nodes[i], dict) else "?") for i in raw.removed
    ]
    for change in raw.changed:
        path = change.path
        if len(path) == 4 and path[0] == "nodes" and path[2] == "inputs":
            before, after = _wires(change.old), _wires(change.new)
            if (before or change.old is MISSING) and (after or change.new is MISSING):
                target = f"{path[1]}.{path[3]}"
                out.wires_removed += [(target, w) for w in before if w not in after]
                out.wires_added += [(target, w) for w in after if w not in before]
                if not (set(before) ^ set(after)):  # the same wires, in another order
                    out.changed.append((_place(path), change.old, change.new))
                continue
        out.changed.append((_place(path), change.old, change.new))
    return out


def _place(path: tuple[str, ...]) -> str:
    if path and path[0] == "nodes":
        return ".".join(p for i, p in enumerate(path[1:]) if not (i == 1 and p in ("params", "inputs")))
    return ".".join(path)


def flat_lines(doc: Mapping[str, Any]) -> Iterator[str]:
    """One line per value, nodes in file order: what git diffs when this is its ``textconv``."""
    for key, value in doc.items():
        if key != "nodes":
            yield f"{key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"
    for node_id, node in _nodes(doc).items():
        if not isinstance(node, dict):
            yield f"{node_id}: {json.dumps(node, ensure_ascii=False)}"
            continue
        yield f"{node_id}: {node.get('type', '?')}"
        for key, value in node.items():
            if key == "type":
                continue
            if key in ("params", "inputs") and isinstance(value, dict):
                for port, v in value.items():
                    yield f"{node_id}.{port}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
            else:
                yield f"{node_id}.{key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"
