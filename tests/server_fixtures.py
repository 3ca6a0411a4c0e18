"""Shared pieces of the server and watcher tests: a stand-in engine, settings, an SSE reader.

Imported by the test modules (``from server_fixtures import ...``) rather than
put in conftest.py, so other suites are not affected.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from manim_nodes.compiler import CompiledScene
from manim_nodes.config import Settings
from manim_nodes.engine.api import EngineEvent, Listener
from manim_nodes.engine.engine import failed_data
from manim_nodes.problems import GraphError
from manim_nodes.server import ServerOptions, create_app

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "graphs" / "circle_to_square.yaml"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

FAST = ServerOptions(
    ping_interval=0.3, check_interval=0.05, watch_step_ms=30, settle=0.03, stable=0.25, delete_grace=0.25
)


class FakeEngine:
    """Follows engine/api.py without Manim: writes a 1-pixel preview and reports it."""

    def __init__(self, preview_dir: Path, export_dir: Path, delay: float = 0.01) -> None:
        self.preview_dir = preview_dir
        self.export_dir = export_dir
        self.forgotten: list[str] = []
        self.delay = delay
        self.listeners: list[Listener] = []
        self.previews: list[tuple[str, str]] = []  # (name, job)
        self.exports: list[tuple[str, str, str]] = []
        self.latest: dict[str, dict[str, Any]] = {}
        self.started = False
        self.stopped = False
        self._ids = count(1)
        self._tasks: dict[str, asyncio.Task[None]] = {}

    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.stopped = True
        for task in self._tasks.values():
            task.cancel()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def emit(self, name: str, data: dict[str, Any]) -> None:
        for listener in list(self.listeners):
            listener(EngineEvent(name, data))  # type: ignore[arg-type]

    def submit_preview(self, name: str, compiled: CompiledScene | Callable[[], CompiledScene]) -> str:
        job = f"p{next(self._ids)}"
        self.previews.append((name, job))
        self._tasks[job] = asyncio.get_running_loop().create_task(self._preview(name, job, compiled))
        return job

    async def _preview(self, name: str, job: str, compiled: CompiledScene | Callable[[], CompiledScene]) -> None:
        self.emit("render.started", {"name": name, "job": job})
        if not isinstance(compiled, CompiledScene):
            try:
                await asyncio.to_thread(compiled)  # the real compile, as the engine's first step
            except GraphError as exc:
                problem = exc.problems[0]
                self.emit("render.failed", failed_data(name, job, problem.message, node=problem.node))
                return
        await asyncio.sleep(self.delay)
        folder = self.preview_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{job}.png").write_bytes(PNG)
        image, video = f"/previews/{name}/{job}.png", None
        self.latest[name] = {"image": image, "video": video, "seconds": self.delay, "stale": False}
        self.emit(
            "render.finished",
            {"name": name, "job": job, "image": image, "video": video, "seconds": self.delay, "cached": False},
        )

    def submit_export(
        self, name: str, compiled: CompiledScene, quality: str, fmt: str, transparent: bool = False
    ) -> str:
        job = f"e{next(self._ids)}"
        self.exports.append((name, quality, fmt))
        self._tasks[job] = asyncio.get_running_loop().create_task(self._export(name, job, fmt))
        return job

    async def _export(self, name: str, job: str, fmt: str) -> None:
        self.emit("export.progress", {"job": job, "percent": 50})
        self.export_dir.mkdir(parents=True, exist_ok=True)
        flat = name.replace("/", ".")  # as the real engine: exports are flat, gallery/x -> gallery.x
        (self.export_dir / f"{flat}.{fmt}").write_bytes(b"video")
        self.emit("export.finished", {"job": job, "file": f"/exports/{flat}.{fmt}"})

    def cancel(self, job: str) -> bool:
        task = self._tasks.pop(job, None)
        return bool(task and task.cancel())

    def forget(self, name: str) -> None:
        self.forgotten.append(name)

    def latest_preview(self, name: str) -> dict[str, Any] | None:
        return self.latest.get(name)


def make_settings(root: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": root / "graphs",
        "preview_dir": root / "preview",
        "export_dir": root / "exports",
        "log_dir": root / "logs",
        "port": 0,
        "workers": 1,
    }
    values.update(changes)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = make_settings(tmp_path)
    s.data_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, s.data_dir / "intro.yaml")
    return s


@pytest.fixture
def engine(settings: Settings) -> FakeEngine:
    return FakeEngine(settings.preview_dir, settings.export_dir)


@pytest.fixture
def options() -> ServerOptions:
    return FAST


@pytest_asyncio.fixture
async def client(settings: Settings, engine: FakeEngine, options: ServerOptions) -> AsyncIterator[TestClient]:
    app = create_app(settings, engine, options)
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client


# ------------------------------------------------------------------ SSE


@dataclass
class SSE:
    id: int | None
    name: str
    data: dict[str, Any]


class EventReader:
    """Reads Server-Sent Events from an open response."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response
        self.comments: list[str] = []

    async def next(self, timeout: float = 10.0) -> SSE:
        return await asyncio.wait_for(self._next(), timeout)

    async def _next(self) -> SSE:
        fields: dict[str, str] = {}
        while True:
            raw = await self.response.content.readline()
            if not raw:
                raise EOFError("the event stream ended")
            line = raw.decode().rstrip("\n")
            if not line:
                if "event" in fields or "data" in fields:
                    return SSE(
                        int(fields["id"]) if "id" in fields else None,
                        fields.get("event", "message"),
                        json.loads(fields.get("data", "null")),
                    )
                continue
            if line.startswith(":"):
                self.comments.append(line[1:].strip())
                continue
            key, _, value = line.partition(":")
            fields[key] = value[1:] if value.startswith(" ") else value

    async def until(self, event: str, timeout: float = 10.0, **match: Any) -> SSE:
        """The next event called ``event`` whose data has the ``match`` items."""
        deadline = time.monotonic() + timeout
        while True:
            got = await self.next(max(0.01, deadline - time.monotonic()))
            if got.name == event and all(got.data.get(k) == v for k, v in match.items()):
                return got

    async def collect(self, seconds: float) -> list[SSE]:
        """Every event arriving within ``seconds`` (used to prove that nothing more comes)."""
        events = []
        deadline = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := deadline - time.monotonic()) > 0:
                events.append(await self.next(left))
        return events


