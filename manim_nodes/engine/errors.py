"""A worker's ``done`` message, turned into a ``RenderFailed`` a user can act on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..manim_run import RenderFailed, trim_error

LOG_NAME = "manim.log"  # the job child's stdout and stderr, in its job dir


def _log_tail(workdir: Path, limit: int = 20000) -> str:
    try:
        return (workdir / LOG_NAME).read_text(errors="replace")[-limit:]
    except OSError:
        return ""


_LATEX = re.compile(r"LaTeX compilation error: (.*)")
_CONTEXT = re.compile(r"^-> (.*)$", re.MULTILINE)
_SPECIAL = re.compile(r"\\special\{dvisvgm:raw [^}]*\}")


def latex_error(log: str) -> str | None:
    """Manim's LaTeX complaint and the offending line, without its dvisvgm wrapping."""
    found = _LATEX.search(log)
    if not found:
        return None
    message = f"LaTeX compilation error: {found.group(1).strip()}"
    context = _CONTEXT.search(log, found.end())
    if context:
        line = _SPECIAL.sub("", context.group(1)).replace("\\end{align*}", "").strip()
        message += f" in: {line}"
    return message[:600]


def timed_out(limit: float) -> RenderFailed:
    """The one wording of a job that ran past MAX_RENDER_TIME (waiting for a worker never counts)."""
    return RenderFailed(f"the render took longer than MAX_RENDER_TIME ({limit:g} s) and was stopped", timeout=True)


def failure(done: dict[str, Any], workdir: Path, timeout: float, line_nodes: dict[int, str]) -> RenderFailed:
    """Manim's own words, trimmed, with the node whose line failed where that is known."""
    if done.get("timeout"):
        return timed_out(timeout)
    if done.get("cancelled"):
        return RenderFailed("the render was cancelled", cancelled=True)
    log = _log_tail(workdir)
    if done.get("crash"):
        detail, _ = trim_error(log) if log.strip() else ("", None)
        message = done["crash"] + (f": {detail}" if detail and "without saying why" not in detail else "")
        return RenderFailed(message)
    message = latex_error(log) or trim_error(log + "\n" + str(done.get("traceback") or done.get("error") or ""))[0]
    line = done.get("line")
    node = line_nodes.get(line) if isinstance(line, int) else None
    return RenderFailed(message, line=line, node=node)
