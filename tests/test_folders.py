"""Folders in the data dir: names like ``gallery/MovingAngle`` in the store, API, events, watcher and engine.

The API tests run the real app on a loopback port (aiohttp's test server)
with the real watcher over real files; only the render engine is a stand-in.
"""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from test_server_security import raw_request, snapshot

from manim_nodes.config import Settings
from manim_nodes.engine.cache import PreviewStore
from manim_nodes.engine.engine import _check_name, export_stem
from manim_nodes.store import (
    NameTaken,
    StoreError,
    check_name,
    create_graph,
    find_graph,
    graph_files,
    name_problem,
    read_graph,
    scan_graph_files,
)
from manim_nodes.watcher import GraphWatcher

from server_fixtures import EXAMPLE, FakeEngine, client, engine, open_events, options, settings  # noqa: F401

pytestmark = pytest.mark.timeout(60)

GRAPH = EXAMPLE.read_bytes()


def disk(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the previews the start-up scan may be writing meanwhile."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith("preview/")}


def put(root: Path, relative: str, data: bytes = GRAPH) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ names and the one listing


@pytest.mark.parametrize("name", ["intro", "gallery/MovingAngle", "a/b/c/d", "code", "code/x", "x/code-2"])
def test_good_names(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../x", ".."),
        ("a/../../x", ".."),
        ("/abs", "leading /"),
        ("a//b", "empty"),
        ("a\\b", "\\"),
        (".trash/x", "hidden"),
        ("a/.x", "hidden"),
        ("a/b/c/d/e", "at most 3 deep"),
        ("a/", "empty"),
        ("x/code", "name actions"),
        ("x/render", "name actions"),
        ("a b/c", "not allowed"),
        ("", "name"),
    ],
)
def test_bad_names_say_why(name: str, why: str) -> None:
    problem = name_problem(name)
    assert problem is not None and why in problem
    with pytest.raises(StoreError) as caught:
        check_name(name)
    assert type(caught.value) is StoreError  # a bad request, not a missing or taken name


def test_one_listing_recurses_and_skips_what_it_should(tmp_path: Path) -> None:
    data = tmp_path / "graphs"
    outside = tmp_path / "outside"
    put(outside, "secret.yaml")
    for relative in (
        "intro.yaml",
        "gallery/MovingAngle.yaml",
        "gallery/deep/er/est.json",
        "gallery/deep/er/too/deep.yaml",  # a fifth segment
        ".trash/gallery.old.20260101T000000Z.yaml",
        ".hidden/x.yaml",
        "gallery/.x.yaml.abc.tmp",
        "gallery/code.yaml",  # reserved in a folder
        "bad name/x.yaml",
        "twice/x.yaml",
        "twice/x.json",  # shadowed by x.yaml
    ):
        put(data, relative)
    os.symlink(outside, data / "linked")  # a symlinked folder: never followed
    os.symlink(outside / "secret.yaml", data / "gallery" / "leak.yaml")  # a file link out: skipped
    os.symlink(data / "intro.yaml", data / "gallery" / "alias.yaml")  # a file link inside: fine
    names = [name for name, _ in graph_files(data)]
    assert names == ["gallery/MovingAngle", "gallery/alias", "gallery/deep/er/est", "intro", "twice/x"]
    assert dict(graph_files(data))["twice/x"].endswith("x.yaml")
    assert [(Path(p).name, Path(w).name) for p, w in scan_graph_files(data)[1]] == [("x.json", "x.yaml")]


def test_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    data, outside = tmp_path / "graphs", tmp_path / "outside"
    put(outside, "secret.yaml")
    data.mkdir()
    os.symlink(outside, data / "linked")
    with pytest.raises(StoreError):
        find_graph(data, "linked/secret")
    with pytest.raises(StoreError):
        create_graph(data, "linked/new")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.yaml"]


def test_create_graph_makes_folders(tmp_path: Path) -> None:
    path = create_graph(tmp_path, "gallery/deep/Fresh_one")
    assert path == (tmp_path / "gallery" / "deep" / "Fresh_one.yaml").resolve()
    state = read_graph(tmp_path, "gallery/deep/Fresh_one")
    assert state is not None and state.complete
    assert state.document is not None and state.document.data["name"] == "Fresh one"
    with pytest.raises(NameTaken):
        create_graph(tmp_path, "gallery/deep/Fresh_one", "json")


