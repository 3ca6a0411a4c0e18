"""The render engine with real Manim, real worker processes, low quality.

No timing assertions here (see benchmarks/): only what happened, what was
reported, and what was left behind (files and processes).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from manim_nodes.compiler import CompiledScene, compile_graph
from manim_nodes.engine import EngineConfig, EngineEvent, RenderEngine
from manim_nodes.engine.worker import thread_count

from plain_manim import plain_manim

pytestmark = [pytest.mark.render, pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(120)]

HEADER = "from manim import *\nimport time\n\n\nclass {name}(Scene):\n    def construct(self):\n"


def scene(name: str, *body: str, animations: int = 1) -> CompiledScene:
    """A hand-written scene for what graphs cannot express (sleeping, crashing)."""
    source = HEADER.format(name=name) + "".join(f"        {line}\n" for line in body)
    return CompiledScene(source, name, animations)


def graph(*animations: tuple[str, dict], tex: str | None = None, radius: float = 1.0) -> CompiledScene:
    nodes: dict = {"circle": {"type": "Circle", "params": {"radius": radius, "color": "#58C4DD"}}}
    wires = []
    for index, (kind, params) in enumerate(animations):
        nodes[f"a{index}"] = {"type": kind, "inputs": {"mobject": "circle"}, "params": params}
        wires.append(f"a{index}")
    if tex is not None:
        nodes["formula"] = {"type": "MathTex", "params": {"tex": tex}}
        nodes["show"] = {"type": "Write", "inputs": {"mobject": "formula"}}
        wires.append("show")
    nodes["out"] = {"type": "Scene", "inputs": {"animations": wires}}
    return compile_graph({"version": 1, "nodes": nodes}, "test")


class Recorder:
    def __init__(self, engine: RenderEngine) -> None:
        self.events: list[EngineEvent] = []
        self.unsubscribe = engine.subscribe(self.events.append)

    def of(self, job: str) -> list[EngineEvent]:
        return [e for e in self.events if e.data.get("job") == job]

    def names(self, job: str) -> list[str]:
        return [e.name for e in self.of(job)]


def stray_processes(root: Path) -> list[str]:
    """Processes working in (or in a deleted dir under) ``root``: orphans of a job."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(root)):
            found.append(f"{entry.name} {cmdline}")
    return found


def children_of(pid: int) -> set[int]:
    result = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                result.add(int(entry.name))
    return result


async def eventually(check: Callable[[], object], timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.05)


def make_config(tmp: Path, **overrides: object) -> EngineConfig:
    values: dict = {
        "preview_dir": tmp / "preview",
        "export_dir": tmp / "exports",
        "quality": "low",
        "workers": 2,
        "max_render_time": 120.0,
        "temp_dir": tmp / "jobs",
    }
    values.update(overrides)
    return EngineConfig(**values)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RenderEngine]:
    async with RenderEngine(make_config(tmp_path_factory.mktemp("engine"))) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def strict(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RenderEngine]:
    """An engine with a 4 s MAX_RENDER_TIME, for the timeout tests."""
    async with RenderEngine(make_config(tmp_path_factory.mktemp("strict"), max_render_time=4.0, workers=1)) as running:
        yield running


def assert_clean(engine: RenderEngine) -> None:
    assert engine.dirs.leftovers() == []
    assert engine.busy() == []
    assert stray_processes(engine.dirs.root) == []
    workers = set(engine.worker_pids())
    for pid in workers:  # an idle worker has no job child
        assert children_of(pid) == set()


async def test_preview_two_stages_then_cache(engine: RenderEngine) -> None:
    recorder = Recorder(engine)
    compiled = graph(("Create", {}), ("FadeOut", {}), radius=1.25)
    job = engine.submit_preview("two_stages", compiled)
    final = await engine.wait(job)
    assert final is not None and final.name == "render.finished", recorder.of(job)
    names = recorder.names(job)
    assert names[0] == "render.started" and names[-1] == "render.finished"
    assert names.index("render.frame") < names.index("render.finished")
    assert final.data["cached"] is False
    image = engine.config.preview_dir / final.data["image"].removeprefix("/previews/")
    video = engine.config.preview_dir / final.data["video"].removeprefix("/previews/")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert video.stat().st_size > 0
    assert engine.latest_preview("two_stages") == {
        "image": final.data["image"],
        "video": final.data["video"],
        "timeline": final.data["timeline"],
        "seconds": final.data["seconds"],
        "stale": False,
        "failed": False,
    }
    assert [block["node"] for block in final.data["timeline"]] == ["a0", "a1"]
    assert {image, video} <= engine.store.pinned

    again = engine.submit_preview("two_stages", compiled)
    cached = await engine.wait(again)
    assert cached is not None and cached.name == "render.finished"
    assert cached.data["cached"] is True and cached.data["video"] == final.data["video"]
    assert [e.data.get("cached") for e in recorder.of(again) if e.name == "render.frame"] == [True]
    recorder.unsubscribe()
    assert_clean(engine)


