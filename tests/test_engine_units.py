"""The engine's pure parts: range planning, cache keys, the capped preview store, temp dirs."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

from manim_nodes.compiler import CompiledScene
from manim_nodes.engine.cache import PreviewStore, cache_key
from manim_nodes.engine.split import plan_ranges
from manim_nodes.engine.tempdirs import JobDirs
from manim_nodes.engine.worker import Worker, thread_count
from manim_nodes.export import export_workers


def test_ranges_cover_every_animation_once_in_order() -> None:
    for durations in ([1.0] * 7, [5, 1, 1, 1, 1, 1], [1, 1, 1, 1, 8], [2.0, 2.0], [1.0]):
        for parts in (1, 2, 3, 4, 10):
            ranges = plan_ranges(list(durations), parts)
            covered = [i for a, b in ranges for i in range(a, b + 1)]
            assert covered == list(range(len(durations)))
            assert len(ranges) == min(parts, len(durations))


def test_ranges_balance_duration() -> None:
    assert plan_ranges([1, 1, 1, 1, 1, 1], 2) == [(0, 2), (3, 5)]
    assert plan_ranges([4, 1, 1, 1, 1], 2) == [(0, 0), (1, 4)]
    assert plan_ranges([], 3) == []


def test_cache_key_changes_with_what_decides_the_pixels() -> None:
    base = cache_key("source", "low", "mp4")
    assert base == cache_key("source", "low", "mp4")
    others = {cache_key("source2", "low", "mp4"), cache_key("source", "medium", "mp4"),
              cache_key("source", "low", "png"), cache_key("source", "low", "mp4", 30),
              cache_key("source", "low", "mp4", transparent=True)}  # fmt: skip
    assert base not in others and len(others) == 5


def make(store: PreviewStore, name: str, key: str, size: int, age: int) -> Path:
    produced = store.root.parent / f"{name}-{key}.tmp"
    produced.write_bytes(b"x" * size)
    path = store.path(name, key, "mp4")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(produced, path)
    os.utime(path, (1_000_000 + age, 1_000_000 + age))
    return path


def test_the_store_evicts_least_recently_used_but_never_a_current_preview(tmp_path: Path) -> None:
    store = PreviewStore(tmp_path / "preview", cap_bytes=250)
    oldest = make(store, "a", "k1", 100, age=1)
    pinned = make(store, "b", "k2", 100, age=2)
    used = make(store, "c", "k3", 100, age=3)
    store.pin([pinned])
    assert store.lookup("c", "k3", "mp4") == used  # now the most recently used
    assert store.lookup("a", "missing", "mp4") is None
    produced = tmp_path / "new.mp4"
    produced.write_bytes(b"y" * 100)
    newest = store.put("d", "k4", "mp4", produced)
    assert not oldest.exists() and pinned.exists() and newest.exists()
    assert not used.exists()  # 300 > 250: the next least recently used goes too
    assert sum(p.stat().st_size for p in (tmp_path / "preview").rglob("*") if p.is_file()) <= 250


def test_job_dirs_are_removed_whatever_happens(tmp_path: Path) -> None:
    dirs = JobDirs(tmp_path / "jobs")
    base = dirs.open()
    try:
        with dirs.job("x") as path:
            (path / "file").write_text("data")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert dirs.leftovers() == []
    dirs.close()
    assert not base.exists()


def test_the_worker_forks_only_while_no_thread_has_appeared() -> None:
    worker = Worker(io.BytesIO(), io.BytesIO(), threads_when_warm=thread_count())
    assert worker.may_fork()
    release = threading.Event()
    lingering = threading.Thread(target=release.wait)  # as a codec's thread left in the worker would be
    lingering.start()
    try:
        assert not worker.may_fork()  # the job runs in a fresh process instead
    finally:
        release.set()
        lingering.join()
    assert worker.may_fork()
    assert not Worker(io.BytesIO(), io.BytesIO(), cold=True).may_fork()


def test_exports_split_where_frames_are_dear_enough() -> None:
    five = CompiledScene("", "Five", animations=5)
    assert export_workers(five, "mp4", "low") == 1  # start-up and the join would cost more
    assert export_workers(five, "png", "high") == export_workers(five, "gif", "high") == 1
    assert export_workers(five, "mp4", "high") == min(os.cpu_count() or 1, 5)
    assert export_workers(CompiledScene("", "One", animations=1), "mov", "4k") == 1
