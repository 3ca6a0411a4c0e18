"""The static background of each play, drawn from the last one instead of from scratch.

Before every ``play`` Manim draws all the mobjects the animation does not move
into a "static frame", then draws only the moving ones on top of it for each
frame. A scene that adds one mobject per play (a graph of many quick fade-ins)
so redraws everything on screen once per play: quadratic in the number of
plays, and most of such a preview's time.

When the new static set is the last one plus mobjects that come after it in
drawing order, and none of the last ones changed since it was drawn, the new
static frame is the last static frame with only the newcomers drawn on top.
Cairo composites each path onto the pixels as it draws it, so the result is
the same pixels. Anything else (a mobject changed between plays, one removed,
reordered, a newcomer under an old one by z-index, a different camera) draws
the frame from scratch, as Manim does. It runs only in the render worker;
the generated script never sees it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

counts: Counter[str] = Counter()  # static frames drawn whole and reused, for the tests

_SCALARS = frozenset({int, float, str, bool, type(None), np.float64, np.int64})


def _token(value: Any) -> Any:
    """A hashable stand-in that changes when a drawing-relevant attribute value changes."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is np.ndarray:
        return value.tobytes()
    internal = getattr(value, "_internal_value", None)  # ManimColor
    if type(internal) is np.ndarray:
        return internal.tobytes()
    if kind is list or kind is tuple:  # by value for numbers, arrays and colours, else by identity
        return tuple(_token(v) if type(v) in _SCALARS or hasattr(v, "_internal_value") or type(v) is np.ndarray
                     else id(v) for v in value)  # fmt: skip
    return kind


def fingerprint(mobject: Any) -> int:
    """A hash of a mobject's own state: points, colours, widths, submobject identities, and the rest."""
    return hash(tuple(_token(v) for v in vars(mobject).values()))


def _members(mobjects: Iterable[Any]) -> list[Any]:
    return [m for top in mobjects for m in top.get_family()]


@dataclass
class _Drawn:
    mobjects: list[Any]  # the static set, in the scene's order
    members: dict[int, int]  # id of every family member -> its fingerprint when drawn
    top_z: float
    camera: tuple[Any, ...]
    image: Any


def _camera_key(camera: Any) -> tuple[Any, ...]:
    return (camera.pixel_array.shape, _token(getattr(camera, "background_color", None)),
            _token(getattr(camera, "frame_center", None)), camera.frame_width, camera.frame_height)  # fmt: skip


def _newcomers(last: _Drawn, static: list[Any], camera: Any, camera_key: tuple[Any, ...]) -> list[Any] | None:
    """What to draw on top of the last static frame to get this one; None when it cannot be reused."""
    count = len(last.mobjects)
    if len(static) < count or any(a is not b for a, b in zip(static, last.mobjects, strict=False)):
        return None
    if camera_key != last.camera:
        return None
    extras = static[count:]
    extra_members = _members(extras)
    if any(id(m) in last.members for m in extra_members):
        return None  # an old mobject inside a newcomer's family would move in drawing order
    if camera.use_z_index and any(m.z_index < last.top_z for m in extra_members):
        return None
    for member in _members(last.mobjects):
        if last.members.get(id(member)) != fingerprint(member):
            return None
    return extras


def install(renderer_class: Any) -> None:
    """Make ``renderer_class.save_static_frame_data`` reuse the last static frame where that is exact."""
    if getattr(renderer_class, "_manim_nodes_static_frames", False):
        return
    save_static = renderer_class.save_static_frame_data

    def save_static_incrementally(renderer: Any, scene: Any, static_mobjects: Any) -> Any:
        static = list(static_mobjects or ())
        last: _Drawn | None = getattr(renderer, "_manim_nodes_last_static", None)
        renderer._manim_nodes_last_static = None
        if renderer.skip_animations or not static:
            return save_static(renderer, scene, static_mobjects)
        camera = renderer.camera
        camera_key = _camera_key(camera)
        extras = _newcomers(last, static, camera, camera_key) if last is not None else None
        counts["drawn" if extras is None else "reused"] += 1
        if extras is None:
            image = save_static(renderer, scene, static)
            drawn = _members(static)
            members = {id(m): fingerprint(m) for m in drawn}
            top_z = max((m.z_index for m in drawn), default=0)
        else:
            assert last is not None
            renderer.static_image = last.image  # update_frame starts from it
            if extras:
                renderer.update_frame(scene, mobjects=extras)
                renderer.static_image = renderer.get_frame()
            image = renderer.static_image
            new = _members(extras)
            members = {**last.members, **{id(m): fingerprint(m) for m in new}}
            top_z = max([last.top_z, *(m.z_index for m in new)])
        renderer._manim_nodes_last_static = _Drawn(static, members, top_z, camera_key, image)
        return image

    renderer_class.save_static_frame_data = save_static_incrementally
    renderer_class._manim_nodes_static_frames = True
