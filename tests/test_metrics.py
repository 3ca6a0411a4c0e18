"""``GET /metrics``: Prometheus' text format, parsed back with prometheus_client's own parser."""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from manim_nodes.compiler import compile_graph
from manim_nodes.engine import EngineConfig, RenderEngine
from manim_nodes.server import ServerOptions
from manim_nodes.server.events import EventHub
from manim_nodes.server.metrics import Metrics

from server_fixtures import FAST, FakeEngine, client, engine, open_events, settings  # noqa: F401

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def options() -> ServerOptions:
    """No start-up scan: every render counted here is one the test asked for."""
    return dataclasses.replace(FAST, scan_on_start=False)


def samples(text: str) -> list[Sample]:
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def value(found: list[Sample], name: str, **labels: str) -> float | None:
    """The value of the one sample called ``name`` whose labels include ``labels``."""
    matching = [s.value for s in found if s.name == name and labels.items() <= s.labels.items()]
    assert len(matching) <= 1, f"{name} {labels} matches {len(matching)} samples"
    return matching[0] if matching else None


async def scrape(client: TestClient) -> list[Sample]:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return samples(await response.text())


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_a_render_shows_in_the_metrics(client: TestClient) -> None:
    async with open_events(client) as events:
        assert (await client.post("/api/graphs/intro/render")).status == 202
        await events.until("render.finished", name="intro")
    found = await scrape(client)
    count = value(found, "manim_nodes_render_duration_seconds_count", kind="preview", outcome="finished")
    assert count is not None and count >= 1
    assert value(found, "manim_nodes_render_duration_seconds_count", quality="medium", kind="preview") == count
    assert count == 1
    assert value(found, "manim_nodes_render_cache_misses_total") == 1  # the stand-in never answers from a cache
    assert value(found, "manim_nodes_render_cache_hits_total") == 0
    # a stand-in engine without stats() gets no queue depth or restarts, rather than made-up zeros
    assert value(found, "manim_nodes_render_queue_depth") is None
    assert value(found, "manim_nodes_worker_restarts_total") is None


async def test_a_cached_preview_is_a_hit(client: TestClient, engine: FakeEngine) -> None:
    # The stand-in engine never answers from a cache: the real engine's event, injected.
    base = {"name": "intro", "image": "/previews/intro/a.png", "video": None, "seconds": 0.002}
    engine.emit("render.finished", {**base, "job": "p1", "cached": True})
    engine.emit("render.finished", {**base, "job": "p2", "cached": False})
    engine.emit("render.finished", {**base, "job": "p3", "cached": True})
    engine.emit("render.failed", {"name": "intro", "job": "p4", "error": "x", "cancelled": True})  # no seconds
    found = await scrape(client)
    assert value(found, "manim_nodes_render_cache_hits_total") == 2
    assert value(found, "manim_nodes_render_cache_misses_total") == 1
    assert value(found, "manim_nodes_render_duration_seconds_count", kind="preview", outcome="finished") == 3
    assert value(found, "manim_nodes_render_duration_seconds_count", outcome="cancelled") is None


async def test_http_requests_are_timed_by_route_pattern(client: TestClient) -> None:
    assert (await client.get("/api/graphs/intro")).status == 200
    assert (await client.get("/api/graphs/intro")).status == 200
    assert (await client.get("/api/graphs/nope")).status == 404
    assert (await client.get("/no/such/route")).status == 404
    await scrape(client)
    found = await scrape(client)
    hist = "manim_nodes_http_request_duration_seconds_count"
    assert value(found, hist, method="GET", route="/api/graphs/{name}", status="200") == 2
    assert value(found, hist, method="GET", route="/api/graphs/{name}", status="404") == 1
    assert value(found, hist, route="unmatched", status="404") == 1
    routes = {s.labels.get("route") for s in found if s.name == hist}
    assert "/metrics" not in routes  # scrapes do not time themselves
    assert not any("intro" in r or "nope" in r for r in routes if r)  # never the raw path


