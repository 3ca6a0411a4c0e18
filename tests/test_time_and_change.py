"""Time and change (DESIGN.md): animations start from the scene as it is when they play, and
values that change (trackers, the scene clock) keep what is built from them up to date.

The render tests hold each graph's generated script to the scene a Manim user would write by
hand: both rendered with plain Manim, every frame compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from manim_nodes.compiler import compile_graph
from manim_nodes.problems import GraphError
from manim_nodes.validate import validate_data

from plain_manim import frames_compared


def graph(**nodes: Any) -> dict[str, Any]:
    return {"version": 1, "nodes": nodes}


# A square moved, then shrunk, then flashed and circled where it is by then, then morphed.
CHAINED = graph(
    square={"type": "Square"},
    circle={"type": "Circle", "params": {"position": [2, 0]}},
    left={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"shift": [-3, 0], "run_time": 0.5}},
    shrink={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"scale": 0.3, "run_time": 0.5}},
    flash={"type": "Flash", "inputs": {"mobject": "square"}, "params": {"color": "RED", "run_time": 0.5}},
    circle_it={"type": "Circumscribe", "inputs": {"mobject": "square"}, "params": {"run_time": 0.5}},
    morph={"type": "Transform", "inputs": {"mobject": "square", "target": "circle"}, "params": {"run_time": 0.5}},
    out={
        "type": "Scene",
        "inputs": {"add": ["square"], "animations": ["left", "shrink", "flash", "circle_it", "morph"]},
    },
)

CHAINED_BY_HAND = """# Chained
from manim import *

class Chained(Scene):
    def construct(self):
        square = Square()
        circle = Circle().move_to(RIGHT * 2)
        self.add(square)
        self.play(square.animate.shift(LEFT * 3), run_time=0.5)
        self.play(square.animate.scale(0.3), run_time=0.5)
        self.play(Flash(square, color=RED), run_time=0.5)
        self.play(Circumscribe(square), run_time=0.5)
        self.play(Transform(square, circle), run_time=0.5)
"""

# A tracker drives a dot along a number line, a number that shows it and rides above the dot,
# a circle whose radius follows it, and the dot's trail.
TRACKED = graph(
    k={"type": "ValueTracker", "params": {"value": -3}},
    line={"type": "NumberLine", "params": {"x_range": [-4, 4, 1]}},
    where={"type": "CombineXYZ", "inputs": {"x": "k"}},
    dot={"type": "Dot", "inputs": {"point": "where"}, "params": {"color": "RED"}},
    shown={"type": "DecimalNumber", "inputs": {"number": "k"}},
    label={"type": "NextTo", "inputs": {"mobject": "shown", "target": "dot"}, "params": {"direction": "UP", "follow": True}},
    radius={"type": "Expression", "inputs": {"x": "k"}, "params": {"expression": "0.5 + abs(x) / 4"}},
    ring={"type": "Circle", "inputs": {"radius": "radius"}, "params": {"color": "BLUE"}},
    trail={"type": "TracedPath", "inputs": {"mobject": "dot"}, "params": {"stroke_color": "YELLOW"}},
    go={"type": "Animate", "inputs": {"mobject": "k"}, "params": {"set_value": 3, "run_time": 1}},
    back={"type": "Animate", "inputs": {"mobject": "k.tracker"}, "params": {"increment_value": -1.5, "rate_func": "linear"}},
    out={"type": "Scene", "inputs": {"add": ["line", "dot", "label", "ring", "trail"], "animations": ["go", "back"]}},
)  # fmt: skip

TRACKED_BY_HAND = """# Tracked
from manim import *

class Tracked(Scene):
    def construct(self):
        k = ValueTracker(-3)
        line = NumberLine(x_range=[-4, 4, 1])
        dot = always_redraw(lambda: Dot([k.get_value(), 0, 0], color=RED))
        number = DecimalNumber(k.get_value()).next_to(dot, UP)
        number.add_updater(lambda m: m.set_value(k.get_value()))
        number.add_updater(lambda m: m.next_to(dot, UP))
        ring = always_redraw(lambda: Circle(radius=0.5 + abs(k.get_value()) / 4, color=BLUE))
        trail = TracedPath(dot.get_center, stroke_color=YELLOW)
        self.add(line, dot, number, ring, trail)
        self.play(k.animate.set_value(3), run_time=1)
        self.play(k.animate.increment_value(-1.5), rate_func=linear)
"""

# The scene clock turns a dot round a circle while a square fades in beside it.
CLOCK = graph(
    time={"type": "Time"},
    x={"type": "Expression", "inputs": {"x": "time"}, "params": {"expression": "2 * cos(x)"}},
    y={"type": "Expression", "inputs": {"x": "time"}, "params": {"expression": "2 * sin(x)"}},
    where={"type": "CombineXYZ", "inputs": {"x": "x", "y": "y"}},
    dot={"type": "Dot", "inputs": {"position": "where"}, "params": {"color": "YELLOW"}},
    square={"type": "Square", "params": {"side_length": 1}},
    hold={"type": "Wait", "params": {"run_time": 1}},
    show={"type": "FadeIn", "inputs": {"mobject": "square"}, "params": {"run_time": 0.5}},
    out={"type": "Scene", "inputs": {"add": ["dot"], "animations": ["hold", "show"]}},
)

CLOCK_BY_HAND = """# Clock
from manim import *

