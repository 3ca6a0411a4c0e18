"""The canonical layout of a graph file (``manim-nodes fmt``), so diffs show edits, not styles.

- top-level keys in one order: ``version, name, description, scene, inputs, outputs,
  nodes``, then any other key (``canvas``, ``x-*``) in the order it had;
- each node one block, its keys in one order: ``type, graph, inputs, params, pos``,
  then any other; ports keep the order they were written in (it is the user's);
- two-space indentation, YAML comments kept; in JSON, one line per node member
  (``"params": {"radius": 1}``), the structure above it indented by two.

Saves put each node's keys in the same order (``canonical_nodes``), so a formatted
file stays formatted when edited in the editor. (Top-level keys keep the order the
file has: reordering them would rewrite the whole file on every save.)
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .document import Format, load_bytes, new_yaml

TOP_FIRST = ("version", "name", "description", "scene", "inputs", "outputs", "nodes")
NODE_FIRST = ("type", "graph", "inputs", "params", "pos")


def _order(keys: Sequence[Any], first: Sequence[str]) -> list[Any]:
    return [k for k in first if k in keys] + [k for k in keys if k not in first]


def canonical_order(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its top-level and node keys in the canonical order (values shared)."""
    return canonical_nodes({key: data[key] for key in _order(list(data), TOP_FIRST)})


def canonical_nodes(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each node's keys in the canonical order (values shared)."""
    out = dict(data)
    nodes = out.get("nodes")
    if isinstance(nodes, dict):
        out["nodes"] = {
            node_id: {k: node[k] for k in _order(list(node), NODE_FIRST)} if isinstance(node, dict) else node
            for node_id, node in nodes.items()
        }
    return out


JSON_INLINE_DEPTH = 3  # a node's members: {"nodes": {"id": {"params": ...}}}


def _json(value: Any, depth: int) -> str:
    """JSON laid out like the YAML: structure on lines of its own, each node member on one line."""
    if depth >= JSON_INLINE_DEPTH or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_json(v, depth + 1)}" for k, v in value.items()]
        opening, closing = "{", "}"
    else:
        items = [pad + _json(v, depth + 1) for v in value]
        opening, closing = "[", "]"
    return opening + "\n" + ",\n".join(items) + "\n" + "  " * depth + closing


def _reorder(tree: CommentedMap, first: Sequence[str]) -> None:
    """In place, so each key keeps the comments attached to it."""
    for key in _order(list(tree), first):
        tree.move_to_end(key)


def formatted(raw: bytes, fmt: Format, file: str = "") -> bytes:
    """The canonical bytes of a graph file. Raises ``GraphError`` when it does not parse."""
    document = load_bytes(raw, fmt, file)
    if fmt == "json":
        return (_json(canonical_order(document.data), 0) + "\n").encode()
    tree = document.tree
    if not isinstance(tree, CommentedMap):
        return raw
    _reorder(tree, TOP_FIRST)
    nodes = tree.get("nodes")
    if isinstance(nodes, CommentedMap):
        nodes.fa.set_block_style()
        for node in nodes.values():
            if isinstance(node, CommentedMap):
                node.fa.set_block_style()
                _reorder(node, NODE_FIRST)
    stream = io.StringIO()
    new_yaml().dump(tree, stream)
    return stream.getvalue().encode()
