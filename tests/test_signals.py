"""A signal that ends the CLI or the server mid-render ends the render's processes and removes its files.

Each test renders a TeX loop (``\\def\\x{\\x}\\x``: LaTeX runs until killed), waits until
``latex`` runs under the process, sends the signal, and then looks in ``/proc`` for
anything left: a process of the render's families (by pid, process group or session),
or one working in the job dirs, and any job dir on disk. Real processes throughout.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from server_fixtures import server_process

pytestmark = [
    pytest.mark.render,
    pytest.mark.timeout(120),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

CLI = Path(sys.executable).parent / "manim-nodes"
TEX_LOOP = r"""version: 1
nodes:
  formula: {type: MathTex, params: {tex: "\\def\\x{\\x}\\x"}}
  show: {type: Write, inputs: {mobject: formula}}
  out: {type: Scene, inputs: {animations: [show]}}
"""


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgid: int
    sid: int
    start: int  # clock ticks after boot: tells a pid from a later process that reused it
    state: str
    comm: str


def processes() -> dict[int, Proc]:
    """Every process now, from /proc (those that end while we read are skipped)."""
    table: dict[int, Proc] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = Proc(
            int(entry.name), int(fields[1]), int(fields[2]), int(fields[3]), int(fields[19]), fields[0], comm
        )
    return table


def family(root: int, table: dict[int, Proc]) -> dict[int, Proc]:
    """``root``'s descendants, by parent chain (render children lead their own sessions)."""
    found: dict[int, Proc] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for proc in table.values():
            if proc.ppid == parent and proc.pid not in found:
                found[proc.pid] = proc
                frontier.append(proc.pid)
    return found


def cwd_under(pid: int, root: Path) -> bool:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd")).is_relative_to(root)
    except OSError:
        return False


def survivors(seen: dict[int, Proc], jobs_root: Path) -> list[Proc]:
    """Live processes that were part of the render (same pid and start, group or session) or work in its dirs."""
    groups = {p.pgid for p in seen.values()} | {p.sid for p in seen.values()}
    left = []
    for proc in processes().values():
        if proc.state in ("Z", "X"):
            continue  # dead, waiting to be reaped by whoever inherited it
        same = proc.pid in seen and seen[proc.pid].start == proc.start
        if same or proc.pgid in groups or proc.sid in groups or cwd_under(proc.pid, jobs_root):
            left.append(proc)
    return left


def job_dirs(tmp: Path) -> list[Path]:
    """Job dirs of every engine under this temp dir (the shared LaTeX cache is not one)."""
    return [d for root in tmp.glob("manim-nodes-jobs-*") for d in root.iterdir() if d.name != "tex-cache"]


def wait_for_latex(root: int, proc: subprocess.Popen[bytes], log: Path, limit: float = 90.0) -> dict[int, Proc]:
    """Poll until LaTeX runs below ``root``; returns the family seen then (and before)."""
    seen: dict[int, Proc] = {}
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"exited early ({proc.returncode}):\n{log.read_text(errors='replace')}"
        seen.update(family(root, processes()))
        if any(p.comm == "latex" for p in seen.values()):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"LaTeX never started:\n{log.read_text(errors='replace')}")


def assert_nothing_left(seen: dict[int, Proc], tmp: Path) -> None:
    deadline = time.monotonic() + 5.0  # a SIGKILLed process can take a moment to be gone from /proc
    while (left := survivors(seen, tmp)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == [], f"processes outlived the render: {left}"
    assert job_dirs(tmp) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_render_ends_latex_and_removes_the_job_dir(tmp_path: Path, sig: signal.Signals) -> None:
    graph = tmp_path / "loop.yaml"
    graph.write_text(TEX_LOOP)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    log = tmp_path / "render.log"
    env = {**os.environ, "TMPDIR": str(tmp), "MAX_RENDER_TIME": "300"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(CLI), "render", str(graph), "-o", str(tmp_path / "out.png"), "--format", "png", "--quality", "low"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True,
        )  # fmt: skip
    try:
        seen = wait_for_latex(proc.pid, proc, log)
        assert job_dirs(tmp), "the render has no job dir to remove"
        proc.send_signal(sig)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert_nothing_left(seen, tmp)
    assert proc.returncode == -sig, log.read_text(errors="replace")  # ended by the signal, after cleaning up
    assert f"stopped by {sig.name}" in log.read_text()


async def test_sighup_to_the_server_ends_latex_and_removes_the_job_dir(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    (tmp_path / "graphs").mkdir()
    (tmp_path / "graphs" / "loop.yaml").write_text(TEX_LOOP)
    with server_process(tmp_path, fake_engine=False, env={"TMPDIR": str(tmp)}, quality="low") as (proc, _):
        log = tmp_path / "server.log"
        seen = await asyncio.to_thread(wait_for_latex, proc.pid, proc, log)
        assert job_dirs(tmp), "the preview has no job dir to remove"
        proc.send_signal(signal.SIGHUP)
        await asyncio.to_thread(proc.wait, 30)
        assert_nothing_left(seen, tmp)
        assert proc.returncode == 0, log.read_text(errors="replace")  # a clean stop, not death by SIGHUP
