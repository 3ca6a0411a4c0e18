"""The render engine's public surface, shared by the server and the CLI.

The server and ``manim-nodes render`` talk to the engine only through this:
submit a job, cancel it, and subscribe to its events. Event names and data
are those of ``docs/api.md`` ("Event stream"), so the server relays them unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ..compiler import CompiledScene

EventName = Literal[
    "render.started",
    "render.queued",
    "render.frame",
    "render.progress",
    "render.finished",
    "render.failed",
    "export.progress",
    "export.finished",
    "export.failed",
]


@dataclass(frozen=True)
class EngineEvent:
    """One engine event. ``data`` is exactly the JSON of the event in ``docs/api.md``.

    Preview URLs are ``/previews/<graph name>/<file>`` (the server serves
    ``preview_dir`` there); export URLs are ``/exports/<file>``.
    """

    name: EventName
    data: dict[str, Any]


Listener = Callable[[EngineEvent], None]


def default_workers() -> int:
    """Warm workers by default: one per core, leaving one for the server, at most four."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


@dataclass(frozen=True)
class EngineConfig:
    preview_dir: Path
    export_dir: Path
    quality: str = "medium"  # preview video quality
    max_render_time: float = 300.0  # per job, rendering only (a preview's stages, an export's ranges together)
    max_queued: int = 256  # jobs waiting for a worker beyond those rendering; more are refused at once
    workers: int = field(default_factory=default_workers)
    preview_cap_bytes: int = 1024 * 1024 * 1024
    frame_rate: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # added to the workers' environment
    use_fork: bool | None = None  # None: fork warm workers where that is safe (Linux), else a cold process per job
    temp_dir: Path | None = None  # where job dirs live; default: <tmp>/manim-nodes-jobs-<uid>
    cluster: str | None = None  # a Dask scheduler (tcp://HOST:8786): exports render on its workers


class Engine(Protocol):
    """What ``manim_nodes.engine.RenderEngine`` provides."""

    async def start(self) -> None: ...

    async def stop(self) -> None:
        """Cancel everything, kill every child process, remove temp files."""

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the event loop) for every event; returns an unsubscribe function."""

    def submit_preview(self, name: str, compiled: CompiledScene | Callable[[], CompiledScene]) -> str:
        """Preview graph ``name``: last frame PNG, then a video at ``quality``. Latest wins per
        name, here and only here: ``compiled`` may be a function that compiles the graph, run in
        a thread as the job's first step, so a newer save supersedes the compile too.

        Returns the job id. An unchanged script answers from cache at once
        (``render.finished`` with ``cached: true``).
        """

    def submit_export(
        self, name: str, compiled: CompiledScene, quality: str, fmt: str, transparent: bool = False
    ) -> str:
        """Export to ``export_dir``; ``export.progress``/``export.finished``/``export.failed``."""

    def cancel(self, job: str) -> bool:
        """Cancel a queued or running job (its ``*.failed`` event has ``cancelled: true``)."""

    def latest_preview(self, name: str) -> dict[str, Any] | None:
        """The last good preview of ``name`` (``{image, video, seconds, stale, failed}``) or None.

        ``failed``: the graph's last preview failed (then ``stale``); with no good preview
        before it, ``image`` and ``video`` are None.
        """

    def forget(self, name: str) -> None:
        """Graph ``name`` was deleted: cancel its preview, let its files be evicted."""

    async def wait(self, job: str) -> EngineEvent | None:
        """Wait for a job to end; its ``*.finished`` or ``*.failed`` event."""

    async def export(
        self,
        compiled: CompiledScene,
        output: Path,
        *,
        quality: str,
        fmt: str,
        transparent: bool = False,
        on_progress: Callable[[float], None] | None = None,
    ) -> float:
        """Render to ``output`` now (the CLI's path); seconds taken. Raises ``manim_run.RenderFailed``."""