# ------------------------------------------------------------------ engine: preview and export paths


def test_preview_paths_of_folder_names_do_not_collide(tmp_path: Path) -> None:
    store = PreviewStore(tmp_path, 10**9)
    paths = {store.path(name, "k" * 20, "png") for name in ("gallery/MovingAngle", "gallery_MovingAngle", "gallery")}
    assert len(paths) == 3
    assert store.url("gallery/MovingAngle", "abc", "png") == "/previews/gallery/MovingAngle/abc.png"
    _check_name("gallery/MovingAngle")
    for bad in ("../x", "a/../b", "a//b", "/abs", ".trash/x"):
        with pytest.raises(ValueError):
            _check_name(bad)
    assert export_stem("gallery/MovingAngle") == "gallery.MovingAngle"


# ------------------------------------------------------------------ the API


async def test_listing_has_folder_names(client: TestClient, settings: Settings, tmp_path: Path) -> None:
    put(settings.data_dir, "gallery/MovingAngle.yaml")
    put(settings.data_dir, "gallery/sub/Deep.json", b'{"version": 1, "nodes": {}}\n')
    put(settings.data_dir, ".trash/gallery.Old.20260101T000000Z.yaml")
    put(tmp_path / "outside", "secret.yaml")
    os.symlink(tmp_path / "outside", settings.data_dir / "linked")
    body = await (await client.get("/api/graphs")).json()
    rows = {g["name"]: g for g in body["graphs"]}
    assert list(rows) == ["gallery/MovingAngle", "gallery/sub/Deep", "intro"]
    assert rows["gallery/sub/Deep"]["format"] == "json"
    assert rows["gallery/sub/Deep"]["title"] == "Deep"  # no display name: the file stem


async def test_a_graph_in_a_folder_end_to_end(
    client: TestClient, settings: Settings, engine: FakeEngine, tmp_path: Path
) -> None:
    data = settings.data_dir
    async with open_events(client) as events:
        response = await client.post("/api/graphs", json={"name": "gallery/new/Intro", "format": "yaml"})
        assert response.status == 201, await response.text()
        assert (await response.json())["name"] == "gallery/new/Intro"
        assert (data / "gallery" / "new" / "Intro.yaml").is_file()
        changed = await events.until("graph.changed", name="gallery/new/Intro")
        assert changed.data["source"] == "api"
        finished = await events.until("render.finished", name="gallery/new/Intro")
    assert finished.data["image"].startswith("/previews/gallery/new/Intro/")
    image = await client.get(finished.data["image"])
    assert image.status == 200 and image.content_type == "image/png"

    # the same graph, by / and by %2F
    for path in ("/api/graphs/gallery/new/Intro", "/api/graphs/gallery%2Fnew%2FIntro"):
        response = await client.get(path)
        assert response.status == 200, path
        assert (await response.json())["name"] == "gallery/new/Intro"
    tag = response.headers["ETag"]
    document = (await response.json())["graph"]

    response = await client.get("/api/graphs/gallery/new/Intro/code")
    assert response.status == 200
    code = await response.json()
    assert code["name"] == "gallery/new/Intro" and "class Intro(" in code["code"]

    document["description"] = "saved through a folder name"
    response = await client.put("/api/graphs/gallery/new/Intro", json=document, headers={"If-Match": tag})
    assert response.status == 200, await response.text()
    assert b"saved through a folder name" in (data / "gallery" / "new" / "Intro.yaml").read_bytes()

    assert (await client.post("/api/graphs/gallery/new/Intro/render")).status == 202
    response = await client.post("/api/graphs/gallery/new/Intro/export", json={"format": "mp4", "quality": "low"})
    assert response.status == 202
    assert ("gallery/new/Intro", "low", "mp4") in engine.exports

    # a rename may move the graph to another, new, folder
    async with open_events(client) as events:
        response = await client.post("/api/graphs/gallery/new/Intro/rename", json={"to": "other/Moved"})
        assert response.status == 200, await response.text()
        assert (await response.json()) == {"name": "other/Moved"}
        await events.until("graph.deleted", name="gallery/new/Intro")
        await events.until("graph.changed", name="other/Moved")
    assert not (data / "gallery" / "new" / "Intro.yaml").exists()
    assert (data / "other" / "Moved.yaml").is_file()

    # delete: into .trash, the folder path flattened into the file name
    async with open_events(client) as events:
        response = await client.delete("/api/graphs/other/Moved")
        assert response.status == 200, await response.text()
        trashed = (await response.json())["trashed"]
        await events.until("graph.deleted", name="other/Moved")
    assert trashed.startswith("other.Moved.") and trashed.endswith(".yaml")
    assert (data / ".trash" / trashed).is_file()
    assert not (data / "other" / "Moved.yaml").exists()
    names = [g["name"] for g in (await (await client.get("/api/graphs")).json())["graphs"]]
    assert names == ["intro"]


