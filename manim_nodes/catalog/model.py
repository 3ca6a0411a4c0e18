"""The shape of a catalog entry: ports, outputs and how a node becomes source.

A node type is data plus one small emitter function. Everything else (the JSON
Schema, ``GET /api/nodes``, the editor's palette, the compiler, the docs) reads
these objects, so a node type is defined exactly once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "number",
    "integer",
    "bool",
    "string",
    "color",
    "vector",
    "enum",
    "expression",
    "numeric",
    "direction",
    "table",
    "mobject",
    "animation",
]

VALUE_KINDS: frozenset[str] = frozenset(
    {"number", "integer", "bool", "string", "color", "vector", "enum", "expression", "numeric", "direction", "table"}
)
OBJECT_KINDS: frozenset[str] = frozenset({"mobject", "animation"})
ALL_KINDS: tuple[str, ...] = (
    "number",
    "integer",
    "bool",
    "string",
    "color",
    "vector",
    "enum",
    "expression",
    "numeric",
    "direction",
    "table",
    "mobject",
    "animation",
)

# A table port holds rows of cells, each a string or a number; bounded so a file stays a file.
TABLE_MAX_ROWS = 50
TABLE_MAX_COLUMNS = 50
TABLE_MAX_CELL_CHARS = 200

# What the cells of a table port may be: any string or number, or numbers only.
CellKind = Literal["any", "string", "number", "integer"]

# The free variables of an expression port, one letter each: ``x`` for y = f(x), ``t`` for
# curves, ``uv`` for surfaces, ``xy`` for a point's coordinates.
Variable = Literal["x", "t", "uv", "xy"]

# How a port reaches the generated call: as a keyword, positionally (in port
# order), or not at all because the node's emitter places it itself.
ArgStyle = Literal["keyword", "positional", "custom"]

# Where an output of kind K (key) may be wired: into inputs of these kinds (any other kind: its own).
KIND_FITS: dict[str, frozenset[str]] = {
    "integer": frozenset({"integer", "number", "numeric"}),
    "number": frozenset({"number", "numeric"}),
    "vector": frozenset({"vector", "numeric", "direction"}),
    "numeric": frozenset({"number", "vector", "numeric", "direction"}),
}


def kinds_fit(output_kind: str, input_kind: str) -> bool:
    """Can an output of ``output_kind`` be wired into an input of ``input_kind``?"""
    return input_kind in KIND_FITS.get(output_kind, frozenset({output_kind}))


@dataclass(frozen=True)
class Port:
    """One input of a node type, named after Manim's keyword where it has one."""

    name: str
    kind: Kind
    default: Any = None
    description: str = ""
    list: bool = False
    required: bool = False
    choices: tuple[str, ...] | None = None
    widget: Literal["text", "latex", "angle", "file"] | None = None
    accepts: tuple[str, ...] | None = None
    arg: ArgStyle = "keyword"
    # Emit the default even when the user left the port unset (Manim needs it).
    always: bool = False
    # Enum values that are Manim identifiers (RIGHT, smooth) rather than strings.
    enum_identifiers: bool = False
    minimum: float | None = None
    # The minimum itself is refused (a run_time of 0 is no animation, and Manim raises on it).
    exclusive_minimum: bool = False
    maximum: float | None = None
    # A vector port that holds ``[min, max]`` or ``[min, max, step]`` rather than a point.
    is_range: bool = False
    # The free variables of an expression port (``Variable``); served to the editor as ``variable``.
    variable: Variable = "x"
    # The name of the argument in Manim's call when it differs from ``name``.
    manim_name: str | None = None
    # The cells a table port takes (Table: text, MathTable: LaTeX or numbers, IntegerMatrix: integers).
    cells: CellKind = "any"
    # A string port naming a file in the data dir (``assets.py``): the suffixes it may have.
    files: tuple[str, ...] | None = None

    @property
    def is_object(self) -> bool:
        return self.kind in OBJECT_KINDS

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "default": self.default,
            "list": self.list,
            "required": self.required,
            "choices": list(self.choices) if self.choices else None,
            "description": self.description,
            # A range is a vector on disk; the editor labels its fields min/max/step, not x/y/z.
            "widget": "range" if self.is_range else self.widget,
            "accepts": list(self.accepts) if self.accepts else None,
            "variable": self.variable if self.kind == "expression" else None,
            "cells": self.cells if self.kind == "table" else None,
            "files": list(self.files) if self.files else None,
        }


@dataclass(frozen=True)
class Output:
    name: str
    kind: Kind
    # How a consumer reads this output from the node's variable, e.g. ``{}.get_value()``.
    access: str = "{}"
    # The value changes while the scene plays (a tracker's value, the scene clock).
    live: bool = False

    def source(self, variable: str) -> str:
        return self.access.format(variable)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "live": self.live}


