"""The watcher alone: one report per real save, whatever the editor's way of saving."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from watchfiles import Change

from manim_nodes.store import FileState, atomic_write
from manim_nodes.store import name_of_file as graph_name
from manim_nodes.watcher import GraphFileFilter, GraphWatcher

from server_fixtures import EXAMPLE

pytestmark = pytest.mark.timeout(30)

QUIET = 0.8  # seconds with no further report that make "exactly one" believable


class Recorder:
    """A watch handler that remembers what it was told, like the server's graph service."""

    def __init__(self) -> None:
        self.etags: dict[str, str] = {}
        self.reports: list[tuple[str, str, FileState | None]] = []
        self.event = asyncio.Event()

    def known_etag(self, name: str) -> str | None:
        return self.etags.get(name)

    def known_names(self) -> list[str]:
        return list(self.etags)

    def last_state(self, name: str) -> FileState | None:
        return None

    def used_pictures(self) -> set[str]:
        return set()

    def pictures_changed(self, paths: set[str]) -> None:
        pass

    def file_changed(self, state: FileState) -> None:
        self.etags[state.name] = state.etag
        self.reports.append(("changed", state.name, state))
        self.event.set()

    def file_deleted(self, name: str) -> None:
        self.etags.pop(name, None)
        self.reports.append(("deleted", name, None))
        self.event.set()

    async def settle(self, count: int = 1, timeout: float = 10.0) -> list[tuple[str, str, FileState | None]]:
        """Wait for ``count`` reports, then a quiet spell; returns every report so far."""

        async def wait() -> None:
            while len(self.reports) < count:
                self.event.clear()
                await self.event.wait()

        await asyncio.wait_for(wait(), timeout)
        await asyncio.sleep(QUIET)
        return self.reports


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    folder = tmp_path / "graphs"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "intro.yaml")
    return folder


