"""``manim-nodes fmt``: one canonical layout, idempotent, comments kept, and saves keep it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from manim_nodes.cli import main
from manim_nodes.document import format_of, load_bytes
from manim_nodes.formatting import formatted
from manim_nodes.store import save_if_match

REPO = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p for p in (REPO / "graphs").rglob("*") if p.suffix in (".yaml", ".json"))

MESSY = """\
# the scene
nodes:   # every node
    out: {type: Scene, inputs: {animations: [show]}}
    c:
        pos: [0, 0]
        params: {radius: 2}   # big
        type: Circle
    show:
        params: {run_time: 2}
        inputs: {mobject: c}
        type: Create
name: Messy
version: 1
"""


def fmt(text: str, kind: str = "yaml") -> str:
    return formatted(text.encode(), kind, "g." + kind).decode()  # type: ignore[arg-type]


def comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#.*", text)]


def test_a_messy_file_gets_the_canonical_layout_with_its_comments() -> None:
    out = fmt(MESSY)
    assert out == (
        "# the scene\n"
        "version: 1\n"
        "name: Messy\n"
        "nodes:   # every node\n"
        "  out:\n"
        "    type: Scene\n"
        "    inputs: {animations: [show]}\n"
        "  c:\n"
        "    type: Circle\n"
        "    params: {radius: 2}       # big\n"
        "    pos: [0, 0]\n"
        "  show:\n"
        "    type: Create\n"
        "    inputs: {mobject: c}\n"
        "    params: {run_time: 2}\n"
    )
    assert fmt(out) == out


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(REPO / "graphs")))
def test_fmt_is_idempotent_keeps_the_data_and_the_comments(path: Path) -> None:
    raw = path.read_bytes()
    kind = format_of(path)
    once = formatted(raw, kind, str(path))
    assert formatted(once, kind, str(path)) == once
    assert load_bytes(once, kind).data == load_bytes(raw, kind).data
    assert sorted(comments(once.decode())) == sorted(comments(raw.decode())), "a comment was lost"


def test_json_is_indented_by_two_in_the_canonical_key_order() -> None:
    text = json.dumps({"nodes": {"c": {"pos": [0, 0], "type": "Circle"}}, "version": 1})
    out = fmt(text, "json")
    assert out.startswith('{\n  "version": 1,\n  "nodes": {\n    "c": {\n      "type": "Circle",')
    assert fmt(out, "json") == out


def test_check_names_the_files_and_changes_nothing_then_fmt_fixes_them(tmp_path: Path) -> None:
    messy, tidy, broken = tmp_path / "messy.yaml", tmp_path / "tidy.yaml", tmp_path / "broken.yaml"
    messy.write_text(MESSY)
    tidy.write_text(fmt(MESSY))
    broken.write_text("nodes: [\n")
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(messy), str(tidy)])
    assert checked.exit_code == 1
    assert f"would reformat {messy}" in checked.output and str(tidy) not in checked.output
    assert messy.read_text() == MESSY
    assert runner.invoke(main, ["fmt", str(tmp_path)]).exit_code == 1  # the broken one
    assert broken.read_text() == "nodes: [\n"
    broken.unlink()
    assert runner.invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_a_save_from_the_editor_keeps_a_formatted_file_formatted(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(fmt(MESSY))
    data = load_bytes(path.read_bytes(), "yaml").data
    data["nodes"]["dot"] = {"pos": [5, 5], "params": {"radius": 0.1}, "type": "Dot"}  # as the editor sends keys
    data["nodes"]["c"] = {"pos": [0, 0], "type": "Circle", "params": {"radius": 3}, "inputs": {}}
    from manim_nodes.document import etag_of

    save_if_match(tmp_path, "g", data, etag_of(path.read_bytes()))
    raw = path.read_bytes()
    assert formatted(raw, "yaml") == raw, raw.decode()
    assert "# big" in raw.decode()


def test_the_bundled_graphs_are_formatted() -> None:
    result = CliRunner().invoke(main, ["fmt", "--check", str(REPO / "graphs")])
    assert result.exit_code == 0, result.output
