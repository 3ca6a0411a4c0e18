"""Exports on a Dask cluster (issue 16): a real LocalCluster of two worker processes renders the
same frames as a local split export, survives losing a worker mid-export, stops renders it no
longer wants, and Dask is never imported without a cluster."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from test_engine import graph, probe
from test_timeline import decoded_frames

from manim_nodes.compiler import CompiledScene
from manim_nodes.config import ConfigError, load_settings
from manim_nodes.export import export_compiled
from manim_nodes.manim_run import RenderFailed

from paths import ROOT
from server_fixtures import server_process

pytestmark = [pytest.mark.render, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as running,
        Client(running) as client,
    ):
        yield running, client


def steps(seconds: float) -> CompiledScene:
    return graph(("Create", {"run_time": seconds}), ("Indicate", {"run_time": seconds}),
                 ("Indicate", {"run_time": seconds}), ("FadeOut", {"run_time": seconds}), radius=1.1)  # fmt: skip


async def local_and_cluster(compiled: CompiledScene, tmp_path: Path, address: str) -> tuple[Path, Path]:
    local = tmp_path / "local.mp4"
    await export_compiled(compiled, local, quality="low", fmt="mp4", workers=2)
    remote = tmp_path / "cluster.mp4"
    progress: list[float] = []
    await export_compiled(compiled, remote, quality="low", fmt="mp4", cluster=address, on_progress=progress.append)
    assert progress[-1] == 100.0 and progress == sorted(progress)
    return local, remote


async def test_an_export_on_two_workers_has_the_frames_of_a_local_one(cluster: Any, tmp_path: Path) -> None:
    running, _ = cluster
    local, remote = await local_and_cluster(steps(1.0), tmp_path, running.scheduler_address)
    assert probe(remote)[0] == probe(local)[0] == 60  # 4 s at 15 fps
    assert decoded_frames(remote) == decoded_frames(local)


async def test_an_export_survives_a_worker_killed_mid_render(cluster: Any, tmp_path: Path) -> None:
    running, client = cluster
    compiled = steps(2.5)
    output = tmp_path / "survived.mp4"
    export = asyncio.create_task(
        export_compiled(compiled, output, quality="low", fmt="mp4", cluster=running.scheduler_address)
    )
    pids = await asyncio.to_thread(client.run, os.getpid)

    def rendering() -> list[str]:  # workers busy with a piece (not the durations probe)
        busy = client.processing()
        return [w for w, keys in busy.items() if any(str(k).startswith("manim-nodes-2-") for k in keys)]

    for _ in range(600):
        if rendering() or export.done():
            break
        await asyncio.sleep(0.1)
    victims = rendering()
    assert victims, "no piece ever rendered"
    os.kill(pids[victims[0]], signal.SIGKILL)
    await asyncio.wait_for(export, 240)
    local = tmp_path / "local.mp4"
    await export_compiled(compiled, local, quality="low", fmt="mp4", workers=2)
    assert decoded_frames(output) == decoded_frames(local)
    await asyncio.to_thread(client.wait_for_workers, 2, 60)


async def test_a_cancelled_export_stops_its_renders(cluster: Any, tmp_path: Path) -> None:
    running, client = cluster
    export = asyncio.create_task(
        export_compiled(
            steps(60.0), tmp_path / "never.mp4", quality="low", fmt="mp4", cluster=running.scheduler_address
        )
    )

    def job_children() -> int:
        """Render children (forked from a warm worker) on all workers: a job in progress each."""
        counts: dict[str, int] = client.run(_rendering_children)
        return sum(counts.values())

    for _ in range(900):
        if export.done():  # it ended before any render was seen: say why
            export.result()
            pytest.fail("the export finished before it could be cancelled")
        if await asyncio.to_thread(job_children) >= 1:
            break
        await asyncio.sleep(0.1)
    assert await asyncio.to_thread(job_children) >= 1
    export.cancel()
    with pytest.raises(asyncio.CancelledError):
        await export
    for _ in range(100):
        if await asyncio.to_thread(job_children) == 0:
            break
        await asyncio.sleep(0.1)
    assert await asyncio.to_thread(job_children) == 0
    assert not (tmp_path / "never.mp4").exists()


def _rendering_children() -> int:
    """On a Dask worker: how many of our render jobs run now (a warm worker's forked child each)."""
    import psutil

    running = 0
    for process in psutil.Process().children():
        try:  # a process may end (or linger as a zombie until reaped) while it is looked at
            if "manim_nodes.engine.worker" in " ".join(process.cmdline()):
                running += sum(1 for child in process.children() if child.status() != psutil.STATUS_ZOMBIE)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return running


async def test_an_unreachable_or_malformed_cluster_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RenderFailed, match=r"cannot reach the render cluster at tcp://127\.0\.0\.1:9"):
        await export_compiled(steps(1.0), tmp_path / "x.mp4", quality="low", fmt="mp4", cluster="tcp://127.0.0.1:9")
    with pytest.raises(ConfigError, match="not a Dask scheduler address: 'nonsense'"):
        load_settings({"cluster": "nonsense"}, environ={})
    assert load_settings(environ={"DASK_SCHEDULER_ADDRESS": "10.0.0.5:8786"}).cluster == "tcp://10.0.0.5:8786"
    config = tmp_path / "config.yml"
    config.write_text("cluster: tcp://render-box:8786\n")
    assert load_settings(environ={}, config_path=config).cluster == "tcp://render-box:8786"
    config.write_text("cluster:\n  scheduler: tls://render-box:8786\n")
    assert load_settings(environ={}, config_path=config).cluster == "tls://render-box:8786"
    assert not (tmp_path / "x.mp4").exists()


