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
import itertools
import json
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
    """``text`` (holding ``old``) rewritten to hold ``new``, touching only changed nodes and
    changed top-level keys (a note on the canvas, the description); or None."""
    old_nodes, new_nodes = old.get("nodes"), new.get("nodes")
    if not isinstance(old_nodes, dict) or not isinstance(new_nodes, dict) or not new_nodes:
        return None
    if {k: v for k, v in old.items() if k != "nodes"} != {k: v for k, v in new.items() if k != "nodes"}:
        between = {key: (new_nodes if key == "nodes" else value) for key, value in old.items()}
        spliced = text if old_nodes == new_nodes else splice_nodes(text, old, between)
        return None if spliced is None else _splice_top(spliced, between, new)
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


def top_blocks(text: str) -> dict[str, int] | None:
    """The line of each top-level key of a block-style document, in file order; or None."""
    starts: dict[str, int] = {}
    for depth, is_key, event in _walk(text):
        kind = type(event)
        if kind is AliasEvent or (depth == 0 and kind is MappingStartEvent and not _block_mapping(event)):
            return None
        if depth == 1 and is_key:
            if kind is not ScalarEvent or event.start_mark.column != 0:
                return None
            starts[event.value] = event.start_mark.line
    return starts or None


def _splice_top(text: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """``text`` with the top-level keys other than ``nodes`` that changed between ``old`` and
    ``new`` rewritten, added or removed, block by block; None when keys were reordered."""
    starts = top_blocks(text)
    kept = [key for key in new if key in old]
    if starts is None or list(starts) != list(old) or kept != [key for key in old if key in new]:
        return None
    lines = text.splitlines(keepends=True)
    order = list(old)

    def block(key: str) -> list[str]:
        at = order.index(key)
        return lines[starts[key] : starts[order[at + 1]] if at + 1 < len(order) else len(lines)]

    out = lines[: starts[order[0]]]
    try:
        for key, value in new.items():
            if key not in old:
                out.append(_fresh_block(key, value, 0))
            elif key == "nodes" or value == old[key]:
                out.extend(block(key))
            else:
                out.append(_changed_block(key, value, block(key), 0))
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
    except (GraphError, YAMLError):
        return None
    return "".join(out)


def _changed_block(node_id: str, node: Any, block: list[str], indent: int) -> str:
    text = "".join(line[indent:] if indent == 0 or line[:indent].isspace() else line.lstrip(" ") for line in block)
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


# ---------------------------------------------------------------- JSON


@dataclass
class _Span:
    """Where one JSON value sits in the text, and for objects and arrays where each member does."""

    start: int
    end: int
    members: list[tuple[str, int, _Span]] | None = None  # object: key, where the key starts, value
    items: list[_Span] | None = None  # array


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _json_spans(text: str) -> _Span | None:
    """The span tree of a JSON text, read as YAML flow (JSON is YAML) for its character marks."""
    stack: list[tuple[_Span, list[Any]]] = []  # open value, and the key waiting for its value
    root: _Span | None = None
    for event in c_yaml().parse(text):
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent or kind is ScalarEvent:
            span = _Span(event.start_mark.index, event.end_mark.index)
            if kind is MappingStartEvent:
                span.members = []
            elif kind is SequenceStartEvent:
                span.items = []
            if stack and stack[-1][0].members is not None and not stack[-1][1]:
                stack[-1][1].extend([event.value, span.start])  # a key
                continue
            if not stack:
                root = span
            elif stack[-1][0].members is not None:
                key, key_start = stack[-1][1]
                stack[-1][0].members.append((key, key_start, span))
                stack[-1][1].clear()
            else:
                stack[-1][0].items.append(span)  # type: ignore[union-attr]
            if kind is not ScalarEvent:
                stack.append((span, []))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            span, _ = stack.pop()
            span.end = event.end_mark.index
        elif kind is AliasEvent:
            return None
    return root


@dataclass(frozen=True)
class _JsonStyle:
    text: str
    unit: int  # spaces per level

    def line_indent(self, at: int) -> str:
        start = self.text.rfind("\n", 0, at) + 1
        line = self.text[start:at]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def one_line(self, span: _Span) -> bool:
        return "\n" not in self.text[span.start : span.end]

    def render(self, value: Any, at: int, inline: bool) -> str:
        """``value`` as JSON for position ``at``: on one line, or indented like its neighbours."""
        if inline or not isinstance(value, dict | list) or not value:
            return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        pad = self.line_indent(at)
        return json.dumps(value, ensure_ascii=False, indent=self.unit).replace("\n", "\n" + pad)


def _indent_unit(text: str) -> int:
    lines = text.splitlines()
    for above, line in itertools.pairwise(lines):
        if above.rstrip().endswith(("{", "[")):
            step = (len(line) - len(line.lstrip(" "))) - (len(above) - len(above.lstrip(" ")))
            if step > 0:
                return step
    return 2


def _same(old: Any, new: Any) -> bool:
    return type(old) is type(new) and old == new


def _json_edits(old: Any, new: Any, span: _Span, style: _JsonStyle) -> list[Edit]:
    """The smallest replacements that turn the text of ``old`` at ``span`` into ``new``."""
    if _same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict) and span.members is not None:
        edits = _object_edits(old, new, span, style)
        if edits is not None:
            return edits
    if isinstance(old, list) and isinstance(new, list) and span.items is not None and len(old) == len(new):
        return [e for o, n, item in zip(old, new, span.items, strict=True) for e in _json_edits(o, n, item, style)]
    return [(span.start, span.end, style.render(new, span.start, style.one_line(span)))]


