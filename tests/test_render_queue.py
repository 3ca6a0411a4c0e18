"""More previews than workers: they wait their turn, are told where they stand, and waiting is not rendering.

Real engine, real workers. Each scene sleeps ``NAP`` seconds in both of a preview's
stages, so the line's total time is at least ``JOBS * 2 * NAP``, well past
``LIMIT``, while one job alone renders in about a third of it: counting the wait
against MAX_RENDER_TIME would fail the last jobs of the line, every time.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from test_engine import make_config

from manim_nodes.compiler import CompiledScene
from manim_nodes.engine import EngineConfig, EngineEvent, RenderEngine

pytestmark = [pytest.mark.render, pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(120)]

NAP = 0.35  # seconds each stage of each job sleeps
JOBS = 6  # on one worker: at least 6 * 2 * 0.35 = 4.2 s of rendering in line
LIMIT = 2.5  # MAX_RENDER_TIME: one job needs about 2 * NAP plus Manim's own work


def napping(index: int) -> CompiledScene:
    """A scene that takes ``NAP`` seconds however fast the machine (a distinct one per job: no cache)."""
    name = f"Nap{index}"
    source = (
        "from manim import *\nimport time\n\n\n"
        f"class {name}(Scene):\n    def construct(self):\n"
        f"        time.sleep({NAP})\n        self.add(Dot())\n        self.wait(0.2)\n"
    )
    return CompiledScene(source, name, 1)


def config(tmp: Path, **overrides: Any) -> EngineConfig:
    """test_engine's settings with one worker and a short limit: a line forms at once."""
    return make_config(tmp, **{"workers": 1, "max_render_time": LIMIT, **overrides})


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RenderEngine]:
    async with RenderEngine(config(tmp_path_factory.mktemp("queue"))) as running:
        yield running


def of(events: list[EngineEvent], job: str, name: str | None = None) -> list[EngineEvent]:
    return [e for e in events if e.data.get("job") == job and (name is None or e.name == name)]


def before_frame(events: list[EngineEvent], job: str) -> list[EngineEvent]:
    """The job's ``render.queued`` events of its first wait, for its last frame (its video waits again)."""
    mine = of(events, job)
    frame = next(i for i, e in enumerate(mine) if e.name == "render.frame")
    return [e for e in mine[:frame] if e.name == "render.queued"]


async def test_a_long_line_never_times_out_and_says_where_each_job_stands(engine: RenderEngine) -> None:
    events: list[EngineEvent] = []
    unsubscribe = engine.subscribe(events.append)
    jobs = [engine.submit_preview(f"nap{i}", napping(i)) for i in range(JOBS)]
    ends = [await engine.wait(job) for job in jobs]
    unsubscribe()

    failed = [e and e.data for e in ends if e is None or e.name != "render.finished"]
    assert failed == [], failed  # every job fits alone, so waiting must not fail any
    assert not before_frame(events, jobs[0])  # the worker was free for the first
    for place, job in enumerate(jobs[1:], start=1):
        queued = before_frame(events, job)
        assert queued, f"{job} waited without a render.queued"
        assert queued[0].data == {"name": f"nap{place}", "job": job, "position": place}
        assert 1 in [e.data["position"] for e in queued]  # it heard it was next before it got the worker
    for job in jobs:
        after = of(events, job)
        for before, event in itertools.pairwise(after):
            if before.name == "render.queued" and event.name != "render.queued":
                # leaving the line: it renders now, said with progress 0
                assert (event.name, event.data["percent"]) == ("render.progress", 0.0)
    assert engine.dirs.leftovers() == [] and engine.busy() == []


async def test_positions_only_go_down_while_a_job_waits(engine: RenderEngine) -> None:
    events: list[EngineEvent] = []
    unsubscribe = engine.subscribe(events.append)
    jobs = [engine.submit_preview(f"down{i}", napping(100 + i)) for i in range(4)]
    for job in jobs:
        await engine.wait(job)
    unsubscribe()
    for job in jobs:
        waits: list[list[int]] = []  # each stretch of waiting (a preview may wait before each stage)
        previous = None
        for event in of(events, job):
            if event.name == "render.queued":
                if previous != "render.queued":
                    waits.append([])
                waits[-1].append(event.data["position"])
            previous = event.name
        for positions in waits:
            assert positions == sorted(positions, reverse=True) and len(set(positions)) == len(positions), waits


async def test_a_full_line_refuses_at_once_and_never_fails_a_waiting_job(tmp_path: Path) -> None:
    async with RenderEngine(config(tmp_path, max_queued=1)) as engine:
        events: list[EngineEvent] = []
        engine.subscribe(events.append)
        jobs = [engine.submit_preview(f"full{i}", napping(200 + i)) for i in range(3)]
        refused = await engine.wait(jobs[2])  # one renders, one waits, the third finds the line full
        assert refused is not None and refused.name == "render.failed"
        assert refused.data["timeout"] is False and refused.data["cancelled"] is False
        assert "wait" in refused.data["error"]
        assert of(events, jobs[2], "render.queued") == []
        for job in jobs[:2]:
            done = await engine.wait(job)
            assert done is not None and done.name == "render.finished", done
        again = engine.submit_preview("full2", napping(202))  # the line has room again
        done = await engine.wait(again)
        assert done is not None and done.name == "render.finished", done