class Clock(Scene):
    def construct(self):
        time = ValueTracker(0)
        time.add_updater(lambda m, dt: m.increment_value(dt))
        self.add(time)
        dot = Dot(color=YELLOW).move_to([2 * np.cos(time.get_value()), 2 * np.sin(time.get_value()), 0])
        dot.add_updater(lambda m: m.move_to([2 * np.cos(time.get_value()), 2 * np.sin(time.get_value()), 0]))
        self.add(dot)
        self.wait(1)
        self.play(FadeIn(Square(side_length=1)), run_time=0.5)
"""


# Points read off axes, a plot and shapes: a dot rides the plot, a guide line reaches from a fixed
# point to the dot (its reader is live: the dot moves by itself), a label sits once at a square's
# top, a star keeps to the square's corner while it moves (follow), a group's member is indicated.
GEOMETRY = graph(
    axes={"type": "Axes", "params": {"x_range": [-1, 5, 1], "y_range": [-1, 5, 1], "x_length": 6, "y_length": 5}},
    plot={"type": "Plot", "inputs": {"axes": "axes"}, "params": {"function": "x**2 / 4", "color": "BLUE"}},
    x={"type": "ValueTracker", "params": {"value": 1}},
    on={"type": "InputToGraphPoint", "inputs": {"axes": "axes", "graph": "plot", "x": "x"}},
    dot={"type": "Dot", "inputs": {"position": "on"}, "params": {"color": "YELLOW"}},
    mark={"type": "CoordsToPoint", "inputs": {"axes": "axes"}, "params": {"x": 4, "y": 1}},
    cross={"type": "Dot", "inputs": {"point": "mark"}, "params": {"color": "RED"}},
    at_dot={"type": "GetCenter", "inputs": {"mobject": "dot"}},
    guide={"type": "Line", "inputs": {"start": "mark", "end": "at_dot"}},
    square={"type": "Square", "params": {"side_length": 1, "position": [-4, 2]}},
    top={"type": "GetEdge", "inputs": {"mobject": "square"}, "params": {"edge": "UP"}},
    text={"type": "Text", "params": {"text": "top"}},
    label={"type": "NextTo", "inputs": {"mobject": "text", "point": "top"}, "params": {"direction": "UP"}},
    corner={"type": "GetCorner", "inputs": {"mobject": "square"}, "params": {"corner": "DR", "follow": True}},
    star={"type": "Dot", "inputs": {"point": "corner"}},
    pair={"type": "VGroup", "inputs": {"mobjects": ["square", "cross"]}},
    last={"type": "Submobject", "inputs": {"mobject": "pair"}, "params": {"index": -1}},
    ride={"type": "Animate", "inputs": {"mobject": "x"}, "params": {"set_value": 4, "run_time": 1}},
    slide={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"shift": [0, -3], "run_time": 0.5}},
    point_out={"type": "Indicate", "inputs": {"mobject": "last"}, "params": {"run_time": 0.5}},
    out={"type": "Scene", "inputs": {"add": ["axes", "plot", "dot", "cross", "guide", "square", "label", "star"],
                                     "animations": ["ride", "slide", "point_out"]}},
)  # fmt: skip

GEOMETRY_BY_HAND = """# Geometry
from manim import *

class Geometry(Scene):
    def construct(self):
        axes = Axes(x_range=[-1, 5, 1], y_range=[-1, 5, 1], x_length=6, y_length=5)
        plot = axes.plot(lambda x: x**2 / 4, color=BLUE)
        x = ValueTracker(1)
        dot = Dot(color=YELLOW).move_to(axes.i2gp(x.get_value(), plot))
        dot.add_updater(lambda m: m.move_to(axes.i2gp(x.get_value(), plot)))
        cross = Dot(axes.c2p(4, 1), color=RED)
        guide = always_redraw(lambda: Line(axes.c2p(4, 1), dot.get_center()))
        square = Square(side_length=1).move_to([-4, 2, 0])
        label = Text("top").next_to(square.get_top(), UP)
        star = always_redraw(lambda: Dot(square.get_corner(DR)))
        pair = VGroup(square, cross)
        self.add(axes, plot, dot, cross, guide, square, label, star)
        self.play(x.animate.set_value(4), run_time=1)
        self.play(square.animate.shift(DOWN * 3), run_time=0.5)
        self.play(Indicate(pair[-1]), run_time=0.5)
"""


# The moves Manim users reach for: rotation about a point, a stretch, fill and next_to as
# animations, save_state and Restore, aligned edges, a mobject added mid-scene, lag_ratio.
MOVES = graph(
    square={"type": "Square", "params": {"side_length": 1, "fill_opacity": 0.5, "position": [-3, 0]}},
    saved={"type": "SaveState", "inputs": {"mobject": "square"}},
    dot={"type": "Dot", "params": {"position": [2, 2]}},
    text={"type": "Text", "params": {"text": "hi"}},
    label={"type": "NextTo", "inputs": {"mobject": "text", "target": "square"},
           "params": {"direction": "DOWN", "aligned_edge": "LEFT"}},
    circle={"type": "Circle"},
    flat={"type": "Stretch", "inputs": {"mobject": "circle"}, "params": {"factor": 0.5, "dim": "y"}},
    a={"type": "Square", "params": {"side_length": 0.5}},
    b={"type": "Circle", "params": {"radius": 0.5}},
    row={"type": "Arrange", "inputs": {"mobjects": ["a", "b"]}, "params": {"direction": "DOWN", "aligned_edge": "LEFT"}},
    spin={"type": "Rotating", "inputs": {"mobject": "square"},
          "params": {"angle": 90, "about_point": [-2, 0], "run_time": 0.5, "rate_func": "smooth"}},
    wide={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"stretch_to_fit_width": 2, "run_time": 0.5}},
    fill={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"set_fill": "RED", "run_time": 0.5}},
    beside={"type": "Animate", "inputs": {"mobject": "dot", "next_to": "square"},
            "params": {"direction": "UP", "run_time": 0.5}},
    show={"type": "AddToScene", "inputs": {"mobject": "label"}},
    back={"type": "Restore", "inputs": {"mobject": "saved"}, "params": {"run_time": 0.5}},
    cascade={"type": "FadeIn", "inputs": {"mobject": "row"}, "params": {"lag_ratio": 0.5, "run_time": 0.5}},
    grid={"type": "NumberPlane", "params": {"x_range": [-3, 3, 1], "y_range": [-2, 2, 1]}},
    warp={"type": "ApplyPointwiseFunction", "inputs": {"mobject": "grid"},
          "params": {"x": "x + sin(y) / 2", "y": "y + sin(x) / 2", "run_time": 0.5}},
    out={"type": "Scene", "inputs": {"add": ["saved", "dot", "flat", "grid"],
                                     "animations": ["spin", "wide", "fill", "beside", "show", "back", "cascade",
                                                    "warp"]}},
)  # fmt: skip

MOVES_BY_HAND = """# Moves
from manim import *

