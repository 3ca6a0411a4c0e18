"""A warm render worker: imports Manim once, then forks one child per job.

Run as ``python -m manim_nodes.engine.worker``. Jobs arrive on stdin as JSON
lines and events leave on stdout as JSON lines (see ``protocol``). Importing
Manim costs most of a cold render, so the worker pays it once; each job runs
in a forked child in its own session, so a timeout or a cancel kills the child
with every LaTeX process it started, and a crash of the child (segfault, out
of memory) leaves the worker alive. The worker starts no thread of its own
after importing Manim, and checks that before each fork: forking a process
whose other threads hold locks can deadlock the child.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .errors import LOG_NAME

SCRIPT_NAME = "scene.py"
QUALITY_NAMES = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality", "4k": "fourk_quality"}
PR_SET_PDEATHSIG = 1
WORKER_ENDING_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, n))


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies, so nothing outlives the server."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _configure(job: dict[str, Any], workdir: Path) -> None:
    """Set Manim's global config for this job (the child owns its copy)."""
    from manim import config

    # Relative to the job dir (our cwd): LaTeX with openin_any=p refuses to read absolute paths.
    config.media_dir = "media"
    config.quality = QUALITY_NAMES[job["quality"]]
    if job.get("frame_rate"):
        config.frame_rate = float(job["frame_rate"])
    config.disable_caching = True
    config.progress_bar = "none"
    config.verbosity = "WARNING"
    config.output_file = "out"
    config.input_file = str(workdir / SCRIPT_NAME)
    config.transparent = bool(job.get("transparent"))
    config.format = job["format"]
    config.from_animation_number = int(job.get("from") or 0)
    upto = job.get("upto")
    config.upto_animation_number = -1 if upto is None else int(upto)
    config.notify_outdated_version = False
    _plain_logging()
    if job.get("tex_cache"):
        _share_tex(Path(job["tex_cache"]))
    config.video_encoder_options = dict(job.get("encoder_options") or {})
    config.max_inflight_encoders = int(job.get("inflight") or 1)
    if job.get("segments") is not None:
        config.max_files_cached = 1_000_000  # every segment's file is one we keep, however many


def _share_tex(cache: Path) -> None:
    """Reuse LaTeX's SVGs across jobs: LaTeX is the slowest part of a formula's render.

    Each job still typesets in its own dir; an SVG is copied in from ``cache``
    before Manim looks for it, and a new one is published to the cache with an
    atomic rename, so a killed job never leaves a half-written file there.
    """
    import shutil

    import manim.mobject.text.tex_mobject as tex_mobject
    from manim.utils import tex_file_writing

    original = tex_file_writing.tex_to_svg_file

    def cached_tex_to_svg_file(expression: str, environment: str | None = None, tex_template: Any = None) -> Path:
        from manim import config

        template = tex_template if tex_template is not None else config["tex_template"]
        svg = tex_file_writing.generate_tex_file(expression, environment, template).with_suffix(".svg")
        shared = cache / svg.name
        if not svg.exists() and shared.exists():
            shutil.copyfile(shared, svg)
        result = Path(original(expression, environment, tex_template))
        if not shared.exists():
            staging = cache / f".{svg.name}.{os.getpid()}.tmp"
            shutil.copyfile(result, staging)
            os.replace(staging, shared)
        return result

    tex_mobject.tex_to_svg_file = cached_tex_to_svg_file  # type: ignore[attr-defined]


def _plain_logging() -> None:
    """Manim's log as plain lines (no Rich boxes or timestamps), so its errors can be quoted."""
    import logging

    from manim import logger

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)


