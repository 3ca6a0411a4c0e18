"""Geometry: Manim's shapes, named and parametrised as in Manim."""

from __future__ import annotations

from .common import DIRECTIONS, angle, mobject, mobject_in, vector_port
from .model import NodeType, Port

CATEGORY = "Shapes"


def _line_ports() -> tuple[Port, ...]:
    return (
        vector_port("start", [-1, 0], "Start point [x, y]."),
        vector_port("end", [1, 0], "End point [x, y]."),
    )


_SHAPES_IN = Port(
    "mobjects",
    "mobject",
    None,
    "The shapes, in order (Difference: the first minus the second).",
    list=True,
    required=True,
    arg="positional",
)
_LINE_1 = Port("line1", "mobject", None, "The first line.", required=True, accepts=("Line",), arg="positional")
_LINE_2 = Port("line2", "mobject", None, "The second line.", required=True, accepts=("Line",), arg="positional")


def _brace_side(name: str) -> Port:
    """A named side, or any vector: Manim turns the brace to face along its angle."""
    return Port(
        name,
        "direction",
        "DOWN",
        "The side the brace goes on, or a vector [dx, dy] of which only the angle counts.",
        choices=DIRECTIONS,
    )


def _brace_label(type_name: str, description: str, label: str) -> NodeType:
    return mobject(
        type_name,
        CATEGORY,
        description,
        (
            mobject_in(description="The mobject to brace."),
            Port(
                "text",
                "string",
                "x" if label == "MathTex" else "width",
                "The label.",
                widget="latex" if label == "MathTex" else "text",
                always=True,
                arg="positional",
            ),
            _brace_side("brace_direction"),
            Port(
                "label_constructor",
                "enum",
                label,
                "What sets the label: MathTex (a formula), Tex (LaTeX text, as Brace.get_text) or Text.",
                choices=("MathTex", "Tex", "Text"),
                enum_identifiers=True,
            ),
            Port("font_size", "number", None, "Font size of the label.", minimum=0),
        ),
        style_methods=True,
    )