class Moves(Scene):
    def construct(self):
        square = Square(side_length=1, fill_opacity=0.5).move_to([-3, 0, 0])
        square.save_state()
        dot = Dot().move_to([2, 2, 0])
        text = Text("hi")
        flat = Circle().stretch(0.5, 1)
        row = VGroup(Square(side_length=0.5), Circle(radius=0.5)).arrange(DOWN, aligned_edge=LEFT)
        grid = NumberPlane(x_range=[-3, 3, 1], y_range=[-2, 2, 1])
        self.add(square, dot, flat, grid)
        self.play(Rotating(square, angle=PI / 2, about_point=[-2, 0, 0], rate_func=smooth), run_time=0.5)
        self.play(square.animate.stretch_to_fit_width(2), run_time=0.5)
        self.play(square.animate.set_fill(RED), run_time=0.5)
        self.play(dot.animate.next_to(square, UP), run_time=0.5)
        label = text.next_to(square, DOWN, aligned_edge=LEFT)  # placed when it appears
        self.add(label)
        self.play(Restore(square), run_time=0.5)
        self.play(FadeIn(row, lag_ratio=0.5), run_time=0.5)
        warp = lambda p: p + np.array([np.sin(p[1]) / 2, np.sin(p[0]) / 2, 0])
        self.play(ApplyPointwiseFunction(warp, grid), run_time=0.5)
"""


# The 2D camera: zoom onto the square, pan to the triangle, come back.
CAMERA = graph(
    square={"type": "Square", "params": {"color": "RED", "fill_opacity": 0.5, "position": [-2, 0]}},
    triangle={"type": "Triangle", "params": {"color": "GREEN", "fill_opacity": 0.5, "position": [2, 0]}},
    frame={"type": "CameraFrame"},
    saved={"type": "SaveState", "inputs": {"mobject": "frame"}},
    at_square={"type": "GetCenter", "inputs": {"mobject": "square"}},
    zoom={"type": "Animate", "inputs": {"mobject": "frame", "move_to": "at_square"}, "params": {"width": 4, "run_time": 0.5}},
    at_triangle={"type": "GetCenter", "inputs": {"mobject": "triangle"}},
    pan={"type": "Animate", "inputs": {"mobject": "frame", "move_to": "at_triangle"}, "params": {"run_time": 0.5}},
    back={"type": "Restore", "inputs": {"mobject": "saved"}, "params": {"run_time": 0.5}},
    out={"type": "Scene", "inputs": {"add": ["square", "triangle"], "animations": ["zoom", "pan", "back"]}},
)  # fmt: skip

CAMERA_BY_HAND = """# Camera
from manim import *

class Camera(MovingCameraScene):
    def construct(self):
        s = Square(color=RED, fill_opacity=0.5).move_to(2 * LEFT)
        t = Triangle(color=GREEN, fill_opacity=0.5).move_to(2 * RIGHT)
        self.add(self.camera.frame)
        self.camera.frame.save_state()
        self.add(s, t)
        self.play(self.camera.frame.animate.move_to(s).set(width=4), run_time=0.5)
        self.play(self.camera.frame.animate.move_to(t), run_time=0.5)
        self.play(Restore(self.camera.frame), run_time=0.5)
"""


# 3D: the camera set, moved, then turning slowly while the scene holds; a title fixed in frame.
THREE_D = graph(
    camera={"type": "ThreeDCamera", "params": {"phi": 60, "theta": -45}},
    cube={"type": "Cube", "params": {"side_length": 1, "color": "BLUE"}},
    ball={"type": "Sphere", "params": {"radius": 0.5, "resolution": 8, "position": [2, 0, 1]}},
    text={"type": "Text", "params": {"text": "3D", "position": [-5, 3]}},
    title={"type": "FixedInFrame", "inputs": {"mobject": "text"}},
    grow={"type": "GrowFromCenter", "inputs": {"mobject": "ball"}, "params": {"run_time": 0.3}},
    move={"type": "MoveCamera", "params": {"phi": 75, "theta": 30, "run_time": 0.3}},
    spin={"type": "BeginAmbientCameraRotation", "params": {"rate": 30}},
    hold={"type": "Wait", "params": {"run_time": 0.3}},
    stop={"type": "StopAmbientCameraRotation"},
    out={"type": "Scene", "inputs": {"add": ["cube", "title"], "animations": ["grow", "move", "spin", "hold", "stop"]}},
)  # fmt: skip

THREE_D_BY_HAND = """# ThreeD
from manim import *

