"""Hostile input (issue 12): no file, body or expression may crash, stall or poison the server.

Each hostile file goes through the CLI, the API and the watched folder; each hostile body
through the API. A property test at the end feeds generated documents to the loader, the
validator and the compiler.
"""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import ast
import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from manim_nodes.catalog import CATALOG
from manim_nodes.cli import main
from manim_nodes.compiler import compile_valid
from manim_nodes.document import _to_plain, load_bytes, load_tree
from manim_nodes.problems import GraphError
from manim_nodes.server.events import Event
from manim_nodes.server.state import HUB
from manim_nodes.validate import validate_data

from node_samples import SAMPLED_TYPES, sample_graph
from server_fixtures import FakeEngine, client, engine, open_events, options, settings  # noqa: F401

pytestmark = pytest.mark.timeout(60)

SCENE = "  s: {type: Scene, inputs: {add: [c]}}\n"


def _deep_flow() -> bytes:
    return b"version: 1\nnodes: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"


def _deep_block() -> bytes:
    return b"version: 1\nnodes:\n  a:\n    - " + b"- " * 30_000 + b"x\n"


def _circle(params: str) -> bytes:
    return f"version: 1\nnodes:\n  c:\n    type: Circle\n    params: {{{params}}}\n{SCENE}".encode()


def _function(expression: str) -> bytes:
    return (
        f"version: 1\nnodes:\n  c:\n    type: FunctionGraph\n    params: {{function: '{expression}'}}\n{SCENE}"
    ).encode()


