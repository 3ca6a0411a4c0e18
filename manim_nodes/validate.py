"""Validation in two layers: the JSON Schema for structure, then the graph's meaning.

Every problem is collected, not only the first, each placed by JSON pointer,
line and column, and worded for a person with a suggestion where one is likely.
"""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .assets import collect_assets, path_problem
from .catalog import CATALOG, MANIM_COLORS, THREE_D_TYPES, kinds_fit
from .catalog.animations import ANIMATE_STEPS
from .catalog.model import (
    ALL_KINDS,
    OBJECT_KINDS,
    TABLE_MAX_CELL_CHARS,
    TABLE_MAX_COLUMNS,
    TABLE_MAX_ROWS,
    NodeType,
    Port,
)
from .catalog.subgraph import SUBGRAPH
from .conflicts import conflict_problems
from .document import Document, load_path
from .expressions import ExpressionError, parse_expression
from .liveness import analyse
from .problems import GraphError, Problem, did_you_mean, pointer
from .schema import (
    CANVAS_KEYS,
    FRAME_KEYS,
    INPUT_KEYS,
    NOTE_KEYS,
    TOP_LEVEL_KEYS,
    build_schema,
    graph_input_value_schema,
    node_ports_schema,
)
from .subgraphs import (
    ARROW,
    FlattenError,
    Found,
    Library,
    Resolve,
    SubgraphMissing,
    declared_inputs,
    declares_interface,
    directory_resolver,
    flatten,
    input_port,
    is_subgraph,
    name_in,
    used_graphs,
    uses_subgraphs,
)
from .wires import Wire, dependency_order, wires_of


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema means it: ``$`` is the end of the text, as in JavaScript.

    Python's ``$`` also matches before a final newline, so ``"circle\\n"`` would pass an
    id pattern and then break the script.
    """
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator: type[Draft202012Validator] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern}
)


@cache
def _structure_validator() -> Draft202012Validator:
    """The published schema without its per-type rules: those run per node below.

    Checking each node only against its own type's rules gives the same errors
    as the published schema, about ten times faster on large graphs.
    """
    schema = build_schema()
    del schema["$defs"]["node"]["allOf"]
    return _Validator(schema)


@cache
def _ports_validator(type_name: str) -> Draft202012Validator:
    return _Validator({"$defs": build_schema()["$defs"], **node_ports_schema(CATALOG[type_name])})


@cache
def _input_value_validator(kind: str, is_list: bool) -> Draft202012Validator:
    """Values of a graph's declared input of ``kind``: its default, a Subgraph node's param."""
    schema = graph_input_value_schema(Port("value", kind, list=is_list))  # type: ignore[arg-type]
    return _Validator({"$defs": build_schema()["$defs"], **schema})


# ------------------------------------------------------------ the schema layer


def _kind_words(port: Port) -> str:
    words = {
        "mobject": "a mobject",
        "animation": "an animation",
        "number": "a number",
        "integer": "a whole number",
        "bool": "true or false",
        "string": "text",
        "color": "a color (#RRGGBB or a Manim name such as BLUE)",
        "vector": "a vector [x, y] or [x, y, z]",
        "enum": f"one of {', '.join(port.choices or ())}",
        "expression": "an expression such as sin(x)",
        "numeric": "a number or a vector [x, y]",
        "direction": f"one of {', '.join(port.choices or ())} or a vector [dx, dy]",
        "table": "rows of cells, e.g. [[a, b], [c, d]]",
    }
    if port.is_range:
        return "a range [min, max] or [min, max, step]"
    base = words.get(port.kind, port.kind)
    return f"a list of {base}s" if port.list and not base.startswith("one of") else base


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _schema_problem(error: ValidationError, data: dict[str, Any], prefix: tuple[str, ...] = ()) -> Problem | None:
    instance: Any = error.instance  # Unset only for errors that have no instance
    parts = [*prefix, *error.absolute_path]
    path = pointer(*parts)
    keyword = error.validator
    if not parts:
        if keyword == "required":
            missing = str(error.message).split("'")[1]
            hint = "add 'version: 1' at the top" if missing == "version" else "add a 'nodes:' mapping"
            return Problem(f"missing '{missing}'; {hint}")
        if keyword == "additionalProperties":
            extra = [k for k in instance if k not in TOP_LEVEL_KEYS and not k.startswith("x-")]
            return Problem(
                f"unknown top-level key '{extra[0]}'{did_you_mean(extra[0], TOP_LEVEL_KEYS)} "
                "(keys starting with x- are kept for tools)",
                pointer(extra[0]),
            )
        return Problem(f"the file must be a mapping: {error.message}")
    if parts == ["version"]:
        return Problem(
            f"unsupported version {_short(instance)}; this manim-nodes reads format version 1",
            path,
        )
    if parts[0] == "nodes" and len(parts) == 1:
        if keyword in ("propertyNames", "pattern") and isinstance(instance, str):
            return Problem(
                f"{_short(instance)} is not a valid node id: use letters, digits and _, not starting with a digit",
                pointer("nodes", str(instance)),
                node=str(instance),
            )
        return Problem("'nodes' must be a mapping of node ids to nodes", path)
    if parts[0] == "nodes":
        return _node_problem(error, parts, path, data)
    if parts[0] == "canvas":
        return _canvas_problem(error, parts, path, data)
    if parts[0] in ("inputs", "outputs"):
        return _interface_problem(error, parts, path)
    if parts[0] == "scene" and parts[-1] == "background":
        return Problem(f"{_short(instance)} is not a color: use #RRGGBB or a Manim name such as BLUE", path)
    if keyword == "additionalProperties" and parts == ["scene"]:
        extra = [k for k in instance if k != "background"]
        return Problem(f"unknown scene setting '{extra[0]}'; the scene takes 'background'", path)
    return Problem(f"{path.lstrip('/')}: {error.message}", path)


def _node_problem(error: ValidationError, parts: list[Any], path: str, data: dict[str, Any]) -> Problem | None:
    instance: Any = error.instance  # Unset only for errors that have no instance
    node_id = str(parts[1])
    node = data.get("nodes", {}).get(node_id)
    keyword = error.validator
    if len(parts) == 2:
        if keyword == "type":
            return Problem(f"node '{node_id}' must be a mapping with a 'type'", path, node=node_id)
        if keyword == "required" and "'graph'" in str(error.message):
            return Problem(
                f"Subgraph '{node_id}' names no graph: add 'graph: NAME', the name of the graph it uses "
                "(its path in the data directory without the extension, e.g. parts/labelled_dot)",
                path,
                node=node_id,
            )
        if keyword == "required":
            return Problem(f"node '{node_id}' has no 'type'", path, node=node_id)
        if keyword == "additionalProperties":
            allowed = ("type", "graph", "params", "inputs", "pos")
            extra = [k for k in instance if k not in allowed and not str(k).startswith("x-")]
            return Problem(
                f"unknown key '{extra[0]}' in node '{node_id}'{did_you_mean(extra[0], allowed)}",
                f"{path}/{extra[0]}",
                node=node_id,
            )
    section = parts[2]
    if section == "type":
        return Problem(
            f"unknown node type '{instance}'{did_you_mean(instance, CATALOG)}",
            path,
            node=node_id,
        )
    if section == "pos":
        return Problem("'pos' must be two whole numbers [x, y]", pointer("nodes", node_id, "pos"), node=node_id)
    if section == "graph":
        return Problem(
            f"{_short(instance)} is not a graph name: write its path in the data directory without the "
            "extension, folders joined by / (parts/labelled_dot)",
            path,
            node=node_id,
        )
    node_type = CATALOG.get(node.get("type", "")) if isinstance(node, dict) else None
    if node_type is SUBGRAPH and section in ("params", "inputs"):
        return _subgraph_shape_problem(error, node_id, section, parts, path)
    if section in ("params", "inputs") and len(parts) == 3:
        if keyword == "type":
            return Problem(f"'{section}' of node '{node_id}' must be a mapping", path, node=node_id)
        if keyword == "additionalProperties" and node_type:
            return _unknown_port(node_id, node_type, section, instance, path)
    if section in ("params", "inputs") and node_type and len(parts) >= 4:
        return _port_problem(error, node_id, node, node_type, section, str(parts[3]), path)
    return Problem(f"node '{node_id}': {error.message}", path, node=node_id)


def _subgraph_shape_problem(error: ValidationError, node_id: str, section: str, parts: list[Any], path: str) -> Problem:
    """A Subgraph node's ports are its graph's inputs: here only their shape is known."""
    instance: Any = error.instance  # Unset only for errors that have no instance
    if len(parts) == 3 and error.validator in ("propertyNames", "pattern") and isinstance(instance, str):
        return Problem(f"{_short(instance)} is not an input name", f"{path}/{instance}", node=node_id)
    if len(parts) == 3:
        return Problem(f"'{section}' of node '{node_id}' must be a mapping", path, node=node_id)
    port = str(parts[3])
    return Problem(
        f"{_short(instance)} is not a wire: write 'node', 'node.port' or '$input', or a list of them",
        path,
        node=node_id,
        port=port,
    )


def _interface_problem(error: ValidationError, parts: list[Any], path: str) -> Problem:
    """A graph's ``inputs`` or ``outputs`` that is not the shape docs/file-format.md shows."""
    instance: Any = error.instance  # Unset only for errors that have no instance
    keyword = error.validator
    section = str(parts[0])
    what = section[:-1]  # input, output
    if len(parts) == 1:
        if keyword in ("propertyNames", "pattern") and isinstance(instance, str):
            return Problem(
                f"{_short(instance)} is not a valid {what} name: use letters, digits and _, not starting with a digit",
                pointer(section, instance),
            )
        shape = "{kind: color, default: RED}" if section == "inputs" else "a wire such as 'node' or 'node.port'"
        return Problem(f"'{section}' must be a mapping of {what} names, each to {shape}", path)
    name = str(parts[1])
    if section == "outputs":
        return Problem(
            f"output '{name}' must be a wire to a node of this graph, 'node' or 'node.port', got {_short(instance)}",
            path,
        )
    if len(parts) == 2:
        if keyword == "required":
            return Problem(f"input '{name}' has no 'kind': say what it takes, e.g. {{kind: color}}", path)
        if keyword == "additionalProperties":
            extra = next(k for k in instance if k not in INPUT_KEYS and not str(k).startswith("x-"))
            return Problem(
                f"unknown key '{extra}' in input '{name}'{did_you_mean(extra, INPUT_KEYS)}",
                pointer(section, name, extra),
            )
        return Problem(f"input '{name}' must be a mapping such as {{kind: color, default: RED}}", path)
    key = str(parts[2])
    if key == "kind":
        hint = did_you_mean(str(instance), ALL_KINDS) or f"; kinds: {', '.join(ALL_KINDS)}"
        return Problem(f"unknown kind {_short(instance)} of input '{name}'{hint}", path)
    if key == "list":
        return Problem(f"'list' of input '{name}' must be true or false", path)
    return Problem(f"'{key}' of input '{name}' must be text, got {_short(instance)}", path)


