"""Axes, planes, number lines and function plots."""

from __future__ import annotations

from dataclasses import replace

from .common import mobject, range_port, style_after
from .model import EmitContext, NodeType, Port

CATEGORY = "Coordinates"


_INCLUDE_NUMBERS = Port("include_numbers", "bool", False, "Label the ticks with numbers.", arg="custom")


_PER_AXIS = ("numbers_to_include", "numbers_with_elongated_ticks")


def _per_axis(name: str, description: str) -> Port:
    return Port(name, "number", None, description, list=True, arg="custom")


def _axes(ctx: EmitContext) -> str:
    extra: list[str] = []
    if "include_numbers" in ctx.args:
        extra.append(f"axis_config={{'include_numbers': {ctx.args['include_numbers']}}}")
    for axis in ("x", "y"):
        config = [f"{key!r}: {ctx.args[f'{axis}_{key}']}" for key in _PER_AXIS if f"{axis}_{key}" in ctx.args]
        if config:
            extra.append(f"{axis}_axis_config={{{', '.join(config)}}}")
    return ctx.call(ctx.type_name, extra=tuple(extra))


def _number_line(ctx: EmitContext) -> str:
    extra = (f"include_numbers={ctx.args['include_numbers']}",) if "include_numbers" in ctx.args else ()
    return ctx.call("NumberLine", extra=extra)


def _plane_after(ctx: EmitContext) -> list[str]:
    """``grid.prepare_for_nonlinear_transform()`` when asked, then the common style and placement."""
    if ctx.args.get("prepare_for_nonlinear_transform") != "True":
        return style_after(ctx)
    return [f"{ctx.node_id}.prepare_for_nonlinear_transform()", *style_after(ctx)]


def _plot(ctx: EmitContext) -> str:
    return ctx.call(f"{ctx.args['axes']}.plot")


def _parametric(ctx: EmitContext) -> str:
    curve = f"lambda t: np.array([{ctx.bodies['x']}, {ctx.bodies['y']}, 0])"
    return ctx.call("ParametricFunction", leading=(curve,))


COORDINATES: tuple[NodeType, ...] = (
    mobject(
        "Axes",
        CATEGORY,
        "A pair of x and y axes to plot on.",
        (
            range_port("x_range", [-6, 6, 1], "[min, max, step] of the x axis."),
            range_port("y_range", [-3, 3, 1], "[min, max, step] of the y axis."),
            Port("x_length", "number", 12, "Length of the x axis on screen.", minimum=0),
            Port("y_length", "number", 6, "Length of the y axis on screen.", minimum=0),
            Port("tips", "bool", True, "Draw arrow tips at the ends."),
            _INCLUDE_NUMBERS,
            _per_axis("x_numbers_to_include", "Label only these x values."),
            _per_axis("y_numbers_to_include", "Label only these y values."),
            _per_axis("x_numbers_with_elongated_ticks", "Draw longer ticks at these x values."),
            _per_axis("y_numbers_with_elongated_ticks", "Draw longer ticks at these y values."),
        ),
        emit=_axes,
        style_methods=True,
    ),
    replace(
        mobject(
            "NumberPlane",
            CATEGORY,
            "A grid of coordinate lines.",
            (
                range_port("x_range", None, "[min, max, step] of the x axis."),
                range_port("y_range", None, "[min, max, step] of the y axis."),
                Port(
                    "prepare_for_nonlinear_transform",
                    "bool",
                    False,
                    "Give every line enough points to bend smoothly, for an ApplyPointwiseFunction "
                    "(grid.prepare_for_nonlinear_transform()).",
                    arg="custom",
                ),
            ),
            style_methods=True,
        ),
        after=_plane_after,
    ),
    mobject(
        "NumberLine",
        CATEGORY,
        "A number line with ticks.",
        (
            range_port("x_range", [-8, 8, 1], "[min, max, step]."),
            Port("length", "number", None, "Length on screen.", minimum=0),
            Port("include_tip", "bool", False, "Draw an arrow tip at the end."),
            _INCLUDE_NUMBERS,
        ),
        emit=_number_line,
        style_methods=True,
    ),
    mobject(
        "FunctionGraph",
        CATEGORY,
        "The graph of y = f(x) in scene coordinates.",
        (
            Port("function", "expression", "sin(x)", "y as an expression in x.", always=True, arg="positional"),
            range_port("x_range", [-4, 4], "[min, max] of x."),
        ),
    ),
    mobject(
        "Plot",
        CATEGORY,
        "The graph of y = f(x) on a set of axes (axes.plot).",
        (
            Port(
                "axes",
                "mobject",
                None,
                "The axes to plot on.",
                required=True,
                accepts=("Axes", "NumberPlane"),
                arg="custom",
            ),
            Port("function", "expression", "x**2 / 4", "y as an expression in x.", always=True, arg="positional"),
            range_port("x_range", None, "[min, max] of x, or [min, max, step]; the whole axis when unset."),
            Port(
                "use_smoothing",
                "bool",
                True,
                "Join the sampled points with a smooth curve; false joins them with straight segments.",
            ),
        ),
        emit=_plot,
    ),
    mobject(
        "ParametricFunction",
        CATEGORY,
        "A curve (x(t), y(t)).",
        (
            Port("x", "expression", "cos(t)", "x as an expression in t.", always=True, arg="custom", variable="t"),
            Port("y", "expression", "sin(t)", "y as an expression in t.", always=True, arg="custom", variable="t"),
            range_port("t_range", [0, 6.2832], "[min, max] of t."),
        ),
        emit=_parametric,
    ),
)