# name, bytes, words the error must hold, the line it must be placed on (None: anywhere)
HOSTILE_FILES: list[tuple[str, bytes, tuple[str, ...], int | None]] = [
    ("deep_flow.yaml", _deep_flow(), ("nested more than 64 levels",), 2),
    ("deep_block.yaml", _deep_block(), ("nested more than 64 levels",), 4),
    ("deep.json", b'{"version": 1, "nodes": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", ("nested more than",), 1),
    ("huge_number.yaml", _circle("radius: " + "9" * 5000), ("too large", "5000 digits"), 5),
    (
        "huge_number.json",
        b'{"version": 1, "nodes": {"c": {"type": "Circle", "params": {"radius": 1' + b"0" * 5000 + b"}}}}",
        ("too large",),
        None,
    ),
    (
        "overflow.json",
        b'{"version": 1, "nodes": {"c": {"type": "Circle", "params": {"radius": 1e999}}}}',
        ("too large",),
        None,
    ),
    ("surrogate_id.json", b'{"version": 1, "nodes": {"a\\ud800": {"type": "Circle"}}}', ("not valid Unicode",), None),
    (
        "surrogate_text.json",
        b'{"version": 1, "nodes": {"t": {"type": "Text", "params": {"text": "a\\udfff"}}}}',
        ("not valid Unicode",),
        None,
    ),
    ("binary.yaml", _circle("color: !!binary aGVsbG8="), ("binary", "not allowed"), 5),
    (
        "set.yaml",
        b"version: 1\nnodes:\n  c:\n    type: Circle\n    params: !!set {radius}\n" + SCENE.encode(),
        ("set", "not allowed"),
        5,
    ),
    (
        "merge.yaml",
        b"version: 1\nx-base: &b {radius: 2}\nnodes:\n  c:\n    type: Circle\n    params: {<<: *b}\n" + SCENE.encode(),
        ("merge", "not allowed"),
        6,
    ),
    ("timestamp.yaml", _circle("name_hint: 2024-01-01"), ("timestamp", "not allowed"), 5),
    ("power_tower.yaml", _function("9**9**9"), ("too large",), 5),
    ("minus_chain.yaml", _function("-" * 490 + "x"), ("nests more than",), 5),
    (
        "newline_id.yaml",
        b'version: 1\nnodes:\n  "c\\n":\n    type: Circle\n  s:\n    type: Scene\n    inputs: {add: ["c\\n"]}\n',
        ("not a valid node id",),
        3,
    ),
]
IDS = [case[0] for case in HOSTILE_FILES]


# ------------------------------------------------------------------ the CLI


@pytest.mark.parametrize(("name", "raw", "words", "line"), HOSTILE_FILES, ids=IDS)
def test_validate_reports_each_hostile_file_in_place(
    tmp_path: Path, name: str, raw: bytes, words: tuple[str, ...], line: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert all(word in first for word in words), first
    if line is not None:
        assert first.startswith(f"{path}:{line}:"), first


@pytest.mark.parametrize("command", ["validate", "render"])
def test_deep_files_end_in_an_error_not_a_crash(tmp_path: Path, command: str) -> None:
    """The C loader used to recurse until the process died (exit 139): a real process proves it does not."""
    for name, raw in (("flow.yaml", _deep_flow()), ("block.yaml", _deep_block())):
        path = tmp_path / name
        path.write_bytes(raw)
        args = [str(Path(sys.executable).parent / "manim-nodes"), command, str(path)]
        if command == "render":
            args += ["--output", str(tmp_path / "out.mp4")]
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, (done.returncode, done.stderr[-500:])
        assert "nested more than 64 levels" in done.stdout + done.stderr


# ------------------------------------------------------------------ the API and the watched folder


@pytest.mark.parametrize(("name", "raw", "words", "line"), HOSTILE_FILES, ids=IDS)
async def test_a_hostile_file_is_one_entry_of_the_list(
    client: TestClient, settings: Any, name: str, raw: bytes, words: tuple[str, ...], line: int | None
) -> None:
    (settings.data_dir / name).write_bytes(raw)
    response = await client.get("/api/graphs")
    assert response.status == 200, await response.text()
    rows = {row["name"]: row for row in (await response.json())["graphs"]}
    assert rows["intro"]["valid"], "the other graphs stand"
    stem = name.rsplit(".", 1)[0]
    assert not rows[stem]["valid"]
    one = await client.get(f"/api/graphs/{stem}")
    assert one.status == 200
    errors = (await one.json())["errors"]
    assert errors and all(word in errors[0]["message"] for word in words), errors
    code = await client.get(f"/api/graphs/{stem}/code")
    assert code.status == 422, await code.text()


@pytest.mark.parametrize(("name", "raw", "words", "line"), HOSTILE_FILES[:8], ids=IDS[:8])
async def test_the_watcher_reports_a_hostile_file_and_keeps_streaming(
    client: TestClient, settings: Any, name: str, raw: bytes, words: tuple[str, ...], line: int | None
) -> None:
    stem = name.rsplit(".", 1)[0]
    async with open_events(client) as events:
        (settings.data_dir / name).write_bytes(raw)
        invalid = await events.until("graph.invalid", name=stem)
        assert all(word in invalid.data["errors"][0]["message"] for word in words)
        intro = settings.data_dir / "intro.yaml"
        intro.write_bytes(intro.read_bytes().replace(b"radius: 1.5", b"radius: 2.5"))
        await events.until("graph.changed", name="intro")


def _deep_body() -> bytes:
    return b'{"version": 1, "nodes": {"c": {"type": "Circle", "params": {"radius": ' + b"[" * 50_000 + b"]" * 50_000


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (_deep_body() + b"}}}}", "nested more than"),
        (b'{"version": 1, "nodes": {"a\\ud800": {"type": "Circle"}}}', "not valid Unicode"),
        (
            b'{"version": 1, "nodes": {"c": {"type": "Circle", "params": {"radius": 1' + b"0" * 5000 + b"}}}}",
            "too large",
        ),
        (b'{"version": 1, "nodes": {}, "nodes": {}}', "duplicate key"),
    ],
    ids=["deep", "surrogate", "huge-number", "duplicate-key"],
)
async def test_hostile_bodies_are_400_and_change_nothing(
    client: TestClient, settings: Any, body: bytes, words: str
) -> None:
    before = (settings.data_dir / "intro.yaml").read_bytes()
    tag = (await client.get("/api/graphs/intro")).headers["ETag"]
    for method, url in (("PUT", "/api/graphs/intro"), ("POST", "/api/validate")):
        response = await client.request(
            method, url, data=body, headers={"If-Match": tag, "Content-Type": "application/json"}
        )
        assert response.status == 400, await response.text()
        assert words in (await response.json())["error"]["message"]
    assert (settings.data_dir / "intro.yaml").read_bytes() == before