def _canvas_problem(error: ValidationError, parts: list[Any], path: str, data: dict[str, Any]) -> Problem:
    """A frame or note of the canvas that is not the shape the docs show."""
    instance: Any = error.instance  # Unset only for errors that have no instance
    keyword = error.validator
    if len(parts) == 1:
        if keyword == "additionalProperties":
            extra = next(k for k in instance if k not in CANVAS_KEYS and not str(k).startswith("x-"))
            hint = did_you_mean(extra, CANVAS_KEYS) or "; the canvas takes 'frames' and 'notes'"
            return Problem(f"unknown key '{extra}' in canvas{hint}", pointer("canvas", extra))
        return Problem("'canvas' must be a mapping with 'frames' and 'notes'", path)
    section = str(parts[1])
    what = "frame" if section == "frames" else "note"
    if len(parts) == 2:
        if keyword in ("propertyNames", "pattern") and isinstance(instance, str):
            return Problem(
                f"{_short(instance)} is not a valid {what} id: use letters, digits and _, not starting with a digit",
                pointer("canvas", section, instance),
            )
        return Problem(f"'{section}' must be a mapping of {what} ids to {what}s", path)
    item_id = str(parts[2])
    keys = FRAME_KEYS if section == "frames" else NOTE_KEYS
    needs = "'pos' and 'size'" if section == "frames" else "'text' and 'pos'"
    if len(parts) == 3:
        if keyword == "required":
            missing = str(error.message).split("'")[1]
            return Problem(f"{what} '{item_id}' has no '{missing}'; a {what} needs {needs}", path)
        if keyword == "additionalProperties":
            extra = next(k for k in instance if k not in keys and not str(k).startswith("x-"))
            return Problem(
                f"unknown key '{extra}' in {what} '{item_id}'{did_you_mean(extra, keys)}",
                pointer("canvas", section, item_id, extra),
            )
        return Problem(f"{what} '{item_id}' must be a mapping with {needs}", path)
    key = str(parts[3])
    where = pointer("canvas", section, item_id, key)
    value = data["canvas"][section][item_id][key]  # the whole [x, y] when one of its numbers is wrong
    shapes = {
        "pos": "two whole numbers [x, y]",
        "size": "two whole numbers above 0 [width, height]",
        "title": "text",
        "text": "text",
        "color": "a color (#RRGGBB or a Manim name such as BLUE)",
    }
    hint = did_you_mean(value.upper(), MANIM_COLORS) if key == "color" and isinstance(value, str) else ""
    return Problem(f"'{key}' of {what} '{item_id}' must be {shapes.get(key, key)}, got {_short(value)}{hint}", where)