class ThreeD(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=60 * DEGREES, theta=-45 * DEGREES)
        cube = Cube(side_length=1).set_color(BLUE)
        ball = Sphere(radius=0.5, resolution=8).move_to([2, 0, 1])
        title = Text("3D").move_to([-5, 3, 0])
        self.add_fixed_in_frame_mobjects(title)
        self.add(cube, title)
        self.play(GrowFromCenter(ball), run_time=0.3)
        self.move_camera(phi=75 * DEGREES, theta=30 * DEGREES, run_time=0.3)
        self.begin_ambient_camera_rotation(rate=30 * DEGREES)
        self.wait(0.3)
        self.stop_ambient_camera_rotation()
"""


def body(data: dict[str, Any]) -> list[str]:
    source = compile_graph(data, "scene").source
    return [line.strip() for line in source.split("def construct(self):\n")[1].splitlines()]


def messages(data: dict[str, Any]) -> list[str]:
    return [p.message for p in validate_data(data)]


# ------------------------------------------------------------------------ the script


def test_each_animation_is_built_right_before_its_play() -> None:
    lines = body(CHAINED)
    for name in ("left", "shrink", "flash", "circle_it", "morph"):
        built = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = "))
        assert lines[built + 1] == f"self.play({name})", lines
    assert lines.index("self.add(square)") < lines.index("self.play(left)")


def test_a_composed_animation_builds_its_parts_right_before_its_play() -> None:
    data = graph(
        dot={"type": "Dot"},
        move={"type": "Animate", "inputs": {"mobject": "dot"}, "params": {"shift": [1, 0]}},
        grow={"type": "Animate", "inputs": {"mobject": "dot"}, "params": {"scale": 2}},
        first={"type": "FadeIn", "inputs": {"mobject": "dot"}},
        both={"type": "AnimationGroup", "inputs": {"animations": ["move", "grow"]}},
        out={"type": "Scene", "inputs": {"animations": ["first", "both"]}},
    )
    lines = body(data)
    assert lines[lines.index("self.play(first)") + 1 :] == [
        "move = dot.animate.shift(np.array([1.0, 0.0, 0.0]))",
        "grow = dot.animate.scale(2)",
        "both = AnimationGroup(move, grow)",
        "self.play(both)",
    ]


def test_live_values_read_as_idiomatic_manim() -> None:
    assert body(TRACKED) == [
        "k = ValueTracker(-3)",
        "line = NumberLine(x_range=[-4, 4, 1])",
        "dot = always_redraw(lambda: Dot(point=np.array([k.get_value(), 0.0, 0.0]), color=RED))",
        "shown = DecimalNumber(k.get_value())",
        "shown.add_updater(lambda m: m.set_value(k.get_value()))",
        "label = shown.next_to(dot, UP)",
        "label.add_updater(lambda m: m.next_to(dot, UP))",
        "ring = always_redraw(lambda: Circle(radius=0.5 + np.abs(k.get_value()) / 4, color=BLUE))",
        "trail = TracedPath(dot.get_center, stroke_color=YELLOW)",
        "self.add(line, dot, label, ring, trail)",
        "go = k.animate(run_time=1).set_value(3)",
        "self.play(go)",
        "back = k.animate(rate_func=linear).increment_value(-1.5)",
        "self.play(back)",
    ]


def test_the_scene_clock_is_a_tracker_counting_frames() -> None:
    lines = body(CLOCK)
    assert lines[:3] == [
        "time = ValueTracker(0)",
        "time.add_updater(lambda m, dt: m.increment_value(dt))",
        "self.add(time)",
    ]
    # The point is read twice (placed once when built, then kept there): a function, as by hand.
    assert lines[3:8] == [
        "def where():",
        "return np.array([2 * np.cos(time.get_value()), 2 * np.sin(time.get_value()), 0.0])",
        "dot = Dot(color=YELLOW)",
        "dot.move_to(where())",
        "dot.add_updater(lambda m: m.move_to(where()))",
    ]


def test_a_live_integer_keeps_its_place_and_changes_its_digits() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        double={"type": "Multiply", "inputs": {"a": "k"}, "params": {"b": 2}},
        shown={"type": "Integer", "inputs": {"number": "double"}, "params": {"position": [1, 1]}},
        out={"type": "Scene", "inputs": {"add": ["shown"]}},
    )
    lines = body(data)
    assert lines[1:4] == ["def double():", "return k.get_value() * 2", "shown = Integer(double())"]
    assert "shown.add_updater(lambda m: m.set_value(double()))" in lines


def test_nested_live_arithmetic_keeps_its_precedence() -> None:
    data = graph(
        k={"type": "ValueTracker"},
        plus={"type": "Add", "inputs": {"a": "k"}, "params": {"b": 1}},
        times={"type": "Multiply", "inputs": {"a": "plus"}, "params": {"b": 3}},
        turned={"type": "Square", "inputs": {"scale": "times"}},
        out={"type": "Scene", "inputs": {"add": ["turned"]}},
    )
    assert "turned = always_redraw(lambda: Square().scale((k.get_value() + 1) * 3))" in body(data)


def test_what_reads_no_live_value_is_read_once() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 2}},
        dot={"type": "Dot"},
        move={"type": "Animate", "inputs": {"mobject": "dot", "move_to": "where"}},
        where={"type": "CombineXYZ", "inputs": {"x": "k"}},
        out={"type": "Scene", "inputs": {"add": ["dot"], "animations": ["move"]}},
    )
    lines = body(data)
    assert "move = dot.animate.move_to(np.array([k.get_value(), 0.0, 0.0]))" in lines
    assert not any("always_redraw" in line or "add_updater" in line for line in lines)
    assert compile_graph(data, "scene").splittable  # nothing moves by itself: exports may split


def test_scenes_with_updaters_render_in_one_piece() -> None:
    for data in (TRACKED, CLOCK):
        assert not compile_graph(data, "scene").splittable
    assert compile_graph(CHAINED, "scene").splittable


def test_a_tracker_wires_by_its_value_or_as_itself() -> None:
    data = graph(
        k={"type": "ValueTracker"},
        dot={"type": "Dot", "inputs": {"radius": "k"}},
        tracked={"type": "Create", "inputs": {"mobject": "k"}},
        out={"type": "Scene", "inputs": {"add": ["dot"], "animations": ["tracked"]}},
    )
    assert messages(data) == []
    lines = body(data)
    assert "dot = always_redraw(lambda: Dot(radius=k.get_value()))" in lines
    assert "tracked = Create(k)" in lines


def test_geometry_readers_read_once_unless_what_they_read_moves() -> None:
    lines = body(GEOMETRY)
    for line in (
        "dot.add_updater(lambda m: m.move_to(axes.i2gp(x_.get_value(), plot)))",
        "mark = axes.c2p(4, 1)",  # read once: nothing it reads moves
        "guide = always_redraw(lambda: Line(start=mark, end=dot.get_center()))",  # the dot moves by itself
        "top = square.get_top()",  # once: the square only moves in an animation
        "label = text.next_to(top, UP)",
        "star = always_redraw(lambda: Dot(point=square.get_corner(DR)))",  # follow: true
        "last = pair[-1]",
    ):
        assert line in lines, (line, lines)
    assert not any(line.startswith("label.add_updater") for line in lines)


def test_a_reader_follows_a_mobject_that_starts_moving_further_down() -> None:
    """The label starts following only in a node that comes after the reader in wire order."""
    data = graph(
        k={"type": "ValueTracker"},
        dot={"type": "Dot", "inputs": {"radius": "k"}},
        text={"type": "Text"},
        below={"type": "GetEdge", "inputs": {"mobject": "text"}, "params": {"edge": "DOWN"}},
        mark={"type": "Dot", "inputs": {"point": "below"}},
        placed={"type": "NextTo", "inputs": {"mobject": "text", "target": "dot"}, "params": {"follow": True}},
        out={"type": "Scene", "inputs": {"add": ["placed", "mark"]}},
    )
    assert "mark = always_redraw(lambda: Dot(point=text.get_bottom()))" in body(data)


def test_a_point_an_animation_reads_is_read_right_before_it_plays() -> None:
    data = graph(
        square={"type": "Square"},
        dot={"type": "Dot"},
        away={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"shift": [3, 1]}},
        there={"type": "GetCenter", "inputs": {"mobject": "square"}},
        above={"type": "Add", "inputs": {"a": "there"}, "params": {"b": [0, 1]}},
        follow={"type": "Animate", "inputs": {"mobject": "dot", "move_to": "above"}},
        out={"type": "Scene", "inputs": {"add": ["square", "dot"], "animations": ["away", "follow"]}},
    )
    assert body(data)[-5:] == [
        "self.play(away)",
        "there = square.get_center()",
        "above = there + np.array([0.0, 1.0, 0.0])",
        "follow = dot.animate.move_to(above)",
        "self.play(follow)",
    ]


def test_moves_read_as_manim_writes_them() -> None:
    lines = body(MOVES)
    for line in (
        "saved = square.save_state()",
        "label = text.next_to(square, DOWN, aligned_edge=LEFT)",
        "flat = circle.stretch(0.5, 1)",
        "row = VGroup(a, b).arrange(DOWN, aligned_edge=LEFT)",
        "spin = Rotating(square, angle=90 * DEGREES, about_point=np.array([-2.0, 0.0, 0.0]), run_time=0.5, "
        "rate_func=smooth)",
        "beside = dot.animate(run_time=0.5).next_to(square, direction=UP)",
        "self.add(label)",  # added mid-scene: Manim cannot play an Add on its own
        "back = Restore(saved, run_time=0.5)",
        "cascade = FadeIn(row, run_time=0.5, lag_ratio=0.5)",
        "warp = ApplyPointwiseFunction(lambda p: np.array([p[0] + np.sin(p[1]) / 2, p[1] + np.sin(p[0]) / 2, "
        "p[2]]), grid, run_time=0.5)",
    ):
        assert line in lines, (line, lines)
    # Placed beside the square when it appears, where the square is by then.
    assert lines.index("self.add(label)") == lines.index("label = text.next_to(square, DOWN, aligned_edge=LEFT)") + 1
    assert lines.index("label = text.next_to(square, DOWN, aligned_edge=LEFT)") == lines.index("self.play(beside)") + 1
    assert compile_graph(MOVES, "scene").animations == 7  # the plays, not the add


def test_a_mobject_added_last_is_held_on_screen() -> None:
    data = graph(
        dot={"type": "Dot"},
        show={"type": "AddToScene", "inputs": {"mobject": "dot"}},
        out={"type": "Scene", "inputs": {"animations": ["show"]}},
    )
    compiled = compile_graph(data, "scene")
    assert body(data)[-2:] == [
        "self.add(dot)",
        "self.wait()  # the last step plays no frames of its own: hold the scene for a second",
    ]
    assert compiled.animations == 1


def test_a_camera_frame_makes_a_moving_camera_scene() -> None:
    source = compile_graph(CAMERA, "camera").source
    assert "class Camera(MovingCameraScene):" in source
    lines = body(CAMERA)
    assert lines[lines.index("frame = self.camera.frame") + 1] == "self.add(frame)"  # so that updaters on it run
    assert "zoom = frame.animate(run_time=0.5).set(width=4).move_to(at_square)" in lines
    assert "class Chained(Scene):" in compile_graph(CHAINED, "chained").source


def test_3d_nodes_make_a_three_d_scene_with_camera_steps() -> None:
    source = compile_graph(THREE_D, "three d").source
    assert "class ThreeD(ThreeDScene):" in source
    lines = body(THREE_D)
    assert lines[0] == "self.set_camera_orientation(phi=60 * DEGREES, theta=-45 * DEGREES)"
    assert lines[-5:] == [
        "self.move_camera(phi=75 * DEGREES, theta=30 * DEGREES, run_time=0.3)",
        "self.begin_ambient_camera_rotation(rate=30 * DEGREES)",
        "hold = Wait(run_time=0.3)",
        "self.play(hold)",
        "self.stop_ambient_camera_rotation()",
    ]
    assert "self.add_fixed_in_frame_mobjects(title)" in lines
    assert compile_graph(THREE_D, "three d").animations == 3  # grow, the camera move, the hold


def test_a_pointwise_function_takes_expressions_in_x_and_y() -> None:
    data = graph(
        dot={"type": "Dot"},
        warp={"type": "ApplyPointwiseFunction", "inputs": {"mobject": "dot"}, "params": {"x": "x * t"}},
        out={"type": "Scene", "inputs": {"animations": ["warp"]}},
    )
    assert "unknown name 't'; use x, y" in messages(data)[0]


def test_a_surface_takes_expressions_in_u_and_v() -> None:
    data = graph(
        surface={"type": "Surface", "params": {"z": "sin(u) * cos(v)", "u_range": [0, 1], "resolution": 4}},
        out={"type": "Scene", "inputs": {"add": ["surface"]}},
    )
    assert "surface = Surface(lambda u, v: np.array([u, v, np.sin(u) * np.cos(v)]), u_range=[0, 1], resolution=4)" in (
        body(data)
    )
    data["nodes"]["surface"]["params"]["z"] = "x + u"
    assert "unknown name 'x'; use u, v" in messages(data)[0]


def test_a_shape_built_around_a_moving_mobject_is_rebuilt_but_a_group_holds_it() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        dot={"type": "Dot", "inputs": {"radius": "k"}},
        box={"type": "SurroundingRectangle", "inputs": {"mobject": "dot"}},
        row={"type": "VGroup", "inputs": {"mobjects": ["dot", "box"]}},
        out={"type": "Scene", "inputs": {"add": ["row"]}},
    )
    lines = body(data)
    assert "box = always_redraw(lambda: SurroundingRectangle(dot))" in lines
    assert "row = VGroup(dot, box)" in lines


def test_a_part_of_a_moving_formula_moves_with_it() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        where={"type": "CombineXYZ", "inputs": {"x": "k"}},
        eq={
            "type": "MathTex",
            "params": {"tex": "a + b", "substrings_to_isolate": ["b"]},
            "inputs": {"position": "where"},
        },
        part={"type": "GetPartByTex", "inputs": {"mobject": "eq"}, "params": {"tex": "b"}},
        box={"type": "SurroundingRectangle", "inputs": {"mobject": "part"}},
        out={"type": "Scene", "inputs": {"add": ["eq", "box"]}},
    )
    lines = body(data)
    assert "part = eq.get_part_by_tex('b')" in lines  # the same object, not a redrawn copy
    assert "box = always_redraw(lambda: SurroundingRectangle(part))" in lines


# ------------------------------------------------------------------------ bad input


def test_a_2d_camera_frame_and_a_3d_camera_do_not_mix() -> None:
    data = graph(
        frame={"type": "CameraFrame"},
        cube={"type": "Cube"},
        out={"type": "Scene", "inputs": {"add": ["cube"]}},
    )
    problems = validate_data(data)
    assert [(p.node, p.path) for p in problems] == [("frame", "/nodes/frame")]
    assert "'cube' (Cube) needs the 3D one" in problems[0].message


def test_camera_steps_play_only_from_the_scene() -> None:
    data = graph(
        dot={"type": "Dot"},
        show={"type": "FadeIn", "inputs": {"mobject": "dot"}},
        move={"type": "MoveCamera", "params": {"phi": 30}},
        both={"type": "AnimationGroup", "inputs": {"animations": ["show", "move"]}},
        out={"type": "Scene", "inputs": {"animations": ["both"]}},
    )
    problems = validate_data(data)
    assert [(p.node, p.path) for p in problems] == [("both", "/nodes/both/inputs/animations/1")]
    assert "step of the scene on its own" in problems[0].message


def test_an_index_outside_a_group_is_refused() -> None:
    data = graph(
        a={"type": "Square"},
        b={"type": "Circle"},
        row={"type": "VGroup", "inputs": {"mobjects": ["a", "b"]}},
        third={"type": "Submobject", "inputs": {"mobject": "row"}, "params": {"index": 2}},
        out={"type": "Scene", "inputs": {"add": ["third"]}},
    )
    problems = validate_data(data)
    assert [(p.path, p.node, p.port) for p in problems] == [("/nodes/third/params/index", "third", "index")]
    assert all(words in problems[0].message for words in ("index 2", "'row'", "0 to 1", "-1 to -2"))  # the fix
    with pytest.raises(GraphError):
        compile_graph(data, "scene")
    data["nodes"]["third"]["params"]["index"] = -2
    assert validate_data(data) == []


def test_next_to_needs_a_mobject_or_a_point() -> None:
    data = graph(
        a={"type": "Square"},
        placed={"type": "NextTo", "inputs": {"mobject": "a"}},
        out={"type": "Scene", "inputs": {"add": ["placed"]}},
    )
    assert [p.port for p in validate_data(data)] == ["target"]
    data["nodes"]["placed"]["params"] = {"point": [1, 2]}
    assert "placed = a.next_to(np.array([1.0, 2.0, 0.0]))" in body(data)  # RIGHT: Manim's default


def test_a_live_shift_would_add_up_and_is_refused() -> None:
    data = graph(
        k={"type": "ValueTracker"},
        where={"type": "CombineXYZ", "inputs": {"x": "k"}},
        square={"type": "Square"},
        moved={"type": "Shift", "inputs": {"mobject": "square", "vector": "where"}},
        out={"type": "Scene", "inputs": {"add": ["moved"]}},
    )
    problems = validate_data(data)
    assert [(p.path, p.node, p.port) for p in problems] == [("/nodes/moved/inputs/vector", "moved", "vector")]
    assert "again on every frame" in problems[0].message and "MoveTo" in problems[0].message
    with pytest.raises(GraphError):
        compile_graph(data, "scene")


def test_a_shift_of_a_redrawn_mobject_is_applied_after_each_redraw() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        dot={"type": "Dot", "inputs": {"radius": "k"}},
        moved={"type": "Shift", "inputs": {"mobject": "dot"}, "params": {"vector": [1, 0]}},
        out={"type": "Scene", "inputs": {"add": ["moved"]}},
    )
    lines = body(data)
    assert "moved.add_updater(lambda m: m.shift(np.array([1.0, 0.0, 0.0])))" in lines


def test_a_style_of_a_redrawn_mobject_is_part_of_the_redraw() -> None:
    """Not a second updater: Create copies the mobject, and a copy's redraw would drop the style."""
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        ring={"type": "Circle", "inputs": {"radius": "k"}},
        styled={
            "type": "SetStyle",
            "inputs": {"mobject": "ring"},
            "params": {"fill_color": "BLUE", "fill_opacity": 0.5, "stroke_color": "YELLOW"},
        },
        thin={"type": "SetStyle", "inputs": {"mobject": "styled"}, "params": {"color": "RED", "stroke_width": 1}},
        label={"type": "Text", "params": {"text": "r"}},
        beside={"type": "NextTo", "inputs": {"mobject": "label", "target": "thin"}, "params": {"follow": True}},
        draw={"type": "Create", "inputs": {"mobject": "thin"}},
        out={"type": "Scene", "inputs": {"add": ["beside"], "animations": ["draw"]}},
    )
    lines = body(data)
    assert (
        "ring = always_redraw(lambda: Circle(radius=k.get_value()).set_style(fill_color=BLUE, fill_opacity=0.5, "
        "stroke_color=YELLOW).set_color(RED).set_style(stroke_width=1))"
    ) in lines
    assert not any(line.startswith(("styled", "thin")) for line in lines)  # wires to them read the ring itself
    assert "beside.add_updater(lambda m: m.next_to(ring))" in lines
    assert "draw = Create(ring)" in lines


