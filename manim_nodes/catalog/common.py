"""Ports and emit helpers shared by many node types."""

from __future__ import annotations

from dataclasses import replace
from typing import TypedDict, Unpack

from .model import ArgStyle, CellKind, EmitContext, Emitter, NodeType, Output, Port, Variable, default_emitter

DIRECTIONS: tuple[str, ...] = ("UP", "DOWN", "LEFT", "RIGHT", "UL", "UR", "DL", "DR")
EDGES: tuple[str, ...] = ("UP", "DOWN", "LEFT", "RIGHT")
CORNERS: tuple[str, ...] = ("UL", "UR", "DL", "DR")

ALIGNMENTS: tuple[str, ...] = (*DIRECTIONS, "ORIGIN")

# Rate functions of manim.utils.rate_functions that take only ``t``.
RATE_FUNCS: tuple[str, ...] = (
    "smooth",
    "linear",
    "rush_into",
    "rush_from",
    "slow_into",
    "double_smooth",
    "there_and_back",
    "there_and_back_with_pause",
    "running_start",
    "wiggle",
    "lingering",
    "exponential_decay",
    "ease_in_sine",
    "ease_out_sine",
    "ease_in_out_sine",
    "ease_in_quad",
    "ease_out_quad",
    "ease_in_out_quad",
    "ease_in_cubic",
    "ease_out_cubic",
    "ease_in_out_cubic",
    "ease_in_expo",
    "ease_out_expo",
    "ease_in_out_expo",
    "ease_in_back",
    "ease_out_back",
    "ease_in_out_back",
    "ease_in_elastic",
    "ease_out_elastic",
    "ease_in_out_elastic",
    "ease_in_bounce",
    "ease_out_bounce",
    "ease_in_out_bounce",
)


class PortOptions(TypedDict, total=False):
    """The optional fields of ``Port`` that the helpers below pass on as keywords (the widget
    and the choices are theirs to set)."""

    list: bool
    required: bool
    accepts: tuple[str, ...] | None
    arg: ArgStyle
    always: bool
    minimum: float | None
    maximum: float | None
    is_range: bool
    variable: Variable
    manim_name: str | None
    cells: CellKind
    files: tuple[str, ...] | None


MOBJECT_OUT = (Output("mobject", "mobject"),)
ANIMATION_OUT = (Output("animation", "animation"),)


def vector_port(name: str, default: list[float] | None, description: str, **extra: Unpack[PortOptions]) -> Port:
    """A point or direction, [x, y] or [x, y, z]."""
    return Port(name, "vector", default, description, **extra)


def range_port(name: str, default: list[float] | None, description: str) -> Port:
    """``[min, max]`` or ``[min, max, step]`` of an axis or a parameter, rather than a point."""
    return Port(name, "vector", default, description, is_range=True)


# The axes a reader or a plot drawing works on.
AXES_IN = Port("axes", "mobject", None, "The axes.", required=True, accepts=("Axes", "NumberPlane"), arg="custom")


def mobject_in(name: str = "mobject", description: str = "", **extra: Unpack[PortOptions]) -> Port:
    """A required wire from a mobject, placed positionally as Manim expects."""
    options: PortOptions = {"required": True, "arg": "positional", **extra}
    return Port(name, "mobject", description=description or "The mobject to act on.", **options)


def angle(name: str, default: float | None, description: str, **extra: Unpack[PortOptions]) -> Port:
    """An angle in degrees; the compiler multiplies it by Manim's ``DEGREES``."""
    return Port(name, "number", default, description, widget="angle", **extra)


def direction(name: str, default: str, choices: tuple[str, ...] = DIRECTIONS, **extra: Unpack[PortOptions]) -> Port:
    return Port(
        name,
        "enum",
        default,
        "A direction constant of Manim.",
        choices=choices,
        enum_identifiers=True,
        **extra,
    )


# Style and placement that every mobject takes, so small graphs stay small.
STYLE_PORTS: tuple[Port, ...] = (
    Port("position", "vector", None, "Where the mobject's center goes: [x, y] in scene units.", arg="custom"),
    Port("color", "color", None, "Stroke and fill color: #RRGGBB or a Manim name such as BLUE."),
    Port("fill_opacity", "number", None, "0 is hollow, 1 is solid.", minimum=0),
    Port("stroke_width", "number", None, "Outline width.", minimum=0),
    Port("scale", "number", None, "Scale factor applied after creation.", arg="custom", minimum=0),
    Port("z_index", "integer", None, "Higher draws on top.", arg="custom"),
)

TIMING_PORTS: tuple[Port, ...] = (
    Port("run_time", "number", None, "Duration in seconds.", minimum=0, exclusive_minimum=True),
    Port("lag_ratio", "number", None, "For groups: 0 moves the parts together, 1 one after another.", minimum=0),
    Port(
        "rate_func",
        "enum",
        None,
        "How the animation eases over time.",
        choices=RATE_FUNCS,
        enum_identifiers=True,
    ),
)


def step_only(ctx: EmitContext) -> str:
    """The emitter of a timeline step (``NodeType.step``): it is a statement, never an animation
    to put in a group; validation refuses that before the compiler gets here."""
    raise ValueError(f"{ctx.type_name} is a step of the scene, not an animation to compose")


def style_after(ctx: EmitContext) -> list[str]:
    """Placement that Manim does with methods rather than constructor arguments."""
    var, args = ctx.node_id, ctx.args
    lines = []
    for name, method in (
        ("color", "set_color({})"),
        ("fill_opacity", "set_fill(opacity={})"),
        ("stroke_width", "set_stroke(width={})"),
    ):
        port = ctx.node_type.port(name)
        if name in args and port is not None and port.arg == "custom":
            lines.append(f"{var}.{method.format(args[name])}")
    if "scale" in args:
        lines.append(f"{var}.scale({args['scale']})")
    if "position" in args:
        lines.append(f"{var}.move_to({args['position']})")
    if "z_index" in args:
        lines.append(f"{var}.set_z_index({args['z_index']})")
    return lines


def mobject(
    type_name: str,
    category: str,
    description: str,
    ports: tuple[Port, ...] = (),
    emit: Emitter | None = None,
    style_methods: bool = False,
    live_setters: dict[str, str] | None = None,
) -> NodeType:
    """A node type that makes a mobject and takes the common style ports.

    ``style_methods`` sets color, fill and stroke with methods after creation
    instead of constructor arguments: groups and axes pass those on to their parts.
    """
    style = STYLE_PORTS
    if style_methods:
        style = tuple(replace(p, arg="custom") for p in STYLE_PORTS)
    return NodeType(
        type_name,
        category,
        description,
        ports + style,
        MOBJECT_OUT,
        emit=emit or default_emitter,
        after=style_after,
        live_setters=live_setters or {},
    )


def animation(
    type_name: str,
    description: str,
    ports: tuple[Port, ...] = (),
    emit: Emitter | None = None,
    category: str = "Animations",
    timing: tuple[Port, ...] = TIMING_PORTS,
) -> NodeType:
    """A node type that makes an animation and takes ``run_time`` and ``rate_func``."""
    return NodeType(type_name, category, description, ports + timing, ANIMATION_OUT, emit=emit or default_emitter)
