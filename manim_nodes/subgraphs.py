"""Graphs used as nodes of other graphs (docs/file-format.md, "Subgraphs").

A graph file that declares ``inputs`` and ``outputs`` can be one node of another graph: a
``Subgraph`` node names it by ``graph``, and its own nodes read its inputs through ``$name``
wires. This module finds such files by name (``Resolve``, ``Library``), reads what they offer
(``Interface``), finds files that use each other in a circle (``cycle_of``) and inlines them
(``flatten``, ``standalone``), so that the compiler and the liveness analysis see one flat
graph, as the ejected script is one flat file. Checking them is ``validate.py``'s job.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard, cast

from .catalog import CATALOG
from .catalog.model import ALL_KINDS, OBJECT_KINDS, Kind, NodeType, Output, Port
from .catalog.subgraph import SUBGRAPH
from .document import Document, load_path
from .problems import GraphError, Problem, did_you_mean
from .wires import SEPARATOR, Wire, graph_input, wires_of

ARROW = " → "  # between the graphs of a cycle: main → parts/a → main


class SubgraphMissing(Exception):
    """No graph of that name can be used: none exists, or the name is not a graph name."""


class FlattenError(Exception):
    """A subgraph that cannot be inlined, placed on the node of the outer graph that uses it."""

    def __init__(self, message: str, node: str) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


@dataclass(frozen=True)
class Found:
    """A graph found by name: its data, its file as messages name it, and its document (positions)."""

    name: str
    data: dict[str, Any]
    file: str
    document: Document | None = None


# A graph by its name in the data dir; raises SubgraphMissing, or GraphError for a file that does not parse.
Resolve = Callable[[str], Found]


def directory_resolver(directory: Path) -> Resolve:
    """Graphs by name in the data dir ``directory``, read from disk at each call."""
    from .store import StoreError, find_graph, graph_files, name_problem  # store -> validate -> here

    def resolve(name: str) -> Found:
        problem = name_problem(name)
        if problem is not None:
            raise SubgraphMissing(f"'{name}' is not a graph name: {problem}")
        try:
            path = find_graph(directory, name)
        except StoreError as exc:
            raise SubgraphMissing(str(exc)) from None
        if path is None:
            names = [found for found, _ in graph_files(directory)]
            raise SubgraphMissing(f"no graph named '{name}'{did_you_mean(name, names)}")
        file = f"{name}{path.suffix}"
        document = load_path(path)
        if not isinstance(document.data, dict):
            raise GraphError([Problem("the file must be a mapping with 'version' and 'nodes'")], file)
        return Found(name, document.data, file, document)

    return resolve


def name_in(directory: Path, path: Path) -> str | None:
    """The graph name of file ``path`` in data dir ``directory`` (``parts/labelled_dot``), if it is in it."""
    try:
        relative = path.resolve().relative_to(directory.resolve())
    except (OSError, ValueError):
        return None
    return relative.with_suffix("").as_posix()


# ---------------------------------------------------------------- what a graph offers


def is_subgraph(node: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(node, dict) and node.get("type") == SUBGRAPH.type


def used_graphs(data: Any) -> Iterator[tuple[str, str]]:
    """``(node id, graph name)`` of every Subgraph node of ``data``."""
    nodes = data.get("nodes") if isinstance(data, dict) else None
    for node_id, node in nodes.items() if isinstance(nodes, dict) else ():
        if is_subgraph(node) and isinstance(node.get("graph"), str):
            yield node_id, node["graph"]


def uses_subgraphs(data: Any) -> bool:
    nodes = data.get("nodes") if isinstance(data, dict) else None
    return isinstance(nodes, dict) and any(is_subgraph(node) for node in nodes.values())


def declares_interface(data: Any) -> bool:
    """Whether the graph says how it is used as a node (``inputs`` or ``outputs``)."""
    return isinstance(data, dict) and ("inputs" in data or "outputs" in data)


def declared_inputs(data: Any) -> dict[str, dict[str, Any]]:
    """The well-formed entries of the graph's ``inputs``, by name."""
    inputs = data.get("inputs") if isinstance(data, dict) else None
    if not isinstance(inputs, dict):
        return {}
    return {
        name: entry
        for name, entry in inputs.items()
        if isinstance(name, str) and isinstance(entry, dict) and entry.get("kind") in ALL_KINDS
    }


def input_port(name: str, entry: dict[str, Any]) -> Port:
    """A declared input as a port: required when nothing stands in for it (no default)."""
    description = entry.get("description")
    return Port(
        name,
        cast(Kind, entry["kind"]),
        entry.get("default"),
        description if isinstance(description, str) else "",
        list=entry.get("list") is True,
        required=entry.get("default") is None,
    )