async def test_workers_gain_no_threads_from_renders_so_forking_stays_safe(engine: RenderEngine) -> None:
    """Encoders and LaTeX run in the forked children; a thread left in a worker could deadlock its next fork."""
    before = {pid: thread_count(pid) for pid in engine.worker_pids()}
    jobs = [engine.submit_preview(f"threads{i}", graph(("Create", {}), ("FadeOut", {}), tex=f"x^{i}")) for i in (2, 3)]
    for job in jobs:
        final = await engine.wait(job)
        assert final is not None and final.name == "render.finished", final
    assert {pid: thread_count(pid) for pid in engine.worker_pids()} == before


async def test_progress_is_reported_while_the_video_renders(engine: RenderEngine) -> None:
    recorder = Recorder(engine)
    compiled = scene("Slowish", "self.play(Create(Circle()), run_time=3)", "self.play(FadeOut(Circle()), run_time=3)",
                     animations=2)  # fmt: skip
    job = engine.submit_preview("progress", compiled)
    assert (await engine.wait(job)).name == "render.finished"  # type: ignore[union-attr]
    percents = [e.data["percent"] for e in recorder.of(job) if e.name == "render.progress"]
    assert percents and percents == sorted(percents) and all(0 <= p <= 100 for p in percents)
    recorder.unsubscribe()


async def test_latest_wins_cancels_the_render_in_flight(engine: RenderEngine) -> None:
    recorder = Recorder(engine)
    slow = scene("Slow", "self.add(Circle())", "time.sleep(600)")
    first = engine.submit_preview("latest", slow)
    await eventually(lambda: any(w.child for w in engine.pool.workers))
    second = engine.submit_preview("latest", graph(("Create", {}), radius=0.5))
    failed, finished = await engine.wait(first), await engine.wait(second)
    assert failed is not None and failed.name == "render.failed"
    assert failed.data["cancelled"] is True and failed.data["timeout"] is False
    assert finished is not None and finished.name == "render.finished"
    assert "render.frame" not in recorder.names(first)
    recorder.unsubscribe()
    assert_clean(engine)


async def test_a_queued_preview_is_superseded_before_it_runs(engine: RenderEngine) -> None:
    recorder = Recorder(engine)
    blockers = [engine.submit_preview(f"blocker{i}", scene(f"Block{i}", "time.sleep(600)")) for i in range(2)]
    await eventually(lambda: sum(1 for w in engine.pool.workers if w.child) == 2)
    queued = engine.submit_preview("queued", graph(("Create", {}), radius=0.7))
    newer = engine.submit_preview("queued", graph(("Create", {}), radius=0.8))
    assert (await engine.wait(queued)).data["cancelled"] is True  # type: ignore[union-attr]
    assert recorder.names(queued) == ["render.started", "render.failed"]
    for job in blockers:
        assert engine.cancel(job)
    assert (await engine.wait(newer)).name == "render.finished"  # type: ignore[union-attr]
    assert not engine.cancel(newer)  # over: nothing to cancel
    recorder.unsubscribe()
    assert_clean(engine)


async def test_concurrency_is_limited_to_the_pool(engine: RenderEngine) -> None:
    busiest = 0
    jobs = [engine.submit_preview(f"busy{i}", scene(f"Busy{i}", "self.add(Circle())", "time.sleep(0.5)", "self.wait(0.2)"))
            for i in range(5)]  # fmt: skip
    while engine.busy():
        busiest = max(busiest, sum(1 for w in engine.pool.workers if w.child))
        job_children = [c for pid in engine.worker_pids() for c in children_of(pid)]
        assert len(job_children) <= engine.config.workers
        await asyncio.sleep(0.02)
    assert busiest == engine.config.workers
    for job in jobs:
        assert (await engine.wait(job)).name == "render.finished"  # type: ignore[union-attr]
    assert_clean(engine)


