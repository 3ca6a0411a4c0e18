"""Animations of one mobject, and their composition."""

from __future__ import annotations

import ast

from .common import ANIMATION_OUT, DIRECTIONS, TIMING_PORTS, angle, animation, direction, mobject_in, step_only
from .model import EmitContext, NodeType, Port

_TARGET = Port(
    "target",
    "mobject",
    None,
    "The mobject to turn into.",
    required=True,
    arg="positional",
)
_SHIFT = Port("shift", "vector", None, "Direction to move in while fading [dx, dy].")
_FADE_SCALE = Port("scale", "number", None, "Scale to start from (in) or end at (out).", minimum=0)
_COLOR = Port("color", "color", None, "Highlight color.")


def _simple(type_name: str, description: str, *ports: Port) -> NodeType:
    return animation(type_name, description, (mobject_in(), *ports))


# Methods of ``mobject.animate`` in the order they apply; the catalog's Animate ports. Size
# comes before place, so that next_to puts the mobject beside the other at its new size.
ANIMATE_STEPS = (
    "scale",
    "stretch_to_fit_width",
    "stretch_to_fit_height",
    "width",
    "shift",
    "move_to",
    "next_to",
    "rotate",
    "set_color",
    "set_fill",
    "set_stroke",
    "set_opacity",
    "set_value",
    "increment_value",
)
# step -> the ports of its other arguments
_STEP_OPTIONS: dict[str, tuple[str, ...]] = {"next_to": ("direction", "buff"), "rotate": ("about_point",)}


def _animate(ctx: EmitContext) -> str:
    """``mob.animate(run_time=..).shift(..).scale(..)``: Manim's own animation builder."""
    timing = [f"{p.name}={ctx.args[p.name]}" for p in TIMING_PORTS if p.name in ctx.args]
    source = f"{ctx.args['mobject']}.animate"
    if timing:
        source += f"({', '.join(timing)})"
    for step in ANIMATE_STEPS:
        if step in ctx.args:
            if step == "width":  # Manim's own spelling: .set(width=...)
                source += f".set(width={ctx.args[step]})"
                continue
            extra = "".join(f", {o}={ctx.args[o]}" for o in _STEP_OPTIONS.get(step, ()) if o in ctx.args)
            source += f".{step}({ctx.args[step]}{extra})"
    return source


def _add(ctx: EmitContext) -> str:
    """Inside a composition: Manim's ``Add`` animation."""
    return ctx.call("Add")


def _add_step(ctx: EmitContext) -> str:
    """Played on its own: Manim cannot play an ``Add`` alone (it takes no time)."""
    return f"self.add({ctx.args['mobject']})"


def _follow_step(ctx: EmitContext) -> str:
    """A named updater, as a Manim user writes one to keep the camera on a dot."""
    target = ctx.args["target"]
    if "direction" in ctx.args:
        buff = f", buff={ctx.args['buff']}" if "buff" in ctx.args else ""
        place = f"m.next_to({target}, {ctx.args['direction']}{buff})"
    else:
        place = f"m.move_to({target})"
    return f"def {ctx.node_id}(m):\n    {place}\n{ctx.args['mobject']}.add_updater({ctx.node_id})"


def _stop_following_step(ctx: EmitContext) -> str:
    return f"{ctx.args['mobject']}.clear_updaters()"


