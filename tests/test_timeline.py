"""A preview as one cached segment per animation (issue 13): which segments an edit re-renders,
the timeline the engine reports, and frames held to plain Manim's, decoded frame by frame."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
import pytest_asyncio
from test_engine import Recorder, assert_clean, graph, make_config, probe

from manim_nodes.compiler import CompiledScene
from manim_nodes.engine import EngineEvent, RenderEngine
from manim_nodes.export import compile_file

from paths import ROOT
from plain_manim import plain_manim

pytestmark = [pytest.mark.render, pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(180)]

PREVIEW_ENCODING = ("--encoder-option", "preset=ultrafast")  # the engine's preview encoder, for plain Manim


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RenderEngine]:
    async with RenderEngine(make_config(tmp_path_factory.mktemp("timeline"))) as running:
        yield running


def decoded_frames(video: Path) -> list[str]:
    """An MD5 per decoded frame: two videos with equal lists show exactly the same pictures."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:v", "-f", "framemd5", "-"],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    return [line.rsplit(",", 1)[1].strip() for line in out.splitlines() if line and not line.startswith("#")]


def pixels(png: Path) -> bytes:
    from PIL import Image

    with Image.open(png) as image:
        return image.convert("RGBA").tobytes()


def file_of(engine: RenderEngine, url: str) -> Path:
    return engine.config.preview_dir / url.removeprefix("/previews/")


def rendered_animations(events: list[EngineEvent]) -> set[int]:
    return {e.data["animation"] for e in events if e.name == "render.progress" and "animation" in e.data}


async def preview(engine: RenderEngine, name: str, compiled: CompiledScene) -> EngineEvent:
    final = await engine.wait(engine.submit_preview(name, compiled))
    assert final is not None and final.name == "render.finished", final
    return final


def three_steps(last_run_time: float) -> CompiledScene:
    return graph(("Create", {"run_time": 1}), ("Indicate", {}), ("FadeOut", {"run_time": last_run_time}), radius=1.2)


async def test_an_edit_to_the_last_animation_renders_only_its_segment(engine: RenderEngine, tmp_path: Path) -> None:
    first = await preview(engine, "steps", three_steps(0.5))
    timeline = first.data["timeline"]
    assert [(b["index"], b["node"], b["cached"]) for b in timeline] == [(0, "a0", False), (1, "a1", False),
                                                                        (2, "a2", False)]  # fmt: skip
    assert [(b["start"], b["end"]) for b in timeline[:2]] == [(0.0, 1.0), (1.0, 2.0)]
    assert timeline[2]["start"] == 2.0 and timeline[2]["end"] == pytest.approx(2.5, abs=1 / 15)  # whole frames
    for block in timeline:
        assert file_of(engine, block["thumbnail"]).read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG

    recorder = Recorder(engine)
    edited = three_steps(1.0)
    job = engine.submit_preview("steps", edited)
    second = await engine.wait(job)
    assert second is not None and second.name == "render.finished", recorder.of(job)
    assert [b["cached"] for b in second.data["timeline"]] == [True, True, False]
    assert rendered_animations(recorder.of(job)) == {2}
    assert [e.data["node"] for e in recorder.of(job) if "animation" in e.data] == ["a2"] * len(
        [e for e in recorder.of(job) if "animation" in e.data]
    )
    assert second.data["timeline"][2]["end"] == 3.0
    assert second.data["timeline"][:2] == [{**b, "cached": True} for b in timeline[:2]]

    fresh = await preview(engine, "steps_fresh", edited)  # another graph: no segment of its own yet
    assert [b["cached"] for b in fresh.data["timeline"]] == [False, False, False]
    joined = decoded_frames(file_of(engine, second.data["video"]))
    assert joined == decoded_frames(file_of(engine, fresh.data["video"]))
    plain = plain_manim(edited.source, edited.class_name, tmp_path / "plain", *PREVIEW_ENCODING)
    assert joined == decoded_frames(plain)
    # The changed tail was rendered with the last frame in one job (no separate last-frame pass):
    # still a render.frame before the end, and the same picture as a last-frame render draws.
    names = [e.name for e in recorder.of(job)]
    assert names.index("render.frame") < names.index("render.finished")
    assert pixels(file_of(engine, second.data["image"])) == pixels(file_of(engine, fresh.data["image"]))
    recorder.unsubscribe()
    assert_clean(engine)


