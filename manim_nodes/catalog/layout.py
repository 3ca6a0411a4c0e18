"""Grouping and placement. Like Manim's methods, these change the mobject in place
and hand the same mobject on, so the generated code reads like a hand-written scene."""

from __future__ import annotations

from .common import ALIGNMENTS, CORNERS, EDGES, MOBJECT_OUT, angle, direction, mobject, mobject_in
from .model import EmitContext, Emitter, InPlace, NodeType, Port

CATEGORY = "Layout"


def _method(method: str) -> Emitter:
    """Emit ``mobject.method(other ports...)``."""

    def emit(ctx: EmitContext) -> str:
        return ctx.call(f"{ctx.args['mobject']}.{method}", skip=("mobject",))

    return emit


def _arrange(ctx: EmitContext) -> str:
    layout = ("direction", "buff", "aligned_edge")
    group = ctx.call("VGroup", skip=layout)
    arrange = [
        ctx.args[name] if name == "direction" else f"{name}={ctx.args[name]}" for name in layout if name in ctx.args
    ]
    return f"{group}.arrange({', '.join(arrange)})"


def _stretch(ctx: EmitContext) -> str:
    axis = {"'x'": 0, "'y'": 1}[ctx.args.get("dim", "'x'")]
    return f"{ctx.args['mobject']}.stretch({ctx.args['factor']}, {axis})"


def _next_to(ctx: EmitContext) -> str:
    where = ctx.args.get("target") or ctx.args.get("point", "ORIGIN")
    return ctx.call(f"{ctx.args['mobject']}.next_to", skip=("mobject",), leading=(where,))


def _move_to(ctx: EmitContext) -> str:
    where = ctx.args.get("target") or ctx.args.get("point", "ORIGIN")
    return ctx.call(f"{ctx.args['mobject']}.move_to", skip=("mobject",), leading=(where,))


def _set_style(ctx: EmitContext) -> str:
    source = ctx.args["mobject"]
    if "color" in ctx.args:
        source += f".set_color({ctx.args['color']})"
    rest = [name for name in ctx.args if name not in ("mobject", "color")]
    if rest:
        source = ctx.call(f"{source}.set_style", skip=("mobject", "color"))
    return source


def _layout(
    type_name: str, description: str, ports: tuple[Port, ...], emit: Emitter, in_place: InPlace = "repeatable"
) -> NodeType:
    return NodeType(type_name, CATEGORY, description, (mobject_in(), *ports), MOBJECT_OUT, emit=emit, in_place=in_place)


_FOLLOW = Port(
    "follow",
    "bool",
    False,
    "Keep it there while the other one moves (Manim: add_updater).",
    arg="custom",
)


_MOBJECTS = Port(
    "mobjects",
    "mobject",
    None,
    "The mobjects, in order.",
    list=True,
    required=True,
    arg="positional",
)

LAYOUT: tuple[NodeType, ...] = (
    mobject("VGroup", CATEGORY, "Groups mobjects so they move and animate together.", (_MOBJECTS,), style_methods=True),
    mobject(
        "Arrange",
        CATEGORY,
        "Groups mobjects and lays them out in a row or column.",
        (
            _MOBJECTS,
            direction("direction", "RIGHT", EDGES, arg="positional"),
            Port("buff", "number", 0.25, "Gap between neighbours.", minimum=0),
            direction("aligned_edge", "ORIGIN", ALIGNMENTS, arg="custom"),
        ),
        emit=_arrange,
        style_methods=True,
    ),
    _layout(
        "NextTo",
        "Places a mobject next to another one.",
        (
            Port("target", "mobject", None, "The mobject to sit beside.", arg="custom"),
            Port("point", "vector", None, "A point to sit beside, instead of a mobject [x, y].", arg="custom"),
            direction("direction", "RIGHT", arg="positional"),
            Port("buff", "number", 0.25, "Gap between the two.", minimum=0),
            direction("aligned_edge", "ORIGIN", ALIGNMENTS),
            _FOLLOW,
        ),
        _next_to,
    ),
    _layout(
        "MoveTo",
        "Moves a mobject's center to a point or onto another mobject.",
        (
            Port("point", "vector", [0, 0], "Where to put the center [x, y].", arg="custom"),
            Port("target", "mobject", None, "A mobject to move onto, instead of a point.", arg="custom"),
            Port(
                "aligned_edge",
                "enum",
                "ORIGIN",
                "Line up this edge or corner with the same one of the target (UL: top left corners meet); "
                "ORIGIN centers it.",
                choices=ALIGNMENTS,
                enum_identifiers=True,
            ),
            _FOLLOW,
        ),
        _move_to,
    ),
    *(
        _layout(
            f"Set{axis.upper()}",
            f"Moves a mobject's center to {axis} = a value, keeping its other coordinates (Manim: set_{axis}).",
            (Port(axis, "number", 0, f"The new {axis} of its center.", always=True, arg="positional"),),
            _method(f"set_{axis}"),
        )
        for axis in ("x", "y")
    ),
    _layout(
        "Shift",
        "Moves a mobject by a vector.",
        (Port("vector", "vector", [1, 0], "How far to move [dx, dy].", always=True, arg="positional"),),
        _method("shift"),
        "additive",
    ),
    _layout(
        "Scale",
        "Scales a mobject about its center.",
        (Port("scale_factor", "number", 2.0, "Scale factor.", always=True, arg="positional", minimum=0),),
        _method("scale"),
        "additive",
    ),
    _layout(
        "Rotate",
        "Rotates a mobject about its center.",
        (
            angle("angle", 90, "Angle in degrees, counterclockwise.", always=True, arg="positional"),
            Port("about_point", "vector", None, "The point to rotate about [x, y]; its center when unset."),
        ),
        _method("rotate"),
        "additive",
    ),
    _layout(
        "Stretch",
        "Stretches a mobject along one axis about its center (a scale in x or y only).",
        (
            Port("factor", "number", 2.0, "Stretch factor.", always=True, arg="positional", minimum=0),
            Port("dim", "enum", "x", "The axis to stretch along.", choices=("x", "y"), always=True, arg="custom"),
        ),
        _stretch,
        "additive",
    ),
    _layout(
        "SaveState",
        "Remembers a mobject as it is here, for Restore to come back to.",
        (),
        _method("save_state"),
        "",
    ),
    _layout(
        "SetStyle",
        "Changes the colors and strokes of a mobject.",
        (
            Port("color", "color", None, "Stroke and fill color.", arg="custom"),
            Port("fill_color", "color", None, "Fill color."),
            Port("fill_opacity", "number", None, "0 is hollow, 1 is solid.", minimum=0),
            Port("stroke_color", "color", None, "Outline color."),
            Port("stroke_width", "number", None, "Outline width.", minimum=0),
            Port("stroke_opacity", "number", None, "Outline opacity.", minimum=0),
        ),
        _set_style,
        "style",
    ),
    _layout(
        "ToEdge",
        "Moves a mobject to an edge of the frame.",
        (
            direction("edge", "LEFT", EDGES, arg="positional"),
            Port("buff", "number", 0.5, "Gap to the edge.", minimum=0),
        ),
        _method("to_edge"),
    ),
    _layout(
        "ToCorner",
        "Moves a mobject to a corner of the frame.",
        (
            direction("corner", "DL", CORNERS, arg="positional"),
            Port("buff", "number", 0.5, "Gap to the corner.", minimum=0),
        ),
        _method("to_corner"),
    ),
    _layout("Copy", "An independent copy of a mobject, e.g. as a transform target.", (), _method("copy"), ""),
)
