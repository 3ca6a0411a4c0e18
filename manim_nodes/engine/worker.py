"""A warm render worker: imports Manim once, then forks one child per job.

Run as ``python -m manim_nodes.engine.worker``. Jobs arrive on stdin as JSON
lines and events leave on stdout as JSON lines (see ``protocol``). Importing
Manim costs most of a cold render, so the worker pays it once; each job runs
in a forked child in its own session, so a timeout or a cancel kills the child
with every LaTeX process it started, and a crash of the child (segfault, out
of memory) leaves the worker alive. The worker stays single-threaded: forking
a process with threads is unsafe.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

SCRIPT_NAME = "scene.py"
QUALITY_NAMES = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality", "4k": "fourk_quality"}
PR_SET_PDEATHSIG = 1


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

    config.media_dir = str(workdir / "media")
    config.quality = QUALITY_NAMES[job["quality"]]
    if job.get("frame_rate"):
        config.frame_rate = float(job["frame_rate"])
    config.disable_caching = True
    config.progress_bar = "none"
    config.verbosity = "WARNING"
    config.output_file = "out"
    config.input_file = str(workdir / SCRIPT_NAME)
    config.transparent = bool(job.get("transparent"))
    fmt = job["format"]
    config.format = "none" if fmt == "dry" else fmt
    config.from_animation_number = int(job.get("from") or 0)
    upto = job.get("upto")
    config.upto_animation_number = -1 if upto is None else int(upto)
    config.notify_outdated_version = False


class _Progress:
    """Counts frames as the renderer writes them; reports percent at most ten times a second.

    Hooks the Cairo renderer's ``play`` and ``add_frame`` rather than parsing
    Manim's progress bar, so the numbers are exact and need no terminal.
    """

    def __init__(self, send: Callable[[dict[str, Any]], None], animations: int, frame_rate: float) -> None:
        self.send = send
        self.animations = max(animations, 1)
        self.frame_rate = frame_rate
        self.played = 0
        self.frames = 0
        self.expected = 1.0
        self.last = 0.0
        self.durations: list[float] = []
        self.scene: Any = None

    def install(self) -> None:
        from manim.renderer.cairo_renderer import CairoRenderer

        progress = self
        play, add_frame = CairoRenderer.play, CairoRenderer.add_frame

        def counted_play(renderer: Any, scene: Any, *args: Any, **kwargs: Any) -> None:
            progress.frames, progress.scene = 0, scene
            try:
                play(renderer, scene, *args, **kwargs)
            finally:
                progress.durations.append(float(scene.duration))
                progress.played += 1
                progress.report()

        def counted_add_frame(renderer: Any, frame: Any, num_frames: int = 1) -> None:
            add_frame(renderer, frame, num_frames)
            if renderer.skip_animations:
                return
            if progress.frames == 0 and progress.scene is not None:
                progress.expected = max(1.0, float(progress.scene.duration) * progress.frame_rate)
            progress.frames += num_frames
            progress.report()

        CairoRenderer.play = counted_play  # type: ignore[method-assign]
        CairoRenderer.add_frame = counted_add_frame  # type: ignore[method-assign]

    def report(self) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        done = self.played + min(1.0, self.frames / self.expected)
        self.send({"event": "progress", "percent": round(min(99.0, 100.0 * done / self.animations), 1)})


def _failing_line(tb: Any) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == SCRIPT_NAME:
            line = lineno
    return line


def _find_output(media: Path, fmt: str) -> Path | None:
    if fmt == "dry":
        return None
    found = [p for p in media.rglob("out.*") if "partial_movie_files" not in p.parts and p.suffix != ".srt"]
    return found[0] if found else None


def run_in_child(job: dict[str, Any], report: IO[str]) -> int:
    """Render one job in this (forked) process; returns the exit status."""

    def send(message: dict[str, Any]) -> None:
        report.write(json.dumps(message) + "\n")
        report.flush()

    workdir = Path(job["workdir"])
    try:
        os.chdir(workdir)
        _configure(job, workdir)
        from manim import config

        progress = _Progress(send, int(job.get("animations") or 1), float(config.frame_rate))
        progress.install()
        source = job["source"]
        (workdir / SCRIPT_NAME).write_text(source)
        namespace: dict[str, Any] = {"__name__": "__manim_nodes_scene__"}
        exec(compile(source, SCRIPT_NAME, "exec"), namespace)
        scene = namespace[job["class_name"]]()
        scene.render()
        output = _find_output(workdir / "media", job["format"])
        if job["format"] != "dry" and output is None:
            send({"event": "result", "ok": False, "error": "Manim finished without writing the output file"})
            return 1
        send(
            {
                "event": "result",
                "ok": True,
                "output": str(output) if output else None,
                "durations": progress.durations,
                "duration": float(scene.renderer.time),
            }
        )
        return 0
    except BaseException as exc:
        text = "".join(traceback.format_exception(exc))
        send({"event": "result", "ok": False, "traceback": text, "line": _failing_line(exc.__traceback__)})
        return 1


class Worker:
    """The worker's loop: one job at a time, watched for timeout and cancel."""

    def __init__(self, commands: IO[bytes], events: IO[bytes]) -> None:
        self.commands = commands
        self.events = events
        self.selector = selectors.DefaultSelector()
        self.buffer = b""
        self.pending: list[dict[str, Any]] = []
        self.closed = False

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
        job_id = job["id"]
        read_fd, write_fd = os.pipe()
        log_path = Path(job["workdir"]) / "manim.log"
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                os.setsid()
                _die_with_parent()
                os.close(read_fd)
                log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                with os.fdopen(write_fd, "w") as report:
                    status = run_in_child(job, report)
            finally:
                os._exit(status)
        os.close(write_fd)
        self.emit({"id": job_id, "event": "started", "pid": pid})
        result = self.watch(job, pid, read_fd, started)
        result["id"] = job_id
        result["event"] = "done"
        result["seconds"] = round(time.monotonic() - started, 3)
        self.emit(result)

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
                        if self.closed or any(
                            c.get("op") == "cancel" and c.get("id") == job["id"] for c in self.pending
                        ) or any(c.get("op") == "exit" for c in self.pending):
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
        status = _reap(pid)
        if stopped:
            return stopped
        if result is None:
            return {"ok": False, "crash": _describe_status(status)}
        result.pop("event", None)
        return result


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


def _warm_up() -> None:
    """Import what a render needs, so forked children start hot."""
    import manim
    import manim.renderer.cairo_renderer
    import manim.scene.scene_file_writer  # noqa: F401


def main() -> None:
    # Our stdout is the event channel: keep library prints away from it.
    events = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the server's to handle
    _warm_up()
    Worker(sys.stdin.buffer, events).serve()


if __name__ == "__main__":
    main()