async def test_a_scene_with_updaters_renders_whole_and_matches_plain_manim(
    engine: RenderEngine, tmp_path: Path
) -> None:
    compiled = compile_file(ROOT / "graphs" / "value_tracker.yaml")
    assert not compiled.splittable
    await preview(engine, "tracker", compiled)
    edited = replace(compiled, source=compiled.source.replace("animate(run_time=1)", "animate(run_time=1.5)"))
    assert edited.source != compiled.source
    recorder = Recorder(engine)
    job = engine.submit_preview("tracker", edited)
    final = await engine.wait(job)
    assert final is not None and final.name == "render.finished"
    # An updater sees every frame before it: no play starts from a skip, every segment is new.
    assert [b["cached"] for b in final.data["timeline"]] == [False, False]
    assert rendered_animations(recorder.of(job)) == {0, 1}
    plain = plain_manim(edited.source, edited.class_name, tmp_path / "plain", *PREVIEW_ENCODING)
    assert decoded_frames(file_of(engine, final.data["video"])) == decoded_frames(plain)
    recorder.unsubscribe()


async def test_a_long_preview_renders_its_changed_tail_across_workers(engine: RenderEngine, tmp_path: Path) -> None:
    steps = [("Create", {"run_time": 1}), ("Indicate", {"run_time": 1}), ("Indicate", {"run_time": 1.5}),
             ("Indicate", {"run_time": 2}), ("FadeOut", {"run_time": 1})]  # fmt: skip
    await preview(engine, "long", graph(*steps, radius=0.8))
    steps[2] = ("Indicate", {"run_time": 2})
    edited = graph(*steps, radius=0.8)
    final = await preview(engine, "long", edited)
    assert [b["cached"] for b in final.data["timeline"]] == [True, True, False, False, False]
    plain = plain_manim(edited.source, edited.class_name, tmp_path / "plain", *PREVIEW_ENCODING)
    assert decoded_frames(file_of(engine, final.data["video"])) == decoded_frames(plain)
    assert probe(file_of(engine, final.data["video"])) == probe(plain)


async def test_an_unchanged_preview_answers_with_its_timeline_and_keeps_its_segments(engine: RenderEngine) -> None:
    compiled = graph(("Create", {}), ("FadeOut", {}), radius=0.6)
    first = await preview(engine, "kept", compiled)
    again = await preview(engine, "kept", compiled)
    assert again.data["cached"] is True
    assert again.data["timeline"] == [{**b, "cached": True} for b in first.data["timeline"]]
    latest = engine.latest_preview("kept")
    assert latest is not None and latest["timeline"] == again.data["timeline"]
    segments = {file_of(engine, b["thumbnail"]) for b in first.data["timeline"]}
    assert segments <= engine.store.pinned
    assert {p.with_name(p.name.split("-")[0] + ".mp4") for p in segments} <= engine.store.pinned  # their videos


async def test_a_failed_preview_keeps_the_last_timeline_marked_stale(engine: RenderEngine) -> None:
    good = await preview(engine, "breaks", graph(("Create", {}), radius=0.7))
    broken = CompiledScene(
        "from manim import *\n\n\nclass Broken(Scene):\n    def construct(self):\n        self.play(Nope())\n",
        "Broken", 1,
    )  # fmt: skip
    failed = await engine.wait(engine.submit_preview("breaks", broken))
    assert failed is not None and failed.name == "render.failed"
    latest = engine.latest_preview("breaks")
    assert latest is not None and latest["stale"] is True and latest["failed"] is True
    assert latest["timeline"] == good.data["timeline"]


async def test_short_animations_share_a_segment(engine: RenderEngine, tmp_path: Path) -> None:
    quick = [("Indicate", {"run_time": 0.25})] * 8  # two segments of four (one encoder each)
    await preview(engine, "quick", graph(*quick, radius=0.5))
    recorder = Recorder(engine)
    edited = graph(*quick[:7], ("Indicate", {"run_time": 0.5}), radius=0.5)
    job = engine.submit_preview("quick", edited)
    final = await engine.wait(job)
    assert final is not None and final.name == "render.finished"
    timeline = final.data["timeline"]
    assert [b["cached"] for b in timeline] == [True] * 4 + [False] * 4
    assert [b["node"] for b in timeline] == [f"a{i}" for i in range(8)]
    assert len({b["thumbnail"] for b in timeline}) == 8
    assert min(rendered_animations(recorder.of(job))) == 4
    fresh = await preview(engine, "quick_fresh", edited)
    assert decoded_frames(file_of(engine, final.data["video"])) == decoded_frames(file_of(engine, fresh.data["video"]))
    plain = plain_manim(edited.source, edited.class_name, tmp_path / "plain", *PREVIEW_ENCODING)
    frames, seconds = probe(plain)
    assert probe(file_of(engine, final.data["video"]))[0] == frames  # the container's length may differ by 1 ms
    assert timeline[-1]["end"] == pytest.approx(float(seconds), abs=0.002)
    recorder.unsubscribe()