class _Progress:
    """Counts frames as the renderer writes them; reports percent at most ten times a second.

    Hooks the Cairo renderer's ``play`` and ``add_frame`` (once per process,
    see ``_hook_renderer``) rather than parsing Manim's progress bar, so the
    numbers are exact and need no terminal.
    """

    current: _Progress | None = None

    def __init__(
        self,
        send: Callable[[dict[str, Any]], None],
        animations: int,
        frame_rate: float,
        thumbnails: Path | None = None,
        first: int = 0,
    ) -> None:
        self.send = send
        self.animations = max(animations, 1)
        self.frame_rate = frame_rate
        self.played = 0
        self.frames = 0
        self.expected = 1.0
        self.last = 0.0
        self.durations: list[float] = []
        self.scene: Any = None
        self.thumbnails = thumbnails  # where each rendered play's last frame goes, small (segment jobs)
        self.first = first  # plays before this one are skipped (Manim's -n): not counted as done
        self.frame_counts: dict[int, int] = {}  # frames written by each rendered play
        self.cut_seconds: float | None = None  # cut a new segment once the current one lasts this long
        self.segment_seconds = 0.0

    def started_play(self, scene: Any) -> None:
        self.frames, self.scene = 0, scene
        cut = self.cut_seconds is not None and self.segment_seconds >= self.cut_seconds - 1e-9
        if cut and self.played > self.first:  # the rule of ``segments.plan_segments``, as durations come
            from . import one_stream

            one_stream.cut_at_also(self.played)
            self.segment_seconds = 0.0

    def finished_play(self, scene: Any) -> None:
        self.durations.append(float(scene.duration))
        if self.played >= self.first:
            self.segment_seconds += float(scene.duration)
        if not scene.renderer.skip_animations:  # a skipped play (Manim's -n) is no progress
            self.frame_counts[self.played] = self.frames
            if self.thumbnails is not None:
                _save_thumbnail(scene.renderer.camera.pixel_array, self.thumbnails / f"{self.played}.jpg")
            self.frames = max(self.frames, int(self.expected))
            self.report(force=True)  # every rendered play is heard of, however short
        self.played += 1

    def wrote(self, num_frames: int) -> None:
        if self.frames == 0 and self.scene is not None:
            self.expected = max(1.0, float(self.scene.duration) * self.frame_rate)
        self.frames += num_frames
        self.report()

    def report(self, force: bool = False) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and not force:
            return
        self.last = now
        fraction = min(1.0, self.frames / self.expected)
        done = max(0, self.played - self.first) + fraction
        self.send({"event": "progress", "percent": round(min(99.0, 100.0 * done / self.animations), 1),
                   "animation": self.played, "fraction": round(fraction, 3)})  # fmt: skip


THUMBNAIL_WIDTH = 192  # about: a box-filtered reduction by a whole factor, the fastest Pillow has


def _save_thumbnail(pixels: Any, path: Path) -> None:
    """A play's last frame, small, for the timeline strip: written beside its segment."""
    from PIL import Image

    image = Image.fromarray(pixels)
    image = image.reduce(max(1, round(image.width / THUMBNAIL_WIDTH))).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=80)


def _hook_renderer() -> None:
    """Route the Cairo renderer's play and frame calls to ``_Progress.current``; install the speed-ups
    that keep Manim's pixels (``static_frames``, ``svg_copies``)."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
    from manim.renderer.cairo_renderer import CairoRenderer

    from . import static_frames, svg_copies

    if getattr(CairoRenderer, "_manim_nodes_hooked", False):
        return
    play, add_frame = CairoRenderer.play, CairoRenderer.add_frame

    def counted_play(renderer: Any, scene: Any, *args: Any, **kwargs: Any) -> None:
        progress = _Progress.current
        if progress:
            progress.started_play(scene)
        try:
            play(renderer, scene, *args, **kwargs)
        finally:
            if progress:
                progress.finished_play(scene)

    def counted_add_frame(renderer: Any, frame: Any, num_frames: int = 1) -> None:
        add_frame(renderer, frame, num_frames)
        if _Progress.current and not renderer.skip_animations:
            _Progress.current.wrote(num_frames)

    save_static = CairoRenderer.save_static_frame_data

    def lazy_save_static(renderer: Any, scene: Any, static_mobjects: Any) -> Any:
        # A skipped animation writes no frame, so its static background is never used; for a
        # last-frame render of a long scene, drawing it for every animation is most of the work.
        if renderer.skip_animations:
            renderer.static_image = None
            return None
        return save_static(renderer, scene, static_mobjects)

    # Manim's own methods wrapped in place (the renderer has no hooks for this): mypy cannot see
    # that each wrapper keeps the signature of the method it wraps.
    CairoRenderer.play = counted_play  # type: ignore[method-assign,assignment]
    CairoRenderer.add_frame = counted_add_frame  # type: ignore[method-assign,assignment]
    CairoRenderer.save_static_frame_data = lazy_save_static  # type: ignore[method-assign,assignment]
    static_frames.install(CairoRenderer)
    svg_copies.install(VMobjectFromSVGPath)
    CairoRenderer._manim_nodes_hooked = True  # type: ignore[attr-defined]


def _hook_writer() -> None:
    """One encoder for the whole scene (see ``one_stream``); only in a job's own process, whose threads die with it."""
    from manim.scene.scene_file_writer import SceneFileWriter

    from . import one_stream

    one_stream.install(SceneFileWriter)