async def test_manim_errors_name_the_node(engine: RenderEngine) -> None:
    compiled = graph(("Create", {}), tex=r"\frac{1}{2} \nosuchmacro")
    job = engine.submit_preview("bad_tex", compiled)
    failed = await engine.wait(job)
    assert failed is not None and failed.name == "render.failed"
    assert failed.data["node"] == "formula"
    assert "LaTeX" in failed.data["error"] and failed.data["timeout"] is False
    assert engine.latest_preview("bad_tex") == {  # no good preview: the list shows the failure alone
        "image": None, "video": None, "seconds": None, "stale": True, "failed": True,
    }  # fmt: skip
    assert_clean(engine)


async def test_a_failed_render_keeps_the_last_good_preview_marked_stale(engine: RenderEngine) -> None:
    good = await engine.wait(engine.submit_preview("stale", graph(("Create", {}), radius=1.9)))
    assert good is not None and good.name == "render.finished"
    bad = await engine.wait(engine.submit_preview("stale", scene("Broken", "raise ValueError('no such thing')")))
    assert bad is not None and bad.name == "render.failed"
    assert bad.data["error"] == "ValueError: no such thing"
    latest = engine.latest_preview("stale")
    assert latest is not None and latest["stale"] is True and latest["video"] == good.data["video"]
    assert latest["failed"] is True  # the graph list shows it (issue 14.5)


async def test_a_graph_whose_only_render_failed_says_so_until_one_succeeds(engine: RenderEngine) -> None:
    bad = await engine.wait(engine.submit_preview("never", scene("Broken", "raise ValueError('no')")))
    assert bad is not None and bad.name == "render.failed"
    assert engine.latest_preview("never") == {
        "image": None,
        "video": None,
        "seconds": None,
        "stale": True,
        "failed": True,
    }
    good = await engine.wait(engine.submit_preview("never", graph(("Create", {}), radius=1.2)))
    assert good is not None and good.name == "render.finished"
    latest = engine.latest_preview("never")
    assert latest is not None and latest["failed"] is False and latest["stale"] is False


async def test_a_crashing_render_is_reported_and_the_pool_recovers(engine: RenderEngine) -> None:
    crash = scene("Crash", "import ctypes", "ctypes.string_at(0)")
    failed = await engine.wait(engine.submit_preview("crash", crash))
    assert failed is not None and failed.name == "render.failed"
    assert "SIGSEGV" in failed.data["error"]
    ok = await engine.wait(engine.submit_preview("crash", graph(("Create", {}), radius=1.1)))
    assert ok is not None and ok.name == "render.finished"
    assert_clean(engine)


async def test_a_dead_worker_is_replaced(engine: RenderEngine) -> None:
    before = set(engine.worker_pids())
    job = engine.submit_preview("dead_worker", scene("Sleeper", "time.sleep(600)"))
    await eventually(lambda: any(w.child for w in engine.pool.workers))
    victim = next(w for w in engine.pool.workers if w.child)
    os.kill(victim.pid, signal.SIGKILL)  # type: ignore[arg-type]
    failed = await engine.wait(job)
    assert failed is not None and failed.name == "render.failed"
    assert "worker" in failed.data["error"]
    await eventually(lambda: len(engine.worker_pids()) == engine.config.workers and len(engine.pool.idle) == 2)
    assert set(engine.worker_pids()) != before
    ok = await engine.wait(engine.submit_preview("dead_worker", graph(("Create", {}), radius=1.3)))
    assert ok is not None and ok.name == "render.finished"
    assert_clean(engine)


async def test_a_scene_that_sleeps_forever_times_out(strict: RenderEngine) -> None:
    failed = await strict.wait(strict.submit_preview("forever", scene("Forever", "time.sleep(10**6)")))
    assert failed is not None and failed.name == "render.failed"
    assert failed.data["timeout"] is True
    assert "MAX_RENDER_TIME (4 s)" in failed.data["error"]
    assert_clean(strict)