def _object_edits(old: dict[str, Any], new: dict[str, Any], span: _Span, style: _JsonStyle) -> list[Edit] | None:
    """Members changed in place, removed with their comma, added beside their neighbours; None to rewrite."""
    members = span.members or []
    kept = [i for i, (key, _, _) in enumerate(members) if key in new]
    if not kept or [members[i][0] for i in kept] != [k for k in new if k in old]:
        return None
    edits: list[Edit] = []
    for i in kept:
        key, _, value = members[i]
        edits += _json_edits(old[key], new[key], value, style)
    last_kept = kept[-1]
    for i, (key, key_start, _) in enumerate(members):
        if key not in new and i < last_kept:
            edits.append((key_start, members[i + 1][1], ""))
    if last_kept < len(members) - 1:  # removed at the end: from the last kept value on
        edits.append((members[last_kept][2].end, members[-1][2].end, ""))
    gap = style.text[members[0][2].end + 1 : members[1][1]] if len(members) > 1 else None
    if gap is None or "," in gap:
        gap = " " if style.one_line(span) else "\n" + style.line_indent(members[0][1])
    inline = style.one_line(members[kept[0]][2])  # a new member is written like its neighbour
    after: dict[int, list[str]] = {}
    previous: int | None = None
    for key, value in new.items():
        if key in old:
            previous = next(i for i in kept if members[i][0] == key)
            continue
        where = members[previous][2].end if previous is not None else members[kept[0]][1]
        text = f"{json.dumps(key, ensure_ascii=False)}: {style.render(value, members[kept[0]][1], inline)}"
        after.setdefault(where, []).append(("," + gap + text) if previous is not None else (text + "," + gap))
    for where, texts in after.items():
        edits.append((where, where, "".join(texts)))
    return edits


def _apply(text: str, edits: list[Edit]) -> str | None:
    """``text`` with ``edits`` made; None when two of them overlap."""
    merged: list[Edit] = []
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if merged and start < merged[-1][1]:
            return None
        if merged and start == merged[-1][0] == merged[-1][1]:  # an insertion, then more at the same place
            merged[-1] = (start, end, merged[-1][2] + replacement)
        else:
            merged.append((start, end, replacement))
    out, at = [], 0
    for start, end, replacement in merged:
        out += [text[at:start], replacement]
        at = end
    return "".join(out) + text[at:]


def splice_json(text: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """``text`` (holding ``old``) edited to hold ``new``, keeping its layout; or None to rewrite it.

    A changed value replaces only its own text, so one edit is a one-line diff in any layout.
    """
    try:
        root = _json_spans(text)
    except YAMLError:
        return None  # JSON that libyaml does not read (escaped surrogate pairs): rewrite it
    if root is None:
        return None
    return _apply(text, _json_edits(old, new, root, _JsonStyle(text, _indent_unit(text))))
