"""Images and SVGs from the data dir (assets.py): named safely, read once, confined, checked,
part of the cache key, and a change to one previews its graphs again."""

from __future__ import annotations

import asyncio
import io
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner
from PIL import Image

from manim_nodes.assets import MAX_ASSET_BYTES, AssetError, asset_files, path_problem, read_asset
from manim_nodes.cli import main
from manim_nodes.compiler import compile_graph
from manim_nodes.problems import GraphError
from manim_nodes.server import create_app
from manim_nodes.validate import validate_data

from server_fixtures import FAST, FakeEngine, make_settings, open_events

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<path d="M10 10 L90 10 L50 90 Z" fill="#58C4DD" stroke="#FFFFFF" stroke-width="4"/></svg>"""


def png(color: tuple[int, int, int], size: tuple[int, int] = (8, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def picture_graph(image: str = "images/flag.png", svg: str = "images/mark.svg") -> dict[str, Any]:
    return {
        "version": 1,
        "nodes": {
            "flag": {"type": "ImageMobject", "params": {"file": image, "height": 2, "position": [-3, 0]}},
            "mark": {"type": "SVGMobject", "params": {"file": svg, "height": 3, "position": [3, 0]}},
            "out": {"type": "Scene", "inputs": {"add": ["flag", "mark"]}},
        },
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "graphs"
    (root / "images").mkdir(parents=True)
    (root / "images" / "flag.png").write_bytes(png((220, 40, 40)))
    (root / "images" / "mark.svg").write_bytes(SVG)
    return root


# ---------------------------------------------------------------- names and files


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../secret.png", ".. folders"),
        ("images/../../x.png", ".. folders"),
        ("/etc/passwd.png", "no leading /"),
        ("C:/x.png", "no leading /"),
        ("images\\x.png", "not \\"),
        (".hidden/x.png", "starting with a letter"),
        ("a/b/c/d/x.png", "nest at most"),
        ("notes.txt", "only png"),
        ("", "give the path"),
    ],
)
def test_a_picture_path_outside_the_rules_is_refused_in_words(path: str, words: str) -> None:
    problem = path_problem(path)
    assert problem is not None and words in problem


def test_good_picture_paths() -> None:
    assert path_problem("logo.svg") is None
    assert path_problem("images/My photo 2.JPG") is None


def test_read_asset_checks_the_file(data_dir: Path, tmp_path: Path) -> None:
    assert read_asset(data_dir, "images/flag.png").content.startswith(b"\x89PNG")
    with pytest.raises(AssetError, match="is not in the data directory"):
        read_asset(data_dir, "images/missing.png")
    (data_dir / "images" / "fake.png").write_text("not an image")
    with pytest.raises(AssetError, match="is not a PNG image"):
        read_asset(data_dir, "images/fake.png")
    (data_dir / "images" / "fake.svg").write_bytes(png((0, 0, 0)))
    with pytest.raises(AssetError, match="is not an SVG file"):
        read_asset(data_dir, "images/fake.svg")
    with open(data_dir / "images" / "huge.png", "wb") as handle:  # sparse: quick to make
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(MAX_ASSET_BYTES + 1)
    with pytest.raises(AssetError, match=r"pictures may be at most 10\.0 MB"):
        read_asset(data_dir, "images/huge.png")


def test_symlinks_cannot_reach_outside_the_data_dir(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png((1, 2, 3)))
    (data_dir / "link.png").symlink_to(outside / "secret.png")
    with pytest.raises(AssetError, match="outside the data directory"):
        read_asset(data_dir, "link.png")
    (data_dir / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(AssetError, match="symlinked folder"):
        read_asset(data_dir, "linked/secret.png")
    (data_dir / "inside.png").symlink_to(data_dir / "images" / "flag.png")  # a link within is fine
    assert read_asset(data_dir, "inside.png").content == (data_dir / "images" / "flag.png").read_bytes()
    assert asset_files(data_dir) == ["images/flag.png", "images/mark.svg", "inside.png"]  # not the link out


# ---------------------------------------------------------------- validation and compiling


def test_validation_names_the_node_and_port_of_a_bad_path() -> None:
    problems = validate_data(picture_graph(image="../../etc/secret.png"))
    assert [(p.node, p.port) for p in problems] == [("flag", "file")]
    assert "inside the data directory" in problems[0].message
    graph = picture_graph()
    graph["nodes"]["name"] = {"type": "Text", "params": {"text": "images/flag.png"}}
    graph["nodes"]["mark"] = {"type": "SVGMobject", "inputs": {"file": "name"}}
    problems = validate_data(graph)
    assert any(p.node == "mark" and "cannot be wired" in p.message for p in problems)
    assert [p.port for p in validate_data(picture_graph(svg="images/flag.png"))] == ["file"]  # an svg port


def test_the_script_names_the_pictures_and_the_scene_carries_their_bytes(data_dir: Path) -> None:
    compiled = compile_graph(picture_graph(), "pictures", assets_root=data_dir)
    assert "flag = ImageMobject('images/flag.png')" in compiled.source
    assert "flag.scale_to_fit_height(2)" in compiled.source
    assert "mark = SVGMobject('images/mark.svg', height=3)" in compiled.source
    assert "# from the data directory, where it finds images/flag.png, images/mark.svg" in compiled.source
    assert [a.path for a in compiled.assets] == ["images/flag.png", "images/mark.svg"]
    ejected = compile_graph(picture_graph(), "pictures")  # no data dir: the script alone, to eject
    assert ejected.source == compiled.source and ejected.assets == ()
    before = compiled.identity
    (data_dir / "images" / "flag.png").write_bytes(png((40, 220, 40)))
    after = compile_graph(picture_graph(), "pictures", assets_root=data_dir)
    assert after.source == compiled.source and after.identity != before  # new pixels, new cache key


def test_a_missing_picture_fails_the_compile_on_its_node(data_dir: Path) -> None:
    (data_dir / "images" / "mark.svg").unlink()
    with pytest.raises(GraphError) as caught:
        compile_graph(picture_graph(), "pictures", assets_root=data_dir)
    assert [(p.node, p.port) for p in caught.value.problems] == [("mark", "file")]
    assert "'images/mark.svg' is not in the data directory" in caught.value.problems[0].message


def test_cli_validate_reads_pictures_from_the_data_dir(data_dir: Path, tmp_path: Path) -> None:
    folder = data_dir / "shows"
    folder.mkdir()
    graph_file = folder / "pictures.json"
    graph_file.write_text(json.dumps(picture_graph()))
    runner = CliRunner()

    def validate(*args: str, data: Path = tmp_path / "elsewhere") -> Any:
        return runner.invoke(main, ["validate", *args], env={"DATA_DIR": str(data)})

    assert validate(str(graph_file), data=data_dir).exit_code == 0  # inside the configured data dir
    assert validate(str(graph_file)).exit_code == 0  # else the nearest folder up where the pictures are
    assert validate(str(data_dir)).exit_code == 0  # a directory is the data dir of its graphs
    wrong = validate("--data-dir", str(folder), str(graph_file))
    assert wrong.exit_code == 1
    assert "shows/pictures.json:1:" in wrong.output and "'images/flag.png' is not in the data directory" in wrong.output
    (data_dir / "images" / "flag.png").unlink()
    assert validate(str(graph_file)).exit_code == 1
    ejected = runner.invoke(main, ["code", str(graph_file)])  # the script needs no picture to be written
    assert ejected.exit_code == 0 and "ImageMobject('images/flag.png')" in ejected.output


@pytest.mark.render
def test_cli_renders_the_example_that_shows_an_svg(tmp_path: Path) -> None:
    from paths import ROOT

    out = tmp_path / "logo.png"
    example = ROOT / "graphs" / "pictures" / "drawn_logo.yaml"
    result = CliRunner().invoke(main, ["render", str(example), "--format", "png", "--quality", "low", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Image.open(out) as frame:
        colors = frame.convert("RGB").getcolors(1 << 16) or []
    assert {(88, 196, 221), (252, 98, 85), (131, 193, 103)} <= {c for _, c in colors}  # the SVG's three boxes


# ---------------------------------------------------------------- the server


@pytest.fixture(params=[False, True], ids=["native", "poll"])
async def served(
    request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path
) -> AsyncIterator[tuple[TestClient, FakeEngine]]:
    settings = make_settings(tmp_path, poll=request.param)
    (data_dir / "pictures.json").write_text(json.dumps(picture_graph()))
    engine = FakeEngine(settings.preview_dir, settings.export_dir)
    async with TestClient(TestServer(create_app(settings, engine, FAST))) as client:
        yield client, engine


async def test_the_editor_lists_the_pictures(served: tuple[TestClient, FakeEngine]) -> None:
    client, _ = served
    body = await (await client.get("/api/pictures")).json()
    assert body == {"pictures": ["images/flag.png", "images/mark.svg"]}


async def test_a_changed_picture_previews_its_graph_again(
    served: tuple[TestClient, FakeEngine], data_dir: Path
) -> None:
    client, engine = served
    async with open_events(client) as events:
        await events.until("render.finished", name="pictures", timeout=20)  # the start-up scan
        (data_dir / "images" / "flag.png").write_bytes(png((40, 40, 220)))
        await events.until("render.finished", name="pictures", timeout=20)
        (data_dir / "images" / "mark.svg").unlink()
        failed = await events.until("render.failed", name="pictures", timeout=20)
        assert failed.data["node"] == "mark" and "images/mark.svg" in failed.data["error"]
        (data_dir / "images" / "mark.svg").write_bytes(SVG)  # back: previewed again
        await events.until("render.finished", name="pictures", timeout=20)
        (data_dir / "images" / "other.png").write_bytes(png((1, 1, 1)))  # shown by no graph
        assert not [e for e in await events.collect(2.5) if e.name.startswith("render.")]
    # the start-up scan, flag.png, mark.svg gone (a job that fails at its compile), mark.svg back
    assert [name for name, _ in engine.previews].count("pictures") == 4


@pytest.mark.render
async def test_pictures_render_like_plain_manim(data_dir: Path, tmp_path: Path) -> None:
    """The real engine writes the pictures beside the script: the frame equals plain Manim's,
    which reads the same files from the data dir."""
    from manim_nodes.export import export_compiled

    from plain_manim import plain_manim

    compiled = compile_graph(picture_graph(), "Pictures", assets_root=data_dir)
    ours = tmp_path / "ours.png"
    await export_compiled(compiled, ours, quality="low", fmt="png")
    by_hand = compiled.source.replace("'images/", f"'{data_dir}/images/")
    theirs = await asyncio.to_thread(plain_manim, by_hand, compiled.class_name, tmp_path / "plain", "-s", fmt="png")
    assert Image.open(ours).tobytes() == Image.open(theirs).tobytes()
    assert os.path.getsize(ours) > 1000


def test_an_image_from_a_formula_is_a_comprehension_and_bounded() -> None:
    graph = {
        "version": 1,
        "nodes": {
            "image": {"type": "ImageFromArray", "params": {"value": "255 * (x + y) / 62", "columns": 32, "rows": 32}},
            "out": {"type": "Scene", "inputs": {"add": ["image"]}},
        },
    }
    source = compile_graph(graph, "g").source
    assert "image = ImageMobject(np.uint8([[255 * (x + y) / 62 for x in range(32)] for y in range(32)]))" in source
    graph["nodes"]["image"]["params"].update(rows=5000, value="__import__('os')")
    messages = sorted(p.message for p in validate_data(graph))
    assert messages[0].startswith("'rows' must be at most 1024, got 5000")
    assert "bad expression in 'value'" in messages[1]


async def test_the_code_of_a_graph_needs_no_picture_but_an_export_does(
    served: tuple[TestClient, FakeEngine], data_dir: Path
) -> None:
    client, _ = served
    (data_dir / "images" / "flag.png").unlink()
    code = await client.get("/api/graphs/pictures/code")
    assert code.status == 200 and "ImageMobject('images/flag.png')" in (await code.json())["code"]
    export = await client.post("/api/graphs/pictures/export", json={"quality": "low", "format": "png"})
    body = await export.json()
    assert export.status == 422 and body["error"]["details"]["errors"][0]["node"] == "flag"
