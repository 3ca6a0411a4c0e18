"""A preview as video segments of one animation each (a run of short ones shares one), each
cached by everything that comes before it.

A generated script is straight-line code: the cast, then each animation built
right before its ``self.play`` (or a ``self.wait``). The frames of play *i* are
decided by the script up to and including that play, so its key chains the
text of every statement up to it: a segment is reused exactly when nothing
that ran before it or in it changed, and an edit re-renders from the first
segment whose key changed. This is stricter than Manim's own partial-movie
hash (which misses state outside the mobjects) at the cost of reuse: an edit
to a mobject re-renders from the first play, since the cast precedes it.

A script whose plays are not all top-level statements of ``construct`` (a
loop of plays) gets no segment keys, and renders whole.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compiler import CompiledScene
from ..manim_run import RenderFailed
from .cache import cache_key
from .pool import RenderOutcome

MIN_SEGMENT_SECONDS = 1.0  # shorter plays share a segment (see ``plan_segments``)
TIMED_CALLS = frozenset({"play", "wait", "move_camera"})  # each plays once: one of Manim's "animations"


@dataclass(frozen=True)
class Play:
    """One play or wait of a script: its lines, and the node the compiler made it for (the script's
    own ``play_nodes``; None for a hand-written script)."""

    line: int
    end: int  # its last line: a play may span lines
    node: str | None


def plays_of(compiled: CompiledScene) -> list[Play] | None:
    """The top-level plays and waits of ``construct``, in order; None if they cannot be told apart."""
    try:
        tree = ast.parse(compiled.source)
    except SyntaxError:
        return None
    body = _construct_body(tree, compiled.class_name)
    if body is None:
        return None
    plays: list[Play] = []
    for statement in body:
        if _is_timed_call(statement):
            count = len(plays)
            node = compiled.play_nodes[count] if count < len(compiled.play_nodes) else None
            plays.append(Play(statement.lineno, statement.end_lineno or statement.lineno, node))
        elif any(_is_timed_call(inner) for inner in ast.walk(statement)):
            return None  # a play inside a loop or a branch: no one line per segment
    if len(plays) != compiled.animations:
        return None
    return plays


def play_keys(compiled: CompiledScene, plays: list[Play], quality: str, frame_rate: int | None) -> list[str]:
    """Per play, a key covering the script up to its last line, the pictures, and the render settings."""
    lines = compiled.source.splitlines(keepends=True)
    chain = hashlib.sha256(compiled.identity.removeprefix(compiled.source).encode())  # the pictures
    keys: list[str] = []
    start = 0
    for play in plays:
        chain.update("".join(lines[start : play.end]).encode())
        start = play.end
        keys.append(cache_key(chain.hexdigest(), quality, "segment.mp4", frame_rate))
    return keys


def plan_segments(durations: list[float]) -> list[tuple[int, int]]:
    """Runs of plays (first, last), each at least ``MIN_SEGMENT_SECONDS`` long but the last one.

    A run of short plays shares one segment: opening an encoder per 0.1 s fade-in cost more than
    the plays (a 99-fade-in graph took 2.6x as long). Runs are made left to right, so a change of
    duration moves no boundary before it, and segments before an edit keep their keys.
    """
    segments: list[tuple[int, int]] = []
    start, total = 0, 0.0
    for index, seconds in enumerate(durations):
        total += seconds
        if total >= MIN_SEGMENT_SECONDS - 1e-9:  # ten 0.1 s plays add up to 0.9999999
            segments.append((start, index))
            start, total = index + 1, 0.0
    if start < len(durations):
        segments.append((start, len(durations) - 1))
    return segments


def segment_key(keys: list[str], first: int, last: int) -> str:
    """A run's key: its last play's key covers everything up to it; where it starts is part of it."""
    return hashlib.sha256(f"{keys[last]}:{first}:{last}".encode()).hexdigest()[:20]


def _construct_body(tree: ast.Module, class_name: str) -> list[ast.stmt] | None:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "construct":
                    return item.body
    return None


def _is_timed_call(node: ast.AST) -> bool:
    if isinstance(node, ast.Expr):
        node = node.value
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in TIMED_CALLS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    )


@dataclass(frozen=True)
class Segment:
    """A run of plays in the preview store: its video, each play's last frame small, each one's length."""

    first: int
    video: Path
    meta: Path
    thumbnails: list[Path]
    frames: list[int]  # per play
    frame_rate: float

    @property
    def paths(self) -> list[Path]:
        return [self.video, self.meta, *self.thumbnails]


def read_meta(path: Path) -> tuple[list[int], float] | None:
    """A segment's frame counts (per play) and rate, from its ``.json``; None if unreadable."""
    try:
        data = json.loads(path.read_text())
        return [int(n) for n in data["frames"]], float(data["frame_rate"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def meta_text(frames: list[int], frame_rate: float) -> str:
    return json.dumps({"frames": frames, "frame_rate": frame_rate})


def first_to_render(found: list[Segment | None], splittable: bool) -> int:
    """The first segment missing; from the start when plays cannot render apart (updaters need
    every frame before them); ``len(found)`` when all are there."""
    missing = next((i for i, segment in enumerate(found) if segment is None), len(found))
    return 0 if missing < len(found) and not splittable else missing


def timeline_blocks(
    plays: list[Play], segments: list[Segment], cached: list[bool], url: Callable[[Path], str]
) -> list[dict[str, Any]]:
    """The ``timeline`` of ``render.finished``: per play, its node, where it is in the video, whether
    it came from the cache, and its thumbnail's URL. Times add up frames, exactly as the video does."""
    blocks: list[dict[str, Any]] = []
    frames = 0
    for segment, from_cache in zip(segments, cached, strict=True):
        for offset, (count, thumbnail) in enumerate(zip(segment.frames, segment.thumbnails, strict=True)):
            index = segment.first + offset
            start = frames / segment.frame_rate
            frames += count
            blocks.append({
                "index": index,
                "node": plays[index].node,
                "start": round(start, 4),
                "end": round(frames / segment.frame_rate, 4),
                "cached": from_cache,
                "thumbnail": url(thumbnail),
            })  # fmt: skip
    return blocks


@dataclass(frozen=True)
class RenderedSegment:
    """A run of plays just rendered by a segment job, still in its job dir."""

    video: Path
    thumbnails: list[Path]
    frames: list[int]
    frame_rate: float


def rendered_segment(outcome: RenderOutcome, first: int, last: int) -> RenderedSegment:
    """Plays ``first..last``'s file out of a segment job's outcome; a clear error if Manim did not write it."""
    video = outcome.segments.get(first)
    plays = range(first, last + 1)
    thumbnails = [outcome.thumbnails / f"{index}.jpg" for index in plays] if outcome.thumbnails else []
    frames = [outcome.frames.get(index) for index in plays]
    if video is None or not video.exists() or not thumbnails or not all(t.exists() for t in thumbnails):
        raise RenderFailed(f"Manim wrote no video for animation {first + 1}")
    if any(count is None for count in frames):
        raise RenderFailed(f"Manim wrote no frames for an animation of {first + 1} to {last + 1}")
    return RenderedSegment(video, thumbnails, [count for count in frames if count is not None], outcome.frame_rate)