@dataclass(frozen=True)
class Interface:
    """A graph's ports when used as a node: its declared inputs, and its outputs with their kinds
    (None for an output whose wire leads nowhere: the graph's own validation says so)."""

    name: str
    inputs: tuple[Port, ...]
    outputs: tuple[tuple[str, str | None], ...]

    def node_type(self) -> NodeType:
        """As a catalog entry, for the checks every node gets; named so that messages name the graph."""
        outputs = tuple(Output(name, cast(Kind, kind)) for name, kind in self.outputs if kind is not None)
        return NodeType(f"subgraph {self.name}", SUBGRAPH.category, SUBGRAPH.description, self.inputs, outputs)

    def to_json(self) -> dict[str, Any]:
        inputs = []
        for port in self.inputs:
            row: dict[str, Any] = {"name": port.name, "kind": port.kind}
            if port.default is not None:
                row["default"] = port.default
            if port.description:
                row["description"] = port.description
            inputs.append({**row, "list": port.list})
        return {"inputs": inputs, "outputs": [{"name": name, "kind": kind} for name, kind in self.outputs]}


class Library:
    """The graphs one validation or compile uses, by name, each read once: one run sees one
    version of each file. ``verdicts`` holds validate.py's problems of each, placed."""

    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve
        self.verdicts: dict[str, list[Problem]] = {}
        self._found: dict[str, Found | SubgraphMissing | GraphError] = {}
        self._interfaces: dict[str, Interface] = {}
        self._acyclic: set[str] = set()

    def find(self, name: str) -> Found:
        """Raises SubgraphMissing or GraphError, the same each time for one name."""
        if name not in self._found:
            try:
                self._found[name] = self.resolve(name)
            except (SubgraphMissing, GraphError) as exc:
                self._found[name] = exc
        found = self._found[name]
        if isinstance(found, Exception):
            raise found
        return found

    def interface(self, name: str, seen: frozenset[str] = frozenset()) -> Interface:
        if name not in self._interfaces:
            self._interfaces[name] = interface_of(name, self.find(name).data, self, seen | {name})
        return self._interfaces[name]

    def cycle_of(self, path: tuple[str, ...]) -> list[str] | None:
        """The first cycle of graphs using each other reached from the last graph of ``path`` (the
        graphs that led to it come first), as names: ``[main, parts/a, main]``; None if none."""
        current = path[-1]
        if current in self._acyclic:
            return None
        try:
            data = self.find(current).data
        except (SubgraphMissing, GraphError):
            return None
        for _, target in used_graphs(data):
            if target in path:
                return [*path[path.index(target) :], target]
            cycle = self.cycle_of((*path, target))
            if cycle is not None:
                return cycle
        self._acyclic.add(current)
        return None


def interface_of(
    name: str, data: dict[str, Any], library: Library | None, seen: frozenset[str] = frozenset()
) -> Interface:
    """What graph ``name`` offers as a node. Output kinds through nested subgraphs need ``library``."""
    inputs = tuple(input_port(input_name, entry) for input_name, entry in declared_inputs(data).items())
    outputs = data.get("outputs")
    kinds = [
        (out, _output_kind(data, wire, library, seen) if isinstance(wire, str) else None)
        for out, wire in (outputs.items() if isinstance(outputs, dict) else ())
    ]
    return Interface(name, inputs, tuple(kinds))


def _output_kind(data: dict[str, Any], text: str, library: Library | None, seen: frozenset[str]) -> str | None:
    wire = Wire.parse(text, "")
    nodes = data.get("nodes")
    node = nodes.get(wire.source) if isinstance(nodes, dict) else None
    if not isinstance(node, dict):
        return None
    if is_subgraph(node):
        target = node.get("graph")
        if library is None or not isinstance(target, str) or target in seen:
            return None
        try:
            inner = dict(library.interface(target, seen).outputs)
        except (SubgraphMissing, GraphError):
            return None
        return inner.get(wire.output) if wire.output else next(iter(inner.values()), None)
    node_type = CATALOG.get(node.get("type", ""))
    output = node_type.output(wire.output) if node_type is not None else None
    return output.kind if output is not None else None


def interface_json(data: Any, library: Library | None, name: str) -> dict[str, Any] | None:
    """``interface`` of a ``GET /api/graphs`` row: null for a graph that declares neither inputs nor outputs."""
    if not declares_interface(data):
        return None
    return interface_of(name, data, library).to_json()


# ---------------------------------------------------------------- inlining

# What stands in for a graph input: ("wire", a wire or a list of wires) or ("value", a literal),
# and whether the input is a list (its wires or values go into a list port one by one).
Given = tuple[str, Any, bool]