@contextlib.asynccontextmanager
async def open_events(
    session: aiohttp.ClientSession | TestClient, url: str = "/api/events", **kwargs: Any
) -> AsyncIterator[EventReader]:
    response = await session.get(url, **kwargs)
    try:
        assert response.status == 200, await response.text()
        reader = EventReader(response)
        yield reader
    finally:
        response.close()


# ------------------------------------------------------------------ a real server process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from manim_nodes.server.run import serve
from server_fixtures import make_settings, FakeEngine, FAST
settings = make_settings(Path({root!r}), port={port}, **{changes!r})
engine = None
if {fake!r}:
    engine = FakeEngine(settings.preview_dir, settings.export_dir)
serve(settings, engine=engine, options=FAST)
"""


@contextlib.contextmanager
def server_process(
    root: Path, *, fake_engine: bool = True, env: dict[str, str] | None = None, **changes: Any
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``manim-nodes watch`` in a child process on a free loopback port; yields it and its base URL."""
    port = free_port()
    script = SERVER_SCRIPT.format(
        tests=str(Path(__file__).parent), root=str(root), port=port, fake=fake_engine, changes=changes
    )
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    # A file, not a pipe: nobody reads a pipe while the test runs, and a server that logs
    # renders fills its buffer and then blocks on its next log line.
    log_path = root / "server.log"
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", script], stdout=log, stderr=subprocess.STDOUT, env=child_env, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_port(port, proc, log_path)
        yield proc, url
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """End a server that leads its own session, render workers included: SIGTERM, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group outlived its leader


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{output}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing answered on port {port}")
