"""The render engine's public surface, shared by the server and the CLI.

The server and ``manim-nodes render`` talk to the engine only through this:
submit a job, cancel it, and subscribe to its events. Event names and data
follow DESIGN.md's event stream, so the server forwards them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ..compiler import CompiledScene

EventName = Literal[
    "render.started",
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
    """One engine event. ``data`` is exactly the JSON of DESIGN.md's event stream.

    Preview URLs are ``/previews/<graph name>/<file>`` (the server serves
    ``preview_dir`` there); export URLs are ``/exports/<file>``.
    """

    name: EventName
    data: dict[str, Any]


Listener = Callable[[EngineEvent], None]


@dataclass(frozen=True)
class EngineConfig:
    preview_dir: Path
    export_dir: Path
    quality: str = "medium"  # preview video quality
    max_render_time: float = 300.0
    workers: int = 1
    preview_cap_bytes: int = 1024 * 1024 * 1024
    frame_rate: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)


class Engine(Protocol):
    """What ``manim_nodes.engine.RenderEngine`` provides."""

    async def start(self) -> None: ...

    async def stop(self) -> None:
        """Cancel everything, kill every child process, remove temp files."""

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the event loop) for every event; returns an unsubscribe function."""

    def submit_preview(self, name: str, compiled: CompiledScene) -> str:
        """Preview graph ``name``: last frame PNG, then a video at ``quality``. Latest wins per name.

        Returns the job id. An unchanged script answers from cache at once
        (``render.finished`` with ``cached: true``).
        """

    def submit_export(
        self, name: str, compiled: CompiledScene, quality: str, fmt: str, transparent: bool = False
    ) -> str:
        """Export to ``export_dir``; ``export.progress``/``export.finished``/``export.failed``."""

    def cancel(self, job: str) -> bool: ...

    def latest_preview(self, name: str) -> dict[str, Any] | None:
        """The last good preview of ``name`` (``{image, video, seconds, stale}``) or None."""