@pytest.fixture(params=[False, True], ids=["native", "poll"])
def poll(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
async def watched(directory: Path, poll: bool) -> AsyncIterator[Recorder]:
    recorder = Recorder()
    from manim_nodes.store import read_graph

    state = read_graph(directory, "intro")
    assert state is not None
    recorder.etags["intro"] = state.etag
    watcher = GraphWatcher(
        directory, recorder, poll=poll, step_ms=30, settle=0.03, stable=0.25, delete_grace=0.25, poll_delay_ms=50
    )
    watcher.start()
    await watcher.wait_ready()
    await asyncio.sleep(0.1)
    try:
        yield recorder
    finally:
        await watcher.stop()


def edited(directory: Path) -> bytes:
    return (directory / "intro.yaml").read_bytes().replace(b"radius: 1.5", b"radius: 2.5")


# ------------------------------------------------------------------ ways of saving


def save_vscode(path: Path, data: bytes) -> None:
    """Truncate, then write in place (VS Code, most simple editors)."""
    with path.open("r+b") as handle:
        handle.truncate(0)
        handle.flush()
        os.fsync(handle.fileno())
        handle.write(data)


def save_vim(path: Path, data: bytes) -> None:
    """vim's default: probe with 4913, move the original to a backup~, write anew, drop the backup."""
    probe = path.parent / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.parent / (path.name + "~")
    os.rename(path, backup)
    path.write_bytes(data)
    backup.unlink()
    swap = path.parent / f".{path.name}.swp"
    swap.write_bytes(b"swap")
    swap.unlink()


def save_jetbrains(path: Path, data: bytes) -> None:
    """JetBrains "safe write": write a temp, move the original aside, rename the temp over."""
    temp = path.parent / (path.name + "___jb_tmp___")
    old = path.parent / (path.name + "___jb_old___")
    temp.write_bytes(data)
    os.rename(path, old)
    os.rename(temp, path)
    old.unlink()


def save_delete_recreate(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


def save_atomic(path: Path, data: bytes) -> None:
    atomic_write(path, data)


SAVES: dict[str, Callable[[Path, bytes], None]] = {
    "vscode": save_vscode,
    "vim": save_vim,
    "jetbrains": save_jetbrains,
    "delete-recreate": save_delete_recreate,
    "atomic": save_atomic,
}


@pytest.mark.parametrize("style", SAVES)
async def test_one_report_per_save(watched: Recorder, directory: Path, style: str) -> None:
    data = edited(directory)
    SAVES[style](directory / "intro.yaml", data)
    reports = await watched.settle()
    assert [(kind, name) for kind, name, _ in reports] == [("changed", "intro")]
    state = reports[0][2]
    assert state is not None and state.raw == data and state.complete


async def test_truncate_then_late_write_reports_only_the_finished_file(watched: Recorder, directory: Path) -> None:
    path = directory / "intro.yaml"
    data = edited(directory)
    path.write_bytes(b"")
    await asyncio.sleep(0.1)  # a separate batch: the file reads empty in between
    path.write_bytes(data[: data.index(b"fill_opacity")])  # cut inside a flow mapping: does not parse
    await asyncio.sleep(0.1)
    path.write_bytes(data)
    reports = await watched.settle()
    assert len(reports) == 1 and reports[0][2] is not None and reports[0][2].raw == data


async def test_delete_then_recreate_later_is_one_change(watched: Recorder, directory: Path) -> None:
    path = directory / "intro.yaml"
    data = edited(directory)
    path.unlink()
    await asyncio.sleep(0.1)
    path.write_bytes(data)
    reports = await watched.settle()
    assert [(kind, name) for kind, name, _ in reports] == [("changed", "intro")]


async def test_real_delete_is_reported(watched: Recorder, directory: Path) -> None:
    (directory / "intro.yaml").unlink()
    reports = await watched.settle()
    assert [(kind, name) for kind, name, _ in reports] == [("deleted", "intro")]


async def test_broken_file_is_reported_once_it_stays_broken(watched: Recorder, directory: Path) -> None:
    (directory / "intro.yaml").write_text("version: 1\nnodes:\n  a: [unclosed\n")
    reports = await watched.settle()
    assert len(reports) == 1
    state = reports[0][2]
    assert state is not None and not state.complete and state.problems


async def still_watching(watched: Recorder, directory: Path) -> None:
    """The positive control of a "reports nothing" test: a real change right after is reported."""
    (directory / "control.yaml").write_bytes(EXAMPLE.read_bytes())
    reports = await watched.settle()
    assert [(kind, name) for kind, name, _ in reports] == [("changed", "control")]


async def test_same_bytes_report_nothing(watched: Recorder, directory: Path) -> None:
    path = directory / "intro.yaml"
    path.touch()
    atomic_write(path, path.read_bytes())
    save_vim(path, path.read_bytes())
    await asyncio.sleep(QUIET + 0.3)
    assert watched.reports == []
    await still_watching(watched, directory)


async def test_the_servers_own_write_reports_nothing(watched: Recorder, directory: Path) -> None:
    from manim_nodes.document import etag_of

    data = edited(directory)
    watched.etags["intro"] = etag_of(data)  # what GraphService does before it writes
    atomic_write(directory / "intro.yaml", data)
    await asyncio.sleep(QUIET + 0.3)
    assert watched.reports == []
    await still_watching(watched, directory)


async def test_new_file_and_temp_files(watched: Recorder, directory: Path) -> None:
    for junk in (
        "x.yaml.swp",
        ".x.yaml.swx",
        "x.yaml~",
        "4913",
        "x.yaml___jb_tmp___",
        "#x.yaml#",
        ".#x.yaml",
        "notes.txt",
        ".hidden.yaml",
    ):
        (directory / junk).write_text("junk")
    (directory / ".trash").mkdir()  # hidden folders are not watched
    (directory / ".trash" / "old.yaml").write_bytes(EXAMPLE.read_bytes())
    (directory / "sub").mkdir()  # folders are (see test_folders.py)
    (directory / "sub" / "nested.yaml").write_bytes(EXAMPLE.read_bytes())
    (directory / "fresh.json").write_text('{"version": 1, "nodes": {}}\n')
    reports = await watched.settle(2)
    assert sorted((kind, name) for kind, name, _ in reports) == [("changed", "fresh"), ("changed", "sub/nested")]


async def test_git_checkout(watched: Recorder, directory: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=directory, check=True, capture_output=True
        )

    git("init", "-q")
    git("add", "intro.yaml")
    git("commit", "-qm", "one")
    original = (directory / "intro.yaml").read_bytes()
    (directory / "intro.yaml").write_bytes(edited(directory))
    await watched.settle()
    watched.reports.clear()
    git("checkout", "--", "intro.yaml")
    reports = await watched.settle()
    assert len(reports) == 1 and reports[0][2] is not None and reports[0][2].raw == original
    watched.reports.clear()
    git("checkout", "--", "intro.yaml")  # nothing to change: nothing reported
    await asyncio.sleep(QUIET)
    assert watched.reports == []
    await still_watching(watched, directory)


async def test_many_files_at_once(watched: Recorder, directory: Path) -> None:
    for i in range(20):
        (directory / f"g{i}.yaml").write_bytes(EXAMPLE.read_bytes())
    reports = await watched.settle(20)
    assert sorted(name for _, name, _ in reports) == sorted(f"g{i}" for i in range(20))


async def test_wait_ready_raises_when_the_watch_never_starts(directory: Path) -> None:
    watcher = GraphWatcher(directory, Recorder())  # never started: its watch is never in place
    with pytest.raises(TimeoutError, match="not in place"):
        await watcher.wait_ready(timeout=0.2)


# ------------------------------------------------------------------ pieces


def test_filter(tmp_path: Path) -> None:
    keep = GraphFileFilter(tmp_path)
    assert keep(Change.modified, str(tmp_path / "intro.yaml"))
    assert keep(Change.added, str(tmp_path / "a-b_c.json"))
    for name in (
        "intro.yaml.swp",
        "intro.yaml~",
        "4913",
        "intro.yaml___jb_tmp___",
        "intro.yaml___jb_old___",
        ".intro.yaml.abc.tmp",
        ".#intro.yaml",
        "#intro.yaml#",
        "intro.txt",
        "-bad.yaml",
    ):
        assert not keep(Change.modified, str(tmp_path / name)), name
    assert keep(Change.modified, str(tmp_path / "sub" / "intro.yaml"))  # folders are watched
    assert keep(Change.deleted, str(tmp_path / "sub"))  # a folder event: look at its graphs
    for path in (
        ".trash/intro.yaml",
        ".hidden/intro.yaml",
        "sub/.intro.yaml.x.tmp",
        "sub/x/code.yaml",
        "a/b/c/d/e.yaml",
    ):
        assert not keep(Change.modified, str(tmp_path / path)), path
    assert not keep(Change.modified, str(tmp_path.parent / "intro.yaml"))
    assert graph_name("intro.YML") == "intro" and graph_name("intro") is None
    assert graph_name("sub/intro.yaml") == "sub/intro" and graph_name("sub/a.b.yaml") is None


async def test_stop_is_quick(directory: Path) -> None:
    loop = asyncio.get_running_loop()
    watcher = GraphWatcher(directory, Recorder())
    watcher.start()
    await watcher.wait_ready()
    started = loop.time()
    await watcher.stop()
    assert watcher._task is not None and watcher._task.done()
    assert loop.time() - started < 5  # generous: a hang would be the bug, not a slow machine
