"""Every command the README shows is run here, or names the test that covers it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from manim_nodes.export import compile_file

from paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent

# Commands that this file does not run, and where they are exercised instead.
COVERED_ELSEWHERE = {
    "make test": "CI runs it: .ci/run",
    "make run": "tests/test_wheel.py starts manim-nodes watch; tests/test_server_* run the server",
    ".venv/bin/pytest": "it is this test run",
    "UPDATE_GOLDEN=1": "tests/test_compiler.py::test_golden_scripts",
    ".venv/bin/manim-nodes schema": "tests/test_catalog.py::test_checked_in_schema_is_current",
    "docker": "not runnable here (no Docker engine): tests/test_deploy.py lints and checks the files",
    "mkdir": "part of the Docker steps above",
}


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no section '{title}'"
    return match.group(1)


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def commands(block: str) -> list[str]:
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_quick_start_is_the_two_make_commands() -> None:
    (block,) = blocks(section("Quick start"), "bash")
    assert commands(block) == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert "manim-nodes watch ./graphs" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.render
def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    (block,) = blocks(section("A short tour"), "bash")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    for command in commands(block):
        result = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert (tmp_path / "intro.mp4").stat().st_size > 1000
    assert (tmp_path / "intro.png").stat().st_size > 1000
    assert "class Intro(Scene):" in (tmp_path / "intro.py").read_text()
    assert list((tmp_path / "media").rglob("Intro.mp4"))


def test_the_example_and_its_script_match_the_compiler() -> None:
    tour = section("A short tour")
    (graph,) = blocks(tour, "yaml")
    (script,) = blocks(tour, "python")
    path = ROOT / "graphs" / "circle_to_square.yaml"
    compiled = compile_file(path).source
    for line in script.splitlines():
        assert line in compiled, line
    written = {line.split("#")[0].rstrip() for line in graph.splitlines()}
    actual = {line.split("#")[0].rstrip() for line in path.read_text().splitlines()}
    assert written <= actual | {""}


def test_every_other_command_is_runnable_or_covered() -> None:
    shown = [c for title in ("Development", "Docker") for b in blocks(section(title), "bash") for c in commands(b)]
    assert shown
    for command in shown:
        covered = [key for key in COVERED_ELSEWHERE if command.startswith(key)]
        assert covered, f"README command not exercised anywhere: {command}"


@pytest.mark.parametrize(
    "subcommand",
    ["watch", "render", "validate", "code", "nodes", "schema", "new", "doctor", "fmt", "diff", "merge", "import"],
)
def test_every_cli_command_the_readme_names_exists(subcommand: str) -> None:
    result = subprocess.run(
        [str(BIN / "manim-nodes"), subcommand, "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
