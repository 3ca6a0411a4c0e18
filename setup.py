"""Build hook for the wheel: the browser editor and the JSON Schema go inside the package.

All other packaging metadata lives in pyproject.toml. When a wheel is built
(``pip install .``, ``pip wheel .``, ``python -m build``):

- the editor is taken from ``manim_nodes/static/``; if it has not been built,
  ``scripts/build-web.sh`` builds it first (Node.js 20 and npm needed), and
  the build stops with a clear message if it cannot;
- ``schema/graph.schema.json`` is copied to ``manim_nodes/json_schema/``.

Editable installs (``pip install -e .``) skip both: they read the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
EDITOR_INDEX = ROOT / "manim_nodes" / "static" / "index.html"
BUILD_WEB = ROOT / "scripts" / "build-web.sh"
SCHEMA = ROOT / "schema" / "graph.schema.json"
SCHEMA_IN_PACKAGE = Path("manim_nodes") / "json_schema" / "graph.schema.json"


def ensure_editor() -> None:
    """Build the editor into manim_nodes/static unless it is there already."""
    if EDITOR_INDEX.is_file():
        return
    if not (BUILD_WEB.is_file() and (ROOT / "web" / "package.json").is_file()):
        raise SystemExit(f"manim-nodes: the editor is not built ({EDITOR_INDEX} is missing) and web/ is not here")
    print("manim-nodes: building the editor with scripts/build-web.sh")
    result = subprocess.run(["bash", str(BUILD_WEB)], cwd=ROOT, check=False)
    if result.returncode != 0 or not EDITOR_INDEX.is_file():
        raise SystemExit("manim-nodes: building the editor failed; run `make web` (Node.js 20 and npm needed)")


class BuildPyWithEditor(build_py):
    """``build_py`` that also puts the built editor and the JSON Schema in the wheel."""

    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable:
            ensure_editor()
            # package_data was globbed before run(); pick up files the editor build just made
            self.data_files = self._get_data_files()
        super().run()
        if not editable:
            if not SCHEMA.is_file():
                raise SystemExit(f"manim-nodes: {SCHEMA} is missing")
            target = Path(self.build_lib) / SCHEMA_IN_PACKAGE
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SCHEMA, target)


setup(cmdclass={"build_py": BuildPyWithEditor})