def _failing_line(tb: Any) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == SCRIPT_NAME:
            line = lineno
    return line


def _find_output(media: Path) -> Path | None:
    found = [p for p in media.rglob("out.*") if "partial_movie_files" not in p.parts and p.suffix != ".srt"]
    return found[0] if found else None


def run_in_child(job: dict[str, Any], report: IO[str]) -> int:
    """Render one job in this (forked) process; returns the exit status."""

    def send(message: dict[str, Any]) -> None:
        report.write(json.dumps(message) + "\n")
        report.flush()

    from . import one_stream

    workdir = Path(job["workdir"])
    try:
        os.chdir(workdir)
        _configure(job, workdir)
        from manim import config

        cuts: list[int] | None = job.get("segments")  # the first play of each segment, for a preview cut in segments
        segments = cuts is not None
        thumbnails = workdir / "thumbnails" if segments else None
        first = int(job.get("from") or 0)
        progress = _Progress(send, int(job.get("animations") or 1), float(config.frame_rate), thumbnails, first)
        _Progress.current = progress
        _hook_renderer()
        source = job["source"]
        (workdir / SCRIPT_NAME).write_text(source)
        namespace: dict[str, Any] = {"__name__": "__manim_nodes_scene__"}
        exec(compile(source, SCRIPT_NAME, "exec"), namespace)
        scene = namespace[job["class_name"]]()
        if cuts is not None:  # each segment's own file is the result; joining them is the engine's, with cached ones
            one_stream.cut_at(set(cuts))
            progress.cut_seconds = job.get("cut_seconds")  # or cut where the plays' durations say, as they come
            scene.renderer.file_writer.combine_to_movie = lambda: None
        scene.render()
        result: dict[str, Any] = {"event": "result", "ok": True, "durations": progress.durations,
                                  "duration": float(scene.renderer.time)}  # fmt: skip
        if job.get("last_frame"):  # the scene's last frame too, drawn as Manim draws it for a still
            from PIL import Image

            scene.renderer.static_image = None
            scene.renderer.update_frame(scene)
            Image.fromarray(scene.renderer.get_frame()).save(workdir / "last.png")
            result["last_frame"] = str(workdir / "last.png")
        if segments:
            result["segments"] = {first: str(Path(path).resolve()) for first, path in one_stream.written.items()}
            result["thumbnails"] = str(thumbnails)
            result["frames"] = progress.frame_counts
            result["frame_rate"] = float(config.frame_rate)
        else:
            output = _find_output(workdir / "media")
            if output is None:
                send({"event": "result", "ok": False, "error": "Manim finished without writing the output file"})
                return 1
            result["output"] = str(output)
        send(result)
        return 0
    except BaseException as exc:
        text = "".join(traceback.format_exception(exc))
        send({"event": "result", "ok": False, "traceback": text, "line": _failing_line(exc.__traceback__)})
        return 1


