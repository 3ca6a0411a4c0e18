"""A small pool of warm workers, seen from the event loop.

Each ``WorkerProcess`` is one ``python -m manim_nodes.engine.worker`` that has
imported Manim and renders one job at a time in a forked child. The pool hands
out idle workers and replaces any that die. The worker enforces the time limit
on its child; the pool keeps a backstop in case the worker itself hangs.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..manim_run import RenderFailed, render_environment

log = logging.getLogger(__name__)

START_TIMEOUT = 120.0  # importing Manim on a busy machine
BACKSTOP_SECONDS = 15.0  # past the job's own limit, the worker is presumed stuck
STREAM_LIMIT = 16 * 1024 * 1024


def fork_is_safe() -> bool:
    """Fork a warm interpreter only on Linux: macOS system libraries are not fork-safe."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


@dataclass
class RenderRequest:
    """One render of a script in a worker; the fields are the worker's job message."""

    source: str
    class_name: str
    workdir: Path
    quality: str = "low"
    format: str = "mp4"  # mp4 webm gif mov png
    timeout: float = 300.0
    transparent: bool = False
    animations: int = 1
    frame_rate: int | None = None
    start: int | None = None  # first animation to render (Manim's -n)
    end: int | None = None  # last one, inclusive
    encoder_options: dict[str, str] = field(default_factory=dict)
    inflight: int = 1
    tex_cache: Path | None = None  # LaTeX SVGs shared across jobs
    # A preview cut in segments: the first play of each (a file each, and a thumbnail of every play's
    # last frame) instead of one video.
    segments: list[int] | None = None
    cut_seconds: float | None = None  # with ``segments``: also cut where the plays so far last this long
    last_frame: bool = False  # also the scene's last frame, as a last-frame render draws it

    def message(self, job_id: str) -> dict[str, Any]:
        data = asdict(self)
        data.update(op="render", id=job_id, workdir=str(self.workdir), **{"from": self.start, "upto": self.end})
        data["tex_cache"] = str(self.tex_cache) if self.tex_cache else None
        return data


@dataclass(eq=False)
class _Waiter:
    """One place in the line for a worker: whose job, and where the worker is handed over."""

    job: str | None
    future: asyncio.Future[WorkerProcess]


@dataclass
class RenderOutcome:
    """What a worker said about a finished render."""

    output: Path | None
    seconds: float
    durations: list[float]
    duration: float
    segments: dict[int, Path] = field(default_factory=dict)  # first play of each segment written -> its file
    thumbnails: Path | None = None  # ``<play index>.jpg`` for each rendered play
    frames: dict[int, int] = field(default_factory=dict)  # frames written by each rendered play
    frame_rate: float = 0.0
    last_frame: Path | None = None


