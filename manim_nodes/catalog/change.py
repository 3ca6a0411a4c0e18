"""Values that change while the scene plays: trackers, the scene clock, and what is built from them.

A tracker's or the clock's value is *live*: whatever is computed from it is re-read on every
frame (see ``manim_nodes/liveness.py``). These node types only say how each piece reads in a
script; when it is re-read is the compiler's business.
"""

from __future__ import annotations

import ast

from .common import MOBJECT_OUT, mobject_in
from .model import EmitContext, NodeType, Output, Port

CATEGORY = "Values"

_LIVE_VALUE = Output("value", "number", access="{}.get_value()", live=True)


def _tracker(ctx: EmitContext) -> str:
    return ctx.call("ValueTracker")


def _clock_after(ctx: EmitContext) -> list[str]:
    """The scene clock: a tracker that counts the seconds of every frame Manim draws."""
    return [f"{ctx.node_id}.add_updater(lambda m, dt: m.increment_value(dt))", f"self.add({ctx.node_id})"]


def _clock(ctx: EmitContext) -> str:
    return "ValueTracker(0)"


class _Substitute(ast.NodeTransformer):
    def __init__(self, variable: str, value: ast.expr) -> None:
        self.variable, self.value = variable, value

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.value if node.id == self.variable else node


def _expression(ctx: EmitContext) -> str:
    """The checked expression with its ``x`` replaced by the wired or literal value."""
    body = ast.parse(ctx.bodies["expression"], mode="eval")
    value = ast.parse(ctx.args.get("x", "0.0"), mode="eval").body
    return ast.unparse(_Substitute("x", value).visit(body))


def _combine(ctx: EmitContext) -> str:
    return f"np.array([{ctx.args['x']}, {ctx.args['y']}, {ctx.args['z']}])"


def _traced_path(ctx: EmitContext) -> str:
    return ctx.call("TracedPath", leading=(f"{ctx.args['mobject']}.get_center",))


def _number(name: str, default: float, description: str) -> Port:
    return Port(name, "number", default, description, always=True, arg="custom")


CHANGE: tuple[NodeType, ...] = (
    NodeType(
        "ValueTracker",
        CATEGORY,
        "A number that animations change (Animate: set_value, increment_value); what is built from it follows.",
        (Port("value", "number", 0.0, "The starting value.", always=True, arg="positional"),),
        (_LIVE_VALUE, Output("tracker", "mobject")),
        emit=_tracker,
    ),
    NodeType(
        "Time",
        CATEGORY,
        "The scene clock: seconds since the scene began, live on every frame.",
        (),
        (_LIVE_VALUE,),
        emit=_clock,
        after=_clock_after,
        changes_by_itself=True,
    ),
    NodeType(
        "Expression",
        CATEGORY,
        "A math expression of one number x, e.g. sin(x) * 2; live when x is.",
        (
            Port("expression", "expression", "x", "The value as an expression in x.", always=True, arg="custom"),
            _number("x", 0.0, "The number the expression reads as x."),
        ),
        (Output("value", "number"),),
        emit=_expression,
    ),
    NodeType(
        "CombineXYZ",
        CATEGORY,
        "A point [x, y, z] from three numbers, e.g. from trackers or expressions.",
        (
            _number("x", 0.0, "The x coordinate."),
            _number("y", 0.0, "The y coordinate."),
            _number("z", 0.0, "The z coordinate."),
        ),
        (Output("value", "vector"),),
        emit=_combine,
    ),
    NodeType(
        "TracedPath",
        "Shapes",
        "The path a mobject's center leaves behind as it moves; add it to the scene.",
        (
            mobject_in(description="The mobject whose center draws the path.", arg="custom"),
            Port("stroke_color", "color", "WHITE", "Color of the path."),
            Port("stroke_width", "number", 2.0, "Width of the path.", minimum=0),
            Port("dissipating_time", "number", None, "Seconds after which the path fades; unset keeps it.", minimum=0),
        ),
        MOBJECT_OUT,
        emit=_traced_path,
        changes_by_itself=True,
    ),
)
