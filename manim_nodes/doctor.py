"""``manim-nodes doctor``: is this machine able to render, and if not, how to fix it."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MIN_FREE_BYTES = 2 * 1024**3
_APT = "sudo apt-get install -y --no-install-recommends"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False


def _version_of(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (result.stdout or result.stderr).strip().splitlines()
    return first[0][:80] if first else "found"


def _module(name: str, fix: str) -> Check:
    try:
        module = importlib.import_module(name)
    except Exception as exc:
        return Check(name, False, f"cannot import: {exc}", fix)
    return Check(name, True, f"version {getattr(module, '__version__', '?')}")


def _disk(path: Path, label: str) -> Check:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    detail = f"{free / 1024**3:.1f} GiB free at {path}"
    if free < MIN_FREE_BYTES:
        return Check(f"disk ({label})", False, detail, "free some space: renders need at least 2 GiB", warning=True)
    return Check(f"disk ({label})", True, detail)


def run_checks(data_dir: Path, preview_dir: Path, export_dir: Path) -> list[Check]:
    checks = []
    for name, command, package in (
        ("ffmpeg", ["ffmpeg", "-version"], "ffmpeg"),
        ("latex", ["latex", "--version"], "texlive-latex-base texlive-latex-extra texlive-fonts-recommended"),
        ("dvisvgm", ["dvisvgm", "--version"], "dvisvgm"),
    ):
        version = _version_of(command)
        fix = f"{_APT} {package}   (macOS: brew install {name if name != 'latex' else '--cask mactex-no-gui'})"
        checks.append(Check(name, version is not None, version or "not found on PATH", fix))
    checks.append(_module("cairo", f"{_APT} libcairo2-dev pkg-config, then pip install pycairo"))
    checks.append(_module("manimpango", f"{_APT} libpango1.0-dev, then pip install manimpango"))
    checks.append(_module("manim", "pip install manim"))
    checks.append(_disk(preview_dir, "previews"))
    checks.append(_disk(export_dir, "exports"))
    checks.append(_disk(data_dir, "graphs"))
    return checks