def _port_problem(
    error: ValidationError, node_id: str, node: dict[str, Any], node_type: NodeType, section: str, name: str, path: str
) -> Problem | None:
    """A bad value or wire in one port, said in terms of the port's kind."""
    instance: Any = error.instance  # Unset only for errors that have no instance
    port = node_type.port(name)
    port_path = pointer("nodes", node_id, section, name)
    if port is None:
        return None
    if section == "inputs":
        if port.list and not isinstance(node.get("inputs", {}).get(port.name), list):
            return Problem(f"'{port.name}' takes a list of wires, e.g. [a, b]", port_path, node=node_id, port=port.name)
        return Problem(
            f"{_short(instance)} is not a wire: write 'node' or 'node.port'", path, node=node_id, port=port.name
        )
    value = node.get("params", {}).get(port.name)
    suggestion = ""
    if port.kind == "color" and isinstance(value, str):
        suggestion = did_you_mean(value.upper(), MANIM_COLORS)
    if port.kind == "direction" and isinstance(value, str):
        suggestion = did_you_mean(value, port.choices or ())
    if isinstance(value, str) and value.startswith("$") and not port.is_object:
        suggestion = f"; '{value}' reads the graph's input as a wire: put it in 'inputs', not 'params'"
    if port.kind == "table" and (message := table_problem(port, value)):
        return Problem(f"'{port.name}' of {node_type.type}: {message}", port_path, node=node_id, port=port.name)
    if port.minimum is not None and isinstance(value, int | float) and error.validator == "minimum":
        return Problem(
            f"'{port.name}' must be at least {port.minimum:g}, got {value}", port_path, node=node_id, port=port.name
        )
    if port.minimum is not None and isinstance(value, int | float) and error.validator == "exclusiveMinimum":
        return Problem(
            f"'{port.name}' must be more than {port.minimum:g}, got {value}", port_path, node=node_id, port=port.name
        )
    if port.maximum is not None and isinstance(value, int | float) and error.validator == "maximum":
        return Problem(
            f"'{port.name}' must be at most {port.maximum:g}, got {value}", port_path, node=node_id, port=port.name
        )
    return Problem(
        f"'{port.name}' of {node_type.type} must be {_kind_words(port)}, got {_short(value)}{suggestion}",
        port_path,
        node=node_id,
        port=port.name,
    )


def _unknown_port(node_id: str, node_type: NodeType, section: str, instance: Any, path: str) -> Problem:
    names = [p.name for p in node_type.inputs]
    allowed = [p.name for p in node_type.inputs if section == "inputs" or not p.is_object]
    name = next(k for k in instance if k not in allowed)
    port = node_type.port(name)
    if port is not None:
        return Problem(
            f"'{name}' takes {_kind_words(port)} from another node: move it to 'inputs' as a wire",
            f"{path}/{name}",
            node=node_id,
            port=name,
        )
    return Problem(
        f"{node_type.type} has no port '{name}'{did_you_mean(name, names)}",
        f"{path}/{name}",
        node=node_id,
        port=name,
    )


