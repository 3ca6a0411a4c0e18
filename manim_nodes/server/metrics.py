"""``GET /metrics``: what the server and its renders are doing, in Prometheus' text format.

Each app owns its registry (tests run many apps in one process, and nothing here is
global). Renders are measured from the engine's events, the contract every engine
keeps; what events cannot say (a job's quality and submit time, the line's length,
replaced workers) is read from the engine's small monitoring hooks when it has them
(``job_facts``, ``stats``), so the engine itself never imports Prometheus.

HTTP durations run from the outermost middleware to the moment the response's
headers go out (``on_response_prepare``): every answer is timed by the same rule,
refusals and JSON errors with their final status, and the event stream counts
with the time it took to open, not the hours it stays open.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from ..engine.api import Engine, EngineEvent
from ..engine.engine import EngineStats, JobFacts
from .errors import Handler
from .events import EventHub
from .state import METRICS

RENDER_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)  # MAX_RENDER_TIME is 300
HTTP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# The events that end a job, and the job's kind.
FINAL_EVENTS = {"render.finished": "preview", "render.failed": "preview", "export.finished": "export",
                "export.failed": "export"}  # fmt: skip
UNMATCHED = "unmatched"  # the route label of a request no route matched: never the raw path
METRICS_PATH = "/metrics"

STARTED = web.RequestKey("metrics_started", float)


class Metrics:
    """The server's metrics and the hooks that feed them; one per app."""

    def __init__(self, hub: EventHub, engine: Engine, preview_quality: str) -> None:
        self.registry = CollectorRegistry()
        self.engine = engine
        self.preview_quality = preview_quality
        self.render_seconds = Histogram(
            "manim_nodes_render_duration_seconds",
            "Render jobs from submit to their last event, waiting for a worker included.",
            ["kind", "quality", "outcome"],
            buckets=RENDER_BUCKETS,
            registry=self.registry,
        )
        self.cache_hits = Counter(
            "manim_nodes_render_cache_hits_total",
            "Previews answered wholly from the preview cache (the compiled scene did not change).",
            registry=self.registry,
        )
        self.cache_misses = Counter(
            "manim_nodes_render_cache_misses_total",
            "Previews that had to render their frame, their video or both.",
            registry=self.registry,
        )
        self.http_seconds = Histogram(
            "manim_nodes_http_request_duration_seconds",
            "HTTP requests until their response headers are sent, by route pattern.",
            ["method", "route", "status"],
            buckets=HTTP_BUCKETS,
            registry=self.registry,
        )
        streams = Gauge(
            "manim_nodes_event_streams_open", "Open event streams (GET /api/events).", registry=self.registry
        )
        streams.set_function(lambda: hub.subscriber_count)
        stats = getattr(engine, "stats", None)
        if callable(stats):  # an engine without the hook (a stand-in) gets no made-up zeros
            self.registry.register(EngineCollector(stats))

    # -- renders

    def on_engine_event(self, event: EngineEvent) -> None:
        """The engine's listener: a job's end is a duration; a finished preview, a cache hit or miss."""
        kind = FINAL_EVENTS.get(event.name)
        if kind is None:
            return
        data = event.data
        if event.name == "render.finished":
            (self.cache_hits if data.get("cached") else self.cache_misses).inc()
        job_facts = getattr(self.engine, "job_facts", None)
        facts: JobFacts | None = job_facts(str(data.get("job"))) if callable(job_facts) else None
        seconds = data.get("seconds")  # the engine's own measure, on *.finished
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            if facts is None:
                return  # a job refused at once, or an engine that says no more: nothing honest to observe
            seconds = time.monotonic() - facts.submitted
        quality = facts.quality if facts is not None else self.preview_quality if kind == "preview" else "unknown"
        self.render_seconds.labels(kind=kind, quality=quality, outcome=_outcome(event)).observe(max(0.0, seconds))

    # -- HTTP

    async def on_response_prepare(self, request: web.Request, response: web.StreamResponse) -> None:
        """``on_response_prepare``: the request's route, status and time until its headers."""
        started = request.get(STARTED)
        if started is None:
            return
        route = route_pattern(request)
        if route == METRICS_PATH:
            return  # scrapes would measure themselves
        self.http_seconds.labels(method=request.method, route=route, status=str(response.status)).observe(
            time.perf_counter() - started
        )

    def exposition(self) -> bytes:
        """The plain text format, for tests and tools in process."""
        return generate_latest(self.registry)


class EngineCollector(Collector):
    """Reads the engine's counts at scrape time, so they are never stale and cost nothing between scrapes."""

    def __init__(self, stats: Callable[[], EngineStats]) -> None:
        self.stats = stats

    def collect(self) -> Iterable[CounterMetricFamily | GaugeMetricFamily]:
        stats = self.stats()
        yield GaugeMetricFamily(
            "manim_nodes_render_queue_depth", "Render jobs waiting for a free render worker.", value=stats.queued
        )
        yield CounterMetricFamily(
            "manim_nodes_worker_restarts",
            "Render worker processes that died and were replaced.",
            value=stats.worker_restarts,
        )
        if stats.cluster_tasks is not None:
            yield CounterMetricFamily(
                "manim_nodes_cluster_tasks",
                "Export pieces sent to the render cluster's workers.",
                value=stats.cluster_tasks,
            )


def _outcome(event: EngineEvent) -> str:
    if event.name.endswith(".finished"):
        return "finished"
    return "cancelled" if event.data.get("cancelled") else "failed"


def route_pattern(request: web.Request) -> str:
    """The matched route's pattern (``/api/graphs/{name}``): a bounded label, unlike the path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNMATCHED


@web.middleware
async def timing_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The outermost middleware: only notes when the request came in; ``on_response_prepare`` observes."""
    request[STARTED] = time.perf_counter()
    return await handler(request)


routes = web.RouteTableDef()


@routes.get(METRICS_PATH)
async def metrics(request: web.Request) -> web.Response:
    """The registry in the format the scraper asks for in ``Accept`` (plain text 0.0.4 by default)."""
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return web.Response(body=encode(request.app[METRICS].registry), headers={"Content-Type": content_type})