class WorkerProcess:
    """One warm worker process and the protocol spoken with it."""

    def __init__(self, env: dict[str, str], cold: bool) -> None:
        self.env = env
        self.cold = cold
        self.process: asyncio.subprocess.Process | None = None
        self.child: int | None = None  # pid (and pgid) of the job's child, while one runs
        self.serial = 0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    async def start(self) -> None:
        args = [sys.executable, "-m", "manim_nodes.engine.worker", *(["--cold"] if self.cold else [])]
        self.process = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=self.env,
            start_new_session=True,
            limit=STREAM_LIMIT,
        )
        try:
            message = await asyncio.wait_for(self._read(), START_TIMEOUT)
        except (TimeoutError, RenderFailed):
            await self.kill()
            raise RenderFailed("the render worker did not start (is Manim installed?)") from None
        if message.get("event") != "ready":
            await self.kill()
            raise RenderFailed(f"the render worker said {message!r} instead of ready")

    async def _read(self) -> dict[str, Any]:
        assert self.process and self.process.stdout
        line = await self.process.stdout.readline()
        if not line:
            raise RenderFailed("the render worker stopped unexpectedly")
        return dict(json.loads(line))

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process and self.process.stdin
        self.process.stdin.write(json.dumps(message).encode() + b"\n")

    async def render(
        self,
        request: RenderRequest,
        on_progress: Callable[[float], None] | None = None,
        on_play: Callable[[int, float], None] | None = None,
    ) -> dict[str, Any]:
        """Run one job to its end and return the worker's ``done`` message.

        Cancelling this coroutine cancels the job: the worker kills the child's
        session and answers ``done`` before this returns to the caller.
        """
        self.serial += 1
        job_id = f"{os.getpid()}-{self.serial}"
        self._send(request.message(job_id))
        try:
            following = self._follow(job_id, on_progress, on_play)
            return await asyncio.wait_for(following, request.timeout + BACKSTOP_SECONDS)
        except asyncio.CancelledError:
            await self._cancel(job_id)
            raise
        except TimeoutError:
            await self.kill()
            raise RenderFailed(
                f"the render took longer than MAX_RENDER_TIME ({request.timeout:g} s) and was stopped", timeout=True
            ) from None
        except (RenderFailed, OSError, ValueError):
            await self.kill()
            raise RenderFailed("the render worker stopped unexpectedly; it has been replaced") from None

    async def _follow(
        self,
        job_id: str,
        on_progress: Callable[[float], None] | None,
        on_play: Callable[[int, float], None] | None = None,
    ) -> dict[str, Any]:
        while True:
            message = await self._read()
            if message.get("id") != job_id:
                continue  # the tail of an earlier, abandoned job
            event = message.get("event")
            if event == "started":
                self.child = int(message["pid"])
            elif event == "progress":
                if on_progress is not None:
                    on_progress(float(message["percent"]))
                if on_play is not None and "animation" in message:
                    on_play(int(message["animation"]), float(message.get("fraction", 0.0)))
            elif event == "done":
                self.child = None
                return message

    async def _cancel(self, job_id: str) -> None:
        """Stop the job and wait until the worker is idle again; kill the worker if it does not answer."""
        try:
            self._send({"op": "cancel", "id": job_id})
            await asyncio.shield(asyncio.wait_for(self._follow(job_id, None), 10.0))
        except (Exception, asyncio.CancelledError):
            await self.kill()

    def kill_now(self) -> None:
        """SIGKILL the job child's session (LaTeX included) and the worker's, without waiting."""
        for pgid in (self.child, self.pid):
            if pgid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pgid, signal.SIGKILL)
        self.child = None

    async def kill(self) -> None:
        """Kill the worker and the session of any job child it had."""
        self.kill_now()
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.process.wait(), 10.0)

    async def stop(self) -> None:
        """Ask the worker to exit (it kills a running child first); kill it if it lingers."""
        if self.alive:
            assert self.process and self.process.stdin
            with contextlib.suppress(Exception):
                self._send({"op": "exit"})
                self.process.stdin.close()
                await asyncio.wait_for(self.process.wait(), 5.0)
        await self.kill()


