"""The long tail of Manim's classes that map one to one onto a node: which ones, and which of
their parameters become ports. Everything else about a port (its kind, default, whether Manim
takes it positionally) is read off Manim's own signature by ``scripts/gen_long_tail.py``, which
writes ``generated.py``; ``tests/test_catalog.py`` checks that file against the installed Manim.

Each entry: class name, category, description, the parameters to expose (Manim's names; the
mobject an animation acts on becomes ``mobject``, the one it turns into ``target``), and
defaults for parameters Manim requires (so that a new node is valid as soon as it is placed).
"""

from __future__ import annotations

from typing import Any

LongTailEntry = tuple[str, str, str, tuple[str, ...], dict[str, Any]]

LONG_TAIL: tuple[LongTailEntry, ...] = (
    # animations
    (
        "GrowFromPoint",
        "Animations",
        "Grows a mobject out of a point.",
        ("mobject", "point", "point_color"),
        {"point": [0, 0]},
    ),
    (
        "GrowFromEdge",
        "Animations",
        "Grows a mobject out of one of its edges.",
        ("mobject", "edge", "point_color"),
        {"edge": [0, -1]},
    ),
    ("FadeToColor", "Animations", "Changes a mobject's color smoothly.", ("mobject", "color"), {"color": "YELLOW"}),
    (
        "ScaleInPlace",
        "Animations",
        "Scales a mobject about its center.",
        ("mobject", "scale_factor"),
        {"scale_factor": 1.5},
    ),
    (
        "ShowPassingFlash",
        "Animations",
        "Sends a short flash of light along a path's outline.",
        ("mobject", "time_width"),
        {},
    ),
    (
        "Blink",
        "Animations",
        "Makes a mobject disappear and reappear.",
        ("mobject", "time_on", "time_off", "blinks", "hide_at_end"),
        {},
    ),
    ("AddTextLetterByLetter", "Animations", "Types a Text in, one letter at a time.", ("text", "time_per_char"), {}),
    (
        "RemoveTextLetterByLetter",
        "Animations",
        "Erases a Text, one letter at a time from its end.",
        ("text", "time_per_char"),
        {},
    ),
    ("AddTextWordByWord", "Animations", "Writes a Text in, one word at a time.", ("text_mobject", "time_per_char"), {}),
    ("SpiralIn", "Animations", "Flies the parts of a mobject in along spirals.", ("shapes", "scale_factor"), {}),
    (
        "ClockwiseTransform",
        "Animations",
        "Morphs a mobject into another along a clockwise arc.",
        ("mobject", "target_mobject"),
        {},
    ),
    (
        "CounterclockwiseTransform",
        "Animations",
        "Morphs a mobject into another along a counterclockwise arc.",
        ("mobject", "target_mobject"),
        {},
    ),
    (
        "TransformFromCopy",
        "Animations",
        "Morphs a copy of a mobject into another, leaving the first in place.",
        ("mobject", "target_mobject", "path_arc"),
        {},
    ),
    ("Swap", "Animations", "Swaps the places of two mobjects along arcs.", ("mobjects", "path_arc"), {}),
    (
        "Broadcast",
        "Animations",
        "Sends rings of a mobject out from a point, like a signal.",
        ("mobject", "focal_point", "n_mobs", "initial_opacity", "final_opacity"),
        {},
    ),
    (
        "ShowIncreasingSubsets",
        "Animations",
        "Shows a group's members one after another, keeping the earlier ones.",
        ("group",),
        {},
    ),
    (
        "ShowSubmobjectsOneByOne",
        "Animations",
        "Shows a group's members one at a time, each replacing the last.",
        ("group",),
        {},
    ),
    # shapes
    ("Sector", "Shapes", "A slice of a disc.", ("radius", "angle", "start_angle"), {}),
    ("AnnularSector", "Shapes", "A slice of a ring.", ("inner_radius", "outer_radius", "angle", "start_angle"), {}),
    (
        "ArcBetweenPoints",
        "Shapes",
        "An arc from one point to another.",
        ("start", "end", "angle"),
        {"start": [-1, 0], "end": [1, 0]},
    ),
    (
        "CurvedArrow",
        "Shapes",
        "A curved arrow from one point to another.",
        ("start_point", "end_point"),
        {"start_point": [-1, 0], "end_point": [1, 0]},
    ),
    (
        "CurvedDoubleArrow",
        "Shapes",
        "A curved arrow with tips at both ends.",
        ("start_point", "end_point"),
        {"start_point": [-1, 0], "end_point": [1, 0]},
    ),
    (
        "CubicBezier",
        "Shapes",
        "A cubic Bézier curve from two anchors and two handles.",
        ("start_anchor", "start_handle", "end_handle", "end_anchor"),
        {"start_anchor": [-2, 0], "start_handle": [-1, 2], "end_handle": [1, -2], "end_anchor": [2, 0]},
    ),
    ("Elbow", "Shapes", "A small right-angle mark.", ("width", "angle"), {}),
    ("Cross", "Shapes", "A red X, on its own or over a mobject.", ("mobject", "stroke_color", "scale_factor"), {}),
    ("Underline", "Shapes", "A line under a mobject.", ("mobject", "buff"), {}),
    (
        "BackgroundRectangle",
        "Shapes",
        "A dark rectangle behind mobjects, to make them stand out.",
        ("mobjects", "buff"),
        {},
    ),
    ("LabeledDot", "Shapes", "A dot with a label inside it.", ("label", "radius"), {"label": "A"}),
    (
        "TangentLine",
        "Shapes",
        "A line touching a curve at a proportion along it.",
        ("vmob", "alpha", "length"),
        {"alpha": 0.5},
    ),
    (
        "RegularPolygram",
        "Shapes",
        "A star polygon: every density-th vertex of a regular polygon joined.",
        ("num_vertices", "density", "radius"),
        {"num_vertices": 5},
    ),
    ("AnnotationDot", "Shapes", "A larger dot with an outline, to mark a point.", ("radius",), {}),
    ("ScreenRectangle", "Shapes", "A rectangle of the screen's proportions.", ("aspect_ratio", "height"), {}),
    ("FullScreenRectangle", "Shapes", "A rectangle the size of the screen.", (), {}),
    (
        "ConvexHull",
        "Shapes",
        "The convex polygon around points.",
        ("points",),
        {"points": [[-2, -1], [2, -1], [1, 1], [0, 2], [0, 0]]},
    ),
    ("Cutout", "Shapes", "A shape with other shapes cut out of it.", ("main_shape", "mobjects"), {}),
    # text
    (
        "Title",
        "Text & math",
        "A title at the top of the screen, underlined.",
        ("text_parts", "include_underline"),
        {"text_parts": ["Title"]},
    ),
    (
        "Paragraph",
        "Text & math",
        "Lines of text, aligned together.",
        ("text", "alignment"),
        {"text": ["First line", "Second line"]},
    ),
    (
        "BulletedList",
        "Text & math",
        "A bulleted list of LaTeX items.",
        ("items", "buff"),
        {"items": ["First", "Second"]},
    ),
    # coordinates
    ("PolarPlane", "Coordinates", "A polar grid of circles and rays.", ("radius_max", "radius_step"), {}),
    ("ComplexPlane", "Coordinates", "The complex plane: a number plane labelled in re and im.", (), {}),
)
