"""Typed application state (``web.AppKey``): what handlers may reach, and nothing global."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from ..config import Settings
from ..engine.api import Engine
from ..watcher import GraphWatcher
from .events import EventHub
from .graphs import GraphService

if TYPE_CHECKING:
    from .metrics import Metrics  # the metrics module serves its route with this key: no import cycle

MiB = 1024 * 1024


@dataclass(frozen=True)
class ServerOptions:
    """Knobs of the server that are not user settings; tests turn them down."""

    watch: bool = True
    ping_interval: float = 15.0
    check_interval: float = 1.0
    max_body: int = 2 * MiB
    replay: int = 1000
    static_dir: Path = Path(__file__).resolve().parent.parent / "static"
    watch_step_ms: int = 50
    settle: float = 0.05
    stable: float = 0.3
    delete_grace: float = 0.3
    scan_on_start: bool = True


SETTINGS = web.AppKey("settings", Settings)
OPTIONS = web.AppKey("options", ServerOptions)
ENGINE = web.AppKey("engine", Engine)
HUB = web.AppKey("hub", EventHub)
GRAPHS = web.AppKey("graphs", GraphService)
WATCHER = web.AppKey("watcher", GraphWatcher)
METRICS: web.AppKey[Metrics] = web.AppKey("metrics")
