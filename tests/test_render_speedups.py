"""The render worker's speed-ups write exactly Manim's frames: the incremental static frame
(engine/static_frames.py) and copies of formulas sharing their parsed SVG (engine/svg_copies.py).

Each scene is rendered twice with real Manim in one child process, once as plain Manim and
once with the speed-ups, and every written frame is compared by hash.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from node_samples import fade_ins
from paths import EXAMPLES, ROOT

pytestmark = pytest.mark.render

MANY_PLAYS = fade_ins(24)

# Plain Manim scripts that change what is on screen between plays in ways a reuse must notice.
CHANGED_BETWEEN_PLAYS = """# Changed
from manim import *

class Changed(Scene):
    def construct(self):
        a, b, c = Circle(), Square().shift(RIGHT * 2), Dot(LEFT * 2)
        self.play(FadeIn(a, run_time=0.2))
        self.play(FadeIn(b, run_time=0.2))
        a.set_color(RED)                 # an old static mobject changes
        self.play(FadeIn(c, run_time=0.2))
        b.add(Dot(RIGHT * 3))            # a new submobject inside an old one
        self.play(c.animate(run_time=0.2).shift(UP))
        self.remove(a)                   # one leaves
        self.play(Wait(0.2))
        self.add(a)                      # and comes back on top
        self.play(Wait(0.2))
"""

Z_ORDER = """# ZOrder
from manim import *

class ZOrder(Scene):
    def construct(self):
        top = Square(fill_opacity=1, color=BLUE).set_z_index(5)
        self.play(FadeIn(top, run_time=0.2))
        under = Circle(fill_opacity=1, color=RED).set_z_index(1)
        self.play(FadeIn(under, run_time=0.2))   # added later, drawn below
        self.play(FadeIn(Dot(UP * 2).set_z_index(9), run_time=0.2))
        self.play(FadeIn(Dot(DOWN * 2).set_z_index(0), run_time=0.2))
        self.play(FadeIn(Dot(LEFT * 3).set_z_index(3), run_time=0.2))
"""


# Formulas and texts copied, recoloured, moved and transformed into each other: the copies share
# their parsed SVG with the originals, and must still draw as plain Manim's own copies do.
COPIED_FORMULAS = """# Copied
from manim import *

class Copied(Scene):
    def construct(self):
        a = MathTex("a^2 + b^2 = c^2")
        b = a.copy().set_color(RED).scale(1.5).shift(DOWN)
        label = Text("copies", font_size=30).to_edge(UP)
        self.play(Write(a), FadeIn(label.copy()), run_time=0.4)
        self.play(TransformFromCopy(a, b), run_time=0.4)
        c = MathTex("c = \\sqrt{a^2 + b^2}").next_to(b, DOWN)
        self.play(TransformMatchingTex(b.copy(), c), label.animate.set_color(YELLOW), run_time=0.4)
        self.play(Indicate(c), ReplacementTransform(a, a.copy().rotate(0.3)), run_time=0.4)
"""


def check(tmp_path: Path, *files: Path) -> dict[str, dict[str, int]]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "speedups_check.py"), str(tmp_path / "media"), *map(str, files)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_examples_render_the_same_frames(tmp_path: Path) -> None:
    results = check(tmp_path, *EXAMPLES)
    assert set(results) == {p.name for p in EXAMPLES}
    for name, result in results.items():
        assert result["frames"] > 0 and result["identical"], (name, result)


def test_many_plays_reuse_the_static_frame(tmp_path: Path) -> None:
    graph = tmp_path / "many.yaml"
    graph.write_text(MANY_PLAYS)
    result = check(tmp_path, graph)["many.yaml"]
    assert result["identical"], result
    assert result.get("reused", 0) >= 20, result  # every play after the second adds one newcomer


def test_copied_formulas_render_the_same_frames(tmp_path: Path) -> None:
    (tmp_path / "copied.py").write_text(COPIED_FORMULAS)
    result = check(tmp_path, tmp_path / "copied.py")["copied.py"]
    assert result["frames"] > 0 and result["identical"], result
    assert result["svg_shared"], result  # the copies did share, so the frames above say something


def test_changes_between_plays_are_drawn_afresh(tmp_path: Path) -> None:
    (tmp_path / "changed.py").write_text(CHANGED_BETWEEN_PLAYS)
    (tmp_path / "z_order.py").write_text(Z_ORDER)
    results = check(tmp_path, tmp_path / "changed.py", tmp_path / "z_order.py")
    for name, result in results.items():
        assert result["identical"], (name, result)
    assert results["changed.py"].get("drawn", 0) >= 2, results  # the reuse declined where it had to


def test_camera_moves_and_updaters_render_the_same_frames(tmp_path: Path) -> None:
    """A turning 3D camera, a moving 2D frame and updaters change every frame: no reuse may hide it."""
    from test_time_and_change import CAMERA, THREE_D, TRACKED

    files = []
    for name, data in (("three_d", THREE_D), ("camera", CAMERA), ("tracked", TRACKED)):
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(json.dumps(data))
    for name, result in check(tmp_path, *files).items():
        assert result["frames"] > 0 and result["identical"], (name, result)