@dataclass
class Flat:
    """A graph with every Subgraph node replaced by the nodes its outputs need."""

    nodes: dict[str, dict[str, Any]]
    outputs: dict[str, str]
    origin: dict[str, str] = field(default_factory=dict)  # inlined node -> the Subgraph node it replaces
    # inlined node -> the comments that head its block, outermost first ("a: parts/labelled_dot")
    blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def data(self, original: dict[str, Any]) -> dict[str, Any]:
        """``original`` with these nodes and outputs (its declared inputs kept)."""
        flat = {**original, "nodes": self.nodes}
        if "outputs" in original:
            flat["outputs"] = self.outputs
        return flat


def flatten(data: dict[str, Any], library: Library | None, stack: tuple[str, ...] = ()) -> Flat:
    """Inline every Subgraph node of ``data`` (recursively): inner ids get the Subgraph node's id
    as a prefix (``a_dot``, unique), ``$name`` wires inside take what the node gives (its param,
    its wire, or the input's default), and wires to the node go to the outputs it names.
    ``data``'s own ``$name`` wires stay: the graph that uses it fills them. ``stack``: the graphs
    being inlined around this one, so that a cycle stops rather than recursing for ever."""
    nodes: dict[str, Any] = data.get("nodes") or {}
    taken = set(nodes)
    flat = Flat({}, {})
    exits: dict[str, dict[str, str]] = {}
    for node_id, node in nodes.items():
        if not is_subgraph(node):
            flat.nodes[node_id] = copy.deepcopy(node)
            continue
        target = node.get("graph")
        if not isinstance(target, str):
            raise FlattenError(f"Subgraph '{node_id}' names no graph", node_id)
        if target in stack:
            raise FlattenError(
                f"graphs use each other in a cycle: {ARROW.join([*stack[stack.index(target) :], target])}", node_id
            )
        if library is None:
            raise FlattenError(
                f"Subgraph '{node_id}' uses the graph '{target}', which is found by name in a data directory: "
                "compile this graph from its file or with a data directory",
                node_id,
            )
        try:
            found = library.find(target)
        except SubgraphMissing as exc:
            raise FlattenError(str(exc), node_id) from None
        except GraphError as exc:
            raise FlattenError(f"the subgraph '{target}' cannot be read: {exc}", node_id) from None
        inner = flatten(found.data, library, (*stack, target))
        rename = {inner_id: _unique(f"{node_id}_{inner_id}", taken) for inner_id in _needed(inner)}
        given = _given(node, found.data)

        def missing(name: str, node_id: str = node_id, target: str = target) -> FlattenError:
            return FlattenError(f"Subgraph '{node_id}' gives nothing for '{name}' of {target}: wire or set it", node_id)

        for inner_id, inner_node in inner.nodes.items():
            if inner_id in rename:
                new_id = rename[inner_id]
                flat.nodes[new_id] = _substituted(_renamed(inner_node, rename), given, missing, node_id)
                flat.origin[new_id] = node_id
                nested = inner.blocks.get(inner_id, ())
                flat.blocks[new_id] = (f"{node_id}: {target}", *(f"{node_id}_{text}" for text in nested))
        exits[node_id] = {name: _renamed_wire(wire, rename) for name, wire in inner.outputs.items()}
    if exits:
        for node in flat.nodes.values():
            _through_exits(node, exits)
    outputs = data.get("outputs")
    for name, wire in outputs.items() if isinstance(outputs, dict) else ():
        if isinstance(wire, str):
            flat.outputs[name] = _exit(wire, exits)
    return flat


def standalone(data: dict[str, Any], library: Library | None) -> Flat:
    """The graph as it renders on its own: its subgraphs inlined and each of its own ``$name``
    wires given the input's default. An input without one (every object input) makes it a part
    that renders only as a node of another graph: FlattenError says so, on the node that reads it."""
    flat = flatten(data, library)
    declared = declared_inputs(data)
    defaults: dict[str, Given] = {
        name: ("value", entry["default"], entry.get("list") is True)
        for name, entry in declared.items()
        if entry.get("default") is not None
    }
    for node_id in list(flat.nodes):
        owner = flat.origin.get(node_id, node_id)

        def missing(name: str, owner: str = owner) -> FlattenError:
            kind = declared.get(name, {}).get("kind", "value")
            why = "an object input is always wired" if kind in OBJECT_KINDS else "it has no default"
            return FlattenError(
                f"this graph's input '{name}' ({kind}) has nothing to stand in for it when the graph renders "
                f"on its own ({why}): it renders as a Subgraph node of another graph that gives '{name}'",
                owner,
            )

        flat.nodes[node_id] = _substituted(flat.nodes[node_id], defaults, missing, owner)
    return flat


