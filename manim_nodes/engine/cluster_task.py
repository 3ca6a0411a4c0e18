"""What runs on a Dask worker: one piece of an export, rendered by a warm render worker of ours.

Each thread of a Dask worker keeps one ``manim_nodes.engine.worker`` process, started on its
first piece and kept for the next ones: Manim is imported once per worker, and each piece still
renders in a forked child of its own, killed with everything it started on a timeout or a cancel
(the same protocol as the server's warm workers, spoken synchronously here). A piece's file
comes back to the client as bytes, so workers need no disk shared with it.

Nothing here imports Dask at module level: the client pickles ``render_piece`` by reference,
and the worker imports this module from the same manim-nodes version.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..assets import Asset, write_assets
from ..manim_run import RenderFailed, render_environment
from .engine import INFLIGHT_ENCODERS
from .errors import failure
from .pool import RenderRequest

START_TIMEOUT = 120.0  # importing Manim and the warm-up render, on a busy machine
CANCEL_POLL = 0.5  # seconds between looks at the piece's cancel event


class WorkerLost(Exception):
    """Our render worker on this Dask worker died: Dask retries the piece (possibly elsewhere)."""


@dataclass(frozen=True)
class Piece:
    """Plays ``start..end`` of a script at a quality and format: everything a Dask worker needs."""

    source: str
    class_name: str
    quality: str
    fmt: str
    start: int | None  # None: the whole scene
    end: int | None
    animations: int
    timeout: float
    transparent: bool = False
    frame_rate: int | None = None
    assets: tuple[Asset, ...] = ()
    line_nodes: dict[int, str] = field(default_factory=dict)
    cancel_event: str | None = None  # a distributed.Event the client sets to stop the piece


@dataclass(frozen=True)
class PieceResult:
    """The rendered file's bytes and the durations Manim measured, or why it failed."""

    data: bytes = b""
    durations: tuple[float, ...] = ()
    seconds: float = 0.0
    error: str | None = None
    timeout: bool = False
    cancelled: bool = False
    line: int | None = None
    node: str | None = None

    def raise_for_failure(self) -> None:
        if self.error is not None:
            raise RenderFailed(self.error, timeout=self.timeout, line=self.line, node=self.node,
                               cancelled=self.cancelled)  # fmt: skip


class WarmWorker:
    """One ``manim_nodes.engine.worker`` process, driven synchronously from a Dask worker thread."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "manim_nodes.engine.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=render_environment(),
            start_new_session=True,
        )
        self.buffer = b""
        self.ids = itertools.count(1)
        ready = self._read(time.monotonic() + START_TIMEOUT, lambda: False)
        if ready is None or ready.get("event") != "ready":
            self.kill()
            raise WorkerLost(f"the render worker did not start on this machine (said {ready!r})")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def render(self, request: RenderRequest, cancelled: Callable[[], bool]) -> dict[str, Any]:
        """The worker's ``done`` message for one job; a cancel is passed on as soon as it is seen."""
        job_id = f"piece-{next(self.ids)}"
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request.message(job_id)).encode() + b"\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + request.timeout + 30.0  # the worker enforces the timeout itself
        told = False
        while True:
            message = self._read(deadline, cancelled)
            if message is None:
                if not told and cancelled():
                    self.process.stdin.write(json.dumps({"op": "cancel", "id": job_id}).encode() + b"\n")
                    self.process.stdin.flush()
                    told = True
                    deadline = time.monotonic() + 10.0
                    continue
                self.kill()
                raise WorkerLost("the render worker stopped answering")
            if message.get("id") == job_id and message.get("event") == "done":
                return message

    def _read(self, deadline: float, cancelled: Callable[[], bool]) -> dict[str, Any] | None:
        """The next message; None when ``cancelled()`` turns true or the deadline passes first."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or cancelled():
                    return None
                if selector.select(min(remaining, CANCEL_POLL)):
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        raise WorkerLost("the render worker exited")
                    self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return dict(json.loads(line))


_local = threading.local()


def _warm_worker() -> WarmWorker:
    """This Dask thread's render worker, started on its first piece."""
    worker: WarmWorker | None = getattr(_local, "worker", None)
    if worker is None or not worker.alive:
        worker = _local.worker = WarmWorker()
    return worker


def _cancel_check(name: str | None) -> Callable[[], bool]:
    if name is None:
        return lambda: False
    from distributed import Event

    event = Event(name)
    last = [0.0, False]

    def cancelled() -> bool:  # at most one look at the scheduler per CANCEL_POLL
        now = time.monotonic()
        if not last[1] and now - last[0] >= CANCEL_POLL:
            last[0], last[1] = now, bool(event.is_set())
        return bool(last[1])

    return cancelled


def tex_cache() -> Path:
    """LaTeX's SVGs shared by the pieces rendered on this machine."""
    path = Path(tempfile.gettempdir()) / f"manim-nodes-tex-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def render_piece(piece: Piece) -> PieceResult:
    """Render one piece on this Dask worker and return its file's bytes (the task Dask runs)."""
    cancelled = _cancel_check(piece.cancel_event)
    with tempfile.TemporaryDirectory(prefix="manim-nodes-piece-") as tmp:
        workdir = Path(tmp)
        write_assets(piece.assets, workdir)
        request = RenderRequest(
            source=piece.source, class_name=piece.class_name, workdir=workdir, quality=piece.quality,
            format=piece.fmt, timeout=piece.timeout, transparent=piece.transparent, animations=piece.animations,
            frame_rate=piece.frame_rate, start=piece.start, end=piece.end, inflight=INFLIGHT_ENCODERS,
            tex_cache=tex_cache(),
        )  # fmt: skip
        worker = _warm_worker()
        try:
            done = worker.render(request, cancelled)
        except WorkerLost:
            _local.worker = None
            raise
        if done.get("crash"):  # the job's child died (out of memory?): let Dask try again
            raise WorkerLost(str(done["crash"]))
        if not done.get("ok"):
            failed = failure(done, workdir, piece.timeout, piece.line_nodes)
            return PieceResult(error=str(failed), timeout=failed.timeout, cancelled=bool(done.get("cancelled")),
                               line=failed.line, node=failed.node)  # fmt: skip
        output = Path(str(done["output"]))
        return PieceResult(output.read_bytes(), tuple(done.get("durations") or ()), float(done.get("seconds", 0.0)))
