"""Ctrl-C or SIGTERM in the middle of a render: the server exits and leaves no process behind."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import aiohttp
import pytest

from server_fixtures import open_events, server_process

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]

SLOW = """version: 1
nodes:
  dot: {type: Dot}
  hold: {type: Wait, params: {run_time: 600}}
  out: {type: Scene, inputs: {add: [dot], animations: [hold]}}
"""


def descendants(root: int) -> set[int]:
    """Every live process below ``root``, render children in their own sessions included."""
    table = subprocess.run(["ps", "-eo", "pid=,ppid=,stat="], capture_output=True, text=True, check=True).stdout
    children: dict[int, list[int]] = {}
    for line in table.splitlines():
        pid, ppid, stat = line.split(None, 2)
        if not stat.startswith("Z"):
            children.setdefault(int(ppid), []).append(int(pid))
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(")")[-1].split()[0] == "Z")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_stopping_mid_render_leaves_no_process(tmp_path: Path, sig: signal.Signals) -> None:
    (tmp_path / "graphs").mkdir()
    with server_process(tmp_path, fake_engine=False) as (proc, url):
        async with aiohttp.ClientSession() as session, open_events(session, f"{url}/api/events") as events:
            (tmp_path / "graphs" / "slow.yaml").write_text(SLOW)
            await events.until("render.progress", timeout=90, name="slow")
            family = descendants(proc.pid)
            assert family, "the render engine has no processes"
            os.kill(proc.pid, sig)
            await asyncio.to_thread(proc.wait, 10)
        output = (tmp_path / "server.log").read_text()
        assert proc.returncode == 0, output
        left = [pid for pid in family if alive(pid)]
        assert left == [], f"processes left after shutdown: {left}"
