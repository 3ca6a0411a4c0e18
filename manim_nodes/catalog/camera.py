"""The camera. In 2D, its frame is a mobject: move, scale and restore it like any other, or let
it follow one (MoveTo with follow: true). In 3D, the camera's orientation is set once, moved as a
step of the scene, or turned slowly between two steps. A graph with a CameraFrame renders as
Manim's MovingCameraScene, one with a 3D camera node or a 3D mobject as a ThreeDScene; the
compiler picks the class, the graph never names it."""

from __future__ import annotations

from .common import ANIMATION_OUT, MOBJECT_OUT, angle, mobject_in, step_only
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


def _orientation(*extra: Port) -> tuple[Port, ...]:
    return (
        angle("phi", None, "Tilt from straight above, in degrees: 0 looks down, 90 from the side.", arg="keyword"),
        angle("theta", None, "Turn about the z axis, in degrees (-90 looks along y).", arg="keyword"),
        angle("gamma", None, "Roll about the line of sight, in degrees.", arg="keyword"),
        Port("zoom", "number", None, "Zoom factor.", minimum=0),
        *extra,
    )


def _orient(ctx: EmitContext) -> str:
    return ctx.call("self.set_camera_orientation", skip=("light_source",))


def _light_after(ctx: EmitContext) -> list[str]:
    if "light_source" not in ctx.args:
        return []
    return [f"self.renderer.camera.light_source.move_to({ctx.args['light_source']})"]


def _move_camera(ctx: EmitContext) -> str:
    return ctx.call("self.move_camera")


def _begin_rotation(ctx: EmitContext) -> str:
    return ctx.call("self.begin_ambient_camera_rotation")


def _stop_rotation(ctx: EmitContext) -> str:
    return "self.stop_ambient_camera_rotation()"


def _begin_illusion(ctx: EmitContext) -> str:
    return ctx.call("self.begin_3dillusion_camera_rotation")


def _stop_illusion(ctx: EmitContext) -> str:
    return "self.stop_3dillusion_camera_rotation()"


def _fixed(ctx: EmitContext) -> str:
    return ctx.args["mobject"]


def _fixed_after(ctx: EmitContext) -> list[str]:
    return [f"self.add_fixed_in_frame_mobjects({ctx.node_id})"]


CAMERA_3D: tuple[NodeType, ...] = (
    NodeType(
        "ThreeDCamera",
        CATEGORY,
        "Where the 3D camera looks from at the start (set_camera_orientation), and the light.",
        _orientation(Port("light_source", "vector", None, "Where the light is [x, y, z].", arg="custom")),
        (),
        emit=_orient,
        after=_light_after,
    ),
    NodeType(
        "MoveCamera",
        CATEGORY,
        "Moves the 3D camera to a new orientation over run_time, as a step of the scene (move_camera).",
        (*_orientation(), Port("run_time", "number", None, "Duration in seconds.", minimum=0, exclusive_minimum=True)),
        ANIMATION_OUT,
        emit=step_only,
        step=_move_camera,
        step_plays=True,
        composable=False,
    ),
    NodeType(
        "BeginAmbientCameraRotation",
        CATEGORY,
        "Starts turning the 3D camera slowly, through the steps that follow, until StopAmbientCameraRotation.",
        (angle("rate", 6, "Degrees per second.", always=True),),
        ANIMATION_OUT,
        emit=step_only,
        step=_begin_rotation,
        composable=False,
    ),
    NodeType(
        "StopAmbientCameraRotation",
        CATEGORY,
        "Stops the camera's slow turn started by BeginAmbientCameraRotation.",
        (),
        ANIMATION_OUT,
        emit=step_only,
        step=_stop_rotation,
        step_shows=False,
        composable=False,
    ),
    NodeType(
        "Begin3DIllusionCameraRotation",
        CATEGORY,
        "Starts swaying the 3D camera around where it looks from, a little left and right and up and down, "
        "through the steps that follow, until Stop3DIllusionCameraRotation.",
        (
            Port(
                "rate",
                "number",
                1,
                "How fast it sways: one full sway takes 2π / rate seconds (about 6.3 s at 1).",
                minimum=0,
            ),
            angle("origin_phi", None, "The tilt it sways around; the camera's own when unset."),
            angle("origin_theta", None, "The turn about the z axis it sways around; the camera's own when unset."),
        ),
        ANIMATION_OUT,
        emit=step_only,
        step=_begin_illusion,
        composable=False,
    ),
    NodeType(
        "Stop3DIllusionCameraRotation",
        CATEGORY,
        "Stops the camera's sway started by Begin3DIllusionCameraRotation; the camera stays where it got to.",
        (),
        ANIMATION_OUT,
        emit=step_only,
        step=_stop_illusion,
        step_shows=False,
        composable=False,
    ),
    NodeType(
        "FixedInFrame",
        CATEGORY,
        "Keeps a mobject flat on the screen while the 3D camera moves: titles, formulas, labels.",
        (mobject_in(description="The mobject to keep on screen.", arg="custom"),),
        MOBJECT_OUT,
        emit=_fixed,
        after=_fixed_after,
    ),
)


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
    *CAMERA_3D,
)