async def test_refused_requests_count_with_their_status(client: TestClient) -> None:
    response = await client.get("/metrics", headers={"Host": "evil.example"})
    assert response.status == 403  # the same Host check as every route
    assert (await response.json())["error"]["status"] == 403
    assert (await client.get("/api/health", headers={"Host": "evil.example"})).status == 403
    found = await scrape(client)
    hist = "manim_nodes_http_request_duration_seconds_count"
    assert value(found, hist, method="GET", route="/api/health", status="403") == 1


async def test_metrics_need_no_origin(client: TestClient) -> None:
    response = await client.get("/metrics", headers={"Origin": "http://elsewhere.example"})
    assert response.status == 200  # a GET: no Origin check (no CORS header, so the page cannot read it)
    assert "access-control-allow-origin" not in {h.lower() for h in response.headers}


async def test_openmetrics_when_asked(client: TestClient) -> None:
    response = await client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/openmetrics-text")
    assert (await response.text()).endswith("# EOF\n")


async def test_open_event_streams_are_counted(client: TestClient) -> None:
    assert value(await scrape(client), "manim_nodes_event_streams_open") == 0
    async with open_events(client) as events:
        await events.response.content.readline()  # the stream has begun
        assert value(await scrape(client), "manim_nodes_event_streams_open") == 1
    # the server notices the hang-up at its next check (FAST: every 0.05 s)
    found: list[Sample] = []
    for _ in range(200):
        found = await scrape(client)
        if value(found, "manim_nodes_event_streams_open") == 0:
            break
        await asyncio.sleep(0.05)
    assert value(found, "manim_nodes_event_streams_open") == 0
    # the stream's request counts, timed until it opened (not for as long as it stayed open)
    hist = "manim_nodes_http_request_duration_seconds_count"
    assert value(found, hist, route="/api/events", status="200") == 1


def test_each_app_has_its_own_registry(tmp_path: Path) -> None:
    one = Metrics(EventHub(), FakeEngine(tmp_path, tmp_path), "low")
    two = Metrics(EventHub(), FakeEngine(tmp_path, tmp_path), "low")
    one.cache_hits.inc()
    assert value(samples(one.exposition().decode()), "manim_nodes_render_cache_hits_total") == 1
    assert value(samples(two.exposition().decode()), "manim_nodes_render_cache_hits_total") == 0


# ------------------------------------------------------------------ the real engine


@pytest.mark.render
@pytest.mark.timeout(120)
async def test_real_engine_worker_restart_and_queue(tmp_path: Path) -> None:
    """A worker killed behind the engine's back: replaced, counted; the job waits in line meanwhile."""
    config = EngineConfig(
        preview_dir=tmp_path / "preview", export_dir=tmp_path / "exports", quality="low", workers=1,
        max_render_time=60.0, temp_dir=tmp_path / "jobs",
    )  # fmt: skip
    nodes = {
        "c": {"type": "Circle"},
        "draw": {"type": "Create", "inputs": {"mobject": "c"}, "params": {"run_time": 0.2}},
        "out": {"type": "Scene", "inputs": {"animations": ["draw"]}},
    }
    compiled = compile_graph({"version": 1, "nodes": nodes}, "t")
    async with RenderEngine(config) as real:
        metrics = Metrics(EventHub(), real, "medium")
        unsubscribe = real.subscribe(metrics.on_engine_event)
        (pid,) = real.worker_pids()
        os.kill(pid, signal.SIGKILL)
        await eventually(lambda: not any(w.alive for w in real.pool.workers))
        job = real.submit_preview("t", compiled)
        await eventually(lambda: real.stats().queued == 1)  # waits while the new worker imports Manim
        found = samples(metrics.exposition().decode())
        assert value(found, "manim_nodes_render_queue_depth") == 1
        assert value(found, "manim_nodes_worker_restarts_total") == 1
        last = await real.wait(job)
        assert last is not None and last.name == "render.finished", last
        unsubscribe()
        found = samples(metrics.exposition().decode())
    assert value(found, "manim_nodes_render_queue_depth") == 0
    # the job's quality comes from the engine (low), not the fallback the metrics were given (medium)
    count = value(found, "manim_nodes_render_duration_seconds_count", kind="preview", quality="low")
    assert count == 1
    assert value(found, "manim_nodes_render_cache_misses_total") == 1