class _Coordinates(ast.NodeTransformer):
    """``x`` and ``y`` of an expression as the point's ``p[0]`` and ``p[1]``."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        index = {"x": 0, "y": 1}.get(node.id)
        return node if index is None else ast.parse(f"p[{index}]", mode="eval").body


def _in_point(body: str) -> str:
    return ast.unparse(_Coordinates().visit(ast.parse(body, mode="eval")))


def _pointwise(ctx: EmitContext) -> str:
    point = f"lambda p: np.array([{_in_point(ctx.bodies['x'])}, {_in_point(ctx.bodies['y'])}, p[2]])"
    return ctx.call("ApplyPointwiseFunction", leading=(point, ctx.args["mobject"]))


def _wait(ctx: EmitContext) -> str:
    return ctx.call("Wait")


ANIMATIONS: tuple[NodeType, ...] = (
    _simple("Create", "Draws a mobject's outline, then shows it."),
    _simple("Uncreate", "Undraws a mobject (Create in reverse)."),
    _simple("Write", "Writes text or a formula stroke by stroke."),
    _simple("Unwrite", "Erases text or a formula stroke by stroke."),
    _simple("FadeIn", "Fades a mobject in.", _SHIFT, _FADE_SCALE),
    _simple("FadeOut", "Fades a mobject out.", _SHIFT, _FADE_SCALE),
    _simple("GrowFromCenter", "Grows a mobject from its center."),
    animation(
        "GrowArrow",
        "Grows an arrow from its start.",
        (mobject_in(description="The arrow to grow.", accepts=("Arrow", "DoubleArrow")),),
    ),
    _simple("SpinInFromNothing", "Spins a mobject in from a point."),
    _simple("ShrinkToCenter", "Shrinks a mobject to its center until it vanishes."),
    _simple("DrawBorderThenFill", "Draws a mobject's border, then fills it."),
    _simple(
        "Transform",
        "Morphs a mobject into the shape of another.",
        _TARGET,
        angle("path_arc", None, "Morph along an arc of this many degrees."),
    ),
    _simple(
        "ReplacementTransform",
        "Morphs a mobject into another and puts the other in its place.",
        _TARGET,
        angle("path_arc", None, "Morph along an arc of this many degrees."),
    ),
    animation(
        "TransformMatchingTex",
        "Morphs one formula into another, moving matching parts.",
        (
            mobject_in(accepts=("MathTex", "Tex")),
            Port(
                "target",
                "mobject",
                None,
                "The formula to turn into.",
                required=True,
                arg="positional",
                accepts=("MathTex", "Tex"),
            ),
        ),
    ),
    _simple("TransformMatchingShapes", "Morphs one mobject into another, moving matching shapes.", _TARGET),
    _simple("FadeTransform", "Cross-fades one mobject into another.", _TARGET),
    _simple(
        "Indicate",
        "Briefly enlarges and colors a mobject to draw attention.",
        Port("scale_factor", "number", 1.2, "How much to enlarge.", minimum=0),
        _COLOR,
    ),
    _simple(
        "Circumscribe",
        "Draws a line around a mobject, then removes it.",
        Port(
            "shape",
            "enum",
            "Rectangle",
            "Shape of the line.",
            choices=("Rectangle", "Circle"),
            enum_identifiers=True,
        ),
        _COLOR,
        Port("buff", "number", 0.1, "Gap around the mobject.", minimum=0),
    ),
    _simple(
        "Flash",
        "Sends a burst of lines out from a mobject.",
        _COLOR,
        Port("num_lines", "integer", 12, "Number of lines.", minimum=1),
        Port("flash_radius", "number", 0.1, "Radius the lines start at.", minimum=0),
        Port("line_length", "number", 0.2, "Length of each line.", minimum=0),
    ),
    _simple(
        "Wiggle",
        "Wiggles a mobject in place.",
        Port("scale_value", "number", 1.1, "How much it grows while wiggling.", minimum=0),
        Port("n_wiggles", "integer", 6, "Number of wiggles.", minimum=1),
    ),
    _simple("ApplyWave", "Sends a wave through a mobject."),
    _simple("FocusOn", "Shrinks a spotlight onto a mobject."),
    _simple(
        "Rotating",
        "Rotates a mobject along an arc, about its center or a point (linear by default; smooth for Rotate).",
        angle("angle", 360, "Total angle in degrees."),
        Port("about_point", "vector", None, "The point to rotate about [x, y]; its center when unset."),
    ),
    _simple("Restore", "Morphs a mobject back to the state SaveState kept."),
    _simple(
        "MoveAlongPath",
        "Moves a mobject along the outline of another.",
        Port("path", "mobject", None, "The path to follow.", required=True, arg="positional"),
    ),
    animation(
        "Animate",
        "Animates a change of position, size, angle, color or a tracker's value (mobject.animate).",
        (
            mobject_in(arg="custom"),
            Port("shift", "vector", None, "Move by [dx, dy].", arg="custom"),
            Port("move_to", "vector", None, "Move the center to [x, y].", arg="custom"),
            Port("next_to", "mobject", None, "Move next to this mobject, on the side 'direction' names.", arg="custom"),
            direction("direction", "RIGHT", arg="custom"),
            Port("buff", "number", None, "The gap next_to leaves (Manim's default 0.25).", arg="custom", minimum=0),
            Port("scale", "number", None, "Scale by this factor (before it moves).", arg="custom", minimum=0),
            Port(
                "stretch_to_fit_width", "number", None, "Stretch (or squeeze) to this width.", arg="custom", minimum=0
            ),
            Port(
                "stretch_to_fit_height", "number", None, "Stretch (or squeeze) to this height.", arg="custom", minimum=0
            ),
            Port(
                "width",
                "number",
                None,
                "Scale to this width, e.g. to zoom a CameraFrame (set(width=...)).",
                arg="custom",
                minimum=0,
            ),
            angle(
                "rotate", None, "Rotate by this many degrees (straight paths: for an arc, use Rotating).", arg="custom"
            ),
            Port("about_point", "vector", None, "The point 'rotate' turns about [x, y].", arg="custom"),
            Port("set_color", "color", None, "Change to this color.", arg="custom"),
            Port("set_fill", "color", None, "Change the fill to this color.", arg="custom"),
            Port("set_stroke", "color", None, "Change the outline to this color.", arg="custom"),
            Port(
                "set_opacity",
                "number",
                None,
                "Change fill and stroke opacity to this (0 to 1).",
                arg="custom",
                minimum=0,
            ),
            Port("set_value", "number", None, "A ValueTracker: change its value to this.", arg="custom"),
            Port("increment_value", "number", None, "A ValueTracker: change its value by this much.", arg="custom"),
        ),
        emit=_animate,
    ),
    NodeType(
        "AddToScene",
        "Animations",
        "Puts a mobject on screen at this point of the scene, without animating it (self.add).",
        (mobject_in(description="The mobject to show."),),
        ANIMATION_OUT,
        emit=_add,
        step=_add_step,
    ),
    NodeType(
        "Follow",
        "Animations",
        "From this point of the scene on, keeps a mobject on another one (or beside it, with a "
        "direction) while that one moves, until StopFollowing: an updater, e.g. a camera frame on a dot.",
        (
            mobject_in(description="The mobject that follows (a CameraFrame, a label...)."),
            Port("target", "mobject", None, "The mobject to stay on.", required=True, arg="custom"),
            Port(
                "direction",
                "enum",
                None,
                "Stay beside it on this side (next_to); unset, stay on it (move_to).",
                choices=DIRECTIONS,
                enum_identifiers=True,
                arg="custom",
            ),
            Port("buff", "number", None, "With a direction: the gap (Manim's default 0.25).", minimum=0, arg="custom"),
        ),
        ANIMATION_OUT,
        emit=step_only,
        step=_follow_step,
        step_shows=False,
        changes_by_itself=True,
        composable=False,
    ),
    NodeType(
        "StopFollowing",
        "Animations",
        "From this point of the scene on, a mobject stops following (clear_updaters): it stays where it is.",
        (mobject_in(description="The mobject that followed."),),
        ANIMATION_OUT,
        emit=step_only,
        step=_stop_following_step,
        step_shows=False,
        composable=False,
    ),
    animation(
        "ApplyPointwiseFunction",
        "Moves every point (x, y) of a mobject to a new place given by two expressions in x and y.",
        (
            mobject_in(arg="custom"),
            Port(
                "x", "expression", "x", "The new x, an expression in x and y.", always=True, arg="custom", variable="xy"
            ),
            Port(
                "y",
                "expression",
                "y + sin(x) / 2",
                "The new y, an expression in x and y.",
                always=True,
                arg="custom",
                variable="xy",
            ),
        ),
        emit=_pointwise,
    ),
    animation(
        "Wait",
        "Holds the current frame.",
        timing=(Port("run_time", "number", 1.0, "Duration in seconds.", minimum=0, exclusive_minimum=True),),
        emit=_wait,
    ),
)


def _composition(type_name: str, description: str, lag_ratio: float) -> NodeType:
    return animation(
        type_name,
        description,
        (
            Port(
                "animations",
                "animation",
                None,
                "The animations, in order.",
                list=True,
                required=True,
                arg="positional",
            ),
            Port("lag_ratio", "number", lag_ratio, "0 runs all together, 1 one after another.", minimum=0),
        ),
        category="Composition",
        timing=tuple(p for p in TIMING_PORTS if p.name != "lag_ratio"),
    )


COMPOSITION: tuple[NodeType, ...] = (
    _composition("Succession", "Plays animations one after another.", 1.0),
    _composition("AnimationGroup", "Plays animations together.", 0.0),
    _composition("LaggedStart", "Starts animations one by one, overlapping.", 0.05),
)