class Worker:
    """The worker's loop: one job at a time, watched for timeout and cancel."""

    def __init__(
        self, commands: IO[bytes], events: IO[bytes], cold: bool = False, threads_when_warm: int | None = None
    ) -> None:
        self.commands = commands
        self.events = events
        self.selector = selectors.DefaultSelector()
        self.buffer = b""
        self.pending: list[dict[str, Any]] = []
        self.closed = False
        self.cold = cold
        self.cold_children: dict[int, subprocess.Popen[bytes]] = {}
        self.threads_when_warm = threads_when_warm  # Manim's import starts OpenBLAS's pool: fork-safe
        self.child: int | None = None  # the running job's child (its pid is its session's id)

    def die(self, signum: int, _frame: object = None) -> None:
        """Ended by a signal (a service manager stops every process at once): take the job's session along,
        LaTeX included, which would otherwise be orphaned to PID 1 when the child dies with us."""
        if self.child is not None:
            _kill_session(self.child)
        os._exit(128 + signum)

    def emit(self, message: dict[str, Any]) -> None:
        self.events.write(json.dumps(message).encode() + b"\n")
        self.events.flush()

    def read_commands(self, block: bool) -> None:
        """Read what stdin has; parse complete lines into ``pending``."""
        chunk = os.read(self.commands.fileno(), 65536)
        if not chunk:
            self.closed = True
            return
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self.pending.append(json.loads(line))

    def serve(self) -> None:
        self.selector.register(self.commands.fileno(), selectors.EVENT_READ, "commands")
        self.emit({"event": "ready", "pid": os.getpid()})
        while not self.closed or self.pending:
            if not self.pending:
                self.selector.select()
                self.read_commands(block=True)
                continue
            command = self.pending.pop(0)
            if command.get("op") == "render":
                self.run(command)
            elif command.get("op") == "exit":
                break
            # a cancel for a job that is not running has nothing left to stop

    def run(self, job: dict[str, Any]) -> None:
        started = time.monotonic()
        pid, read_fd = self.start_forked(job) if self.may_fork() else self.start_cold(job)
        self.child = pid
        self.emit({"id": job["id"], "event": "started", "pid": pid})
        try:
            result = self.watch(job, pid, read_fd, started)
        finally:
            self.child = None
        result.update(id=job["id"], event="done", seconds=round(time.monotonic() - started, 3))
        self.emit(result)

    def may_fork(self) -> bool:
        """Fork only while no thread has appeared since Manim was imported: a child forked from a process
        whose other threads hold locks (a codec's, say) can deadlock on its first use of them."""
        if self.cold:
            return False
        extra = _threads_beyond(self.threads_when_warm)
        if extra:
            print(f"manim-nodes worker: {extra} thread(s) appeared since Manim was imported; "
                  "rendering in a fresh process instead of forking", file=sys.stderr, flush=True)  # fmt: skip
            return False
        return True

    def start_forked(self, job: dict[str, Any]) -> tuple[int, int]:
        """Fork a child that renders in its own session; returns (pid, fd of its messages)."""
        read_fd, write_fd = os.pipe()
        log_path = Path(job["workdir"]) / LOG_NAME
        pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                os.setsid()
                _die_with_parent()
                for sig in WORKER_ENDING_SIGNALS:  # the worker's handlers are not the child's
                    signal.signal(sig, signal.SIG_DFL)
                os.close(read_fd)
                log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                with os.fdopen(write_fd, "w") as report:
                    _hook_writer()
                    status = run_in_child(job, report)
            finally:
                os._exit(status)
        os.close(write_fd)
        return pid, read_fd

    def start_cold(self, job: dict[str, Any]) -> tuple[int, int]:
        """Where fork is unsafe: a fresh interpreter per job, same protocol, own session."""
        read_fd, write_fd = os.pipe()
        job_fd, job_write = os.pipe()
        with open(Path(job["workdir"]) / LOG_NAME, "wb") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "manim_nodes.engine.worker", "--child", str(write_fd)],
                stdin=job_fd,
                stdout=log,
                stderr=log,
                pass_fds=(write_fd,),
                start_new_session=True,
            )
        os.close(job_fd)
        os.close(write_fd)
        with os.fdopen(job_write, "w") as pipe:
            pipe.write(json.dumps(job))
        self.cold_children[child.pid] = child
        return child.pid, read_fd

    def watch(self, job: dict[str, Any], pid: int, read_fd: int, started: float) -> dict[str, Any]:
        """Forward the child's messages until it exits, is cancelled or runs out of time."""
        deadline = started + float(job["timeout"])
        self.selector.register(read_fd, selectors.EVENT_READ, "child")
        result: dict[str, Any] | None = None
        stopped: dict[str, Any] | None = None
        buffer = b""
        try:
            while stopped is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    stopped = {"ok": False, "timeout": True}
                    break
                for key, _ in self.selector.select(timeout=remaining):
                    if key.data == "commands" and not self.closed:
                        self.read_commands(block=False)
                        if (
                            self.closed
                            or any(c.get("op") == "cancel" and c.get("id") == job["id"] for c in self.pending)
                            or any(c.get("op") == "exit" for c in self.pending)
                        ):
                            stopped = {"ok": False, "cancelled": True}
                    elif key.data == "child":
                        chunk = os.read(read_fd, 65536)
                        if not chunk:
                            stopped = {}
                            break
                        buffer += chunk
                        *lines, buffer = buffer.split(b"\n")
                        for line in lines:
                            message = json.loads(line)
                            if message.get("event") == "result":
                                result = message
                            else:
                                self.emit({"id": job["id"], **message})
        finally:
            self.selector.unregister(read_fd)
            os.close(read_fd)
            _kill_session(pid)
        cold_child = self.cold_children.pop(pid, None)
        status = cold_child.wait() if cold_child else _reap(pid)
        if stopped:
            return stopped
        if result is None:
            return {"ok": False, "crash": _describe_status(status)}
        result.pop("event", None)
        return result