async def test_a_tex_loop_times_out_and_leaves_no_latex_behind(strict: RenderEngine) -> None:
    job = strict.submit_preview("tex_loop", graph(tex=r"\def\x{\x}\x"))

    def latex_running() -> bool:
        return any("latex" in p for p in stray_processes(strict.dirs.root))

    await eventually(latex_running)
    failed = await strict.wait(job)
    assert failed is not None and failed.data["timeout"] is True
    assert_clean(strict)


async def test_export_splits_across_workers_and_matches_one_manim_run(engine: RenderEngine, tmp_path: Path) -> None:
    compiled = graph(("Create", {"run_time": 1}), ("Indicate", {}), ("FadeOut", {"run_time": 0.5}), radius=1.4)
    progress: list[float] = []
    output = tmp_path / "split.mp4"
    await engine.export(compiled, output, quality="low", fmt="mp4", on_progress=progress.append)
    assert progress[-1] == 100.0

    single = plain_manim(compiled.source, compiled.class_name, tmp_path / "plain")
    assert probe(output) == probe(single)
    assert_clean(engine)


def probe(path: Path) -> tuple[int, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames:format=duration", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    data = json.loads(out)
    return int(data["streams"][0]["nb_read_frames"]), data["format"]["duration"]


async def test_export_job_events_and_file(engine: RenderEngine) -> None:
    recorder = Recorder(engine)
    job = engine.submit_export("exported", graph(("Create", {}), radius=0.9), "low", "png")
    final = await engine.wait(job)
    assert final is not None and final.name == "export.finished", recorder.of(job)
    file = engine.config.export_dir / final.data["file"].removeprefix("/exports/")
    assert file.read_bytes()[:4] == b"\x89PNG"
    assert recorder.names(job)[-2:] == ["export.progress", "export.finished"]
    cancelled = engine.submit_export("exported", scene("Endless", "time.sleep(600)"), "low", "mp4")
    await eventually(lambda: any(w.child for w in engine.pool.workers))
    assert engine.cancel(cancelled)
    assert (await engine.wait(cancelled)).data["cancelled"] is True  # type: ignore[union-attr]
    recorder.unsubscribe()
    assert_clean(engine)


async def test_stop_leaves_no_process_or_file(tmp_path: Path) -> None:
    running = RenderEngine(make_config(tmp_path, workers=1))
    await running.start()
    pids = running.worker_pids()
    job = running.submit_preview("stopping", scene("Busy", "time.sleep(600)"))
    await eventually(lambda: any(w.child for w in running.pool.workers))
    await running.stop()
    assert (await running.wait(job)).data["cancelled"] is True  # type: ignore[union-attr]
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists()
    assert stray_processes(running.dirs.root) == []
    assert [p.name for p in running.dirs.root.iterdir()] == ["tex-cache"]


async def test_start_sweeps_what_a_killed_server_left(tmp_path: Path) -> None:
    root = tmp_path / "jobs"
    dead = root / "999999999-old" / "p1-mp4-x"
    dead.mkdir(parents=True)
    (dead / "out.mp4").write_bytes(b"half")
    alive = root / f"{os.getppid()}-other"  # another engine that still runs
    alive.mkdir()
    (tmp_path / "preview" / "g").mkdir(parents=True)
    (tmp_path / "preview" / "g" / ".abc.mp4.part").write_bytes(b"half")
    async with RenderEngine(make_config(tmp_path, workers=1, use_fork=False)) as cold:
        assert not (root / "999999999-old").exists()
        assert alive.exists()
        assert not (tmp_path / "preview" / "g" / ".abc.mp4.part").exists()
        # the cold fallback (no fork) renders too
        done = await cold.wait(cold.submit_preview("cold", graph(("Create", {}), radius=1.2)))
        assert done is not None and done.name == "render.finished"
        assert cold.dirs.leftovers() == []


async def test_bad_names_are_refused(tmp_path: Path) -> None:
    engine = RenderEngine(make_config(tmp_path))
    for name in ("../etc", "a/../b", "/abs", "a//b", "", ".hidden", "a/.trash"):  # a/b is a graph in a folder
        with pytest.raises(ValueError):
            engine.submit_preview(name, graph(("Create", {})))