def test_a_style_that_reads_a_live_or_later_value_acts_after_each_redraw() -> None:
    data = graph(
        k={"type": "ValueTracker", "params": {"value": 1}},
        ring={"type": "Circle", "inputs": {"radius": "k"}},
        faded={"type": "SetStyle", "inputs": {"mobject": "ring", "fill_opacity": "k"}},
        tint={"type": "Color", "params": {"value": "GREEN"}},
        tinted={"type": "SetStyle", "inputs": {"mobject": "faded", "stroke_color": "tint"}},
        out={"type": "Scene", "inputs": {"add": ["tinted"]}},
    )
    lines = body(data)
    assert "ring = always_redraw(lambda: Circle(radius=k.get_value()))" in lines
    assert "faded.add_updater(lambda m: m.set_style(fill_opacity=k.get_value()))" in lines
    assert "tinted.add_updater(lambda m: m.set_style(stroke_color=tint))" in lines


def test_the_3d_illusion_sways_the_camera_between_two_steps() -> None:
    data = graph(
        camera={"type": "ThreeDCamera", "params": {"phi": 75, "theta": 30}},
        circle={"type": "Circle"},
        sway={"type": "Begin3DIllusionCameraRotation", "params": {"rate": 2, "origin_theta": 45}},
        hold={"type": "Wait", "params": {"run_time": 0.5}},
        stop={"type": "Stop3DIllusionCameraRotation"},
        out={"type": "Scene", "inputs": {"add": ["circle"], "animations": ["sway", "hold", "stop"]}},
    )
    compiled = compile_graph(data, "sway")
    assert "class Sway(ThreeDScene):" in compiled.source
    assert body(data)[-4:] == [
        "self.begin_3dillusion_camera_rotation(rate=2, origin_theta=45 * DEGREES)",
        "hold = Wait(run_time=0.5)",
        "self.play(hold)",
        "self.stop_3dillusion_camera_rotation()",  # plays no frames and shows nothing new: no hold after it
    ]
    assert compiled.animations == 1
    data["nodes"]["both"] = {"type": "AnimationGroup", "inputs": {"animations": ["sway", "hold"]}}
    data["nodes"]["out"]["inputs"]["animations"] = ["both", "stop"]
    assert "is a step of the scene on its own" in messages(data)[0]