SHAPES: tuple[NodeType, ...] = (
    mobject(
        "Circle",
        CATEGORY,
        "A circle of a given radius.",
        (Port("radius", "number", 1.0, "Radius in scene units.", minimum=0),),
    ),
    mobject(
        "Square",
        CATEGORY,
        "A square of a given side length.",
        (Port("side_length", "number", 2.0, "Side length in scene units.", minimum=0),),
    ),
    mobject(
        "Rectangle",
        CATEGORY,
        "A rectangle of a given width and height.",
        (
            Port("width", "number", 4.0, "Width in scene units.", minimum=0),
            Port("height", "number", 2.0, "Height in scene units.", minimum=0),
        ),
    ),
    mobject(
        "RoundedRectangle",
        CATEGORY,
        "A rectangle with rounded corners.",
        (
            Port("width", "number", 4.0, "Width in scene units.", minimum=0),
            Port("height", "number", 2.0, "Height in scene units.", minimum=0),
            Port("corner_radius", "number", 0.5, "Radius of the corners.", minimum=0),
        ),
    ),
    mobject(
        "Ellipse",
        CATEGORY,
        "An ellipse of a given width and height.",
        (
            Port("width", "number", 2.0, "Width in scene units.", minimum=0),
            Port("height", "number", 1.0, "Height in scene units.", minimum=0),
        ),
    ),
    mobject("Triangle", CATEGORY, "An equilateral triangle."),
    mobject(
        "RegularPolygon",
        CATEGORY,
        "A regular polygon with n sides.",
        (Port("n", "integer", 6, "Number of sides.", minimum=3),),
    ),
    mobject(
        "Polygon",
        CATEGORY,
        "A polygon through the given vertices.",
        (
            Port(
                "vertices",
                "vector",
                [[-1, -1], [1, -1], [0, 1]],
                "Corner points, in order.",
                list=True,
                arg="positional",
                always=True,
            ),
        ),
    ),
    mobject(
        "Star",
        CATEGORY,
        "A star with n points.",
        (
            Port("n", "integer", 5, "Number of points.", minimum=2),
            Port("outer_radius", "number", 1.0, "Radius of the points.", minimum=0),
            Port("inner_radius", "number", None, "Radius of the inner corners.", minimum=0),
        ),
    ),
    mobject(
        "Arc",
        CATEGORY,
        "A circular arc.",
        (
            Port("radius", "number", 1.0, "Radius in scene units.", minimum=0),
            angle("start_angle", 0, "Where the arc starts, in degrees."),
            angle("angle", 90, "How far the arc turns, in degrees."),
        ),
    ),
    mobject(
        "Annulus",
        CATEGORY,
        "A ring between two radii.",
        (
            Port("inner_radius", "number", 1.0, "Inner radius.", minimum=0),
            Port("outer_radius", "number", 2.0, "Outer radius.", minimum=0),
        ),
    ),
    mobject("Line", CATEGORY, "A straight line between two points.", _line_ports()),
    mobject(
        "DashedLine",
        CATEGORY,
        "A dashed straight line between two points.",
        (*_line_ports(), Port("dash_length", "number", 0.05, "Length of each dash.", minimum=0)),
    ),
    mobject(
        "Arrow",
        CATEGORY,
        "An arrow from start to end.",
        (*_line_ports(), Port("buff", "number", 0.25, "Gap left at both ends.", minimum=0)),
    ),
    mobject(
        "DoubleArrow",
        CATEGORY,
        "An arrow with tips at both ends.",
        (*_line_ports(), Port("buff", "number", 0.25, "Gap left at both ends.", minimum=0)),
    ),
    mobject(
        "Dot",
        CATEGORY,
        "A small filled dot.",
        (
            vector_port("point", [0, 0], "Where the dot sits [x, y]."),
            Port("radius", "number", 0.08, "Radius of the dot.", minimum=0),
        ),
    ),
    mobject(
        "SurroundingRectangle",
        CATEGORY,
        "A rectangle drawn around another mobject.",
        (
            mobject_in(description="The mobject to surround."),
            Port("buff", "number", 0.1, "Gap between the mobject and the rectangle.", minimum=0),
            Port("corner_radius", "number", 0.0, "Radius of the corners.", minimum=0),
        ),
    ),
    mobject(
        "Brace",
        CATEGORY,
        "A curly brace along one side of a mobject.",
        (
            mobject_in(description="The mobject to brace."),
            _brace_side("direction"),
            Port("buff", "number", 0.2, "Gap between the mobject and the brace.", minimum=0),
        ),
    ),
    _brace_label("BraceLabel", "A brace along one side of a mobject, with a LaTeX formula beside it.", "MathTex"),
    _brace_label("BraceText", "A brace along one side of a mobject, with plain text beside it.", "Text"),
    mobject(
        "BraceBetweenPoints",
        CATEGORY,
        "A curly brace from one point to another.",
        (
            vector_port("point_1", [-1, 0], "Where the brace starts [x, y]."),
            vector_port("point_2", [1, 0], "Where the brace ends [x, y]."),
            vector_port(
                "direction", [0, 0], "The side it opens to [dx, dy]; turned a quarter from the points when zero."
            ),
        ),
    ),
    *(
        mobject(name, CATEGORY, description, (_SHAPES_IN,))
        for name, description in (
            ("Union", "The area two or more shapes cover together."),
            ("Intersection", "The area two or more shapes share."),
            ("Difference", "The first shape with the second cut out of it."),
            ("Exclusion", "The area covered by exactly one of two shapes."),
        )
    ),
    mobject(
        "Angle",
        CATEGORY,
        "The arc that marks the angle between two lines.",
        (
            _LINE_1,
            _LINE_2,
            Port("radius", "number", None, "Radius of the arc.", minimum=0),
            Port("other_angle", "bool", False, "Mark the other of the two angles (the reflex side)."),
            Port("dot", "bool", False, "Put a dot inside the arc."),
        ),
    ),
    mobject(
        "RightAngle",
        CATEGORY,
        "The square corner that marks a right angle between two lines.",
        (_LINE_1, _LINE_2, Port("length", "number", None, "Side of the square mark.", minimum=0)),
    ),
)
