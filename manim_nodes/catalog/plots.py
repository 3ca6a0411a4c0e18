"""What Manim draws on a set of axes: labels, guide lines, areas, Riemann rectangles, line graphs.

Each is the Axes method a Manim user calls (``axes.get_area(graph, ...)``), with its keywords.
"""

from __future__ import annotations

from .common import AXES_IN, DIRECTIONS, direction, mobject, range_port
from .model import EmitContext, Emitter, NodeType, Port

CATEGORY = "Coordinates"

_GRAPH = Port("graph", "mobject", None, "The plot.", required=True, accepts=("Plot",), arg="positional")


_POINT = Port(
    "point",
    "vector",
    None,
    "The point [x, y] in scene units, e.g. from InputToGraphPoint.",
    required=True,
    arg="positional",
)


def _on_axes(method: str) -> Emitter:
    """Emit ``axes.method(other ports...)``."""

    def emit(ctx: EmitContext) -> str:
        return ctx.call(f"{ctx.args['axes']}.{method}", skip=("axes",))

    return emit


def _plotted(type_name: str, description: str, method: str, ports: tuple[Port, ...]) -> NodeType:
    return mobject(type_name, CATEGORY, description, (AXES_IN, *ports), emit=_on_axes(method), style_methods=True)


PLOTS: tuple[NodeType, ...] = (
    mobject(
        "BarChart",
        CATEGORY,
        "Bars of the given heights on their own axes, with names under them.",
        (
            Port("values", "number", [3, 5, 2], "The height of each bar.", list=True, always=True),
            Port("bar_names", "string", None, "A name under each bar.", list=True),
            range_port("y_range", None, "[min, max, step] of the heights' axis."),
            Port("x_length", "number", None, "Width on screen.", minimum=0),
            Port("y_length", "number", None, "Height on screen.", minimum=0),
            Port("bar_width", "number", 0.6, "Share of each slot the bar fills.", minimum=0),
        ),
        style_methods=True,
    ),
    _plotted(
        "GetAxisLabels",
        "Labels at the ends of the axes, LaTeX in math mode (axes.get_axis_labels).",
        "get_axis_labels",
        (
            Port("x_label", "string", "x", "The x axis' label.", widget="latex"),
            Port("y_label", "string", "y", "The y axis' label.", widget="latex"),
        ),
    ),
    _plotted(
        "GetVerticalLine",
        "A dashed line from the x axis up or down to a point (axes.get_vertical_line).",
        "get_vertical_line",
        (_POINT,),
    ),
    _plotted(
        "GetHorizontalLine",
        "A dashed line from the y axis across to a point (axes.get_horizontal_line).",
        "get_horizontal_line",
        (_POINT,),
    ),
    _plotted(
        "GetGraphLabel",
        "A LaTeX label beside a plot (axes.get_graph_label).",
        "get_graph_label",
        (
            _GRAPH,
            Port("label", "string", "f(x)", "LaTeX in math mode.", widget="latex"),
            Port("x_val", "number", None, "Where along x it sits; the plot's end when unset."),
            direction("direction", "RIGHT", DIRECTIONS),
            Port("buff", "number", 0.25, "Gap between the plot and the label.", minimum=0),
            Port("dot", "bool", False, "Mark the point with a dot."),
        ),
    ),
    _plotted(
        "GetArea",
        "The area under a plot, or between two plots, over a range of x (axes.get_area).",
        "get_area",
        (
            _GRAPH,
            range_port("x_range", None, "[min, max] of x; the whole plot when unset."),
            Port("bounded_graph", "mobject", None, "A second plot: the area between the two.", accepts=("Plot",)),
            Port("opacity", "number", 0.3, "Fill opacity.", minimum=0),
        ),
    ),
    _plotted(
        "GetRiemannRectangles",
        "Rectangles under a plot that approximate its integral (axes.get_riemann_rectangles).",
        "get_riemann_rectangles",
        (
            _GRAPH,
            range_port("x_range", None, "[min, max] of x; the whole plot when unset."),
            Port("dx", "number", 0.1, "Width of each rectangle in x.", minimum=0),
            Port(
                "input_sample_type",
                "enum",
                "left",
                "Where each rectangle meets the plot.",
                choices=("left", "right", "center"),
            ),
            Port("bounded_graph", "mobject", None, "A second plot: rectangles between the two.", accepts=("Plot",)),
        ),
    ),
    _plotted(
        "PlotLineGraph",
        "Points joined by straight lines, with dots at the points (axes.plot_line_graph).",
        "plot_line_graph",
        (
            Port("x_values", "number", [0, 1, 2, 3], "x of each point.", list=True, always=True),
            Port("y_values", "number", [0, 1, 4, 9], "y of each point.", list=True, always=True),
            Port("line_color", "color", None, "Color of the lines."),
            Port("add_vertex_dots", "bool", True, "Draw a dot at each point."),
        ),
    ),
)