def test_objects_that_follow_each_other_in_a_circle_are_named() -> None:
    data = graph(
        a={"type": "Square"},
        b={"type": "Circle"},
        a_by_b={"type": "NextTo", "inputs": {"mobject": "a", "target": "b"}, "params": {"follow": True}},
        b_by_a={"type": "NextTo", "inputs": {"mobject": "b", "target": "a_by_b"}, "params": {"follow": True}},
        out={"type": "Scene", "inputs": {"add": ["a_by_b", "b_by_a"]}},
    )
    problems = validate_data(data)
    assert len(problems) == 1, problems
    assert problems[0].message.startswith("objects follow each other in a circle: ")
    assert "a → b → a" in problems[0].message or "b → a → b" in problems[0].message
    assert problems[0].port == "follow"


def test_only_a_tracker_has_a_value_to_set() -> None:
    data = graph(
        square={"type": "Square"},
        bad={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"set_value": 2}},
        out={"type": "Scene", "inputs": {"animations": ["bad"]}},
    )
    problems = validate_data(data)
    assert [(p.path, p.port) for p in problems] == [("/nodes/bad/params/set_value", "set_value")]
    assert "'square' is a Square" in problems[0].message


def test_follow_without_a_target_changes_nothing() -> None:
    data = graph(
        dot={"type": "Dot"},
        placed={"type": "MoveTo", "inputs": {"mobject": "dot"}, "params": {"point": [1, 1], "follow": True}},
        out={"type": "Scene", "inputs": {"add": ["placed"]}},
    )
    assert not any("add_updater" in line for line in body(data))


