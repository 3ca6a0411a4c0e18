"""The camera. In 2D, its frame is a mobject: move, scale and restore it like any other, or let
it follow one (MoveTo with follow: true). A graph with a CameraFrame renders as Manim's
MovingCameraScene; the compiler picks the class, the graph never names it."""

from __future__ import annotations

from .common import MOBJECT_OUT
from .model import EmitContext, NodeType, Port

CATEGORY = "Camera"


def _frame(ctx: EmitContext) -> str:
    return "self.camera.frame"


def _frame_after(ctx: EmitContext) -> list[str]:
    """In the scene, so that updaters on it (follow) run; its border is invisible."""
    lines = [f"self.add({ctx.node_id})"]
    if "width" in ctx.args:
        lines.append(f"{ctx.node_id}.set(width={ctx.args['width']})")
    if "position" in ctx.args:
        lines.append(f"{ctx.node_id}.move_to({ctx.args['position']})")
    return lines


CAMERA: tuple[NodeType, ...] = (
    NodeType(
        "CameraFrame",
        CATEGORY,
        "The 2D camera's frame: what the video shows. Animate, scale, follow or restore it to move the camera.",
        (
            Port(
                "width",
                "number",
                None,
                "How wide a part of the scene it shows at the start (14.2 by default).",
                arg="custom",
                minimum=0,
            ),
            Port("position", "vector", None, "Where it looks at the start [x, y].", arg="custom"),
        ),
        MOBJECT_OUT,
        emit=_frame,
        after=_frame_after,
    ),
)