async def test_action_words_are_not_names(client: TestClient, settings: Settings) -> None:
    before = snapshot(settings.data_dir)
    for name in ("intro/code", "gallery/render", "a/export", "b/rename"):
        response = await client.post("/api/graphs", json={"name": name})
        assert response.status == 400, name
        assert "name actions" in (await response.json())["error"]["message"]
    response = await client.post("/api/graphs/intro/rename", json={"to": "gallery/code"})
    assert response.status == 400
    assert snapshot(settings.data_dir) == before
    # so /code after a name is always the code of that name
    response = await client.get("/api/graphs/intro/code")
    assert response.status == 200 and (await response.json())["name"] == "intro"
    # and a top-level graph may still be called code
    response = await client.post("/api/graphs", json={"name": "code"})
    assert response.status == 201
    assert (await (await client.get("/api/graphs/code")).json())["name"] == "code"
    assert (await (await client.get("/api/graphs/code/code")).json())["name"] == "code"


async def test_two_files_one_name(client: TestClient, settings: Settings) -> None:
    put(settings.data_dir, "g/x.json", b'{"version": 1, "name": "from json", "nodes": {}}\n')
    put(settings.data_dir, "g/x.yaml", b"version: 1\nname: from yaml\nnodes: {}\n")
    body = await (await client.get("/api/graphs/g/x")).json()
    assert body["format"] == "yaml" and body["graph"]["name"] == "from yaml"
    rows = [g for g in (await (await client.get("/api/graphs")).json())["graphs"] if g["name"] == "g/x"]
    assert [r["format"] for r in rows] == ["yaml"]


# ------------------------------------------------------------------ hostile names

HOSTILE = [
    "..%2Fx",
    "a%2F..%2F..%2Fx",
    "%2Fabs",
    "a%2F%2Fb",
    "a//b",
    "a%5Cb",
    ".trash%2Fx",
    ".trash/x",
    "%2Etrash/x",
    "a/b/c/d/e",
    "a%2Fb%2Fc%2Fd%2Fe",
    "linked/secret",
    "linked%2Fsecret",
]


@pytest.fixture
def hostile_setup(settings: Settings, tmp_path: Path) -> Path:
    """A symlinked folder out of the data dir, a trashed graph, a file just outside: things to reach."""
    put(tmp_path / "outside", "secret.yaml")
    os.symlink(tmp_path / "outside", settings.data_dir / "linked")
    put(settings.data_dir, ".trash/x.yaml")
    put(tmp_path, "x.yaml")
    put(tmp_path, "abs.yaml")
    return tmp_path


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", ""),
        ("PUT", ""),
        ("DELETE", ""),
        ("GET", "/code"),
        ("POST", "/render"),
        ("POST", "/export"),
        ("POST", "/rename"),
    ],
)
async def test_hostile_names_in_urls_touch_nothing(
    client: TestClient, hostile_setup: Path, name: str, method: str, suffix: str
) -> None:
    before = disk(hostile_setup)
    body = json.dumps({"version": 1, "nodes": {}, "to": "fine"}).encode()
    status, payload = await raw_request(
        client,
        f"{method} /api/graphs/{name}{suffix} HTTP/1.1",
        {"If-Match": "*", "Content-Type": "application/json"},
        body,
    )
    assert status in (400, 404), (status, payload)
    if payload is not None:
        assert payload["error"]["status"] == status and payload["error"]["message"]
    assert disk(hostile_setup) == before