def test_without_a_cluster_dask_is_never_imported(tmp_path: Path) -> None:
    script = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from manim_nodes.export import export_file\n"
        f"export_file(Path({str(Path('graphs/circle_to_square.yaml').resolve())!r}), Path({str(tmp_path / 'o.png')!r}),"
        " quality='low', fmt='png')\n"
        "import manim_nodes.server.run, manim_nodes.engine\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "o.png").exists()


def test_the_server_sends_exports_to_the_cluster_and_counts_its_tasks(cluster: Any, tmp_path: Path) -> None:
    """``manim-nodes watch`` with a cluster: the export renders on the cluster's workers (previews stay on
    the server's own), and /metrics counts the pieces it sent."""
    running, _ = cluster
    data = tmp_path / "graphs"
    data.mkdir()
    shutil.copy(ROOT / "graphs" / "circle_to_square.yaml", data / "shapes.yaml")
    with server_process(tmp_path, fake_engine=False, cluster=running.scheduler_address) as (_, url):
        asked = urllib.request.Request(f"{url}/api/graphs/shapes/export", method="POST",
                                       data=json.dumps({"quality": "low", "format": "mp4"}).encode(),
                                       headers={"Content-Type": "application/json"})  # fmt: skip
        with urllib.request.urlopen(asked, timeout=30) as answer:
            assert answer.status == 202
        exports = tmp_path / "exports"
        deadline = time.monotonic() + 180
        while not list(exports.glob("shapes-low-*.mp4")) and time.monotonic() < deadline:
            time.sleep(0.2)
        (video,) = exports.glob("shapes-low-*.mp4")
        assert probe(video)[0] == 45  # 1 s + 2 s at 15 fps
        with urllib.request.urlopen(f"{url}/metrics", timeout=30) as response:
            text = response.read().decode()
        found = [sample for family in text_string_to_metric_families(text) for sample in family.samples]
    tasks = [s.value for s in found if s.name == "manim_nodes_cluster_tasks_total"]
    assert tasks and tasks[0] >= 2  # one per animation range