async def test_a_body_that_is_not_json_is_415(client: TestClient, settings: Any) -> None:
    before = (settings.data_dir / "intro.yaml").read_bytes()
    tag = (await client.get("/api/graphs/intro")).headers["ETag"]
    response = await client.put("/api/graphs/intro", data={"radius": "3"}, headers={"If-Match": tag})
    assert response.status == 415, await response.text()
    assert "application/json" in (await response.json())["error"]["message"]
    assert (settings.data_dir / "intro.yaml").read_bytes() == before
    plain = await client.post("/api/validate", data=b"{}", headers={"Content-Type": "text/plain"})
    assert plain.status == 415


async def test_an_expression_that_would_hang_the_worker_is_refused_at_save(client: TestClient) -> None:
    response = await client.get("/api/graphs/intro")
    graph, tag = (await response.json())["graph"], response.headers["ETag"]
    graph["nodes"]["wave"] = {"type": "FunctionGraph", "params": {"function": "9**9**9"}}
    put = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
    assert put.status == 200
    saved = await put.json()
    assert saved["job"] is None, "an invalid graph starts no render"
    assert [e["path"] for e in saved["errors"]] == ["/nodes/wave/params/function"]
    assert (await client.get("/api/graphs/intro/code")).status == 422


async def test_an_event_that_cannot_be_encoded_does_not_end_the_streams(client: TestClient) -> None:
    hub = client.app[HUB]
    async with open_events(client) as events:
        hub.publish("graph.changed", {"name": "a\ud800", "etag": "x"})
        hub.publish("graph.changed", {"name": "huge", "etag": 10**5000})
        hub.publish("graph.changed", {"name": "after", "etag": "y"})
        first = await events.until("graph.changed")
        assert first.data["name"] == "a\ud800"  # escaped on the wire, read back as sent
        assert (await events.next()).data == {"error": "the server could not encode this event"}
        assert (await events.next()).data["name"] == "after"
    async with open_events(client, headers={"Last-Event-ID": str(first.id - 1)}) as replay:
        assert (await replay.next()).data["name"] == "a\ud800", "a reconnect replays them too"


def test_event_wire_never_raises() -> None:
    for data in ({"x": "\udfff"}, {"x": object()}, {"x": float("nan")}, {"x": 10**5000}):
        wire = Event(1, "e", data).wire
        assert wire.startswith(b"id: 1\nevent: e\ndata: ") and wire.endswith(b"\n\n")
        wire.decode("utf-8")


# ------------------------------------------------------------------ properties

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
)
_PLAIN = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)
_YAML_BITS = st.sampled_from(
    [
        "a",
        "b:",
        " ",
        "  ",
        "\n",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "? ",
        "&x ",
        "*x",
        "!!str ",
        "!!int ",
        "'",
        '"',
        "#c",
        "1",
        "0x1f",
        "0o17",
        "1_000",
        ".5",
        "1e3",
        "-.inf",
        ".nan",
        "~",
        "null",
        "true",
        "2024-01-01",
        "<<",
        "=",
        "|",
        ">",
        "%YAML 1.1\n---\n",
        "---\n",
        "...\n",
        "\t",
        "\\u00e9",
        "é",
        "0b",
    ]
)
_YAML_TEXT = st.lists(_YAML_BITS, max_size=40).map("".join)