# ------------------------------------------------------------------------ frames


@pytest.mark.render
def test_generated_scenes_draw_the_frames_of_hand_written_manim(tmp_path: Path) -> None:
    pairs = []
    for name, data, hand in (
        ("chained", CHAINED, CHAINED_BY_HAND),
        ("tracked", TRACKED, TRACKED_BY_HAND),
        ("clock", CLOCK, CLOCK_BY_HAND),
        ("geometry", GEOMETRY, GEOMETRY_BY_HAND),
        ("moves", MOVES, MOVES_BY_HAND),
        ("camera", CAMERA, CAMERA_BY_HAND),
        ("three_d", THREE_D, THREE_D_BY_HAND),
    ):
        (tmp_path / f"{name}.json").write_text(json.dumps(data))
        (tmp_path / f"{name}_by_hand.py").write_text(hand)
        pairs.append((tmp_path / f"{name}.json", tmp_path / f"{name}_by_hand.py"))
    for name, outcome in frames_compared(tmp_path, pairs).items():
        assert outcome["frames"] > 10 and outcome["identical"], (name, outcome)  # type: ignore[operator]


def test_a_label_is_placed_where_its_target_is_when_it_appears() -> None:
    data = graph(
        square={"type": "Square"},
        away={"type": "Animate", "inputs": {"mobject": "square"}, "params": {"shift": [3, 0]}},
        text={"type": "Text", "params": {"text": "here"}},
        label={"type": "NextTo", "inputs": {"mobject": "text", "target": "square"}, "params": {"direction": "UP"}},
        red={"type": "SetStyle", "inputs": {"mobject": "label"}, "params": {"color": "RED"}},
        show={"type": "FadeIn", "inputs": {"mobject": "red"}},
        hide={"type": "FadeOut", "inputs": {"mobject": "red"}},
        title={"type": "Text", "params": {"text": "title"}},
        top={"type": "NextTo", "inputs": {"mobject": "title", "target": "square"}, "params": {"direction": "UP"}},
        out={"type": "Scene", "inputs": {"add": ["square", "top"], "animations": ["away", "show", "hide"]}},
    )
    lines = body(data)
    # On screen from the start: placed at the start. First shown by FadeIn: placed then, once.
    assert lines.index("top = title.next_to(square, UP)") < lines.index("self.add(square, top)")
    assert lines[lines.index("self.play(away)") + 1 :][:4] == [
        "label = text.next_to(square, UP)",
        "red = label.set_color(RED)",
        "show = FadeIn(red)",
        "self.play(show)",
    ]
    assert lines.count("label = text.next_to(square, UP)") == 1
    assert lines.index("hide = FadeOut(red)") == lines.index("self.play(show)") + 1


