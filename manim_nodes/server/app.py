"""The application factory: settings and collaborators in, an aiohttp app out.

Nothing is global: the settings, the render engine, the event hub, the graph
service and the watcher live in typed app state. Background work (engine,
watcher, the start-up scan) starts and stops with the app through
``cleanup_ctx``; open event streams are ended in ``on_shutdown`` so Ctrl-C
does not wait for browsers to hang up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from ..config import Settings
from ..engine.api import Engine
from ..watcher import GraphWatcher
from . import metrics, routes_graphs, routes_render, static
from .errors import error_middleware
from .events import EventHub
from .graphs import GraphService
from .metrics import Metrics, timing_middleware
from .security import SecurityPolicy, add_security_headers, security_middleware
from .state import ENGINE, GRAPHS, HUB, METRICS, OPTIONS, SETTINGS, WATCHER, ServerOptions

log = logging.getLogger("manim_nodes.server")


def create_app(settings: Settings, engine: Engine, options: ServerOptions | None = None) -> web.Application:
    """Build the app for ``settings`` around ``engine`` (the real one, or a stand-in in tests)."""
    options = options or ServerOptions()
    policy = SecurityPolicy.build(settings.host, settings.allowed_hosts, settings.allowed_origins, options.max_body)
    app = web.Application(
        # timing first (outermost), so refusals and JSON errors are timed with their final status
        middlewares=[timing_middleware, error_middleware, security_middleware(policy)],
        client_max_size=options.max_body,
    )
    hub = EventHub(replay=options.replay)
    app[SETTINGS] = settings
    app[OPTIONS] = options
    app[ENGINE] = engine
    app[HUB] = hub
    app[GRAPHS] = graphs = GraphService(settings.data_dir, hub, engine)
    app[METRICS] = Metrics(hub, engine, settings.quality)
    if options.watch:
        app[WATCHER] = GraphWatcher(
            settings.data_dir,
            graphs,
            poll=settings.poll,
            step_ms=options.watch_step_ms,
            settle=options.settle,
            stable=options.stable,
            delete_grace=options.delete_grace,
        )
    app.add_routes(routes_graphs.routes)
    app.add_routes(routes_render.routes)
    app.add_routes(static.routes)
    app.add_routes(metrics.routes)
    app.on_response_prepare.append(add_security_headers)
    app.on_response_prepare.append(app[METRICS].on_response_prepare)
    app.cleanup_ctx.append(_directories)
    app.cleanup_ctx.append(_engine)
    app.cleanup_ctx.append(_watcher)
    app.cleanup_ctx.append(_startup_scan)
    app.on_shutdown.append(_close_streams)
    return app


async def _directories(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    for directory in (settings.data_dir, settings.preview_dir, settings.export_dir):
        directory.mkdir(parents=True, exist_ok=True)
    yield


async def _engine(app: web.Application) -> AsyncIterator[None]:
    engine = app[ENGINE]
    unsubscribe = engine.subscribe(app[GRAPHS].relay_engine_event)
    unsubscribe_metrics = engine.subscribe(app[METRICS].on_engine_event)
    await engine.start()
    try:
        yield
    finally:
        unsubscribe_metrics()
        unsubscribe()
        try:
            await asyncio.wait_for(engine.stop(), timeout=1.5)
        except TimeoutError:
            log.error("the render engine did not stop in time")


async def _watcher(app: web.Application) -> AsyncIterator[None]:
    watcher = app.get(WATCHER)
    if watcher is None:
        yield
        return
    watcher.start()
    try:
        await watcher.wait_ready()
    except TimeoutError as exc:
        log.warning("%s; serving anyway, changes on disk may show late", exc)
    try:
        yield
    finally:
        await watcher.stop()


async def _startup_scan(app: web.Application) -> AsyncIterator[None]:
    """Validate every graph and preview the valid ones, without holding up the start."""
    await app[GRAPHS].load_known_etags()
    if not app[OPTIONS].scan_on_start:
        yield
        return
    task = asyncio.create_task(app[GRAPHS].scan(), name="startup-scan")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _close_streams(app: web.Application) -> None:
    app[HUB].close()
