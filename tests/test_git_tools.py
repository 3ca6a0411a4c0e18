"""``manim-nodes diff`` and ``merge``, alone and as git's diff and merge drivers in a real repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from manim_nodes.cli import main
from manim_nodes.graph_diff import readable_diff

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = (REPO / "graphs" / "circle_to_square.yaml").read_text()
CLI = Path(sys.executable).parent / "manim-nodes"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text())
    return data


def graph(**nodes: Any) -> dict[str, Any]:
    return {"version": 1, "nodes": nodes}


# ---------------------------------------------------------------- diff


def test_a_renamed_node_is_one_rename_even_when_changed_too() -> None:
    old = graph(
        circle={"type": "Circle", "params": {"radius": 1}}, draw={"type": "Create", "inputs": {"mobject": "circle"}}
    )
    new = graph(
        ring={"type": "Circle", "params": {"radius": 2}}, draw={"type": "Create", "inputs": {"mobject": "ring"}}
    )
    assert readable_diff(old, new).lines() == ["~ node circle renamed to ring", "~ ring.radius: 1 -> 2"]


def test_a_moved_node_under_a_new_id_is_a_rename() -> None:
    old = graph(a={"type": "Dot", "pos": [0, 0]})
    new = graph(b={"type": "Dot", "pos": [5, 5]})
    diff = readable_diff(old, new)
    assert diff.renamed == [("a", "b")]
    assert diff.lines() == ["~ node a renamed to b", "~ b.pos: [0, 0] -> [5, 5]"]


def test_two_look_alike_new_nodes_are_no_rename() -> None:
    old = graph(a={"type": "Dot"})
    new = graph(b={"type": "Dot"}, c={"type": "Dot"})
    diff = readable_diff(old, new)
    assert diff.renamed == [] and diff.removed == [("a", "Dot")] and len(diff.added) == 2


def test_wires_are_told_apart_from_values() -> None:
    old = graph(out={"type": "Scene", "inputs": {"animations": ["a", "b"]}, "params": {"x": 1}})
    new = graph(out={"type": "Scene", "inputs": {"animations": ["a", "c.anim"]}, "params": {"x": 2}})
    assert readable_diff(old, new).lines() == [
        "~ out.x: 1 -> 2",
        "+ wire c.anim -> out.animations",
        "- wire b -> out.animations",
    ]


def test_reordered_wires_are_a_changed_value() -> None:
    old = graph(out={"type": "Scene", "inputs": {"animations": ["a", "b"]}})
    new = graph(out={"type": "Scene", "inputs": {"animations": ["b", "a"]}})
    assert readable_diff(old, new).lines() == ['~ out.animations: ["a", "b"] -> ["b", "a"]']


def test_diff_of_two_files_in_text_and_json(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.json"
    a.write_text(EXAMPLE)
    data = load(a)
    data["nodes"]["circle"]["params"]["radius"] = 2
    del data["nodes"]["square"]["params"]["color"]
    b.write_text(json.dumps(data))
    result = run("diff", str(a), str(b))
    assert result.exit_code == 0
    assert result.output.splitlines() == ["~ circle.radius: 1.5 -> 2", '~ square.color: "RED" -> (not set)']
    as_json = json.loads(run("diff", "--json", str(a), str(b)).output)
    assert as_json["changed"][1] == {"place": "square.color", "old": "RED"}
    assert run("diff", "--exit-code", str(a), str(b)).exit_code == 1
    assert run("diff", "--exit-code", str(a), str(a)).exit_code == 0


def test_diff_of_a_file_that_does_not_parse_says_where_and_exits_2(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(EXAMPLE)
    b.write_text("version: 1\nnodes: {a: [\n")
    result = run("diff", str(a), str(b))
    assert result.exit_code == 2
    assert "b.yaml:" in result.output


def test_one_file_prints_one_value_per_line_for_textconv(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(EXAMPLE)
    lines = run("diff", str(a)).output.splitlines()
    assert "circle: Circle" in lines
    assert "circle.radius: 1.5" in lines
    assert 'out.animations: ["draw", "morph"]' in lines


# ---------------------------------------------------------------- merge


def three(tmp_path: Path, ours_edit: Any, theirs_edit: Any) -> tuple[Path, Path, Path]:
    base, ours, theirs = (tmp_path / n for n in (".merge_file_base", ".merge_file_ours", ".merge_file_theirs"))
    base.write_text(EXAMPLE)
    ours.write_text(ours_edit(EXAMPLE))
    theirs.write_text(theirs_edit(EXAMPLE))
    return base, ours, theirs


def test_a_clean_merge_keeps_both_sides_and_our_comments(tmp_path: Path) -> None:
    base, ours, theirs = three(
        tmp_path,
        lambda t: t.replace("radius: 1.5", "radius: 2"),
        lambda t: t.replace("side_length: 3", "side_length: 9") + "  dot:\n    type: Dot\n",
    )
    result = run("merge", str(base), str(ours), str(theirs), "--name", "intro.yaml")
    assert result.exit_code == 0, result.output
    merged = load(ours)
    assert merged["nodes"]["circle"]["params"]["radius"] == 2
    assert merged["nodes"]["square"]["params"]["side_length"] == 9
    assert merged["nodes"]["dot"] == {"type": "Dot"}
    assert ours.read_text().startswith("# A circle is drawn")


def test_a_value_changed_two_ways_is_marked_and_validate_points_at_it(tmp_path: Path) -> None:
    base, ours, theirs = three(
        tmp_path, lambda t: t.replace("radius: 1.5", "radius: 2"), lambda t: t.replace("radius: 1.5", "radius: 3")
    )
    result = run("merge", str(base), str(ours), str(theirs))
    assert result.exit_code == 1
    assert "nodes/circle/params/radius" in result.output
    marker = load(ours)["nodes"]["circle"]["params"]["radius"]
    assert marker == {"x-merge-conflict": {"ours": 2, "theirs": 3, "base": 1.5}}
    named = tmp_path / "intro.yaml"
    shutil.copy(ours, named)
    checked = run("validate", str(named))
    assert checked.exit_code == 1
    [line] = [x for x in checked.output.splitlines() if "merge conflict" in x]
    line_no = next(i for i, t in enumerate(named.read_text().splitlines(), 1) if "x-merge-conflict" in t)
    assert line.startswith(f"{named}:{line_no}:")
    assert "ours has 2, theirs has 3" in line


def test_a_node_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(tmp_path: Path) -> None:
    def drop_square(t: str) -> str:
        data = YAML(typ="safe").load(t)
        del data["nodes"]["square"]
        del data["nodes"]["morph"]
        data["nodes"]["out"]["inputs"]["animations"] = ["draw"]
        return json.dumps(data)

    base, ours, theirs = three(tmp_path, lambda t: t.replace("side_length: 3", "side_length: 4"), drop_square)
    result = run("merge", str(base), str(ours), str(theirs), "--name", "intro.yaml")
    assert result.exit_code == 1
    square = load(ours)["nodes"]["square"]
    assert set(square) == {"x-merge-conflict"}
    assert "theirs" not in square["x-merge-conflict"]
    assert square["x-merge-conflict"]["ours"]["params"]["side_length"] == 4


def test_a_side_that_cannot_be_read_leaves_ours_alone(tmp_path: Path) -> None:
    base, ours, theirs = three(tmp_path, lambda t: t.replace("radius: 1.5", "radius: 2"), lambda t: "nodes: [\n")
    before = ours.read_bytes()
    result = run("merge", str(base), str(ours), str(theirs))
    assert result.exit_code == 2
    assert "theirs:" in result.output
    assert ours.read_bytes() == before


# ---------------------------------------------------------------- in git


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, text=True, capture_output=True, check=check)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None or not CLI.exists():
        pytest.skip("needs git and the installed manim-nodes command")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "Test")
    # the lines docs/git.md gives
    (repo / ".gitattributes").write_text("*.yaml merge=manim-nodes diff=manim-nodes\n")
    git(repo, "config", "merge.manim-nodes.name", "manim-nodes graph merge")
    git(repo, "config", "merge.manim-nodes.driver", f"{CLI} merge %O %A %B --name %P")
    git(repo, "config", "diff.manim-nodes.textconv", f"{CLI} diff")
    (repo / "intro.yaml").write_text(EXAMPLE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def commit_on(repo: Path, branch: str, edit: Any, start: str = "main") -> None:
    git(repo, "checkout", "-q", "-B", branch, start)
    path = repo / "intro.yaml"
    path.write_text(edit(path.read_text()))
    git(repo, "commit", "-q", "-am", branch)


def test_git_merges_edits_to_different_nodes_cleanly(repo: Path) -> None:
    commit_on(repo, "theirs", lambda t: t.replace("side_length: 3", "side_length: 9"))
    commit_on(repo, "ours", lambda t: t.replace("radius: 1.5", "radius: 2"))
    merged = git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    data = load(repo / "intro.yaml")
    assert data["nodes"]["circle"]["params"]["radius"] == 2
    assert data["nodes"]["square"]["params"]["side_length"] == 9
    assert run("validate", str(repo / "intro.yaml")).exit_code == 0


def test_git_leaves_a_parsable_file_with_the_conflict_marked(repo: Path) -> None:
    commit_on(repo, "theirs", lambda t: t.replace("radius: 1.5", "radius: 3"))
    commit_on(repo, "ours", lambda t: t.replace("radius: 1.5", "radius: 2"))
    merged = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    text = (repo / "intro.yaml").read_text()
    assert "<<<<<<<" not in text
    assert load(repo / "intro.yaml")["nodes"]["circle"]["params"]["radius"]["x-merge-conflict"]["theirs"] == 3
    checked = run("validate", str(repo / "intro.yaml"))
    assert checked.exit_code == 1 and "merge conflict" in checked.output


def test_git_diff_reads_node_by_node_through_textconv(repo: Path) -> None:
    path = repo / "intro.yaml"
    path.write_text(EXAMPLE.replace("radius: 1.5", "radius: 2"))
    out = git(repo, "diff").stdout
    assert "-circle.radius: 1.5" in out and "+circle.radius: 2" in out


def test_git_external_diff_prints_the_node_level_diff(repo: Path) -> None:
    path = repo / "intro.yaml"
    path.write_text(EXAMPLE.replace("radius: 1.5", "radius: 2").replace("circle", "ring"))
    env = {**os.environ, "GIT_EXTERNAL_DIFF": f"{CLI} diff"}
    out = subprocess.run(["git", "diff"], cwd=repo, text=True, capture_output=True, check=True, env=env).stdout
    assert out.splitlines() == [
        "manim-nodes diff intro.yaml",
        "~ node circle renamed to ring",
        "~ ring.radius: 1.5 -> 2",
    ]