class WorkerPool:
    """``size`` warm workers; ``async with pool.worker(job) as w`` borrows an idle one.

    Who waits is kept in one first-come, first-served line (``waiting``), so the
    engine can say where each job stands (``queue``) and time a job only while
    it renders, never while it waits.
    """

    def __init__(self, size: int, extra_env: dict[str, str] | None = None, cold: bool | None = None) -> None:
        self.size = max(1, size)
        self.cold = (not fork_is_safe()) if cold is None else cold
        self.env = render_environment({**os.environ, **(extra_env or {})})
        self.idle: collections.deque[WorkerProcess] = collections.deque()
        self.waiting: collections.deque[_Waiter] = collections.deque()
        self.holding: collections.Counter[str | None] = collections.Counter()  # workers each job has now
        self.on_change: Callable[[], None] | None = None  # the line or who holds a worker changed
        self.workers: set[WorkerProcess] = set()
        self.replacing: set[asyncio.Task[None]] = set()
        self.restarts = 0  # workers that died and were replaced (the server's metrics read it)
        self.stopping = False

    async def start(self) -> None:
        """Start every worker and wait until each has imported Manim."""
        await asyncio.gather(*(self._add() for _ in range(self.size)))

    async def _add(self) -> None:
        worker = WorkerProcess(self.env, self.cold)
        self.workers.add(worker)
        try:
            await worker.start()
        except BaseException:
            self.workers.discard(worker)
            await worker.kill()  # a start cut short (a signal, a stop) must not leave the process
            raise
        if self.stopping:
            await worker.stop()
            return
        self._give(worker)

    def _replace(self, dead: WorkerProcess) -> None:
        self.workers.discard(dead)
        if self.stopping:
            return
        self.restarts += 1
        log.warning("render worker %s died; starting a new one", dead.pid)
        task = asyncio.get_running_loop().create_task(self._add())
        self.replacing.add(task)
        task.add_done_callback(self._replaced)

    def _replaced(self, task: asyncio.Task[None]) -> None:
        self.replacing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("could not replace a render worker: %s", task.exception())

    def _give(self, worker: WorkerProcess) -> None:
        """Hand a free worker to the first in line, or keep it idle."""
        if not worker.alive:
            self._replace(worker)
            return
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.future.done():
                waiter.future.set_result(worker)
                self._changed()
                return
        self.idle.append(worker)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    async def _acquire(self, job: str | None) -> WorkerProcess:
        """An idle worker now, or a place at the end of the line (kept if a handed worker was dead)."""
        front = False
        while True:
            if self.idle and not self.waiting:
                worker = self.idle.popleft()
            else:
                worker = await self._wait_in_line(job, front)
            if worker.alive:
                return worker
            self._replace(worker)
            front = True

    async def _wait_in_line(self, job: str | None, front: bool) -> WorkerProcess:
        waiter = _Waiter(job, asyncio.get_running_loop().create_future())
        if front:
            self.waiting.appendleft(waiter)
        else:
            self.waiting.append(waiter)
        self._changed()
        try:
            return await waiter.future
        except asyncio.CancelledError:
            if waiter in self.waiting:
                self.waiting.remove(waiter)
                self._changed()
            elif waiter.future.done() and not waiter.future.cancelled():
                self._give(waiter.future.result())  # handed a worker just as it was cancelled
            raise

    @contextlib.asynccontextmanager
    async def worker(self, job: str | None = None) -> AsyncIterator[WorkerProcess]:
        """Borrow a worker for ``job``; waits its turn, first come, first served."""
        worker = await self._acquire(job)
        self.holding[job] += 1
        self._changed()
        try:
            yield worker
        finally:
            self.holding[job] -= 1
            if self.holding[job] <= 0:
                del self.holding[job]
            if worker.alive and not self.stopping:
                self._give(worker)
            else:
                self._replace(worker)
            self._changed()

    def queue(self) -> dict[str, int]:
        """Each job that waits for a worker and holds none yet, with its place in line (1: next)."""
        places: dict[str, int] = {}
        place = 0
        for waiter in self.waiting:
            if waiter.future.done() or (waiter.job is not None and waiter.job in places):
                continue
            place += 1
            if waiter.job is not None:
                places[waiter.job] = place
        return {job: place for job, place in places.items() if job not in self.holding}

    def kill_now(self) -> None:
        """Kill every worker's session and its job child's, at once (the last resort of a stop cut short)."""
        for worker in self.workers:
            worker.kill_now()

    def pids(self) -> list[int]:
        return [w.pid for w in self.workers if w.pid and w.alive]

    async def stop(self) -> None:
        self.stopping = True
        for task in list(self.replacing):
            task.cancel()
        await asyncio.gather(*self.replacing, return_exceptions=True)
        await asyncio.gather(*(w.stop() for w in list(self.workers)), return_exceptions=True)
        self.workers.clear()
