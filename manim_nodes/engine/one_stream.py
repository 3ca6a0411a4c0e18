"""One video encoder for a whole scene, instead of one per play.

Manim encodes every ``play`` into its own partial movie (a container, an
encoder and a thread each), then joins them. For a scene of many short plays
(a graph of quick fade-ins) opening and closing those encoders costs more than
drawing the frames. Here the first play's encoder job stays open and every
later play writes into it, so the scene is one partial movie, remuxed into the
output as Manim does. Frames, their count and the duration are unchanged.

A preview cut in cached segments (``segments``) asks for a new file at given
plays (``cut_at``): the stream is sealed there and the next play opens the next
one, so a run of short plays shares one encoder and each segment is a file of
its own that starts on a keyframe. ``written`` says which file each segment is.

Installed only in a process that renders one job (the worker's forked child,
or a fresh one where the worker does not fork): the encoder's threads live and
die with it, never in the worker that forks. Scenes that need
one file per play (sections) keep Manim's own path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_JOB = "_manim_nodes_one_stream"  # the scene's open encoder job, between and during plays
_PATH = "_manim_nodes_one_stream_path"  # the one partial movie it writes
_manims: dict[str, Callable[..., Any]] = {}  # SceneFileWriter's own methods, which these wrap
_cuts: set[int] = set()  # plays that start a new file (a segment), besides the first one written
written: dict[int, str] = {}  # first play of each file written -> its path


def cut_at(plays: set[int]) -> None:
    """Start a new file at each of ``plays`` (this process renders one job: module state is its own)."""
    _cuts.clear()
    _cuts.update(plays)
    written.clear()


def cut_at_also(play: int) -> None:
    """Start a new file at ``play`` too, decided while rendering (before that play opens its stream)."""
    _cuts.add(play)


def _active(writer: Any) -> bool:
    return not writer.output_spec.save_sections  # sections are cut from one file per play


def open_partial_movie_stream(writer: Any, *, animation_index: int, file_path: Any = None) -> None:
    job = getattr(writer, _JOB, None)
    if job is not None and animation_index in _cuts and _active(writer):
        _seal(writer, job)  # the last segment is complete: its encoder finishes while the next one starts
        job = None
    if job is None or not _active(writer):
        _manims["open_partial_movie_stream"](writer, animation_index=animation_index, file_path=file_path)
        if _active(writer):
            setattr(writer, _JOB, writer._current_encode_job)
            setattr(writer, _PATH, writer._current_encode_job.path)
            written[animation_index] = str(writer._current_encode_job.path)
        return
    if writer._current_encode_job is not None:
        raise RuntimeError("Cannot open a video segment while another segment is still open.")
    writer._current_encode_job = job


def close_partial_movie_stream(writer: Any) -> None:
    if getattr(writer, _JOB, None) is None:
        _manims["close_partial_movie_stream"](writer)
        return
    if writer._current_encode_job is None:
        raise RuntimeError("close_partial_movie_stream() called without an open partial movie stream.")
    writer._current_encode_job = None  # the job stays open for the next play


def _seal(writer: Any, job: Any) -> None:
    """Hand the open job to Manim's in-flight list, whose join waits for it."""
    setattr(writer, _JOB, None)
    if writer._current_encode_job is not job:
        job.seal()
        writer._inflight_encode_jobs.append(job)
        writer._inflight_by_path[str(job.path)] = job


def join_all_encode_jobs(writer: Any) -> None:
    """Seal the scene's job and wait for every job in flight."""
    job = getattr(writer, _JOB, None)
    if job is not None:
        _seal(writer, job)
    _manims["join_all_encode_jobs"](writer)


def abort_encode_jobs(writer: Any, reraise_encoder_failures: bool = False) -> None:
    job = getattr(writer, _JOB, None)
    setattr(writer, _JOB, None)
    if job is not None and writer._current_encode_job is None:
        writer._current_encode_job = job  # between plays: Manim discards it like an open one
    _manims["abort_encode_jobs"](writer, reraise_encoder_failures)


def combine_to_movie(writer: Any) -> None:
    path = getattr(writer, _PATH, None)
    if path is None:
        _manims["combine_to_movie"](writer)
        return
    files = writer.partial_movie_files
    writer.partial_movie_files = [str(path)]  # every play's frames are in the first one's file
    try:
        _manims["combine_to_movie"](writer)
    finally:
        writer.partial_movie_files = files


_WRAPPERS = (open_partial_movie_stream, close_partial_movie_stream, join_all_encode_jobs, abort_encode_jobs,
             combine_to_movie)  # fmt: skip


def install(writer_class: Any) -> None:
    """Make ``writer_class`` (Manim's SceneFileWriter) keep one encoder job open across plays."""
    if _manims:
        return
    for wrapper in _WRAPPERS:
        _manims[wrapper.__name__] = getattr(writer_class, wrapper.__name__)
        setattr(writer_class, wrapper.__name__, wrapper)