@dataclass(frozen=True)
class EmitContext:
    """What an emitter gets: the node's id and its arguments as Python source.

    ``args`` holds only the ports that are set (or marked ``always``), each as
    a source fragment that is already safe (a ``repr`` of a validated value,
    an allow-listed identifier, or the variable of another node).
    """

    node_id: str
    type_name: str
    args: Mapping[str, str]
    node_type: NodeType
    # List ports, item by item, for emitters that splat them (``VGroup(a, b)``).
    lists: Mapping[str, list[str]] = field(default_factory=dict)
    # Expression ports as bare expressions (``np.sin(x)``) rather than lambdas.
    bodies: Mapping[str, str] = field(default_factory=dict)

    def call(
        self,
        callee: str,
        skip: tuple[str, ...] = (),
        extra: tuple[str, ...] = (),
        leading: tuple[str, ...] = (),
    ) -> str:
        """``Callee(pos..., kw=...)`` from the node's ports in catalog order.

        ``leading`` goes before the positional ports, ``extra`` after the keywords.
        """
        positional: list[str] = list(leading)
        keywords: list[str] = []
        for port in self.node_type.inputs:
            if port.name in skip or port.name not in self.args or port.arg == "custom":
                continue
            source = self.args[port.name]
            if port.arg == "positional" and port.list:
                positional.extend(self.lists.get(port.name, []))
            elif port.arg == "positional":
                positional.append(source)
            else:
                keywords.append(f"{port.manim_name or port.name}={source}")
        return f"{callee}({', '.join(positional + keywords + list(extra))})"


Emitter = Callable[[EmitContext], str]


def operand(source: str) -> str:
    """``source`` ready to stand beside + - * / (never **): parenthesised unless it is one name, call
    or literal (a negative number included: ``-45 * DEGREES``)."""
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        return f"({source})"
    negative_number = isinstance(tree, ast.UnaryOp) and isinstance(tree.operand, ast.Constant)
    atomic = negative_number or isinstance(
        tree, ast.Name | ast.Call | ast.Attribute | ast.Constant | ast.Subscript | ast.List
    )
    return source if atomic else f"({source})"


# How a node that changes its mobject in place behaves when it runs every frame as an updater:
# "repeatable" nodes (next_to, move_to) land in the same place each time,
# "additive" ones (shift, scale, rotate) would add up frame after frame,
# "style" ones (set_style) are repeatable and, on a mobject redrawn every frame, part of the
# redraw (``always_redraw(lambda: Polygon(...).set_style(...))``) rather than a second updater.
InPlace = Literal["", "repeatable", "additive", "style"]


def default_emitter(ctx: EmitContext) -> str:
    return ctx.call(ctx.type_name)


@dataclass(frozen=True)
class NodeType:
    """A catalog entry. ``emit`` returns the expression assigned to the node's variable."""

    type: str
    category: str
    description: str
    inputs: tuple[Port, ...]
    outputs: tuple[Output, ...]
    emit: Emitter = default_emitter
    # Statements that run after the assignment, e.g. ``circle.move_to(...)``.
    after: Callable[[EmitContext], list[str]] | None = None
    in_place: InPlace = ""
    # Reads a point off mobjects: live when they move by themselves or ``follow`` is set.
    reads: bool = False
    # Gives a part of its ``mobject`` input (``group[i]``): the same object, moving with it.
    selects_part: bool = False
    # Changes by itself on every frame (the clock, a traced path): a scene with one has updaters.
    changes_by_itself: bool = False
    # A step of the scene's timeline that is a statement rather than an animation object
    # (``self.add(...)``, ``self.move_camera(...)``): written where the Scene plays the node.
    step: Emitter | None = None
    step_plays: bool = False  # the statement plays frames (Manim counts it as an animation)
    step_shows: bool = True  # the statement changes what is on screen (held if it ends the scene)
    composable: bool = True  # may sit inside AnimationGroup, Succession, LaggedStart
    # Statements that keep a mobject showing a live value, for types that Manim updates rather
    # than redraws (``DecimalNumber.set_value``): port name -> method called with the value.
    live_setters: Mapping[str, str] = field(default_factory=dict)
    ports_by_name: dict[str, Port] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ports_by_name", {p.name: p for p in self.inputs})

    def port(self, name: str) -> Port | None:
        return self.ports_by_name.get(name)

    def output(self, name: str | None, into: str | None = None) -> Output | None:
        """The output a wire names; without a name, the first whose kind fits ``into`` (a port kind)."""
        if name is not None:
            return next((o for o in self.outputs if o.name == name), None)
        if into is not None:
            fitting = next((o for o in self.outputs if kinds_fit(o.kind, into)), None)
            if fitting is not None:
                return fitting
        return self.outputs[0] if self.outputs else None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "category": self.category,
            "description": self.description,
            "inputs": [p.to_json() for p in self.inputs],
            "outputs": [o.to_json() for o in self.outputs],
        }