def schema_problems(data: dict[str, Any]) -> list[Problem]:
    found: dict[str, Problem] = {}

    def keep(problem: Problem | None) -> None:
        key = problem.path or problem.message if problem is not None else ""
        if problem is not None and key not in found:
            found[key] = problem

    nodes = data.get("nodes")
    top = {**data, "nodes": {}} if isinstance(nodes, dict) else data
    for error in _structure_validator().iter_errors(top):
        keep(_schema_problem(error, data))
    verdicts = [_node_schema_problems(i, node) for i, node in nodes.items()] if isinstance(nodes, dict) else []
    for structure, _ in verdicts:  # the shape of every node first, then port values, as one pass would
        for problem in structure:
            keep(problem)
    for _, ports in verdicts:
        for problem in ports:
            keep(problem)
    return list(found.values())


_Verdict = tuple[tuple[Problem, ...], tuple[Problem, ...]]  # the node's shape, its port values
_NODE_PROBLEMS: OrderedDict[tuple[str, str], _Verdict] = OrderedDict()
_NODE_PROBLEMS_KEPT = 50_000


def forget_node_verdicts() -> None:
    """Forget the remembered per-node verdicts (for benchmarks of a first validation)."""
    _NODE_PROBLEMS.clear()


def _node_schema_problems(node_id: str, node: Any) -> _Verdict:
    """The schema's verdict on one node, which depends on nothing else: remembered by content.

    A save changes a node or two; the other thousands are not checked against the schema again.
    """
    key = (node_id, json.dumps(node, sort_keys=True, separators=(",", ":")))
    cached = _NODE_PROBLEMS.get(key)
    if cached is not None:
        return cached
    alone = {"version": 1, "nodes": {node_id: node}}
    structure = [_schema_problem(error, alone) for error in _structure_validator().iter_errors(alone)]
    ports = []
    if isinstance(node, dict) and isinstance(node.get("type"), str) and node["type"] in CATALOG:
        errors = _ports_validator(node["type"]).iter_errors(node)
        ports = [_schema_problem(error, alone, ("nodes", node_id)) for error in errors]
    result = (tuple(p for p in structure if p is not None), tuple(p for p in ports if p is not None))
    _NODE_PROBLEMS[key] = result
    if len(_NODE_PROBLEMS) > _NODE_PROBLEMS_KEPT:
        _NODE_PROBLEMS.popitem(last=False)
    return result


# ------------------------------------------------------------------ tables

_CELL_WORDS = {
    "any": "text or a number",
    "string": 'text (quote numbers: "1")',
    "number": "a number",
    "integer": "a whole number",
}


def _cell_fits(port: Port, cell: Any) -> bool:
    if isinstance(cell, str):
        return port.cells in ("any", "string")
    if not isinstance(cell, int | float) or isinstance(cell, bool):
        return False
    return port.cells in ("any", "number") or (port.cells == "integer" and isinstance(cell, int))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def table_problem(port: Port, value: Any) -> str | None:
    """What is wrong with a table port's rows of cells, naming the row and column (from 1, as
    Manim's ``get_cell`` counts), or None. The schema bounds tables; only this sees a ragged one."""
    if not isinstance(value, list) or not value:
        return f"must be rows of cells, e.g. [[a, b], [c, d]], got {_short(value)}"
    if len(value) > TABLE_MAX_ROWS:
        return f"has {len(value)} rows; a table has at most {TABLE_MAX_ROWS}"
    width = len(value[0]) if isinstance(value[0], list) else 0
    for i, row in enumerate(value, start=1):
        if not isinstance(row, list) or not row:
            return f"row {i} must be a list of cells such as [a, b], got {_short(row)}"
        if len(row) > TABLE_MAX_COLUMNS:
            return f"row {i} has {len(row)} cells; a table has at most {TABLE_MAX_COLUMNS} columns"
        if len(row) != width:
            return f"row {i} has {_count(len(row), 'cell')} but row 1 has {width}: give every row as many cells"
        for j, cell in enumerate(row, start=1):
            if not _cell_fits(port, cell):
                return f"row {i}, column {j} must be {_CELL_WORDS[port.cells]}, got {_short(cell)}"
            if isinstance(cell, str) and len(cell) > TABLE_MAX_CELL_CHARS:
                return (
                    f"row {i}, column {j} is {len(cell)} characters long; a cell holds at most {TABLE_MAX_CELL_CHARS}"
                )
    return None


def _label_problem(params: dict[str, Any], table: Port) -> tuple[str, str] | None:
    """Row and column labels, one per row and one per column of the table, as Manim needs them."""
    rows = params.get(table.name, table.default)
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], list):
        return None
    for name, count, what in (("row_labels", len(rows), "row"), ("col_labels", len(rows[0]), "column")):
        labels = params.get(name)
        if isinstance(labels, list) and labels and len(labels) != count:
            given = _count(len(labels), "label")
            return name, f"'{name}' has {given} but the table has {_count(count, what)}: give one per {what}"
    return None


# ---------------------------------------------------------- the semantic layer


def _source_of(wire: Any) -> str | None:
    """The node a single wire (``node`` or ``node.port``) comes from, if it is one."""
    return Wire.parse(wire, "").source if isinstance(wire, str) else None


