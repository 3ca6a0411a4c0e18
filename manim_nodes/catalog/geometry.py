"""Geometry as values: points read off mobjects, axes and plots, and members of groups.

Each reader is the Manim call a user would write (``square.get_top()``, ``axes.c2p(1, 2)``).
It reads once, when its consumer is built, unless its mobject moves by itself or it says
``follow: true``: then it is live and what is built from it follows (``manim_nodes/liveness.py``).
"""

from __future__ import annotations

from .common import AXES_IN, CORNERS, EDGES, direction, mobject_in
from .model import EmitContext, Emitter, NodeType, Output, Port

CATEGORY = "Geometry"

FOLLOW = Port(
    "follow",
    "bool",
    False,
    "Read it again on every frame, so what is built from it follows the mobject (an updater).",
    arg="custom",
)
_POINT_OUT = (Output("point", "vector"),)
_EDGE_METHODS = {"UP": "get_top", "DOWN": "get_bottom", "LEFT": "get_left", "RIGHT": "get_right"}


def _reader(
    type_name: str, description: str, ports: tuple[Port, ...], emit: Emitter, outputs: tuple[Output, ...] = _POINT_OUT
) -> NodeType:
    subject = mobject_in(description="The mobject to read.", arg="custom")
    return NodeType(type_name, CATEGORY, description, (subject, *ports, FOLLOW), outputs, emit=emit, reads=True)


def _size(attribute: str) -> Emitter:
    def emit(ctx: EmitContext) -> str:
        return f"{ctx.args['mobject']}.{attribute}"

    return emit


def _method(name: str) -> Emitter:
    def emit(ctx: EmitContext) -> str:
        return ctx.call(f"{ctx.args['mobject']}.{name}", skip=("mobject",))

    return emit


def _edge(ctx: EmitContext) -> str:
    return f"{ctx.args['mobject']}.{_EDGE_METHODS[ctx.args.get('edge', 'UP')]}()"


def _c2p(ctx: EmitContext) -> str:
    return f"{ctx.args['axes']}.c2p({ctx.args['x']}, {ctx.args['y']})"


def _i2gp(ctx: EmitContext) -> str:
    return f"{ctx.args['axes']}.i2gp({ctx.args['x']}, {ctx.args['graph']})"


def _part_by_tex(ctx: EmitContext) -> str:
    return f"{ctx.args['mobject']}.get_part_by_tex({ctx.args['tex']})"


def _member(ctx: EmitContext) -> str:
    return f"{ctx.args['mobject']}[{ctx.args['index']}]"


GEOMETRY: tuple[NodeType, ...] = (
    _reader("GetCenter", "The center of a mobject (get_center).", (), _method("get_center")),
    _reader(
        "GetEdge",
        "The middle of one edge of a mobject: get_top, get_bottom, get_left or get_right.",
        (direction("edge", "UP", EDGES, arg="custom"),),
        _edge,
    ),
    _reader(
        "GetCorner",
        "A corner of a mobject's bounding box (get_corner).",
        (direction("corner", "UR", CORNERS, arg="positional", always=True),),
        _method("get_corner"),
    ),
    _reader("GetStart", "Where a line, arrow or path starts (get_start).", (), _method("get_start")),
    *(
        _reader(
            f"Get{word}",
            f"The {attribute} of a mobject, in scene units ({attribute}).",
            (),
            _size(attribute),
            (Output(attribute, "number"),),
        )
        for word, attribute in (("Width", "width"), ("Height", "height"))
    ),
    _reader("GetEnd", "Where a line, arrow or path ends (get_end).", (), _method("get_end")),
    _reader(
        "PointFromProportion",
        "The point a proportion of the way along a path, 0 at its start and 1 at its end.",
        (Port("alpha", "number", 0.5, "How far along: 0 to 1.", always=True, arg="positional", minimum=0),),
        _method("point_from_proportion"),
    ),
    NodeType(
        "CoordsToPoint",
        CATEGORY,
        "The point of a set of axes at coordinates (x, y): axes.c2p.",
        (
            AXES_IN,
            Port("x", "number", 0.0, "The x coordinate on the axes.", always=True, arg="custom"),
            Port("y", "number", 0.0, "The y coordinate on the axes.", always=True, arg="custom"),
            FOLLOW,
        ),
        _POINT_OUT,
        emit=_c2p,
        reads=True,
    ),
    NodeType(
        "InputToGraphPoint",
        CATEGORY,
        "The point of a plot above x: axes.i2gp.",
        (
            AXES_IN,
            Port("graph", "mobject", None, "The plot.", required=True, accepts=("Plot",), arg="custom"),
            Port("x", "number", 0.0, "The x coordinate on the axes.", always=True, arg="custom"),
            FOLLOW,
        ),
        _POINT_OUT,
        emit=_i2gp,
        reads=True,
    ),
    NodeType(
        "GetPartByTex",
        CATEGORY,
        "The part of a formula written as this LaTeX; isolate it on the MathTex first (substrings_to_isolate).",
        (
            mobject_in(description="The formula.", accepts=("MathTex", "Tex"), arg="custom"),
            Port(
                "tex", "string", "x", "The LaTeX of the part, as isolated.", widget="latex", always=True, arg="custom"
            ),
        ),
        (Output("mobject", "mobject"),),
        emit=_part_by_tex,
        selects_part=True,
    ),
    NodeType(
        "Submobject",
        CATEGORY,
        "One member of a group, or one part of a formula, by its index from 0 (group[i]).",
        (
            mobject_in(description="The group or formula.", arg="custom"),
            Port("index", "integer", 0, "Which member: 0 is the first, -1 the last.", always=True, arg="custom"),
        ),
        (Output("mobject", "mobject"),),
        emit=_member,
        selects_part=True,
    ),
)