def thread_count(pid: int | str = "self") -> int | None:
    """A process's threads (this one's by default), native ones included (Linux); None where unknown."""
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return None


def _threads_beyond(baseline: int | None, settle: float = 0.5) -> int:
    """Threads beyond ``baseline``, after giving joined ones ``settle`` seconds to finish exiting."""
    deadline = time.monotonic() + settle
    while True:
        threads = thread_count()
        extra = 0 if threads is None or baseline is None else threads - baseline
        if extra <= 0 or time.monotonic() >= deadline:
            return max(extra, 0)
        time.sleep(0.01)


def _kill_session(pid: int) -> None:
    """SIGKILL the child's whole session (its process group), LaTeX included."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _reap(pid: int) -> int:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return status
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue


def _describe_status(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        if sig == signal.SIGKILL:
            return f"the render process was killed ({name}), probably out of memory"
        return f"the render process crashed ({name})"
    return f"the render process exited with status {os.WEXITSTATUS(status)} without a result"


WARM_UP_SCENE = """
from manim import *


class WarmUp(Scene):
    def construct(self):
        self.add(Text("warm", font_size=24))
        self.play(Create(Circle()), run_time=0.2)
"""


def _warm_up() -> int | None:
    """Render a tiny scene once, so every forked child starts with fonts, codecs and caches loaded.

    The render's encoder threads are joined before it returns: the worker
    is single-threaded again when it forks (but for the threads that
    importing Manim started, whose count this returns).
    """
    import tempfile
    import threading

    import manim  # noqa: F401
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # tqdm's monitor thread would make forking unsafe
    threads = thread_count()

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="manim-nodes-warm-") as tmp:
        for fmt in ("png", "mp4"):
            workdir = Path(tmp) / fmt
            workdir.mkdir()
            job = {
                "source": WARM_UP_SCENE,
                "class_name": "WarmUp",
                "quality": "low",
                "format": fmt,
                "workdir": str(workdir),
                "encoder_options": {"preset": "ultrafast"},
                "inflight": 4,
            }
            with open(os.devnull, "w") as sink:
                run_in_child(job, sink)
        os.chdir(cwd)
    _Progress.current = None
    if threading.active_count() != 1:  # pragma: no cover - Manim left a thread running
        raise RuntimeError("warm-up left threads behind; forking would be unsafe")
    return threads


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # one cold job: the job on stdin, messages on the given fd
        _die_with_parent()
        with os.fdopen(int(sys.argv[2]), "w") as report:
            _hook_writer()
            sys.exit(run_in_child(json.loads(sys.stdin.read()), report))
    cold = "--cold" in sys.argv[1:]
    # Our stdout is the event channel: keep library prints away from it.
    events = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the server's to handle
    threads = None if cold else _warm_up()
    worker = Worker(sys.stdin.buffer, events, cold=cold, threads_when_warm=threads)
    for sig in WORKER_ENDING_SIGNALS:
        signal.signal(sig, worker.die)
    worker.serve()


if __name__ == "__main__":
    main()