@pytest.mark.parametrize(
    "name", ["../x", "a/../../x", "/abs", "a//b", "a\\b", ".trash/x", "a/b/c/d/e", "linked/new", "linked/secret"]
)
async def test_hostile_names_in_bodies_touch_nothing(client: TestClient, hostile_setup: Path, name: str) -> None:
    before = disk(hostile_setup)
    response = await client.post("/api/graphs", json={"name": name})
    assert response.status in (400, 409), await response.text()
    assert (await response.json())["error"]["message"]
    response = await client.post("/api/graphs/intro/rename", json={"to": name})
    assert response.status in (400, 409), await response.text()
    assert disk(hostile_setup) == before
    assert not (hostile_setup / "outside" / "new.yaml").exists()


async def test_symlinked_folder_is_not_listed(client: TestClient, hostile_setup: Path) -> None:
    names = [g["name"] for g in (await (await client.get("/api/graphs")).json())["graphs"]]
    assert names == ["intro"]


# ------------------------------------------------------------------ the watcher, through the event stream


async def test_watcher_sees_new_folders_and_folder_deletes(client: TestClient, settings: Settings) -> None:
    data = settings.data_dir
    async with open_events(client) as events:
        put(data, "made/later/Fresh.yaml")  # folders made after the start
        changed = await events.until("graph.changed", name="made/later/Fresh")
        assert changed.data["source"] == "file"
        finished = await events.until("render.finished", name="made/later/Fresh")
        assert finished.data["image"].startswith("/previews/made/later/Fresh/")

        put(data, "made/Broken.yaml", b"version: 1\nnodes: {a: {type: NoSuchNode}}\n")
        invalid = await events.until("graph.invalid", name="made/Broken")
        assert invalid.data["errors"]

        put(data, ".trash/Ignored.yaml")  # hidden: nothing
        shutil.rmtree(data / "made")  # a folder deleted deletes its graphs
        deleted = {(await events.until("graph.deleted")).data["name"] for _ in range(2)}
        assert deleted == {"made/later/Fresh", "made/Broken"}
        later = await events.collect(0.8)
    assert not [e for e in later if e.name.startswith("graph.")]


async def test_a_folder_moved_in_and_out(client: TestClient, settings: Settings, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    put(staging, "One.yaml")
    put(staging, "sub/Two.yaml")
    async with open_events(client) as events:
        os.rename(staging, settings.data_dir / "moved")  # one event, for the folder only
        seen = {(await events.until("graph.changed")).data["name"] for _ in range(2)}
        assert seen == {"moved/One", "moved/sub/Two"}
        os.rename(settings.data_dir / "moved", tmp_path / "away")
        gone = {(await events.until("graph.deleted")).data["name"] for _ in range(2)}
        assert gone == {"moved/One", "moved/sub/Two"}


class Recorder:
    def __init__(self) -> None:
        self.etags: dict[str, str] = {}
        self.reports: list[tuple[str, str]] = []

    def known_etag(self, name: str) -> str | None:
        return self.etags.get(name)

    def known_names(self) -> list[str]:
        return list(self.etags)

    def last_state(self, name: str) -> Any:
        return None

    def used_pictures(self) -> set[str]:
        return set()

    def pictures_changed(self, paths: set[str]) -> None:
        pass

    def file_changed(self, state: Any) -> None:
        self.etags[state.name] = state.etag
        self.reports.append(("changed", state.name))

    def file_deleted(self, name: str) -> None:
        self.etags.pop(name, None)
        self.reports.append(("deleted", name))


async def until(predicate: Any, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("poll", [False, True], ids=["native", "poll"])
async def test_watcher_alone_in_both_modes(tmp_path: Path, poll: bool) -> None:
    data = tmp_path / "graphs"
    data.mkdir()
    recorder = Recorder()
    watcher = GraphWatcher(data, recorder, poll=poll, step_ms=30, settle=0.03, stable=0.25, delete_grace=0.25,
                           poll_delay_ms=50)  # fmt: skip
    watcher.start()
    await watcher.wait_ready()
    await asyncio.sleep(0.1)
    try:
        put(data, "a/b/G.yaml")
        put(data, "a/b/c/d/TooDeep.yaml")
        put(data, ".trash/a.b.G.yaml")
        await until(lambda: ("changed", "a/b/G") in recorder.reports)
        shutil.rmtree(data / "a")
        await until(lambda: ("deleted", "a/b/G") in recorder.reports)
        await asyncio.sleep(0.5)
        assert recorder.reports == [("changed", "a/b/G"), ("deleted", "a/b/G")]
    finally:
        await watcher.stop()
