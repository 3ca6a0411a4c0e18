"""``manim-nodes watch``: start the server, say where it is, stop cleanly on Ctrl-C, SIGTERM or SIGHUP.

Shutdown is bounded: event streams are ended at once, requests in flight get
half a second, the engine kills its render processes, and the whole stop
takes under 2 s. A second Ctrl-C exits at once. Every signal that would end the
process (``engine.shutdown.ENDING_SIGNALS``: a closed terminal's SIGHUP too) takes
this path, so no render process or job dir outlives the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
import webbrowser
from typing import TextIO

from aiohttp import web

from .. import __version__
from ..config import Settings
from ..engine.api import Engine, EngineConfig
from ..engine.shutdown import on_ending_signals
from ..logging_setup import configure_logging
from .app import create_app
from .security import WILDCARD_BINDS, is_loopback
from .state import ServerOptions

log = logging.getLogger("manim_nodes.server")

SHUTDOWN_BUDGET = 1.8  # seconds, from the signal to the end of cleanup


def make_engine(settings: Settings) -> Engine:
    """The real render engine, configured from the settings."""
    from ..engine import RenderEngine

    config = EngineConfig(
        preview_dir=settings.preview_dir,
        export_dir=settings.export_dir,
        quality=settings.quality,
        max_render_time=settings.max_render_time,
        workers=settings.workers,
        preview_cap_bytes=settings.preview_cap_bytes,
        frame_rate=settings.frame_rate,
        cluster=settings.cluster,
    )
    return RenderEngine(config)


def url_for(host: str, port: int) -> str:
    if host.strip("[]") in WILDCARD_BINDS:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def banner(settings: Settings, url: str, log_file: object, out: TextIO) -> None:
    """The effective configuration, where each value came from, and the URL to open."""
    print(f"manim-nodes {__version__}: watching {settings.data_dir}", file=out)
    for name, value, origin in settings.describe():
        print(f"  {name:<18} {value:<40} ({origin})", file=out)
    if log_file:
        print(f"  {'log file':<18} {log_file}", file=out)
    print(f"\n  Open {url} in your browser. Ctrl-C stops the server.\n", file=out, flush=True)


def warn_if_exposed(settings: Settings, port: int) -> None:
    if is_loopback(settings.host):
        return
    message = (
        f"listening on {settings.host}:{port}, reachable from other machines: the editor has no "
        "authentication, so anyone who can reach this port can read and change your graphs. "
        "Bind 127.0.0.1 unless you mean it."
    )
    print(f"WARNING: {message}", file=sys.stderr, flush=True)
    log.warning(message)


def serve(
    settings: Settings, open_browser: bool = False, engine: Engine | None = None, options: ServerOptions | None = None
) -> None:
    """Run the server until Ctrl-C, SIGTERM, SIGHUP or SIGQUIT."""
    log_file = configure_logging(settings.log_dir)
    with contextlib.suppress(KeyboardInterrupt):  # a signal before our handlers were in place
        asyncio.run(_serve(settings, open_browser, engine, options, log_file))


async def _serve(
    settings: Settings, open_browser: bool, engine: Engine | None, options: ServerOptions | None, log_file: object
) -> None:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_log_loop_exception)
    stop = asyncio.Event()
    on_ending_signals(loop, lambda _: stop.set())
    engine = engine or make_engine(settings)
    app = create_app(settings, engine, options)
    runner = web.AppRunner(
        app, handle_signals=False, shutdown_timeout=0.5, access_log=logging.getLogger("aiohttp.access")
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise SystemExit(
            f"manim-nodes: cannot listen on {settings.host}:{settings.port}: "
            f"{exc.strerror or exc}. Is another server running there? Try --port."
        ) from None
    port = _bound_port(runner, settings.port)
    url = url_for(settings.host, port)
    banner(settings, url, log_file, sys.stdout)
    warn_if_exposed(settings, port)
    log.info("serving %s on %s", settings.data_dir, url)
    if open_browser:
        loop.run_in_executor(None, webbrowser.open, url)
    await stop.wait()
    on_ending_signals(loop, lambda _: _force_exit(engine))
    started = time.monotonic()
    log.info("stopping")
    try:
        await asyncio.wait_for(runner.cleanup(), SHUTDOWN_BUDGET)
    except TimeoutError:
        log.error("stopping took longer than %.1f s; exiting anyway", SHUTDOWN_BUDGET)
    log.info("stopped in %.2f s", time.monotonic() - started)


def _bound_port(runner: web.AppRunner, default: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return default


def _force_exit(engine: Engine) -> None:
    """A second signal: end now, but still kill the renders' process groups and remove their job dirs."""
    print("\nmanim-nodes: stopping now", file=sys.stderr, flush=True)
    kill_now = getattr(engine, "kill_now", None)  # the real engine has it; a stand-in in tests may not
    if callable(kill_now):
        with contextlib.suppress(Exception):
            kill_now()
    os._exit(130)


def _log_loop_exception(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    exc = context.get("exception")
    if isinstance(exc, BaseException):
        log.error("unhandled error: %s", context.get("message"), exc_info=exc)
    else:
        log.error("unhandled error: %s", context.get("message"))