def _needed(flat: Flat) -> set[str]:
    """The nodes the outputs are built from; the rest (the graph's own Scene and what only it
    shows) stay out of the graph that uses it."""
    needed: set[str] = set()
    stack = [Wire.parse(wire, "").source for wire in flat.outputs.values()]
    while stack:
        node_id = stack.pop()
        if node_id in needed or node_id not in flat.nodes:
            continue
        needed.add(node_id)
        stack += [wire.source for _, wire in wires_of(flat.nodes[node_id], node_id)]
    return needed


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, count = wanted, 1
    while candidate in taken:
        count += 1
        candidate = f"{wanted}_{count}"
    taken.add(candidate)
    return candidate


def _given(node: dict[str, Any], target: dict[str, Any]) -> dict[str, Given]:
    """What the Subgraph node gives each input of its graph: a wire, a value, or the default."""
    params: dict[str, Any] = node["params"] if isinstance(node.get("params"), dict) else {}
    inputs: dict[str, Any] = node["inputs"] if isinstance(node.get("inputs"), dict) else {}
    given: dict[str, Given] = {}
    for name, entry in declared_inputs(target).items():
        is_list = entry.get("list") is True
        if name in inputs:
            given[name] = ("wire", inputs[name], is_list)
        elif name in params:
            given[name] = ("value", params[name], is_list)
        elif entry.get("default") is not None:
            given[name] = ("value", entry["default"], is_list)
    return given


def _map_wires(node: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    inputs = node.get("inputs")
    if not isinstance(inputs, dict):
        return node
    changed = {
        port: change(value) if isinstance(value, str) else [change(v) if isinstance(v, str) else v for v in value]
        if isinstance(value, list) else value
        for port, value in inputs.items()
    }  # fmt: skip
    return {**node, "inputs": changed}


def _renamed_wire(text: str, rename: dict[str, str]) -> str:
    wire = Wire.parse(text, "")
    if wire.source not in rename:
        return text
    return rename[wire.source] + (SEPARATOR + wire.output if wire.output else "")


def _renamed(node: dict[str, Any], rename: dict[str, str]) -> dict[str, Any]:
    return _map_wires(node, lambda text: _renamed_wire(text, rename))


def _exit(text: str, exits: dict[str, dict[str, str]]) -> str:
    """A wire to a Subgraph node, as the wire to the inner node its output names (``a`` alone: the first)."""
    wire = Wire.parse(text, "")
    outputs = exits.get(wire.source)
    if outputs is None:
        return text
    if wire.output is None:
        return next(iter(outputs.values()), text)
    return outputs.get(wire.output, text)


def _through_exits(node: dict[str, Any], exits: dict[str, dict[str, str]]) -> None:
    inputs = node.get("inputs")
    if isinstance(inputs, dict):
        node["inputs"] = _map_wires(node, lambda text: _exit(text, exits))["inputs"]


def _substituted(
    node: dict[str, Any], given: dict[str, Given], missing: Callable[[str], FlattenError], owner: str
) -> dict[str, Any]:
    """``node`` with its ``$name`` wires replaced by what stands in for each input: a wire stays a
    wire, a value moves to ``params``."""
    inputs = node.get("inputs")
    if not isinstance(inputs, dict) or not any(_reads_input(value) for value in inputs.values()):
        return node
    params = dict(node.get("params") or {})
    wired: dict[str, Any] = {}
    for port, value in inputs.items():
        if isinstance(value, list):
            wires: list[Any] = []
            values: list[Any] = []
            by_value = False
            for item in value:
                name = graph_input(item)
                if name is None:
                    wires.append(item)
                    continue
                if name not in given:
                    raise missing(name)
                how, what, is_list = given[name]
                by_value = by_value or how == "value"
                (wires if how == "wire" else values).extend(what if is_list and isinstance(what, list) else [what])
            if by_value and wires:
                raise FlattenError(
                    f"'{port}' mixes wires with values given to the subgraph's inputs: wire every input "
                    "that goes into a list of wires, or none",
                    owner,
                )
            if by_value:
                params[port] = values
            else:
                wired[port] = wires
            continue
        name = graph_input(value)
        if name is None:
            wired[port] = value
            continue
        if name not in given:
            raise missing(name)
        how, what, _ = given[name]
        if how == "wire":
            wired[port] = what
        else:
            params[port] = what
    result = {**node, "inputs": wired}
    if params or "params" in node:
        result["params"] = params
    return result


def _reads_input(value: Any) -> bool:
    if isinstance(value, list):
        return any(graph_input(item) is not None for item in value)
    return graph_input(value) is not None
