"""What every Manim render shares: qualities, formats, the child's locked-down environment, errors.

Renders themselves run in ``engine/worker.py`` (warm workers, or a cold process
per job), for the server and ``manim-nodes render`` alike: one render path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

Quality = Literal["low", "medium", "high", "4k"]
OutputFormat = Literal["mp4", "webm", "gif", "mov", "png"]
QUALITIES: tuple[str, ...] = ("low", "medium", "high", "4k")
FORMATS: tuple[str, ...] = ("mp4", "webm", "gif", "mov", "png")
QUALITY_FLAGS: dict[str, str] = {"low": "l", "medium": "m", "high": "h", "4k": "k"}

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
