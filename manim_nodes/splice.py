"""Saving a YAML graph by rewriting only the nodes that changed.

The round-trip loader keeps comments and layout, but reads a 5000-node file in
seconds. A save from the editor changes a node or two, so the file is cut into
one block of lines per node (found from libyaml's events, which are fast), the
changed blocks alone go through the round-trip loader and dumper, and the
rest is kept byte for byte. Anything unusual (flow style, a change outside
``nodes``, nodes reordered, aliases) returns None, and the caller saves the
whole document the slow way; so does any result that does not read back as
exactly the new data (the caller checks).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .document import load_tree, merge_map, new_yaml, to_tree
from .plain_data import c_yaml
from .problems import GraphError


@dataclass(frozen=True)
class NodeBlocks:
    """Where each node of a block-style ``nodes:`` mapping sits, in whole lines."""

    lines: list[str]  # the file's lines, with their endings
    starts: dict[str, int]  # node id -> the line of its key
    indent: int  # the column of every node key
    end: int  # the line after the last node's block

    def block(self, node_id: str, order: list[str]) -> list[str]:
        at = order.index(node_id)
        stop = self.starts[order[at + 1]] if at + 1 < len(order) else self.end
        return self.lines[self.starts[node_id] : stop]


def _walk(text: str) -> Iterator[tuple[int, bool, Any]]:
    """Each parse event with its depth (open collections around it) and whether it is a mapping key."""
    stack: list[list[bool]] = []  # per open collection: [is a mapping, expects a key]
    for event in c_yaml().parse(text):
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            yield len(stack), False, event
            continue
        is_key = bool(stack) and stack[-1][0] and stack[-1][1]
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]
        yield len(stack), is_key, event
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append([kind is MappingStartEvent, True])


def _block_mapping(event: Any) -> bool:
    return type(event) is MappingStartEvent and not event.flow_style


def node_blocks(text: str) -> NodeBlocks | None:
    """The node blocks of ``text``, or None when its layout is not the plain block style."""
    starts: dict[str, int] = {}
    columns: set[int] = set()
    end: int | None = None
    top_key: Any = None
    in_nodes = closed = False
    for depth, is_key, event in _walk(text):
        kind = type(event)
        if kind is AliasEvent or (depth == 0 and kind is MappingStartEvent and not _block_mapping(event)):
            return None
        if depth == 1 and is_key:
            end = event.start_mark.line if closed and end is None else end
            top_key = event.value if kind is ScalarEvent else None
        elif depth == 1 and top_key == "nodes" and not in_nodes and not closed:
            if not _block_mapping(event):
                return None
            in_nodes = True
        elif depth == 2 and in_nodes and is_key:
            if kind is not ScalarEvent:
                return None
            starts[event.value] = event.start_mark.line
            columns.add(event.start_mark.column)
        elif depth == 1 and in_nodes and kind is MappingEndEvent:
            in_nodes, closed = False, True
    lines = text.splitlines(keepends=True)
    if not starts or len(columns) != 1:
        return None
    indent = columns.pop()
    if any(lines[line][:indent].strip() for line in starts.values()):
        return None  # a key that does not start its line
    return NodeBlocks(lines, starts, indent, len(lines) if end is None else end)


def splice_nodes(text: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """``text`` (holding ``old``) rewritten to hold ``new``, touching only changed nodes; or None."""
    old_nodes, new_nodes = old.get("nodes"), new.get("nodes")
    if not isinstance(old_nodes, dict) or not isinstance(new_nodes, dict) or not new_nodes:
        return None
    if {k: v for k, v in old.items() if k != "nodes"} != {k: v for k, v in new.items() if k != "nodes"}:
        return None
    if list(old) != list(new):
        return None
    kept = [node_id for node_id in new_nodes if node_id in old_nodes]
    if kept != [node_id for node_id in old_nodes if node_id in new_nodes]:
        return None  # reordered: the slow way keeps the new order
    blocks = node_blocks(text)
    if blocks is None or list(blocks.starts) != list(old_nodes):
        return None
    order = list(old_nodes)
    out = blocks.lines[: blocks.starts[order[0]]]
    try:
        for node_id, node in new_nodes.items():
            if node_id not in old_nodes:
                out.append(_fresh_block(node_id, node, blocks.indent))
            elif node == old_nodes[node_id]:
                out.extend(blocks.block(node_id, order))
            else:
                out.append(_changed_block(node_id, node, blocks.block(node_id, order), blocks.indent))
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
    except (GraphError, YAMLError):
        return None
    out.extend(blocks.lines[blocks.end :])
    return "".join(out)


def _changed_block(node_id: str, node: Any, block: list[str], indent: int) -> str:
    text = "".join(line[indent:] if line[:indent].isspace() else line.lstrip(" ") for line in block)
    tree = load_tree(text, "")
    if not isinstance(tree, CommentedMap) or list(tree) != [node_id]:
        raise GraphError([])
    merge_map(tree, {node_id: node}, "")
    return _dump(tree, indent)


def _fresh_block(node_id: str, node: Any, indent: int) -> str:
    return _dump(CommentedMap([(node_id, to_tree(node, node_id))]), indent)


def _dump(tree: CommentedMap, indent: int) -> str:
    stream = io.StringIO()
    new_yaml().dump(tree, stream)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in stream.getvalue().splitlines(keepends=True))
