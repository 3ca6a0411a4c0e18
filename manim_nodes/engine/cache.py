"""Content-addressed previews with a size cap.

A preview file is named by a hash of everything that decides its pixels: the
generated script, quality, format, frame rate and the Manim version. A save
that does not change the compiled scene finds its files and renders nothing.
The preview dir is capped: the least recently used files go first, but never
the current preview of a graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import __version__

# Bump when the engine changes how it renders (e.g. encoder settings), so old files are not reused.
RENDER_REVISION = "1"


def manim_version() -> str:
    try:
        return version("manim")
    except PackageNotFoundError:  # pragma: no cover - manim is a dependency
        return "unknown"


_MANIM_VERSION = manim_version()


def cache_key(source: str, quality: str, fmt: str, frame_rate: int | None = None, transparent: bool = False) -> str:
    """A short hash naming one rendered artifact of one script."""
    parts = [source, quality, fmt, str(frame_rate), str(transparent), _MANIM_VERSION, __version__, RENDER_REVISION]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


class PreviewStore:
    """Files under ``root/<graph name>/<key>.<ext>``, with least-recently-used eviction past ``cap_bytes``.

    A graph in a folder keeps its folders: ``root/gallery/Intro/<key>.png``,
    served as ``/previews/gallery/Intro/<key>.png``. Keys are hex digests with
    an extension and graph names hold no dots, so the files of graph
    ``gallery`` and the folder of graph ``gallery/Intro`` never collide, nor
    does ``gallery_Intro``, which is another folder.
    """

    def __init__(self, root: Path, cap_bytes: int) -> None:
        self.root = root
        self.cap_bytes = cap_bytes
        self.pinned: set[Path] = set()  # the current preview of each graph

    def path(self, name: str, key: str, ext: str) -> Path:
        return self.root / name / f"{key}.{ext}"

    def url(self, name: str, key: str, ext: str) -> str:
        return f"/previews/{name}/{key}.{ext}"

    def lookup(self, name: str, key: str, ext: str) -> Path | None:
        """The cached file, marked as just used; None if absent."""
        path = self.path(name, key, ext)
        try:
            os.utime(path)  # the mtime is our "last used"
        except FileNotFoundError:
            return None
        return path

    def put(self, name: str, key: str, ext: str, produced: Path, evict: bool = True) -> Path:
        """Move a finished render into the store atomically, then enforce the cap (unless the caller
        will, once the files it is still gathering are pinned)."""
        target = self.path(name, key, ext)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.part")
        shutil.move(str(produced), staging)
        os.replace(staging, target)
        if evict:
            self.evict()
        return target

    def pin(self, paths: Iterable[Path], unpin: Iterable[Path] = ()) -> None:
        self.pinned.difference_update(unpin)
        self.pinned.update(paths)

    def files(self) -> list[tuple[float, int, Path]]:
        found = []
        for path in self.root.rglob("*"):
            with contextlib.suppress(FileNotFoundError):
                if path.is_file():
                    stat = path.stat()
                    found.append((stat.st_mtime, stat.st_size, path))
        return found

    def evict(self) -> list[Path]:
        """Delete least recently used files until the store fits its cap."""
        files = self.files()
        total = sum(size for _, size, _ in files)
        removed: list[Path] = []
        for _, size, path in sorted(files):
            if total <= self.cap_bytes:
                break
            if path in self.pinned:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
            total -= size
        return removed

    def sweep_partials(self) -> None:
        """Half-moved files from a killed server."""
        for path in self.root.rglob(".*.part"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
