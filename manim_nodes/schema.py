"""The published JSON Schema of the file format, generated from the catalog.

``schema/graph.schema.json`` is this function's output, checked in so editors
(VS Code's YAML extension, JetBrains) can complete and check graph files; a
test fails when the checked-in copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from .catalog import CATALOG, MANIM_COLORS
from .catalog.model import ALL_KINDS, TABLE_MAX_CELL_CHARS, TABLE_MAX_COLUMNS, TABLE_MAX_ROWS, NodeType, Port
from .catalog.subgraph import SUBGRAPH
from .store import MAX_DEPTH, NAME_PATTERN

SCHEMA_ID = "https://manim-nodes.dev/schema/graph.schema.json"
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
# A wire from a node's output: ``node`` or ``node.port``.
NODE_WIRE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$"
# Any wire: from a node, or ``$name`` from an input of the graph itself (a subgraph's input).
WIRE_PATTERN = r"^(\$[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?)$"
HEX_COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
_SEGMENT = NAME_PATTERN.pattern.strip("^$")
# A graph's name in the data dir, as a Subgraph node's ``graph`` names it: ``parts/labelled_dot``.
GRAPH_NAME_PATTERN = rf"^{_SEGMENT}(/{_SEGMENT}){{0,{MAX_DEPTH - 1}}}$"
TOP_LEVEL_KEYS = ("version", "name", "description", "scene", "inputs", "outputs", "nodes", "canvas")
INPUT_KEYS = ("kind", "default", "description", "list")  # of each entry of a graph's ``inputs``
CANVAS_KEYS = ("frames", "notes")
FRAME_KEYS = ("title", "pos", "size", "color")
NOTE_KEYS = ("text", "pos", "size")


def _table_schema(port: Port) -> dict[str, Any]:
    """Rows of cells, bounded; that every row is as long as the first is checked by the validator."""
    text = {"type": "string", "maxLength": TABLE_MAX_CELL_CHARS}
    cell = {
        "any": {"anyOf": [text, {"type": "number"}]},
        "string": text,
        "number": {"type": "number"},
        "integer": {"type": "integer"},
    }[port.cells]
    row = {"type": "array", "items": cell, "minItems": 1, "maxItems": TABLE_MAX_COLUMNS}
    return {"type": "array", "items": row, "minItems": 1, "maxItems": TABLE_MAX_ROWS}


def _value_schema(port: Port) -> dict[str, Any]:
    kind = port.kind
    if kind == "number":
        schema: dict[str, Any] = {"type": "number"}
    elif kind == "integer":
        schema = {"type": "integer"}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind in ("string", "expression"):
        schema = {"type": "string"}
    elif kind == "enum":
        schema = {"enum": list(port.choices or ())}
    elif kind == "color":
        schema = {"$ref": "#/$defs/color"}
    elif kind == "vector":
        schema = {"$ref": "#/$defs/vector"}
    elif kind == "numeric":
        schema = {"anyOf": [{"type": "number"}, {"$ref": "#/$defs/vector"}]}
    elif kind == "direction":
        schema = {"anyOf": [{"enum": list(port.choices or ())}, {"$ref": "#/$defs/vector"}]}
    elif kind == "table":
        schema = _table_schema(port)
    else:  # object kinds are never literal
        return {"not": {}, "x-kind": kind}
    if port.minimum is not None and kind in ("number", "integer"):
        schema["exclusiveMinimum" if port.exclusive_minimum else "minimum"] = port.minimum
    if port.maximum is not None and kind in ("number", "integer"):
        schema["maximum"] = port.maximum
    if port.list:
        schema = {"type": "array", "items": schema}
    schema["x-kind"] = kind
    if port.description:
        schema["description"] = port.description
    return schema


def graph_input_value_schema(port: Port) -> dict[str, Any]:
    """What a value of a graph's declared input may be (its default, or a Subgraph node's param).

    An enum or direction input has no list of choices of its own: the ports it feeds check them.
    """
    if port.kind == "enum":
        schema: dict[str, Any] = {"type": "string"}
        return {"type": "array", "items": schema} if port.list else schema
    if port.kind == "direction":
        schema = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/vector"}]}
        return {"type": "array", "items": schema} if port.list else schema
    return _value_schema(port)


def _wire_schema(port: Port) -> dict[str, Any]:
    if port.list:
        return {"type": "array", "items": {"$ref": "#/$defs/wire"}}
    return {"$ref": "#/$defs/wire"}


def node_ports_schema(node: NodeType) -> dict[str, Any]:
    """What ``params`` and ``inputs`` of one node type may hold.

    A Subgraph's ports are those its graph file declares: here only their shape (values, wires);
    the validator checks them against the file.
    """
    if node.type == SUBGRAPH.type:
        wires = {"anyOf": [{"$ref": "#/$defs/wire"}, {"type": "array", "items": {"$ref": "#/$defs/wire"}}]}
        return {
            "required": ["graph"],
            "properties": {
                "params": {"type": "object", "propertyNames": {"pattern": ID_PATTERN}},
                "inputs": {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": wires},
            },
        }
    params = {p.name: _value_schema(p) for p in node.inputs if not p.is_object}
    inputs = {p.name: _wire_schema(p) for p in node.inputs}
    return {
        "properties": {
            "params": {"type": "object", "properties": params, "additionalProperties": False},
            "inputs": {"type": "object", "properties": inputs, "additionalProperties": False},
        }
    }


def _node_rule(node: NodeType) -> dict[str, Any]:
    return {
        "if": {"properties": {"type": {"const": node.type}}, "required": ["type"]},
        "then": node_ports_schema(node),
    }


def _interface_schema() -> dict[str, Any]:
    """``inputs`` and ``outputs``: what a graph offers when another graph uses it as a node."""
    return {
        "inputs": {
            "type": "object",
            "description": "The ports of this graph when another graph uses it as a Subgraph node; "
            "its nodes read them with $name wires.",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/graphInput"},
        },
        "outputs": {
            "type": "object",
            "description": "What this graph gives when used as a Subgraph node: name -> a wire to one of its nodes.",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "string", "pattern": NODE_WIRE_PATTERN, "x-kind": "wire"},
        },
    }


def _graph_input_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "One input of the graph: its kind, and for value kinds an optional default.",
        "required": ["kind"],
        "properties": {
            "kind": {"enum": list(ALL_KINDS)},
            "default": {"description": "A value of the kind (value kinds only); used when nothing is given."},
            "description": {"type": "string"},
            "list": {"type": "boolean", "description": "A list of values or wires."},
        },
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }


def _canvas_schema() -> dict[str, Any]:
    """Frames and notes: editor-only layout, which the compiler never reads."""

    def items(item: str) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": f"#/$defs/{item}"},
        }

    return {
        "type": "object",
        "description": "Frames and notes that organise the editor's canvas; ignored by the compiler.",
        "properties": {"frames": items("frame"), "notes": items("note")},
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }


def _canvas_defs() -> dict[str, Any]:
    pos = {"$ref": "#/$defs/pos"}
    size = {"$ref": "#/$defs/size"}
    return {
        "pos": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "size": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
        "frame": {
            "type": "object",
            "description": "A titled box; the nodes whose pos lies inside it move with it in the editor.",
            "required": ["pos", "size"],
            "properties": {
                "title": {"type": "string"},
                "pos": {**pos, "description": "The top-left corner [x, y], in editor units."},
                "size": {**size, "description": "[width, height], in editor units."},
                "color": {"$ref": "#/$defs/color"},
            },
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
        },
        "note": {
            "type": "object",
            "description": "A comment on the canvas, plain text.",
            "required": ["text", "pos"],
            "properties": {
                "text": {"type": "string"},
                "pos": {**pos, "description": "The top-left corner [x, y], in editor units."},
                "size": {**size, "description": "[width, height]; the editor's default when left out."},
            },
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
        },
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of graph file format version 1."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "manim-nodes graph",
        "description": "A Manim animation as a node graph (file format version 1).",
        "type": "object",
        "required": ["version", "nodes"],
        "properties": {
            "version": {"const": 1, "description": "File format version; must be 1."},
            "name": {"type": "string", "description": "Display name (default: the file stem)."},
            "description": {"type": "string"},
            "scene": {
                "type": "object",
                "properties": {"background": {"$ref": "#/$defs/color"}},
                "additionalProperties": False,
            },
            **_interface_schema(),
            "nodes": {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/node"},
            },
            "canvas": _canvas_schema(),
        },
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "$defs": {
            "color": {
                "anyOf": [{"type": "string", "pattern": HEX_COLOR_PATTERN}, {"enum": list(MANIM_COLORS)}],
                "x-kind": "color",
            },
            "vector": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 2,
                "maxItems": 3,
                "x-kind": "vector",
            },
            "wire": {"type": "string", "pattern": WIRE_PATTERN, "x-kind": "wire"},
            "node": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"enum": list(CATALOG)},
                    "graph": {
                        "type": "string",
                        "pattern": GRAPH_NAME_PATTERN,
                        "description": "Subgraph nodes only: the graph used as this node, by name: parts/dot.",
                    },
                    "params": {"type": "object"},
                    "inputs": {"type": "object"},
                    "pos": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
                },
                "patternProperties": {"^x-": {}},
                "additionalProperties": False,
                "allOf": [
                    *(_node_rule(node) for node in CATALOG.values()),
                    {
                        "if": {"properties": {"type": {"not": {"const": SUBGRAPH.type}}}},
                        "then": {"not": {"required": ["graph"]}},
                    },
                ],
            },
            "graphInput": _graph_input_schema(),
            **_canvas_defs(),
        },
    }


def schema_text() -> str:
    """The schema as it is written to ``schema/graph.schema.json``."""
    return json.dumps(build_schema(), indent=2) + "\n"
