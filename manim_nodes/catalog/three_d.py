"""3D: axes, surfaces and solids. A graph with any of them (or a 3D camera node) renders as
Manim's ThreeDScene; the compiler picks the class."""

from __future__ import annotations

from .common import mobject, range_port, vector_port
from .model import EmitContext, NodeType, Port

CATEGORY = "3D"


def _surface(ctx: EmitContext) -> str:
    point = f"lambda u, v: np.array([{ctx.bodies['x']}, {ctx.bodies['y']}, {ctx.bodies['z']}])"
    return ctx.call("Surface", leading=(point,))


def _uv(name: str, default: str, description: str) -> Port:
    return Port(name, "expression", default, description, always=True, arg="custom", variable="uv")


def _solid(type_name: str, description: str, ports: tuple[Port, ...]) -> NodeType:
    return mobject(type_name, CATEGORY, description, ports, style_methods=True)


_RESOLUTION = Port("resolution", "integer", None, "Pieces along each direction: fewer render faster.", minimum=1)

THREE_D: tuple[NodeType, ...] = (
    _solid(
        "ThreeDAxes",
        "Three axes, x, y and z, to plot on in 3D.",
        (
            range_port("x_range", [-6, 6, 1], "[min, max, step] of the x axis."),
            range_port("y_range", [-5, 5, 1], "[min, max, step] of the y axis."),
            range_port("z_range", [-4, 4, 1], "[min, max, step] of the z axis."),
            Port("x_length", "number", None, "Length of the x axis on screen.", minimum=0),
            Port("y_length", "number", None, "Length of the y axis on screen.", minimum=0),
            Port("z_length", "number", None, "Length of the z axis on screen.", minimum=0),
        ),
    ),
    mobject(
        "Surface",
        CATEGORY,
        "A surface (x(u, v), y(u, v), z(u, v)) over ranges of u and v.",
        (
            _uv("x", "u", "x as an expression in u and v."),
            _uv("y", "v", "y as an expression in u and v."),
            _uv("z", "sin(u) * cos(v)", "z as an expression in u and v."),
            range_port("u_range", [-3, 3], "[min, max] of u."),
            range_port("v_range", [-3, 3], "[min, max] of v."),
            _RESOLUTION,
            Port("fill_color", "color", None, "Color of the surface (with checkerboard_colors off)."),
            Port("checkerboard_colors", "color", None, "Two colors for a checkerboard.", list=True),
        ),
        emit=_surface,
        style_methods=True,
    ),
    _solid(
        "Sphere",
        "A sphere.",
        (Port("radius", "number", 1.0, "Radius.", minimum=0), _RESOLUTION),
    ),
    _solid("Cube", "A cube.", (Port("side_length", "number", 2.0, "Side length.", minimum=0),)),
    _solid(
        "Prism", "A box of given width, depth and height.", (vector_port("dimensions", [3, 2, 1], "[x, y, z] sizes."),)
    ),
    _solid(
        "Cone",
        "A cone standing on its base.",
        (
            Port("base_radius", "number", 1.0, "Radius of the base.", minimum=0),
            Port("height", "number", 1.0, "Height.", minimum=0),
            vector_port("direction", None, "Where its tip points [x, y, z]; up (z) when unset."),
            Port("show_base", "bool", False, "Close the base."),
        ),
    ),
    _solid(
        "Cylinder",
        "A cylinder.",
        (
            Port("radius", "number", 1.0, "Radius.", minimum=0),
            Port("height", "number", 2.0, "Height.", minimum=0),
            vector_port("direction", None, "Its axis [x, y, z]; z when unset."),
            Port("show_ends", "bool", True, "Close both ends."),
        ),
    ),
    _solid(
        "Torus",
        "A ring-shaped surface.",
        (
            Port("major_radius", "number", 3.0, "Radius of the ring.", minimum=0),
            Port("minor_radius", "number", 1.0, "Radius of the tube.", minimum=0),
            _RESOLUTION,
        ),
    ),
    _solid(
        "Dot3D",
        "A small sphere at a point.",
        (
            vector_port("point", None, "Where it sits [x, y, z]."),
            Port("radius", "number", 0.08, "Radius.", minimum=0),
        ),
    ),
    _solid(
        "Line3D",
        "A line in 3D, drawn as a thin cylinder.",
        (
            vector_port("start", [-1, 0, 0], "Start point [x, y, z]."),
            vector_port("end", [1, 0, 0], "End point [x, y, z]."),
            Port("thickness", "number", 0.02, "Thickness.", minimum=0),
        ),
    ),
    _solid(
        "Arrow3D",
        "An arrow in 3D, with a cone for a tip.",
        (
            vector_port("start", [-1, 0, 0], "Start point [x, y, z]."),
            vector_port("end", [1, 0, 0], "End point [x, y, z]."),
            Port("thickness", "number", 0.02, "Thickness of the shaft.", minimum=0),
        ),
    ),
)
