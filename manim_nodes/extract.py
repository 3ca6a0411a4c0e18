"""Turning a selection of nodes into a subgraph: a new graph file, and one node in their place.

The new graph holds the selected nodes as they were. Each wire that came into the selection
from outside becomes one of its ``inputs`` (named after the port it feeds) and a ``$name``
wire inside; each wire that left it becomes one of its ``outputs`` (named after the node it
comes from). The parent keeps every other node, with one Subgraph node where the selection
was, wired exactly as the selection was, so it draws the same frames.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .catalog import CATALOG
from .catalog.subgraph import SUBGRAPH
from .problems import GraphError, did_you_mean
from .schema import ID_PATTERN
from .store import StoreError, check_name
from .subgraphs import Library, SubgraphMissing, declared_inputs, is_subgraph
from .wires import SEPARATOR, Wire


class ExtractError(StoreError):
    """A selection that cannot become a subgraph (400): empty, unknown ids, the Scene, a bad id."""


@dataclass(frozen=True)
class Extraction:
    """The parent graph with the Subgraph node in place of the selection, and the new graph."""

    parent: dict[str, Any]
    created: dict[str, Any]


def extract(
    parent: dict[str, Any], selection: list[str], into: str, node_id: str, library: Library | None = None
) -> Extraction:
    """Move the nodes ``selection`` of ``parent`` into a new graph named ``into``, used by a new
    Subgraph node ``node_id`` of the parent. ``library`` tells the ports of Subgraph nodes in the
    selection (the kinds of their inputs). Raises ExtractError; changes nothing it is given."""
    nodes: dict[str, Any] = parent.get("nodes") if isinstance(parent.get("nodes"), dict) else {}  # type: ignore[assignment]
    chosen = _checked_selection(nodes, selection, node_id)
    check_name(into)
    ports = _PortKinds(nodes, library)
    inputs: dict[str, dict[str, Any]] = {}  # the new graph's declared inputs
    given: dict[str, Any] = {}  # the Subgraph node's wires into them
    incoming: dict[tuple[str, str], str] = {}  # (outside wire, kind) -> input name
    declared = declared_inputs(parent)

    def inward(text: str, consumer: str, port: str) -> str:
        source = Wire.parse(text, "").source
        if source in chosen:
            return text
        kind = ports.kind(consumer, port)
        key = (text, kind)
        if key not in incoming:
            name = _unique(port, inputs)
            entry: dict[str, Any] = {"kind": kind}
            if text.startswith("$") and declared.get(text[1:], {}).get("list") is True:
                entry["list"] = True
            incoming[key] = name
            inputs[name] = entry
            given[name] = text
        return f"${incoming[key]}"

    inner: dict[str, Any] = {}
    for nid in (n for n in nodes if n in chosen):
        node = copy.deepcopy(nodes[nid])
        _map_inputs(node, partial(_toward, inward, nid))
        inner[nid] = node

    outputs: dict[str, str] = {}  # the new graph's outputs: name -> wire to its node
    outgoing: dict[str, str] = {}  # explicit inner wire -> output name

    def outward(text: str, consumer: str | None, port: str | None) -> str:
        wire = Wire.parse(text, "")
        if wire.source not in chosen:
            return text
        explicit = ports.explicit(wire, consumer, port)
        if explicit not in outgoing:
            wanted = wire.source if wire.source not in outputs else explicit.replace(SEPARATOR, "_")
            name = _unique(wanted, outputs)
            outgoing[explicit] = name
            outputs[name] = explicit
        return f"{node_id}{SEPARATOR}{outgoing[explicit]}"

    rest: dict[str, Any] = {}
    for nid, node in nodes.items():
        if nid in chosen:
            if nid == next(iter(chosen)):
                rest[node_id] = _subgraph_node(into, given, [nodes[n] for n in chosen])
            continue
        node = copy.deepcopy(node)
        _map_inputs(node, partial(_toward, outward, nid))
        rest[nid] = node
    new_parent = {**copy.deepcopy({k: v for k, v in parent.items() if k != "nodes"}), "nodes": rest}
    if isinstance(parent.get("outputs"), dict):
        new_parent["outputs"] = {
            name: outward(text, None, None) if isinstance(text, str) else text
            for name, text in parent["outputs"].items()
        }
    created: dict[str, Any] = {"version": 1}
    if inputs:
        created["inputs"] = inputs
    if outputs:
        created["outputs"] = outputs
    created["nodes"] = inner
    return Extraction(_ordered(new_parent, parent), created)


def _checked_selection(nodes: dict[str, Any], selection: list[str], node_id: str) -> dict[str, None]:
    """The selection in the parent's node order, or ExtractError saying why it cannot move."""
    if not isinstance(selection, list) or not selection:
        raise ExtractError("select at least one node to turn into a subgraph")
    for nid in selection:
        if not isinstance(nid, str) or nid not in nodes:
            raise ExtractError(f"no node named {nid!r}{did_you_mean(str(nid), nodes)}", {"node": nid})
        if isinstance(nodes[nid], dict) and nodes[nid].get("type") == "Scene":
            raise ExtractError(
                f"'{nid}' is the Scene: it stays in this graph; select the nodes it shows or plays", {"node": nid}
            )
    if not isinstance(node_id, str) or not re.fullmatch(ID_PATTERN.strip("^$"), node_id):
        raise ExtractError(
            f"{node_id!r} is not a valid node id: use letters, digits and _, not starting with a digit",
            {"id": node_id},
        )
    if node_id in nodes and node_id not in selection:
        raise ExtractError(f"a node named '{node_id}' already exists: choose another id", {"id": node_id})
    chosen = set(selection)
    return {nid: None for nid in nodes if nid in chosen}


