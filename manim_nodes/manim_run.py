"""Running plain ``manim`` on a generated script in a child process.

Used by ``manim-nodes render`` and as the engine's cold fallback. The child runs
in its own process group with an explicit environment, so a timeout kills it
with its ffmpeg and LaTeX children, and its temp directory never outlives it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Quality = Literal["low", "medium", "high", "4k"]
OutputFormat = Literal["mp4", "webm", "gif", "mov", "png"]
QUALITIES: tuple[str, ...] = ("low", "medium", "high", "4k")
FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "mov", "png")
QUALITY_FLAGS: dict[str, str] = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
GRACE_SECONDS = 2.0

_PROGRESS = re.compile(r"Animation (\d+):.*?(\d+)%\|")
_DONE = re.compile(r"Animation (\d+) : Partial movie file written")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class RenderFailed(Exception):
    """A render that did not produce its output, with Manim's words for why."""

    def __init__(
        self,
        message: str,
        *,
        timeout: bool = False,
        line: int | None = None,
        node: str | None = None,
        cancelled: bool = False,
    ) -> None:
        super().__init__(message)
        self.timeout = timeout
        self.line = line  # line of the generated script that failed, when known
        self.node = node  # the graph node that line belongs to, when known
        self.cancelled = cancelled


@dataclass
class RenderJob:
    """What to render and how."""

    source: str
    class_name: str
    quality: Quality = "low"
    format: OutputFormat = "mp4"
    transparent: bool = False
    animations: int = 1  # how many animations the scene plays, for progress
    extra_args: list[str] = field(default_factory=list)


def render_environment(base: dict[str, str] | None = None, workdir: Path | None = None) -> dict[str, str]:
    """The child's environment: LaTeX may not run shell commands or read outside its dir.

    Paranoid mode refuses absolute paths unless they lie in ``TEXMFOUTPUT``, and
    Manim passes absolute paths, so that is the job's own directory.
    """
    env = dict(base if base is not None else os.environ)
    if workdir is not None:
        env["TEXMFOUTPUT"] = str(workdir)
    env.update(
        {
            "openin_any": "p",
            "openout_any": "p",
            "shell_escape": "f",
            "COLUMNS": "200",
            "PYTHONUNBUFFERED": "1",
            "PYTHONWARNINGS": "ignore",
        }
    )
    return env


def manim_command(job: RenderJob, script: Path, media_dir: Path) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "manim",
        "render",
        f"-q{QUALITY_FLAGS[job.quality]}",
        "--disable_caching",
        "--media_dir",
        str(media_dir),
        "-o",
        "out",
    ]
    if job.format == "png":
        command += ["-s", "--format", "png"]
    else:
        command += ["--format", job.format]
    if job.transparent:
        command.append("-t")
    return [*command, *job.extra_args, str(script), job.class_name]


def kill_group(process: subprocess.Popen[bytes], grace: float = GRACE_SECONDS) -> None:
    """SIGTERM the child's whole process group, then SIGKILL after a grace period."""
    try:
        pgid = os.getpgid(process.pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; make sure no grandchild (ffmpeg, latex) is left.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        return


def trim_error(output: str, script_name: str = "scene.py") -> tuple[str, int | None]:
    """Manim's error text cut to what helps, and the failing line of our script."""
    text = _ANSI.sub("", output)
    lines = [re.sub(r"[│╭╮╰╯─❱]+", " ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    failing_line = None
    for match in re.finditer(rf"{re.escape(script_name)}:(\d+)", text):
        failing_line = int(match.group(1))
    latex = [i for i, line in enumerate(lines) if "LaTeX compilation error" in line or line.startswith("! ")]
    if latex:
        start = latex[0]
        return " ".join(lines[start : start + 4])[:600], failing_line
    errors = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", line)]
    if errors:
        return errors[-1][:600], failing_line
    return " ".join(lines[-4:])[:600] or "manim failed without saying why", failing_line


def _find_output(media_dir: Path, fmt: str) -> Path | None:
    suffix = ".png" if fmt == "png" else f".{fmt}"
    found = [p for p in media_dir.rglob(f"out{suffix}") if "partial_movie_files" not in p.parts]
    return found[0] if found else None


def run_manim(
    job: RenderJob,
    output: Path,
    *,
    timeout: float,
    on_progress: Callable[[float], None] | None = None,
    env: dict[str, str] | None = None,
) -> float:
    """Render ``job`` to ``output`` with plain Manim; return seconds taken.

    Raises ``RenderFailed`` (with ``timeout=True`` past ``timeout`` seconds).
    """
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="manim-nodes-job-"))
    try:
        script = workdir / "scene.py"
        script.write_text(job.source)
        media = workdir / "media"
        process = subprocess.Popen(
            # relative paths: LaTeX with openin_any=p refuses to read absolute ones
            manim_command(job, Path(script.name), Path(media.name)),
            cwd=workdir,
            env=render_environment(env, workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        captured: list[str] = []
        reader = threading.Thread(
            target=_read_progress, args=(process, captured, job.animations, on_progress), daemon=True
        )
        reader.start()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            raise RenderFailed(
                f"the render took longer than MAX_RENDER_TIME ({timeout:g} s) and was stopped", timeout=True
            ) from None
        finally:
            reader.join(timeout=5)
        kill_group(process, grace=0.1)  # reaps any stray grandchild of the group
        result = _find_output(media, job.format)
        if process.returncode != 0 or result is None:
            message, line = trim_error("".join(captured), script.name)
            raise RenderFailed(message, line=line)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(result), output)
        if on_progress:
            on_progress(100.0)
        return time.monotonic() - started
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _read_progress(
    process: subprocess.Popen[bytes],
    captured: list[str],
    animations: int,
    on_progress: Callable[[float], None] | None,
) -> None:
    assert process.stdout is not None
    buffer = b""
    total = max(animations, 1)
    while chunk := process.stdout.read1(4096) if hasattr(process.stdout, "read1") else process.stdout.read(4096):  # type: ignore[attr-defined]
        buffer += chunk
        *pieces, buffer = re.split(rb"[\r\n]", buffer)
        for raw in pieces:
            line = raw.decode("utf-8", "replace")
            captured.append(line + "\n")
            if on_progress is None:
                continue
            if match := _PROGRESS.search(line):
                index, percent = int(match.group(1)), int(match.group(2))
                on_progress(min(99.0, 100.0 * (index + percent / 100) / total))
            elif match := _DONE.search(line):
                on_progress(min(99.0, 100.0 * (int(match.group(1)) + 1) / total))
    if buffer:
        captured.append(buffer.decode("utf-8", "replace"))
    del captured[:-400]  # keep the tail; Manim's error is at the end