def _load(text: str, fmt: str = "yaml") -> Any:
    """The loader's answer: the data, or the GraphError it raised (anything else fails the test)."""
    try:
        return load_bytes(text.encode(), fmt, "g").data  # type: ignore[arg-type]
    except GraphError as exc:
        return exc


def _at(data: Any, path: str) -> Any:
    """The value at a JSON pointer."""
    for part in path.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_YAML_TEXT)
def test_yaml_the_loader_and_the_round_trip_loader_agree(text: str) -> None:
    """What ``validate`` reads (the fast loader) is exactly what a save keeps (the round-trip loader)."""
    fast = _load(text)
    slow_positions: dict[str, tuple[int, int]] = {}
    try:
        tree = load_tree(text, "g")
        slow: Any = {} if tree is None else _to_plain(tree, "", slow_positions, "g")
    except GraphError as exc:
        slow = exc
    if isinstance(slow, GraphError) and not slow.problems[0].message.startswith("invalid YAML"):
        assert isinstance(fast, GraphError), f"the round-trip loader refuses it ({slow}), the fast one must too"
    elif not isinstance(fast, GraphError) and not isinstance(slow, GraphError):
        assert fast == slow
        positions = load_bytes(text.encode(), "yaml", "g").positions
        assert positions.keys() == slow_positions.keys()
        valued = [path for path in positions if _at(fast, path) is not None]  # empty ones sit at their key
        assert {p: positions[p] for p in valued} == {p: slow_positions[p] for p in valued}, "placed alike"
    # else a syntax error in one parser only: libyaml and ruamel's parser differ on whitespace corners


@hypothesis_settings(max_examples=200, deadline=None)
@given(_PLAIN)
def test_generated_documents_never_crash_the_loader_or_validator(value: Any) -> None:
    document = {"version": 1, "nodes": {"a": {"type": "Circle", "params": {"radius": value}}}, "x": value}
    for text, fmt in ((json.dumps(document), "json"), (json.dumps(value), "json"), (json.dumps(value), "yaml")):
        loaded = _load(text, fmt)
        if isinstance(loaded, dict):
            validate_data(loaded)


_TYPES = sorted(name for name in SAMPLED_TYPES if name != "Scene")


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TYPES), st.data())
def test_whatever_validates_compiles_to_python(type_name: str, data: st.DataObject) -> None:
    """Values drawn at random into a sample graph: valid means the script parses."""
    graph = sample_graph(CATALOG[type_name])
    node = graph["nodes"]["subject"]
    for port in CATALOG[type_name].inputs:
        if port.name in node.get("params", {}) and data.draw(st.booleans()):
            node["params"][port.name] = data.draw(_PLAIN, label=port.name)
    new_id = data.draw(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True) | _TEXT, label="id")
    if new_id not in graph["nodes"]:
        graph["nodes"][new_id] = graph["nodes"].pop("subject")
        for other in graph["nodes"].values():
            for key, wire in other.get("inputs", {}).items():
                if wire == "subject":
                    other["inputs"][key] = new_id
                elif isinstance(wire, list):
                    other["inputs"][key] = [new_id if w == "subject" else w for w in wire]
    if not validate_data(graph):
        ast.parse(compile_valid(graph, "Generated").source)


# ------------------------------------------------------------------ smaller ones (issue 12.8)


def test_temp_files_of_a_cut_short_save_are_swept_at_start(tmp_path: Path) -> None:
    from manim_nodes.store import sweep_temp_files

    (tmp_path / "folder").mkdir()
    left = [tmp_path / ".intro.yaml.a1b2c3d4.tmp", tmp_path / "folder" / ".g.json.zz_9yy8x.tmp"]
    kept = [tmp_path / "intro.yaml", tmp_path / ".notes.tmp", tmp_path / "folder" / "g.json"]
    for path in left + kept:
        path.write_text("x")
    assert sorted(sweep_temp_files(tmp_path)) == sorted(p.resolve() for p in left)
    assert all(p.exists() for p in kept) and not any(p.exists() for p in left)


