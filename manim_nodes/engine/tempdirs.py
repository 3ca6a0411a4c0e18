"""Temp directories: one per job, removed whatever happens, swept after a crash.

Every engine keeps its job dirs under ``root/<pid>-<random>/``. At start the
engine removes the dirs of engines whose process is gone (a killed server),
and never touches those of a live one (two servers, or tests in parallel).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEX_CACHE = "tex-cache"
TEX_CACHE_FILES = 5000


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / f"manim-nodes-jobs-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_processes_in(directory: Path) -> None:
    """Kill stray processes (say, a LaTeX loop) still working in a dead engine's dir (Linux only)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    prefix = str(directory.resolve())
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cwd = os.readlink(entry / "cwd")
            if cwd == prefix or cwd.startswith(prefix + os.sep):
                os.kill(int(entry.name), signal.SIGKILL)


class JobDirs:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_root()
        self.base: Path | None = None

    @property
    def tex_cache(self) -> Path:
        """LaTeX SVGs shared by all jobs (content-addressed by Manim; see ``worker._share_tex``)."""
        return self.root / TEX_CACHE

    def open(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sweep()
        self.tex_cache.mkdir(exist_ok=True)
        self._trim_tex_cache()
        self.base = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.root))
        return self.base

    def sweep(self) -> list[Path]:
        """Remove what engines that no longer run left behind."""
        removed = []
        for entry in self.root.iterdir():
            if entry.name == TEX_CACHE:
                continue
            owner = entry.name.split("-", 1)[0]
            if owner.isdigit() and (int(owner) == os.getpid() or _alive(int(owner))):
                continue
            _kill_processes_in(entry)
            shutil.rmtree(entry, ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
            removed.append(entry)
        return removed

    @contextlib.contextmanager
    def job(self, label: str) -> Iterator[Path]:
        """A fresh dir for one job, removed on success, failure, timeout and cancel."""
        assert self.base is not None, "JobDirs.open() first"
        path = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.base))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def _trim_tex_cache(self) -> None:
        """Drop half-published files and keep the newest ``TEX_CACHE_FILES`` SVGs."""
        entries = []
        for path in self.tex_cache.iterdir():
            if path.name.startswith("."):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            with contextlib.suppress(FileNotFoundError):
                entries.append((path.stat().st_mtime, path))
        for _, path in sorted(entries, reverse=True)[TEX_CACHE_FILES:]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def leftovers(self) -> list[Path]:
        """Job dirs that exist now (for tests: none after a job ends)."""
        return sorted(self.base.iterdir()) if self.base and self.base.exists() else []
