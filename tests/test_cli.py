"""The CLI through click's runner, and once through a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from manim_nodes import __version__
from manim_nodes.cli import main

from paths import ROOT

BAD_GRAPH = """version: 1
nodes:
  circle:
    type: Circle
    params: {radius: big}
  draw:
    type: Create
    inputs: {mobject: circel}
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.output.strip() == f"manim-nodes, version {__version__}"


def test_validate_examples_ok(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(ROOT / "graphs")])
    assert result.exit_code == 0, result.output
    assert "0 with errors" in result.output


def test_validate_reports_file_line_col_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_GRAPH)
    result = runner.invoke(main, ["validate", str(bad), str(ROOT / "graphs" / "sine_plot.yaml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{bad}:5:22: 'radius' of Circle must be a number, got 'big' (at /nodes/circle/params/radius)"
    assert lines[1] == f"{bad}:8:23: no node named 'circel'; did you mean 'circle'? (at /nodes/draw/inputs/mobject)"
    assert lines[-1] == "2 file(s) checked, 1 with errors"


def test_validate_json(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_GRAPH)
    result = runner.invoke(main, ["validate", "--json", str(bad)])
    assert result.exit_code == 1
    (report,) = json.loads(result.output)
    assert report["valid"] is False
    assert report["errors"][1]["node"] == "draw" and report["errors"][1]["line"] == 8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nnodes: {a: [\n", "invalid YAML"),
        ("version: 2\nnodes: {}\n", "unsupported version 2"),
        ("version: 1\nnodes: !!python/object:os.system {}\n", "not allowed"),
    ],
)
def test_validate_bad_files_without_traceback(runner: CliRunner, tmp_path: Path, text: str, message: str) -> None:
    result = runner.invoke(main, ["validate", str(write(tmp_path, "g.yaml", text))])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_validate_missing_path(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "no/such.yaml"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_code_prints_the_script(runner: CliRunner) -> None:
    result = runner.invoke(main, ["code", str(ROOT / "graphs" / "circle_to_square.yaml")])
    assert result.exit_code == 0
    assert "class CircleToSquare(Scene):" in result.output
    compile(result.output, "eject.py", "exec")


def test_code_of_bad_graph(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["code", str(write(tmp_path, "bad.yaml", BAD_GRAPH))])
    assert result.exit_code == 1
    assert "did you mean 'circle'" in result.output


def test_code_without_scene(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "g.yaml", "version: 1\nnodes: {c: {type: Circle}}\n")
    result = runner.invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert "no Scene node" in result.output


def test_validate_fails_where_render_would_without_a_scene(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "g.yaml", "version: 1\nnodes: {c: {type: Circle}}\n")
    checked = runner.invoke(main, ["validate", str(path)])
    rendered = runner.invoke(main, ["render", str(path), "-o", str(tmp_path / "g.png"), "--format", "png"])
    assert checked.exit_code == rendered.exit_code == 1
    assert f"{path}:2:1: this graph has no Scene node" in checked.output
    assert "no Scene node" in rendered.output and not (tmp_path / "g.png").exists()


def test_validate_dir_names_a_shadowed_file(runner: CliRunner, tmp_path: Path) -> None:
    good = (ROOT / "graphs" / "circle_to_square.yaml").read_text()
    write(tmp_path, "x.yaml", good)
    write(tmp_path, "x.json", json.dumps({"version": 1, "nodes": {"s": {"type": "Scene"}}}))
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "x.json: x.yaml has the same graph name and wins" in result.output
    assert "2 file(s) checked, 1 with errors" in result.output


def test_nodes_lists_by_category(runner: CliRunner) -> None:
    result = runner.invoke(main, ["nodes"])
    assert result.exit_code == 0
    assert "Shapes" in result.output and "  Circle" in result.output
    data = json.loads(runner.invoke(main, ["nodes", "--json"]).output)
    assert len(data["nodes"]) >= 60


def test_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_new_creates_a_valid_graph_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(main, ["new", "my_scene", "--dir", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"my_scene.{fmt}"
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    again = runner.invoke(main, ["new", "my_scene", "--dir", str(tmp_path)])
    assert again.exit_code == 1
    assert "already exists" in again.output


@pytest.mark.parametrize(
    "name",
    [
        "../escape",
        "a//b",
        "/abs",
        "a/../b",
        "a\\b",
        "a/b/c/d/e",
        "x/code",
        ".trash/x",
        "",
        ".hidden",
        "x" * 80,
        "a\x00b",
    ],
)
def test_new_refuses_bad_names(runner: CliRunner, tmp_path: Path, name: str) -> None:
    result = runner.invoke(main, ["new", name, "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a valid graph name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_in_a_folder_and_validate_recurses(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["new", "gallery/deep/intro", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gallery" / "deep" / "intro.yaml").is_file()
    (tmp_path / "gallery" / "broken.yaml").write_text("version: 1\nnodes: {a: {type: Nope}}\n")
    (tmp_path / ".trash").mkdir()
    (tmp_path / ".trash" / "old.yaml").write_text("not: [valid\n")  # hidden folders are skipped
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "2 file(s) checked, 1 with errors" in result.output
    assert "broken.yaml" in result.output and ".trash" not in result.output


def test_doctor_passes_here(runner: CliRunner) -> None:
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    for name in ("ffmpeg", "latex", "manim", "disk"):
        assert name in result.output


def test_render_bad_graph_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["render", str(write(tmp_path, "bad.yaml", BAD_GRAPH))])
    assert result.exit_code == 1
    assert "did you mean 'circle'" in result.output
    assert "Traceback" not in result.output


def test_render_rejects_bad_config(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["render", str(ROOT / "graphs" / "circle_to_square.yaml")], env={"MAX_RENDER_TIME": "soon"}
    )
    assert result.exit_code == 1
    assert "MAX_RENDER_TIME" in result.output


def manim_processes(marker: str) -> list[str]:
    result = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if marker in line and "ps -eo" not in line]


@pytest.mark.render
def test_render_timeout_kills_the_process_group(runner: CliRunner, tmp_path: Path) -> None:
    graph = write(
        tmp_path,
        "slow.yaml",
        "version: 1\nnodes:\n  hold: {type: Wait, params: {run_time: 600}}\n"
        "  out: {type: Scene, inputs: {animations: [hold]}}\n",
    )
    started = time.monotonic()
    result = runner.invoke(
        main, ["render", str(graph), "--quality", "low", "-o", str(tmp_path / "slow.mp4")], env={"MAX_RENDER_TIME": "3"}
    )
    assert result.exit_code == 1
    assert "longer than MAX_RENDER_TIME (3 s)" in result.output
    assert time.monotonic() - started < 60
    assert manim_processes("manim-nodes-job-") == []
    assert not (tmp_path / "slow.mp4").exists()


@pytest.mark.render
def test_render_through_a_real_subprocess(tmp_path: Path) -> None:
    """The installed console script, as a user runs it: a video and a PNG."""
    exe = shutil.which("manim-nodes", path=str(Path(sys.executable).parent))
    assert exe, "the manim-nodes console script is not installed"
    for fmt in ("mp4", "png"):
        out = tmp_path / f"morph.{fmt}"
        result = subprocess.run(
            [
                exe,
                "render",
                str(ROOT / "graphs" / "circle_to_square.yaml"),
                "--quality",
                "low",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert f"Wrote {out}" in result.stdout
        assert out.stat().st_size > 1000
    assert list(tmp_path.iterdir()) and not list(tmp_path.glob("media"))


def test_new_from_an_example_template(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["new", "line", "--dir", str(tmp_path), "--template", "number_line"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "line.yaml").read_text()
    assert "name: Line" in text and "type: NumberLine" in text
    assert runner.invoke(main, ["validate", str(tmp_path / "line.yaml")]).exit_code == 0
    missing = runner.invoke(main, ["new", "x", "--dir", str(tmp_path), "--template", "nope"])
    assert missing.exit_code == 1 and "no template 'nope'" in missing.output
