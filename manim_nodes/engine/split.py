"""Long exports in parallel: animation ranges rendered by several workers, joined without re-encoding.

Manim renders a range of ``self.play`` calls with ``from_animation_number`` and
``upto_animation_number`` (the ``-n`` flag), skipping the others but keeping
their end state, so each range's frames are exactly that part of a full run.
ffmpeg's concat demuxer then joins the ranges with ``-c copy``.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

from ..manim_run import RenderFailed

SPLIT_FORMATS = ("mp4", "mov", "webm")  # containers the concat demuxer joins losslessly


def plan_ranges(durations: list[float], parts: int) -> list[tuple[int, int]]:
    """Contiguous, inclusive animation ranges of about equal total duration, at most ``parts`` of them."""
    count = len(durations)
    parts = max(1, min(parts, count))
    if parts == 1:
        return [(0, count - 1)] if count else []
    weights = [max(d, 1e-3) for d in durations]
    total = sum(weights)
    ranges: list[tuple[int, int]] = []
    start, acc = 0, 0.0
    for index, weight in enumerate(weights):
        acc += weight
        remaining_parts = parts - len(ranges) - 1
        remaining_items = count - index - 1
        boundary = acc >= total * (len(ranges) + 1) / parts
        if remaining_parts > 0 and (boundary or remaining_items == remaining_parts):
            ranges.append((start, index))
            start = index + 1
    ranges.append((start, count - 1))
    return [r for r in ranges if r[0] <= r[1]]


async def concat(parts: list[Path], output: Path, workdir: Path, timeout: float) -> None:
    """Join rendered ranges into ``output`` without re-encoding."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RenderFailed("ffmpeg is needed to join a split export; install it (manim-nodes doctor)")
    listing = workdir / "concat.txt"
    listing.write_text("".join(f"file '{p.as_posix()}'\n" for p in parts))
    process = await asyncio.create_subprocess_exec(
        ffmpeg, "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(output),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    try:
        _, err = await asyncio.wait_for(process.communicate(), timeout)
    except (TimeoutError, asyncio.CancelledError):
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise RenderFailed(f"joining the rendered parts failed: {err.decode(errors='replace').strip()[-400:]}")