def test_follow_for_a_span_of_the_scene() -> None:
    data = graph(
        dot={"type": "Dot"},
        label={"type": "Text", "params": {"text": "me"}},
        keep={"type": "Follow", "inputs": {"mobject": "label", "target": "dot"}, "params": {"direction": "UP"}},
        go={"type": "Animate", "inputs": {"mobject": "dot"}, "params": {"shift": [2, 0]}},
        stop={"type": "StopFollowing", "inputs": {"mobject": "label"}},
        back={"type": "Animate", "inputs": {"mobject": "dot"}, "params": {"shift": [-2, 0]}},
        out={"type": "Scene", "inputs": {"add": ["dot", "label"], "animations": ["keep", "go", "stop", "back"]}},
    )
    lines = body(data)
    start = lines.index("def keep(m):")
    assert lines[start : start + 3] == ["def keep(m):", "m.next_to(dot, UP)", "label.add_updater(keep)"]
    assert lines.index("label.clear_updaters()") == lines.index("self.play(go)") + 1
    assert not compile_graph(data, "scene").splittable  # an updater runs: the export stays in one piece
    data["nodes"]["both"] = {"type": "AnimationGroup", "inputs": {"animations": ["keep", "go"]}}
    assert any("is a step of the scene on its own" in m for m in messages(data))