class _PortKinds:
    """The kinds of the ports wires go into, and the outputs unnamed wires mean."""

    def __init__(self, nodes: dict[str, Any], library: Library | None) -> None:
        self.nodes = nodes
        self.library = library

    def kind(self, node_id: str, port: str) -> str:
        node = self.nodes.get(node_id)
        graph = node.get("graph") if is_subgraph(node) else None
        if isinstance(graph, str) and self.library is not None:
            try:
                found = self.library.interface(graph).node_type().port(port)
            except (SubgraphMissing, GraphError):
                found = None
            return found.kind if found is not None else "mobject"
        node_type = CATALOG.get(node.get("type", "")) if isinstance(node, dict) else None
        found = node_type.port(port) if node_type is not None else None
        return found.kind if found is not None else "mobject"

    def explicit(self, wire: Wire, consumer: str | None, port: str | None) -> str:
        """``node.port`` for a wire: an unnamed one says which output it reads, the first that fits
        the port it goes into, so the new graph's output has the kind the consumer had."""
        if wire.output is not None:
            return f"{wire.source}{SEPARATOR}{wire.output}"
        node = self.nodes.get(wire.source)
        node_type = CATALOG.get(node.get("type", "")) if isinstance(node, dict) and not is_subgraph(node) else None
        if node_type is None or len(node_type.outputs) < 2:
            return wire.source
        into = self.kind(consumer, port) if consumer is not None and port is not None else None
        output = node_type.output(None, into=into)
        return (
            wire.source
            if output is None or output is node_type.outputs[0]
            else f"{wire.source}{SEPARATOR}{output.name}"
        )


def _toward(change: Callable[[str, str, str], str], consumer: str, text: str, port: str) -> str:
    """``change`` of one wire of node ``consumer``, as ``_map_inputs`` calls it."""
    return change(text, consumer, port)


def _map_inputs(node: Any, change: Callable[[str, str], str]) -> None:
    """Rewrite each wire of ``node`` in place: ``change(wire, port)``."""
    inputs = node.get("inputs") if isinstance(node, dict) else None
    if not isinstance(inputs, dict):
        return
    for port, value in inputs.items():
        if isinstance(value, str):
            inputs[port] = change(value, port)
        elif isinstance(value, list):
            inputs[port] = [change(v, port) if isinstance(v, str) else v for v in value]


def _unique(wanted: str, taken: dict[str, Any]) -> str:
    candidate, count = wanted, 1
    while candidate in taken:
        count += 1
        candidate = f"{wanted}_{count}"
    return candidate


def _subgraph_node(into: str, given: dict[str, Any], moved: list[Any]) -> dict[str, Any]:
    """The node that stands for the selection, at its centre."""
    node: dict[str, Any] = {"type": SUBGRAPH.type, "graph": into}
    if given:
        node["inputs"] = dict(given)
    places = [n["pos"] for n in moved if isinstance(n, dict) and isinstance(n.get("pos"), list) and len(n["pos"]) == 2]
    if places:
        node["pos"] = [round(sum(p[0] for p in places) / len(places)), round(sum(p[1] for p in places) / len(places))]
    return node


def _ordered(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """``new``'s top-level keys in ``old``'s order: a save rewrites nothing else."""
    return {key: new[key] for key in [*(k for k in old if k in new), *(k for k in new if k not in old)]}
