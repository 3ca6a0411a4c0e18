"""The render engine: previews with latest-wins per graph, exports split across workers.

Everything here runs on the server's event loop; renders run in the warm
worker pool (``pool``), each in its own temp dir (``tempdirs``), and finished
files land in the content-addressed preview store (``cache``). Listeners get
the events of ``docs/api.md`` ("Event stream"), on the loop, in order.

Latest wins here and only here: a newer preview of a graph cancels the older
job, whether it is still compiling, queued or rendering, and every
``render.failed`` (a compile error, a render error, a timeout, a cancel) is
made by ``failed_data``, in one shape.

Jobs beyond the workers wait in one first-come, first-served line (the pool's),
told by ``render.queued`` where they stand. Waiting never counts against
MAX_RENDER_TIME (``clock``), and the line is bounded: past ``max_queued`` jobs
a new one is refused at once, never failed after it waited.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import re
import shutil
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..assets import write_assets
from ..compiler import CompiledScene
from ..manim_run import RenderFailed
from ..problems import GraphError
from .api import EngineConfig, EngineEvent, EventName, Listener
from .cache import PreviewStore, cache_key
from .clock import RenderClock
from .errors import failure, timed_out
from .pool import RenderOutcome, RenderRequest, WorkerPool, WorkerProcess
from .segments import (
    MIN_SEGMENT_SECONDS,
    Play,
    RenderedSegment,
    Segment,
    first_to_render,
    meta_text,
    plan_segments,
    play_keys,
    plays_of,
    read_meta,
    rendered_segment,
    segment_key,
    timeline_blocks,
)
from .split import SPLIT_FORMATS, concat, join_in_process, plan_ranges
from .tempdirs import JobDirs

if TYPE_CHECKING:
    from .cluster import ClusterRenderer

log = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$")  # each /-separated part of a graph name
MAX_NAME_PARTS = 8  # graph names in folders (gallery/MovingAngle): the store allows fewer
PREVIEW_ENCODER = {"preset": "ultrafast"}  # a preview is seen once: encode fast, size matters little
INFLIGHT_ENCODERS = 4  # overlap encoding with drawing (Manim's max_inflight_encoders)
KEEP_FINAL_EVENTS = 1000
SUPERSEDED = "cancelled: superseded by a newer save"
TELL_EACH = 3  # a waiting job hears each of its last places in line (earlier ones when they halve)
SPLIT_PREVIEW_SECONDS = 4.0  # a shorter preview video renders faster in one piece than split and joined
QUICK_TAIL = 2.0  # seconds of changed animations at the end rendered with the last frame, in one job

# A preview's timeline blocks (None for a script whose plays have no segments) and the store files they use.
Timeline = tuple[list[dict[str, Any]] | None, list[Path]]


@dataclass(frozen=True)
class JobFacts:
    """What a live job is, for monitoring: events say how a job ended, not its quality or start."""

    kind: str  # "preview" or "export"
    quality: str
    submitted: float  # time.monotonic() when it was submitted


@dataclass(frozen=True)
class EngineStats:
    """Counts read at any moment, for monitoring (the server's ``/metrics``); no Prometheus here."""

    queued: int  # jobs waiting for a render worker
    worker_restarts: int  # worker processes that died and were replaced since the start
    cluster_tasks: int | None = None  # export pieces sent to the render cluster; None without one


class RenderEngine:
    """Renders previews and exports outside the server process. See ``api.Engine`` for the contract."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.pool = WorkerPool(
            config.workers, config.extra_env, cold=None if config.use_fork is None else not config.use_fork
        )
        self.dirs = JobDirs(config.temp_dir)
        self.store = PreviewStore(config.preview_dir, config.preview_cap_bytes)
        self.listeners: list[Listener] = []
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.final: OrderedDict[str, EngineEvent] = OrderedDict()
        self.preview_jobs: dict[str, str] = {}  # graph name -> its job in flight or queued
        self.latest: dict[str, dict[str, Any]] = {}
        self.failed: set[str] = set()  # graphs whose last preview failed (not cancelled)
        self.durations: dict[str, list[float]] = {}  # each graph's animations in its last preview, in seconds
        self.reasons: dict[str, str] = {}  # why a job was cancelled
        self.names: dict[str, str] = {}  # job -> graph name, while the job lives
        self.queued: dict[str, int] = {}  # job -> the place in line it was last told
        self.facts: dict[str, JobFacts] = {}  # job -> what it is, until its last event is out
        self.pool.on_change = self._queue_changed
        self.ids = itertools.count(1)
        self.started = False
        self.cluster: ClusterRenderer | None = None
        if config.cluster:  # Dask is imported on the first export, never without a cluster
            from .cluster import ClusterRenderer

            self.cluster = ClusterRenderer(config.cluster, frame_rate=config.frame_rate)

    # -- life cycle

    async def start(self) -> None:
        """Sweep what a killed server left, then start the workers and wait until they are warm.

        A start cut short (a signal during warm-up) stops what it began: no worker or job dir stays.
        """
        try:
            self.dirs.open()
            if self.config.preview_dir.exists():
                self.store.sweep_partials()
            await self.pool.start()
        except BaseException:
            await self.stop()
            raise
        self.started = True

    async def stop(self) -> None:
        """Cancel everything, kill every child process, remove temp files.

        Even when the stop itself is cut short (a shutdown budget, a second signal), the
        ``finally`` kills every worker's and job child's process group and removes the job dirs.
        """
        try:
            tasks = list(self.tasks.values())
            for job in list(self.tasks):
                self.cancel(job, "cancelled: the engine is stopping")
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.pool.stop()
            if self.cluster is not None:
                await self.cluster.close()
        finally:
            self.kill_now()
            self.started = False

    def kill_now(self) -> None:
        """The last resort of an exit that cannot wait: kill every render process group, remove job dirs."""
        self.pool.kill_now()
        self.dirs.close()

    async def __aenter__(self) -> RenderEngine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- events

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self.listeners.append(listener)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self.listeners.remove(listener)

        return unsubscribe

    def _emit(self, name: EventName, data: dict[str, Any]) -> None:
        event = EngineEvent(name, data)
        if name.endswith((".finished", ".failed")):
            self.final[data["job"]] = event
            while len(self.final) > KEEP_FINAL_EVENTS:
                self.final.popitem(last=False)
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:
                log.exception("an engine event listener failed on %s", name)

    # -- jobs

    def _new_job(self, kind: str) -> str:
        return f"{kind}{next(self.ids)}"

    def _track(self, job: str, coroutine: Any, name: str, failed: EventName) -> None:
        """Run a job as a task; if it is cancelled before it ever ran, still say so (``failed``)."""
        task = asyncio.get_running_loop().create_task(coroutine, name=f"render {job}")
        self.tasks[job] = task
        self.names[job] = name

        def done(_: asyncio.Task[None]) -> None:
            self.tasks.pop(job, None)
            self.names.pop(job, None)
            self.queued.pop(job, None)
            if task.cancelled() and job not in self.final:
                self._emit(failed, self._cancelled(name, job))
            self.facts.pop(job, None)

        task.add_done_callback(done)

    def cancel(self, job: str, reason: str = "cancelled") -> bool:
        """Cancel a queued or running job; False if it is unknown or already over."""
        task = self.tasks.get(job)
        if task is None or task.done():
            return False
        self.reasons[job] = reason
        task.cancel()
        return True

    def _cancelled(self, name: str, job: str) -> dict[str, Any]:
        return failed_data(name, job, self.reasons.pop(job, "cancelled"), cancelled=True)

    async def wait(self, job: str) -> EngineEvent | None:
        """The job's last event (``*.finished`` or ``*.failed``), once it has one."""
        task = self.tasks.get(job)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
        return self.final.get(job)

    def busy(self) -> list[str]:
        return [job for job, task in self.tasks.items() if not task.done()]

    def job_facts(self, job: str) -> JobFacts | None:
        """Kind, quality and submit time of a job whose last event is not out yet (listeners ask on it)."""
        return self.facts.get(job)

    def stats(self) -> EngineStats:
        """The line's length and the workers replaced so far, for monitoring."""
        queued = sum(1 for job in self.pool.queue() if self._live(job))
        cluster_tasks = self.cluster.pieces_submitted if self.cluster is not None else None
        return EngineStats(queued=queued, worker_restarts=self.pool.restarts, cluster_tasks=cluster_tasks)

    # -- the queue

    def _live(self, job: str) -> bool:
        """A job that still runs and was not cancelled: its events still mean something."""
        return job in self.tasks and job not in self.reasons

    def _full(self) -> bool:
        """Every worker busy and ``max_queued`` more jobs waiting: a new job would wait without bound."""
        live = sum(1 for job in self.tasks if self._live(job))
        return live >= self.pool.size + self.config.max_queued

    def _refuse(self, name: str, job: str, failed: EventName) -> None:
        """Say at once that the line is full, rather than let the job fail after waiting."""
        error = (
            f"not rendered: {self.config.max_queued} jobs already wait for a render worker; "
            "try again once some have finished"
        )
        self._emit(failed, failed_data(name, job, error))

    def _queue_changed(self) -> None:
        """Tell each waiting job where it stands, and each job that waited that it renders now.

        A job hears its place when it joins the line, again each time that place has halved,
        and at each of the last ``TELL_EACH`` places: the line moves by one at every finished
        render, and telling everyone each step would be n² events.
        """
        line = {job: place for job, place in self.pool.queue().items() if self._live(job)}
        told: dict[str, int] = {}
        for job, place in line.items():
            last = self.queued.get(job)
            if last is None or (place != last and (place <= TELL_EACH or place <= last / 2)):
                self._emit("render.queued", {"name": self.names[job], "job": job, "position": place})
                last = place
            told[job] = last
        for job in self.queued.keys() - line.keys():
            if self._live(job):
                kind: EventName = "export.progress" if job.startswith("e") else "render.progress"
                self._emit(kind, {"name": self.names[job], "job": job, "percent": 0.0})
        self.queued = told

    @contextlib.asynccontextmanager
    async def _borrow(self, job: str | None, clock: RenderClock) -> AsyncIterator[WorkerProcess]:
        """A worker for ``job`` once its turn comes; the job's clock runs only while it holds one."""
        async with self.pool.worker(job) as worker:
            with clock.running():
                yield worker

    # -- previews

    def submit_preview(self, name: str, compiled: CompiledScene | Callable[[], CompiledScene]) -> str:
        """Last frame, then video at the preview quality. A newer save of ``name`` supersedes this one.

        ``compiled`` may be a function that compiles the graph: it runs in a thread as the job's
        first step, so a newer save also supersedes a compile still under way, and a compile
        error (``GraphError``) ends the job with ``render.failed`` naming the node.
        """
        _check_name(name)
        previous = self.preview_jobs.get(name)
        if previous is not None:
            self.cancel(previous, SUPERSEDED)
        job = self._new_job("p")
        self._emit("render.started", {"name": name, "job": job})
        if self._full():
            self._refuse(name, job, "render.failed")
            return job
        self.preview_jobs[name] = job
        self.facts[job] = JobFacts("preview", self.config.quality, time.monotonic())
        self._track(job, self._preview(job, name, compiled), name, "render.failed")
        return job

    def latest_preview(self, name: str) -> dict[str, Any] | None:
        found = self.latest.get(name)
        failed = name in self.failed
        if found is None:
            return {"image": None, "video": None, "seconds": None, "stale": True, "failed": True} if failed else None
        return {**{k: v for k, v in found.items() if k != "paths"}, "failed": failed}

    def forget(self, name: str) -> None:
        """A deleted graph: cancel its preview and stop protecting its files from eviction."""
        job = self.preview_jobs.pop(name, None)
        if job:
            self.cancel(job)
        self.failed.discard(name)
        self.durations.pop(name, None)
        gone = self.latest.pop(name, None)
        if gone:
            self.store.pin((), unpin=gone["paths"])

    async def _preview(self, job: str, name: str, compiled: CompiledScene | Callable[[], CompiledScene]) -> None:
        started = time.monotonic()
        clock = RenderClock(self.config.max_render_time)
        quality, rate = self.config.quality, self.config.frame_rate
        try:
            if not isinstance(compiled, CompiledScene):
                compiled = await asyncio.to_thread(compiled)
            image_key = cache_key(compiled.identity, quality, "png", rate)
            video_key = cache_key(compiled.identity, quality, "mp4", rate)
            image = self.store.lookup(name, image_key, "png")
            durations = self._stored_durations(name, image_key) if image is not None else None
            video = self.store.lookup(name, video_key, "mp4")
            known = self._stored_timeline(name, video_key) if video is not None else None
            cached = durations is not None and known is not None
            rendered_frame = durations is None
            if durations is None and known is None:
                tail = await self._preview_tail(job, name, compiled, image_key, video_key, clock)
                if tail is not None:
                    image, durations, video, known = tail
            if durations is None:
                image, durations = await self._preview_frame(job, name, compiled, image_key, clock)
            frame = {
                "name": name,
                "job": job,
                "image": self.store.url(name, image_key, "png"),
                "cached": not rendered_frame,
            }
            self._emit("render.frame", frame)
            if video is None or known is None:
                video, known = await self._preview_video(job, name, compiled, video_key, clock, durations)
            timeline, kept = known
            seconds = round(time.monotonic() - started, 3)
            result = {
                "image": self.store.url(name, image_key, "png"),
                "video": self.store.url(name, video_key, "mp4"),
                "timeline": timeline,
            }
            assert image is not None
            listing = self.store.path(name, image_key, "json")
            self._publish(name, result, [image, listing, video, *kept], seconds)
            self.durations[name] = durations
            if not cached:  # what this job added may take the store past its cap (a walk of every file)
                self.store.evict()
            self._emit("render.finished", {"name": name, "job": job, **result, "seconds": seconds, "cached": cached})
        except asyncio.CancelledError:
            self._emit("render.failed", self._cancelled(name, job))
            raise
        except GraphError as exc:
            self._mark_stale(name)
            problem = exc.problems[0] if exc.problems else None
            error = problem.message if problem else str(exc)
            self._emit("render.failed", failed_data(name, job, error, node=problem.node if problem else None))
        except RenderFailed as exc:
            self._mark_stale(name)
            self._emit("render.failed", _failure_of(exc, name, job))
        except Exception as exc:
            log.exception("preview of %s failed inside the engine", name)
            self._mark_stale(name)
            self._emit("render.failed", failed_data(name, job, f"internal error: {exc}"))
        finally:
            if self.preview_jobs.get(name) == job:
                del self.preview_jobs[name]

    async def _preview_frame(
        self, job: str, name: str, compiled: CompiledScene, key: str, clock: RenderClock
    ) -> tuple[Path, list[float]]:
        """The last frame as PNG; also measures every animation's duration, kept beside it: the
        video's segments are planned from them (also when only the video is still to render)."""
        with self.dirs.job(f"{job}-png") as workdir:
            async with self._borrow(job, clock) as worker:
                request = self._request(compiled, workdir, self.config.quality, "png", clock)
                outcome = await self._render(worker, request, compiled)
            assert outcome.output is not None
            return self._store_frame(name, key, outcome.output, outcome.durations, workdir), outcome.durations

    def _store_frame(self, name: str, key: str, frame: Path, durations: list[float], workdir: Path) -> Path:
        """A last frame into the store, with the durations measured with it beside it (``.json``)."""
        listing = workdir / "durations.json"
        listing.write_text(json.dumps(durations))
        self.store.put(name, key, "json", listing, evict=False)
        return self.store.put(name, key, "png", frame, evict=False)

    def _stored_durations(self, name: str, image_key: str) -> list[float] | None:
        """The durations measured with a cached last frame; None (render the frame again) if gone."""
        path = self.store.lookup(name, image_key, "json")
        try:
            return [float(d) for d in json.loads(path.read_text())] if path else None
        except (OSError, ValueError, TypeError):
            return None

    async def _preview_video(
        self, job: str, name: str, compiled: CompiledScene, key: str, clock: RenderClock, durations: list[float]
    ) -> tuple[Path, Timeline]:
        """The video at preview quality, joined from cached segments: only the segments from the
        first changed one on are rendered, split across idle workers when long."""
        plays = plays_of(compiled)
        if plays is None or len(durations) != len(plays):  # plays in a loop: the whole video at once
            return await self._preview_whole(job, name, compiled, key, clock), (None, [])
        keys = play_keys(compiled, plays, self.config.quality, self.config.frame_rate)
        runs = plan_segments(durations)
        run_keys, found = self._stored_runs(name, keys, runs)
        start = first_to_render(found, compiled.splittable)
        with self.dirs.job(f"{job}-mp4") as workdir:
            if start < len(runs):
                fresh = await self._render_segments(job, name, compiled, plays, workdir, runs, start, durations, clock)
                for index in range(start, len(runs)):
                    found[index] = self._store_segment(name, run_keys[index], runs[index][0], fresh[index])
            segments = [segment for segment in found if segment is not None]
            return await self._joined(name, key, plays, segments, run_keys, start, workdir, clock)

    async def _joined(
        self,
        name: str,
        key: str,
        plays: list[Play],
        segments: list[Segment],
        run_keys: list[str],
        start: int,
        workdir: Path,
        clock: RenderClock,
    ) -> tuple[Path, Timeline]:
        """The preview video joined from its segments (those before ``start`` from the cache), and its timeline."""
        joined = workdir / "joined.mp4"
        with clock.running():  # a copy of packets, in a thread: quicker than starting ffmpeg
            await asyncio.to_thread(join_in_process, [s.video for s in segments], joined)
        video = self.store.put(name, key, "mp4", joined, evict=False)
        cached = [index < start for index in range(len(segments))]
        blocks = timeline_blocks(plays, segments, cached, lambda path: self._url_of(name, path))
        listing = workdir / "timeline.json"
        listing.write_text(json.dumps({"timeline": blocks, "segments": run_keys}))
        kept = [path for segment in segments for path in segment.paths]
        kept.append(self.store.put(name, key, "json", listing, evict=False))
        return video, (blocks, kept)

    async def _preview_tail(
        self, job: str, name: str, compiled: CompiledScene, image_key: str, video_key: str, clock: RenderClock
    ) -> tuple[Path, list[float], Path, Timeline] | None:
        """A save that changed only the last animations: one job renders them and draws the last frame.

        The segments are planned from the graph's last preview's durations: a play whose text did not
        change lasts as long, so the cached runs are found as before, and the worker cuts the runs
        after them where their durations say, as the plan would. A separate last-frame pass would cost
        a third of such a save; it is skipped only when the rest renders in moments (``QUICK_TAIL``),
        else the last frame comes first, as always. None: this is not such a save.
        """
        previous = self.durations.get(name)
        plays = plays_of(compiled)
        if previous is None or plays is None or not compiled.splittable or len(previous) != len(plays):
            return None
        keys = play_keys(compiled, plays, self.config.quality, self.config.frame_rate)
        runs = plan_segments(previous)
        _, stored = self._stored_runs(name, keys, runs)
        reused = first_to_render(stored, splittable=True)
        if reused == len(runs):
            return None  # every segment is there: the last frame is all that is missing
        found = [segment for segment in stored[:reused] if segment is not None]
        first_play = runs[reused][0]
        if sum(previous[first_play:]) > QUICK_TAIL:
            return None
        with self.dirs.job(f"{job}-tail") as workdir:
            async with self._borrow(job, clock) as worker:
                request = self._request(compiled, workdir, self.config.quality, "mp4", clock)
                request.start, request.end = first_play, len(plays) - 1
                request.animations = len(plays) - first_play
                request.encoder_options = dict(PREVIEW_ENCODER)
                request.segments, request.cut_seconds, request.last_frame = [first_play], MIN_SEGMENT_SECONDS, True
                progress = self._play_progress(job, name, plays, previous, [(first_play, len(plays) - 1)])
                outcome = await self._render(worker, request, compiled, on_play=progress)
            if outcome.last_frame is None or len(outcome.durations) != len(plays):
                raise RenderFailed("Manim did not draw the scene's last frame")
            image = self._store_frame(name, image_key, outcome.last_frame, outcome.durations, workdir)
            starts = sorted(outcome.segments)
            tail = [(a, b - 1) for a, b in zip(starts, [*starts[1:], len(plays)], strict=True)]
            run_keys = [segment_key(keys, first, last) for first, last in runs[:reused] + tail]
            for (first, last), run_key in zip(tail, run_keys[reused:], strict=True):
                found.append(self._store_segment(name, run_key, first, rendered_segment(outcome, first, last)))
            video, known = await self._joined(name, video_key, plays, found, run_keys, reused, workdir, clock)
        return image, outcome.durations, video, known

    def _play_progress(
        self, job: str, name: str, plays: list[Play], durations: list[float], ranges: list[tuple[int, int]]
    ) -> Callable[[int, float], None]:
        """``render.progress`` of plays rendered in ``ranges`` (first, last play), naming the animation
        that renders; ranges render at once, each one's plays in order."""
        weights = [max(d, 1e-3) for d in durations]
        total = sum(sum(weights[first : last + 1]) for first, last in ranges) or 1.0
        done = [0.0] * len(plays)

        def on_play(index: int, fraction: float) -> None:
            here = next(((first, last) for first, last in ranges if first <= index <= last), None)
            if here is None:
                return
            done[here[0] : index] = [1.0] * (index - here[0])
            done[index] = fraction
            percent = round(min(99.0, 100.0 * sum(w * f for w, f in zip(weights, done, strict=True)) / total), 1)
            self._emit("render.progress", {"name": name, "job": job, "percent": percent, "animation": index,
                                           "node": plays[index].node})  # fmt: skip

        return on_play

    async def _preview_whole(self, job: str, name: str, compiled: CompiledScene, key: str, clock: RenderClock) -> Path:
        """A script whose plays have no segments: one video, by one worker."""

        def progress(percent: float) -> None:
            self._emit("render.progress", {"name": name, "job": job, "percent": percent})

        with self.dirs.job(f"{job}-mp4") as workdir:
            async with self._borrow(job, clock) as worker:
                request = self._request(compiled, workdir, self.config.quality, "mp4", clock)
                request.encoder_options = dict(PREVIEW_ENCODER)
                outcome = await self._render(worker, request, compiled, progress)
            assert outcome.output is not None
            return self.store.put(name, key, "mp4", outcome.output, evict=False)

    async def _render_segments(
        self,
        job: str,
        name: str,
        compiled: CompiledScene,
        plays: list[Play],
        workdir: Path,
        runs: list[tuple[int, int]],
        start: int,
        durations: list[float],
        clock: RenderClock,
    ) -> dict[int, RenderedSegment]:
        """Segments ``start..`` rendered, a file each (and a thumbnail per play); a long stretch is
        split in ranges of segments across idle workers, as an export is."""
        weights = [max(d, 1e-3) for d in durations]
        run_weights = [sum(weights[first : last + 1]) for first, last in runs[start:]]
        long = len(run_weights) >= 2 and sum(run_weights) >= SPLIT_PREVIEW_SECONDS
        parts = self.pool.size if compiled.splittable and long else 1
        ranges = [(start + a, start + b) for a, b in plan_ranges(run_weights, parts)]  # of segments
        on_play = self._play_progress(job, name, plays, durations, [(runs[a][0], runs[b][1]) for a, b in ranges])

        async def render_range(part: int, a: int, b: int) -> RenderOutcome:
            folder = workdir / f"part{part}"
            folder.mkdir()
            async with self._borrow(job, clock) as worker:
                request = self._request(compiled, folder, self.config.quality, "mp4", clock)
                request.start, request.end = runs[a][0], runs[b][1]
                request.animations = request.end - request.start + 1
                request.encoder_options = dict(PREVIEW_ENCODER)
                request.segments = [runs[i][0] for i in range(a, b + 1)]
                return await self._render(worker, request, compiled, on_play=on_play)

        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(render_range(i, a, b)) for i, (a, b) in enumerate(ranges)]
        except ExceptionGroup as group_error:
            raise _first_failure(group_error) from None
        rendered: dict[int, RenderedSegment] = {}
        for (a, b), task in zip(ranges, tasks, strict=True):
            outcome = task.result()
            for index in range(a, b + 1):
                rendered[index] = rendered_segment(outcome, *runs[index])
        return rendered

    def _stored_runs(
        self, name: str, keys: list[str], runs: list[tuple[int, int]]
    ) -> tuple[list[str], list[Segment | None]]:
        """Each run's key (from its plays' keys) and its segment in the store, or None."""
        run_keys = [segment_key(keys, first, last) for first, last in runs]
        return run_keys, [self._stored_segment(name, k, first) for k, (first, _) in zip(run_keys, runs, strict=True)]

    def _stored_segment(self, name: str, key: str, first: int) -> Segment | None:
        """A segment in the store, every file of it, or None."""
        video, meta = self.store.lookup(name, key, "mp4"), self.store.lookup(name, key, "json")
        length = read_meta(meta) if meta else None
        if video is None or meta is None or length is None:
            return None
        frames, rate = length
        thumbnails = [self.store.lookup(name, f"{key}-{offset}", "jpg") for offset in range(len(frames))]
        if any(path is None for path in thumbnails):
            return None
        return Segment(first, video, meta, [p for p in thumbnails if p is not None], frames, rate)

    def _store_segment(self, name: str, key: str, first: int, rendered: RenderedSegment) -> Segment:
        meta = rendered.video.with_suffix(".meta.json")
        meta.write_text(meta_text(rendered.frames, rendered.frame_rate))
        thumbnails = [
            self.store.put(name, f"{key}-{offset}", "jpg", path, evict=False)
            for offset, path in enumerate(rendered.thumbnails)
        ]
        video = self.store.put(name, key, "mp4", rendered.video, evict=False)
        meta = self.store.put(name, key, "json", meta, evict=False)
        return Segment(first, video, meta, thumbnails, rendered.frames, rendered.frame_rate)

    def _stored_timeline(self, name: str, video_key: str) -> Timeline | None:
        """The timeline of a cached preview video, if it and the thumbnails it shows are still there.

        The segments' own videos are kept (pinned) but not checked: the joined video is what is
        shown, and a segment gone missing is rendered again when an edit needs it.
        """
        listing = self.store.lookup(name, video_key, "json")
        if listing is None:
            return None
        try:
            saved = json.loads(listing.read_text())
            blocks = saved["timeline"]
            run_keys = [str(key) for key in saved["segments"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        kept = [listing]
        for key in run_keys:
            kept += [self.store.path(name, key, "mp4"), self.store.path(name, key, "json")]
        for block in blocks or []:
            thumbnail = self.store.lookup(name, *Path(str(block["thumbnail"])).name.split(".", 1))
            if thumbnail is None:
                return None
            kept.append(thumbnail)
        cached = [{**block, "cached": True} for block in blocks] if blocks is not None else None
        return cached, kept

    def _url_of(self, name: str, path: Path) -> str:
        key, _, ext = path.name.partition(".")
        return self.store.url(name, key, ext)

    def _publish(self, name: str, result: dict[str, Any], paths: list[Path | None], seconds: float) -> None:
        """Only what succeeded becomes the graph's preview (and is kept from eviction)."""
        old = self.latest.get(name)
        kept = [p for p in paths if p is not None]
        self.store.pin(kept, unpin=old["paths"] if old else ())
        self.latest[name] = {**result, "seconds": seconds, "stale": False, "paths": kept}
        self.failed.discard(name)

    def _mark_stale(self, name: str) -> None:
        """The last preview failed: what is shown is older than the graph, and the list says so."""
        self.failed.add(name)
        if name in self.latest:
            self.latest[name]["stale"] = True

    # -- rendering

    def _request(
        self,
        compiled: CompiledScene,
        workdir: Path,
        quality: str,
        fmt: str,
        clock: RenderClock,
        transparent: bool = False,
    ) -> RenderRequest:
        """One render's request, made once it holds a worker: its time limit is what the job has left."""
        return RenderRequest(
            source=compiled.source, class_name=compiled.class_name, workdir=workdir, quality=quality,
            format=fmt, timeout=clock.remaining(), transparent=transparent, animations=compiled.animations,
            frame_rate=self.config.frame_rate, inflight=INFLIGHT_ENCODERS, tex_cache=self.dirs.tex_cache,
        )  # fmt: skip

    async def _render(
        self,
        worker: WorkerProcess,
        request: RenderRequest,
        compiled: CompiledScene,
        on_progress: Callable[[float], None] | None = None,
        on_play: Callable[[int, float], None] | None = None,
    ) -> RenderOutcome:
        write_assets(compiled.assets, request.workdir)
        done = await worker.render(request, on_progress, on_play)
        if not done.get("ok"):
            if done.get("timeout"):
                done["timeout"] = True
            raise failure(done, request.workdir, self.config.max_render_time, compiled.line_nodes)
        output = done.get("output")
        thumbnails = done.get("thumbnails")
        return RenderOutcome(
            Path(output) if output else None,
            float(done.get("seconds", 0.0)),
            list(done.get("durations") or []),
            float(done.get("duration") or 0.0),
            {int(first): Path(path) for first, path in (done.get("segments") or {}).items()},
            Path(thumbnails) if thumbnails else None,
            {int(index): int(count) for index, count in (done.get("frames") or {}).items()},
            float(done.get("frame_rate") or 0.0),
            Path(done["last_frame"]) if done.get("last_frame") else None,
        )

    # -- exports

    def submit_export(
        self, name: str, compiled: CompiledScene, quality: str, fmt: str, transparent: bool = False
    ) -> str:
        """Export to ``export_dir/<name>-<quality>-<time>.<fmt>``; events ``export.*``."""
        _check_name(name)
        job = self._new_job("e")
        if self._full():
            self._refuse(name, job, "export.failed")
            return job
        stamp = time.strftime("%Y%m%d-%H%M%S")
        filename = f"{export_stem(name)}-{quality}-{stamp}.{fmt}"
        self.facts[job] = JobFacts("export", quality, time.monotonic())
        self._track(
            job, self._export_job(job, name, compiled, quality, fmt, transparent, filename), name, "export.failed"
        )
        return job

    async def _export_job(
        self, job: str, name: str, compiled: CompiledScene, quality: str, fmt: str, transparent: bool, filename: str
    ) -> None:
        last = [-1.0]

        def progress(percent: float) -> None:
            if int(percent) != int(last[0]):
                last[0] = percent
                self._emit("export.progress", {"name": name, "job": job, "percent": percent})

        try:
            output = self.config.export_dir / filename
            seconds = await self._export(compiled, output, quality, fmt, transparent, progress, job)
            self._emit(
                "export.finished",
                {"name": name, "job": job, "file": f"/exports/{filename}", "seconds": round(seconds, 3)},
            )
        except asyncio.CancelledError:
            self._emit("export.failed", self._cancelled(name, job))
            raise
        except RenderFailed as exc:
            self._emit("export.failed", _failure_of(exc, name, job))
        except Exception as exc:
            log.exception("export of %s failed inside the engine", name)
            self._emit("export.failed", failed_data(name, job, f"internal error: {exc}"))

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
        """Render ``compiled`` to ``output``; returns seconds. Raises ``RenderFailed``.

        With two or more workers, a video of several animations is split into
        ranges rendered in parallel and joined without re-encoding.
        """
        return await self._export(compiled, output, quality, fmt, transparent, on_progress, None)

    async def _export(
        self,
        compiled: CompiledScene,
        output: Path,
        quality: str,
        fmt: str,
        transparent: bool,
        on_progress: Callable[[float], None] | None,
        job: str | None,
    ) -> float:
        """``export`` for ``job`` (None: the CLI's own engine, where nobody asks about the line).

        With a cluster, the export renders there and the local workers stay free for previews.
        """
        started = time.monotonic()
        if self.cluster is not None:
            await self.cluster.export(compiled, output, quality=quality, fmt=fmt, transparent=transparent,
                                      timeout=self.config.max_render_time, on_progress=on_progress)  # fmt: skip
            return time.monotonic() - started
        clock = RenderClock(self.config.max_render_time)
        with self.dirs.job("export") as workdir:
            if fmt in SPLIT_FORMATS and compiled.splittable and compiled.animations >= 2 and self.pool.size >= 2:
                produced = await self._render_split(
                    job, compiled, workdir, quality, fmt, transparent, clock, on_progress
                )
            else:
                async with self._borrow(job, clock) as worker:
                    request = self._request(compiled, workdir / "whole", quality, fmt, clock, transparent)
                    request.workdir.mkdir()
                    outcome = await self._render(worker, request, compiled, on_progress)
                assert outcome.output is not None
                produced = outcome.output
            output.parent.mkdir(parents=True, exist_ok=True)
            staging = output.with_name(f".{output.name}.part")
            try:
                if _same_device(produced, output.parent):
                    os.replace(produced, staging)
                else:
                    shutil.copyfile(produced, staging)
                os.replace(staging, output)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    staging.unlink()
        if on_progress:
            on_progress(100.0)
        return time.monotonic() - started

    async def _render_split(
        self,
        job: str | None,
        compiled: CompiledScene,
        workdir: Path,
        quality: str,
        fmt: str,
        transparent: bool,
        clock: RenderClock,
        on_progress: Callable[[float], None] | None,
        durations: list[float] | None = None,
        encoder_options: dict[str, str] | None = None,
    ) -> Path:
        """Animation ranges rendered by all workers at once, joined without re-encoding."""
        count = compiled.animations
        weights: list[float] = durations if durations and len(durations) == count else [1.0] * count
        if durations is None and count > self.pool.size:  # balance by duration: a last-frame pass measures them
            probe = workdir / "probe"
            probe.mkdir()
            async with self._borrow(job, clock) as worker:
                measured = await self._render(worker, self._request(compiled, probe, "low", "png", clock), compiled)
            if len(measured.durations) == count:
                weights = measured.durations
        ranges = plan_ranges(weights, self.pool.size)
        shares = [sum(weights[a : b + 1]) for a, b in ranges]
        percents = [0.0] * len(ranges)

        def progress_of(index: int) -> Callable[[float], None]:
            def report(percent: float) -> None:
                percents[index] = percent
                if on_progress:
                    on_progress(min(99.0, sum(p * s for p, s in zip(percents, shares, strict=True)) / sum(shares)))

            return report

        async def render_range(index: int, first: int, last: int) -> Path:
            part = workdir / f"part{index}"
            part.mkdir()
            async with self._borrow(job, clock) as worker:
                request = self._request(compiled, part, quality, fmt, clock, transparent)
                request.start, request.end, request.animations = first, last, last - first + 1
                request.encoder_options = dict(encoder_options or {})
                outcome = await self._render(worker, request, compiled, progress_of(index))
            assert outcome.output is not None
            return outcome.output

        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(render_range(i, a, b)) for i, (a, b) in enumerate(ranges)]
        except ExceptionGroup as group_error:
            raise _first_failure(group_error) from None
        parts = [task.result() for task in tasks]
        if len(parts) == 1:
            return parts[0]
        joined = workdir / f"joined.{fmt}"
        try:
            with clock.running():
                await concat(parts, joined, workdir, max(clock.remaining(), 1.0))
        except TimeoutError:
            raise timed_out(self.config.max_render_time) from None
        return joined

    def worker_pids(self) -> list[int]:
        return self.pool.pids()


def _check_name(name: str) -> None:
    """Graph names become preview paths (``<preview_dir>/gallery/Intro/<key>.png``) and URLs."""
    parts = name.split("/")
    if len(parts) > MAX_NAME_PARTS or any(not SAFE_NAME.fullmatch(p) or ".." in p for p in parts):
        raise ValueError(f"not a usable graph name for a preview: {name!r}")


def export_stem(name: str) -> str:
    """Exports land flat in ``export_dir``: ``gallery/Intro`` exports as ``gallery.Intro-...``."""
    return name.replace("/", ".")


def failed_data(
    name: str | None,
    job: str,
    error: str,
    *,
    timeout: bool = False,
    cancelled: bool = False,
    node: str | None = None,
    line: int | None = None,
) -> dict[str, Any]:
    """The one shape of ``render.failed`` and ``export.failed``: every key, always."""
    return {
        "name": name,
        "job": job,
        "error": error,
        "timeout": timeout,
        "cancelled": cancelled,
        "node": node,
        "line": line,
    }


def _failure_of(exc: RenderFailed, name: str | None, job: str) -> dict[str, Any]:
    return failed_data(name, job, str(exc), timeout=exc.timeout, node=exc.node or None, line=exc.line or None)


def _first_failure(group: BaseExceptionGroup[Any]) -> BaseException:
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            return _first_failure(exc)
        if isinstance(exc, RenderFailed):
            return exc
    return group.exceptions[0]


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False