async def test_the_server_sweeps_temp_files_when_it_starts(settings: Any, engine: FakeEngine) -> None:
    from aiohttp.test_utils import TestServer

    from manim_nodes.server import create_app

    from server_fixtures import FAST

    temp = settings.data_dir / ".intro.yaml.k3j4h5g6.tmp"
    temp.write_text("version: 1\nno")
    async with TestClient(TestServer(create_app(settings, engine, FAST), host="127.0.0.1")) as started:
        assert (await started.get("/api/graphs")).status == 200
        assert not temp.exists()


def test_creating_a_graph_on_a_full_disk_leaves_no_file(tmp_path: Path) -> None:
    """/dev/full fails every write with ENOSPC, like a full disk; creation goes through a temp file."""
    import errno
    import os

    from manim_nodes import store

    real_fdopen = os.fdopen

    def full_disk(fd: int, *args: Any, **kwargs: Any) -> Any:
        os.dup2(os.open("/dev/full", os.O_WRONLY), fd)
        return real_fdopen(fd, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store.os, "fdopen", full_disk)
        with pytest.raises(OSError) as failed:
            store.create_graph(tmp_path, "intro")
    assert failed.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == [], "no 0-byte graph, no temp file"
    store.create_graph(tmp_path, "intro")  # and the name is still free
    assert store.read_graph(tmp_path, "intro") is not None


async def test_an_older_write_read_late_by_the_watcher_is_not_an_edit(client: TestClient, settings: Any) -> None:
    """Two quick saves write A then B; the watcher reading A after B's etag is known must stay quiet."""
    from manim_nodes.server.state import GRAPHS
    from manim_nodes.store import read_graph

    graphs = client.app[GRAPHS]
    response = await client.get("/api/graphs/intro")
    graph, tag = (await response.json())["graph"], response.headers["ETag"]
    graph["nodes"]["circle"]["params"]["radius"] = 2
    first = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
    state_a = read_graph(settings.data_dir, "intro")
    graph["nodes"]["circle"]["params"]["radius"] = 3
    await client.put("/api/graphs/intro", json=graph, headers={"If-Match": first.headers["ETag"]})
    async with open_events(client) as events:
        graphs.file_changed(state_a)  # what the racing watcher would report
        assert not [e for e in await events.collect(0.5) if e.name == "graph.changed"]
        path = settings.data_dir / "intro.yaml"
        path.write_bytes(path.read_bytes().replace(b"radius: 3", b"radius: 7"))  # a real edit still shows
        await events.until("graph.changed", name="intro", source="file")


async def test_a_server_starts_and_serves_with_every_hostile_file_in_its_folder(tmp_path: Path) -> None:
    """A real process: a crash in the start-up scan (the deep files used to segfault it) would end it."""
    import aiohttp

    from server_fixtures import server_process

    data = tmp_path / "graphs"
    data.mkdir()
    (data / "intro.yaml").write_bytes((Path(__file__).parent.parent / "graphs" / "circle_to_square.yaml").read_bytes())
    for name, raw, _, _ in HOSTILE_FILES:
        (data / name).write_bytes(raw)
    with server_process(tmp_path) as (proc, url):
        async with aiohttp.ClientSession() as session:
            for _ in range(3):  # the scan runs in the background: ask while and after it runs
                async with session.get(f"{url}/api/graphs") as response:
                    assert response.status == 200
                    rows = {row["name"]: row["valid"] for row in (await response.json())["graphs"]}
                await asyncio.sleep(0.5)
        assert proc.poll() is None
    assert rows.pop("intro") is True
    assert rows == {name.rsplit(".", 1)[0]: False for name, *_ in HOSTILE_FILES}
