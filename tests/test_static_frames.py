"""The incremental static frame (engine/static_frames.py) writes exactly Manim's frames.

Each scene is rendered twice with real Manim in one child process, once with Manim's own
static frames and once with ours, and every written frame is compared by hash.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paths import EXAMPLES, ROOT

pytestmark = pytest.mark.render

MANY_PLAYS = "\n".join(
    ["version: 1", "nodes:"]
    + [
        line
        for i in range(24)
        for line in (
            f"  s{i}:",
            f"    type: {('Circle', 'Square', 'Dot')[i % 3]}",
            f"    params: {{position: [{-5 + i % 8}, {2 - i // 8}], color: BLUE}}",
            f"  a{i}:",
            "    type: FadeIn",
            f"    inputs: {{mobject: s{i}}}",
            "    params: {run_time: 0.2}",
        )
    ]
    + ["  out:", "    type: Scene", "    inputs:", "      animations: [" + ", ".join(f"a{i}" for i in range(24)) + "]"]
)

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


def check(tmp_path: Path, *files: Path) -> dict[str, dict[str, int]]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "static_frames_check.py"), str(tmp_path / "media"), *map(str, files)],
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
    graph.write_text(MANY_PLAYS + "\n")
    result = check(tmp_path, graph)["many.yaml"]
    assert result["identical"], result
    assert result.get("reused", 0) >= 20, result  # every play after the second adds one newcomer


def test_changes_between_plays_are_drawn_afresh(tmp_path: Path) -> None:
    (tmp_path / "changed.py").write_text(CHANGED_BETWEEN_PLAYS)
    (tmp_path / "z_order.py").write_text(Z_ORDER)
    results = check(tmp_path, tmp_path / "changed.py", tmp_path / "z_order.py")
    for name, result in results.items():
        assert result["identical"], (name, result)
    assert results["changed.py"].get("drawn", 0) >= 2, results  # the reuse declined where it had to