class _Semantics:
    """Checks that need the whole graph: wires, kinds, cycles, required ports.

    With a ``library`` (the graphs of its data dir), each Subgraph node is checked against the
    graph it names, and that graph itself; without one, Subgraph nodes are left unchecked.
    ``name``: this graph's own name there, so a cycle back to it starts and ends with it.
    """

    def __init__(
        self, data: dict[str, Any], known_bad: set[str], library: Library | None = None, name: str | None = None
    ) -> None:
        nodes = data.get("nodes")
        self.has_nodes = isinstance(nodes, dict)  # without a nodes mapping, only that is reported
        self.nodes: dict[str, dict[str, Any]] = nodes if isinstance(nodes, dict) else {}
        self.known_bad = known_bad
        self.problems: list[Problem] = []
        self._kinds: dict[str, str | None] = {}
        self.data = data
        self.library = library
        self.name = name
        self.declared = declared_inputs(data)
        self._subgraph_types: dict[str, NodeType | None] = {}

    def node_type(self, node_id: str) -> NodeType | None:
        node = self.nodes.get(node_id)
        if is_subgraph(node):
            return self._subgraph_types.get(node_id)
        return CATALOG.get(node.get("type", "")) if isinstance(node, dict) else None

    def from_subgraph(self, node_id: str | None) -> bool:
        return node_id is not None and is_subgraph(self.nodes.get(node_id))

    def add(self, message: str, path: str, node: str | None = None, port: str | None = None) -> None:
        if not any(path == bad or path.startswith(bad + "/") for bad in self.known_bad):
            self.problems.append(Problem(message, path, node=node, port=port))

    def run(self) -> list[Problem]:
        if self.library is not None:
            for node_id, node in self.nodes.items():
                if is_subgraph(node):
                    self._subgraph_types[node_id] = self.subgraph_type(node_id, node, self.library)
        for node_id, node in self.nodes.items():
            if isinstance(node, dict) and "graph" in node and not is_subgraph(node) and node.get("type") in CATALOG:
                self.add(
                    f"'graph' names the graph a Subgraph node uses; {node['type']} '{node_id}' takes none",
                    pointer("nodes", node_id, "graph"),
                    node_id,
                )
            node_type = self.node_type(node_id)
            if node_type is not None:
                if is_subgraph(node):
                    self.check_subgraph_ports(node_id, node, node_type)
                self.check_node(node_id, node, node_type)
        self.check_interface()
        self.check_scenes()
        self.check_timeline()
        self.check_cycles()
        return self.problems

    def check_node(self, node_id: str, node: dict[str, Any], node_type: NodeType) -> None:
        given_params, given_inputs = node.get("params"), node.get("inputs")
        params: dict[str, Any] = given_params if isinstance(given_params, dict) else {}
        inputs: dict[str, Any] = given_inputs if isinstance(given_inputs, dict) else {}
        for name in params.keys() & inputs.keys():
            self.add(
                f"'{name}' is set in both params and inputs; keep the value or the wire, not both",
                pointer("nodes", node_id, "inputs", name),
                node_id,
                name,
            )
        for port in node_type.inputs:
            where = pointer("nodes", node_id)
            value = inputs.get(port.name, params.get(port.name))
            if port.required and (value is None or value == []):
                verb = "wire" if port.is_object else "set"
                what = f"{port.kind}s" if port.list else f"a {port.kind}" if port.is_object else "a value"
                self.add(
                    f"{node_type.type} '{node_id}' needs '{port.name}': {verb} {what} into it",
                    where,
                    node_id,
                    port.name,
                )
            if port.kind == "table":
                self.check_table(node_id, node_type, port, params)
            if port.kind == "expression" and port.name in params:
                try:
                    parse_expression(params[port.name], port.variable)
                except ExpressionError as exc:
                    self.add(
                        f"bad expression in '{port.name}': {exc}", f"{where}/params/{port.name}", node_id, port.name
                    )
            if port.files and port.name in inputs:
                self.add(
                    f"'{port.name}' names a file in the data directory: type its path, it cannot be wired",
                    f"{where}/inputs/{port.name}",
                    node_id,
                    port.name,
                )
            if port.files and isinstance(params.get(port.name), str):
                problem = path_problem(params[port.name], port.files)
                if problem is not None:
                    self.add(f"'{port.name}': {problem}", f"{where}/params/{port.name}", node_id, port.name)
        if node_type.type == "Animate" and not any(step in params or step in inputs for step in ANIMATE_STEPS):
            self.add(
                f"Animate '{node_id}' changes nothing: set one of {', '.join(ANIMATE_STEPS)}",
                pointer("nodes", node_id),
                node_id,
            )
        if node_type.type == "Animate":
            self.check_tracker_steps(node_id, params, inputs)
        if node_type.type == "NextTo" and "target" not in inputs and "point" not in params and "point" not in inputs:
            self.add(
                f"NextTo '{node_id}' needs something to sit beside: wire a mobject into 'target' or set 'point'",
                pointer("nodes", node_id),
                node_id,
                "target",
            )
        if node_type.type == "Submobject":
            self.check_member(node_id, params, inputs)
        for port_name, wire in wires_of(node, node_id):
            self.check_wire(node_id, node_type, port_name, wire)

    # ------------------------------------------------------------ subgraphs

    def subgraph_type(self, node_id: str, node: dict[str, Any], library: Library) -> NodeType | None:
        """The ports of the graph a Subgraph node uses, or None after saying why it cannot be used:
        missing, in a cycle of graphs, or with problems of its own."""
        target = node.get("graph")
        if not isinstance(target, str) or pointer("nodes", node_id, "graph") in self.known_bad:
            return None
        where = pointer("nodes", node_id, "graph")
        cycle = [target, target] if target == self.name else library.cycle_of((*filter(None, [self.name]), target))
        if cycle is not None:
            self.add(
                f"graphs use each other in a cycle: {ARROW.join(cycle)}; a graph cannot be a node of itself, "
                "even through other graphs",
                where,
                node_id,
            )
            return None
        try:
            found = library.find(target)
        except SubgraphMissing as exc:
            self.add(str(exc), where, node_id)
            return None
        except GraphError as exc:
            self.add(_bad_subgraph(target, exc.problems, exc.file), where, node_id)
            return None
        problems = _verdict(found, library)
        if problems:
            self.add(_bad_subgraph(target, problems, found.file), where, node_id)
            return None
        return library.interface(target).node_type()

    def check_subgraph_ports(self, node_id: str, node: dict[str, Any], node_type: NodeType) -> None:
        """A Subgraph node's params and inputs against the inputs its graph declares."""
        names = [p.name for p in node_type.inputs]
        for section in ("params", "inputs"):
            given = node.get(section)
            for name, value in given.items() if isinstance(given, dict) else ():
                port = node_type.port(name)
                where = pointer("nodes", node_id, section, name)
                if port is None:
                    listed = f"; it has {', '.join(names)}" if names else "; it declares no inputs"
                    hint = did_you_mean(name, names) or listed
                    self.add(f"{node_type.type} has no input '{name}'{hint}", where, node_id, name)
                elif section == "params" and port.is_object:
                    self.add(
                        f"'{name}' takes {_kind_words(port)} from another node: move it to 'inputs' as a wire",
                        where,
                        node_id,
                        name,
                    )
                elif section == "params":
                    self.check_input_value(port, value, where, f"'{name}' of {node_type.type}", node_id)

    def check_input_value(self, port: Port, value: Any, where: str, what: str, node_id: str | None = None) -> None:
        """A value for a graph's declared input: a default, or a Subgraph node's param."""
        if next(iter(_input_value_validator(port.kind, port.list).iter_errors(value)), None) is not None:
            hint = did_you_mean(value.upper(), MANIM_COLORS) if port.kind == "color" and isinstance(value, str) else ""
            if isinstance(value, str) and value.startswith("$"):
                hint = f"; '{value}' reads the graph's input as a wire: put it in 'inputs', not 'params'"
            loose = {"enum": "text", "direction": "text or a vector [dx, dy]"}  # no choices of their own
            words = loose[port.kind] if port.kind in loose and not port.list else _kind_words(port)
            self.add(f"{what} must be {words}, got {_short(value)}{hint}", where, node_id, port.name)
        elif port.kind == "table" and (message := table_problem(port, value)):
            self.add(f"{what}: {message}", where, node_id, port.name)

    def check_input_wire(self, node_id: str, node_type: NodeType, port: Port, wire: Wire) -> None:
        """A ``$name`` wire: it reads an input this graph declares, of a kind the port takes."""
        name = wire.graph_input or ""
        inputs = self.data.get("inputs")
        if not isinstance(inputs, dict):
            self.add(
                f"'{wire.source}' reads this graph's input '{name}', but the graph declares no inputs: add "
                f"'inputs: {{{name}: {{kind: {port.kind}}}}}' at the top of the file",
                wire.path,
                node_id,
                port.name,
            )
            return
        entry = self.declared.get(name)
        if entry is None:
            if name not in inputs:  # else the entry itself is wrong, and said so where it is
                names = list(self.declared)
                hint = did_you_mean(name, names) or (f"; it has {', '.join(names)}" if names else "")
                self.add(f"this graph has no input '{name}'{hint}", wire.path, node_id, port.name)
            return
        kind = str(entry["kind"])
        if not kinds_fit(kind, port.kind):
            self.add(
                f"'{port.name}' of {node_type.type} takes {_kind_words(port)}, but the input '{name}' "
                f"is {_article(kind)} {kind}",
                wire.path,
                node_id,
                port.name,
            )
        elif entry.get("list") is True and not port.list:
            self.add(
                f"the input '{name}' is a list: wire it into a list port (such as the mobjects of a VGroup), "
                f"not into '{port.name}'",
                wire.path,
                node_id,
                port.name,
            )

    def check_interface(self) -> None:
        """The graph's own ``inputs`` (defaults of their kind) and ``outputs`` (wires to its nodes)."""
        for name, entry in self.declared.items():
            default = entry.get("default")
            where = pointer("inputs", name, "default")
            if default is None or where in self.known_bad:
                continue
            kind = str(entry["kind"])
            if kind in OBJECT_KINDS:
                self.add(
                    f"input '{name}' is {_article(kind)} {kind}, which the graph that uses this one wires: "
                    "it takes no default",
                    where,
                )
            else:
                self.check_input_value(input_port(name, entry), default, where, f"the default of input '{name}'")
        outputs = self.data.get("outputs")
        for name, text in outputs.items() if isinstance(outputs, dict) else ():
            where = pointer("outputs", name)
            if not isinstance(text, str) or where in self.known_bad:
                continue
            wire = Wire.parse(text, where)
            if wire.source not in self.nodes:
                hint = did_you_mean(wire.source, self.nodes)
                self.add(f"output '{name}' comes from no node named '{wire.source}'{hint}", where)
                continue
            source_type = self.node_type(wire.source)
            if source_type is None:
                continue
            if not source_type.outputs:
                self.add(f"output '{name}': {source_type.type} '{wire.source}' gives nothing to wire", where)
            elif source_type.output(wire.output) is None:
                names = [o.name for o in source_type.outputs]
                hint = did_you_mean(wire.output or "", names) or f"; it has {', '.join(names)}"
                self.add(f"{source_type.type} '{wire.source}' has no output '{wire.output}'{hint}", where)

    # ------------------------------------------------------------ tables, members, trackers

    def check_table(self, node_id: str, node_type: NodeType, port: Port, params: dict[str, Any]) -> None:
        """A ragged table passes the schema; labels must match the table's rows and columns."""
        if port.name in params and (message := table_problem(port, params[port.name])):
            where = pointer("nodes", node_id, "params", port.name)
            self.add(f"'{port.name}' of {node_type.type}: {message}", where, node_id, port.name)
        if labels := _label_problem(params, port):
            self.add(labels[1], pointer("nodes", node_id, "params", labels[0]), node_id, labels[0])

    def check_member(self, node_id: str, params: dict[str, Any], inputs: dict[str, Any]) -> None:
        """An index into a group whose members the graph lists must name one of them."""
        wire = inputs.get("mobject")
        index = params.get("index", 0)
        group = self.nodes.get(_source_of(wire) or "")
        members = (group.get("inputs") or {}).get("mobjects") if isinstance(group, dict) else None
        if not isinstance(members, list) or not isinstance(index, int) or -len(members) <= index < len(members):
            return
        self.add(
            f"index {index} is outside '{wire}', which has {len(members)} members: "
            f"use 0 to {len(members) - 1}, or -1 to -{len(members)} from the end",
            pointer("nodes", node_id, "params", "index"),
            node_id,
            "index",
        )

    def check_tracker_steps(self, node_id: str, params: dict[str, Any], inputs: dict[str, Any]) -> None:
        """``set_value`` and ``increment_value`` are ValueTracker methods: Manim has them nowhere else."""
        source = _source_of(inputs.get("mobject"))
        source_type = self.node_type(source) if source and not self.from_subgraph(source) else None
        for step in ("set_value", "increment_value"):
            if (step in params or step in inputs) and source_type is not None and source_type.type != "ValueTracker":
                self.add(
                    f"'{step}' changes a ValueTracker's value, but '{source}' is a {source_type.type}; "
                    "wire a ValueTracker into 'mobject' or use shift, scale, set_color...",
                    pointer("nodes", node_id, "params" if step in params else "inputs", step),
                    node_id,
                    step,
                )

    def check_wire(self, node_id: str, node_type: NodeType, port_name: str, wire: Wire) -> None:
        port = node_type.port(port_name)
        if port is None:
            return
        if wire.graph_input is not None:
            self.check_input_wire(node_id, node_type, port, wire)
            return
        if wire.source not in self.nodes:
            hint = did_you_mean(wire.source, self.nodes)
            self.add(f"no node named '{wire.source}'{hint}", wire.path, node_id, port_name)
            return
        source_type = self.node_type(wire.source)
        if source_type is None:
            return
        subgraph = self.from_subgraph(wire.source)  # `a` alone is its first output, whatever the port
        output = source_type.output(wire.output) if subgraph else source_type.output(wire.output, into=port.kind)
        if output is None and subgraph and not source_type.outputs:
            self.add(
                f"{source_type.type} declares no outputs, so '{wire.source}' gives nothing to wire: "
                "add 'outputs:' to that graph, e.g. outputs: {shape: circle}",
                wire.path,
                node_id,
                port_name,
            )
            return
        if output is None:
            names = [o.name for o in source_type.outputs]
            listed = f"; it has {', '.join(names)}" if names else "; it has no outputs"
            hint = did_you_mean(wire.output or "", names) or listed
            self.add(
                f"{source_type.type} '{wire.source}' has no output '{wire.output}'{hint}",
                wire.path,
                node_id,
                port_name,
            )
            return
        numeric = output.kind == "numeric" and not subgraph
        kind = (self.output_kind(wire.source) if numeric else None) or output.kind
        if not kinds_fit(kind, port.kind):
            self.add(
                f"'{port_name}' of {node_type.type} takes {_kind_words(port)}, but '{wire.source}' "
                f"gives {_article(kind)} {kind}",
                wire.path,
                node_id,
                port_name,
            )
        elif port.accepts and not subgraph and source_type.type not in port.accepts:
            self.add(
                f"'{port_name}' takes {' or '.join(port.accepts)}, but '{wire.source}' is a {source_type.type}",
                wire.path,
                node_id,
                port_name,
            )

    def output_kind(self, node_id: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The kind a node gives, resolving Add & co. to number or vector."""
        if node_id in self._kinds:
            return self._kinds[node_id]
        node_type = self.node_type(node_id)
        if node_type is None or not node_type.outputs or node_id in seen:
            return None
        kind: str | None = node_type.outputs[0].kind
        if kind == "numeric":
            node = self.nodes[node_id]
            kinds = set()
            for port in ("a", "b"):
                value = (node.get("params") or {}).get(port)
                if isinstance(value, list):
                    kinds.add("vector")
                elif isinstance(value, int | float):
                    kinds.add("number")
            for _, wire in wires_of(node, node_id):
                if wire.source in self.nodes:
                    kinds.add(self.output_kind(wire.source, seen | {node_id}) or "numeric")
            kind = "vector" if "vector" in kinds else "number" if kinds <= {"number", "integer"} else "numeric"
        self._kinds[node_id] = kind
        return kind

    def check_timeline(self) -> None:
        """Steps that are statements play only from the Scene, and one scene has one kind of camera."""
        for node_id, node in self.nodes.items():
            node_type = self.node_type(node_id)
            if node_type is None or node_type.category != "Composition":
                continue
            for port_name, wire in wires_of(node, node_id):
                source = self.node_type(wire.source)
                if source is not None and not source.composable:
                    self.add(
                        f"{source.type} '{wire.source}' is a step of the scene on its own: wire it into the "
                        f"Scene's animations, not into {node_type.type} '{node_id}'",
                        wire.path,
                        node_id,
                        port_name,
                    )
        types = {node_id: t.type for node_id in self.nodes if (t := self.node_type(node_id)) is not None}
        frames = [n for n, t in types.items() if t == "CameraFrame"]
        three_d = [n for n, t in types.items() if t in THREE_D_TYPES]
        for frame in frames if three_d else []:
            self.add(
                f"CameraFrame '{frame}' is the 2D camera, but '{three_d[0]}' ({types[three_d[0]]}) needs the 3D "
                "one: move the 3D camera with ThreeDCamera and MoveCamera instead",
                pointer("nodes", frame),
                frame,
            )

    def check_scenes(self) -> None:
        scenes = [
            node_id for node_id, node in self.nodes.items() if isinstance(node, dict) and node.get("type") == "Scene"
        ]
        if (
            not scenes
            and self.has_nodes
            and not declares_interface(self.data)  # a part of other graphs: a Scene is optional
            and not any(isinstance(node, dict) and node.get("type") not in CATALOG for node in self.nodes.values())
        ):
            self.add("this graph has no Scene node: add one and wire animations into it", "/nodes")
        if len(scenes) > 1:
            for extra in scenes[1:]:
                self.add(
                    f"a graph has one Scene node; '{extra}' is a second one besides '{scenes[0]}'",
                    pointer("nodes", extra),
                    extra,
                )

    def check_cycles(self) -> None:
        edges = {
            node_id: [w.source for _, w in wires_of(node, node_id) if w.source in self.nodes]
            for node_id, node in self.nodes.items()
            if isinstance(node, dict)
        }
        state: dict[str, int] = {}  # 1 visiting, 2 done
        reported: set[frozenset[str]] = set()

        def visit(node_id: str, trail: list[str]) -> None:
            state[node_id] = 1
            trail.append(node_id)
            for source in edges.get(node_id, []):
                if state.get(source) == 1:
                    cycle = trail[trail.index(source) :]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        loop = " → ".join([*reversed(cycle), cycle[-1]])
                        self.add(
                            f"wires form a cycle: {loop}; a node cannot depend on itself",
                            pointer("nodes", cycle[0], "inputs"),
                            cycle[0],
                        )
                elif source not in state:
                    visit(source, trail)
            trail.pop()
            state[node_id] = 2

        for node_id in edges:
            if node_id not in state:
                visit(node_id, [])


def validate_data(data: dict[str, Any], resolve: Resolve | None = None, name: str | None = None) -> list[Problem]:
    """All problems of a graph given as plain data, without positions.

    A file with merge conflicts left in it reports those alone: every other problem
    follows from them (``conflicts.py``). ``resolve`` finds the graphs its Subgraph nodes name
    (``subgraphs.directory_resolver``); without it they are not checked. ``name``: the graph's
    own name among them, to name it in a cycle.
    """
    return _validate(data, Library(resolve) if resolve is not None else None, name)


def _validate(data: dict[str, Any], library: Library | None, name: str | None) -> list[Problem]:
    conflicts = conflict_problems(data)
    if conflicts:
        return conflicts
    problems = schema_problems(data)
    semantic = _Semantics(data, {p.path for p in problems if p.path}, library, name).run()
    if not problems and not semantic:
        if uses_subgraphs(data):
            semantic = _inlined_problems(data, library, name) if library is not None else []
        else:
            semantic = analyse(data["nodes"], dependency_order(data["nodes"])).problems
    return problems + semantic


def _verdict(found: Found, library: Library) -> list[Problem]:
    """A used graph's own problems, placed in its file; checked once per run."""
    if found.name not in library.verdicts:
        library.verdicts[found.name] = []  # a graph in a cycle reaches here again before its verdict
        problems = _validate(found.data, library, found.name)
        library.verdicts[found.name] = placed(problems, found.document) if found.document else problems
    return library.verdicts[found.name]


def _bad_subgraph(name: str, problems: list[Problem], file: str) -> str:
    first = problems[0].format(file or name) if problems else "it cannot be read"
    return f"the subgraph '{name}' has {_count(len(problems), 'problem')}; the first: {first}"


def _inlined_problems(data: dict[str, Any], library: Library, name: str | None) -> list[Problem]:
    """What only shows once the subgraphs are inlined (each is valid on its own): two kinds of
    camera, objects following each other across files... A problem inside an inlined graph is
    put on the Subgraph node that brought it in."""
    try:
        flat = flatten(data, library, (name,) if name else ())
    except FlattenError as exc:
        return [Problem(exc.message, pointer("nodes", exc.node), node=exc.node)]
    graphs = dict(used_graphs(data))
    found: dict[str, Problem] = {}
    for problem in _validate(flat.data(data), None, name):
        owner = flat.origin.get(problem.node or "")
        if owner is not None:
            problem = Problem(
                f"inside {graphs[owner]} (as '{problem.node}'): {problem.message}", pointer("nodes", owner), node=owner
            )
        found.setdefault(problem.path + problem.message, problem)
    return list(found.values())


def placed(problems: list[Problem], document: Document) -> list[Problem]:
    """The problems with line and column filled in from the document."""
    result = []
    for problem in problems:
        position = document.position(problem.path) if problem.line is None else None
        if position:
            problem = Problem(
                problem.message, problem.path, position[0], position[1], problem.node, problem.port, problem.severity
            )
        result.append(problem)
    return result


def validate_document(document: Document, resolve: Resolve | None = None, name: str | None = None) -> list[Problem]:
    return placed(validate_data(document.data, resolve, name), document)


def picture_problems(document: Document, directory: Path) -> list[Problem]:
    """What is wrong with the images a valid graph shows, read from data dir ``directory``."""
    return placed(collect_assets(document.data, directory)[1], document)


def check_file(
    path: str | Path, data_dir: Path | Callable[[dict[str, Any]], Path] | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load and validate a file; never raises for a bad graph. ``data_dir``: where the graphs
    its Subgraph nodes name are, or how to find it from the graph (asked only when it has some)."""
    try:
        document = load_path(path)
    except GraphError as exc:
        return None, exc.problems
    if data_dir is None or not uses_subgraphs(document.data):
        return document, validate_document(document)
    root = data_dir if isinstance(data_dir, Path) else data_dir(document.data)
    return document, validate_document(document, directory_resolver(root), name_in(root, Path(path)))


def is_finite_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
