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
from fractions import Fraction
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


def join_in_process(parts: list[Path], output: Path) -> None:
    """Join videos of the same encoding by copying their packets, shifted in time, into one file.

    The preview's segments (mp4, all from the same encoder settings) are joined this way: an
    ffmpeg process costs about 0.1 s to start, more than the copy of a preview's packets. Run it
    in a thread; PyAV (Manim's own dependency) lets go of the GIL while it reads and writes.
    """
    import av

    with av.open(str(output), "w") as joined:
        target = None
        offset = Fraction(0)  # seconds of video already written
        for part in parts:
            with av.open(str(part)) as source:
                stream = source.streams.video[0]
                if target is None:
                    target = joined.add_stream_from_template(stream)
                base = stream.time_base
                if base is None:
                    raise RenderFailed(f"a video segment has no time base: {part.name}")
                shift = round(offset / base)
                end = 0
                for packet in source.demux(stream):
                    if packet.dts is None or packet.pts is None:  # the demuxer's flush packet
                        continue
                    end = max(end, packet.pts + (packet.duration or 0))
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = target
                    joined.mux(packet)
                offset += end * base
