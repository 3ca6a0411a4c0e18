"""API and event-stream load on ``manim-nodes watch``, on loopback only.

    .venv/bin/python benchmarks/server_load.py [--graphs 500] [--requests 3000] [--clients 200] [--rounds 30]

Starts the real server in a child process on a free 127.0.0.1 port, with a
data directory of N graphs and a render engine that renders nothing (this
measures the server, not Manim), then prints:

- ``GET /api/graphs``: requests per second and p50/p99 latency, at a few
  concurrency levels;
- event fan-out: from a browser save (``PUT``) to ``graph.changed`` arriving
  at every one of C open event streams, p50/p99/max over the rounds;
- text-editor save to ``graph.changed`` (the watcher's debounce and re-read);
- a browser save of one value in a graph of ``--large`` nodes: the PUT's time, and the
  slowest ``GET /api/health`` answered meanwhile, against the slowest one while idle
  (how long the event loop stalls).

Every loop is bounded; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "graphs" / "circle_to_square.yaml"


# ------------------------------------------------------------------ the child: a server with a null engine


class NullEngine:
    """The engine interface, rendering nothing: no events, no previews."""

    def __init__(self) -> None:
        self._ids = count(1)

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]:
        return lambda: None

    def submit_preview(self, name: str, compiled: Any) -> str:
        return f"j{next(self._ids)}"

    def submit_export(self, name: str, compiled: Any, quality: str, fmt: str, transparent: bool = False) -> str:
        return f"e{next(self._ids)}"

    def cancel(self, job: str) -> bool:
        return False

    def latest_preview(self, name: str) -> dict[str, Any] | None:
        return {"image": f"/previews/{name}/last.png", "video": None, "seconds": 0.1, "stale": False}


def child(root: Path, port: int) -> None:
    sys.path.insert(0, str(REPO))
    from manim_nodes.config import Settings
    from manim_nodes.server.run import serve

    settings = Settings(
        data_dir=root / "graphs",
        preview_dir=root / "preview",
        export_dir=root / "exports",
        log_dir=root / "logs",
        port=port,
    )
    serve(settings, engine=NullEngine())  # type: ignore[arg-type]


# ------------------------------------------------------------------ the parent: load and measure


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited before it answered")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise SystemExit(f"nothing answered on port {port}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def list_load(base: str, total: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        queue = iter(range(total))

        async def worker() -> None:
            for _ in queue:
                started = time.perf_counter()
                async with session.get(f"{base}/api/graphs") as response:
                    await response.read()
                    assert response.status == 200
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return total / elapsed, latencies


async def read_until_changed(response: aiohttp.ClientResponse, name: str) -> float:
    event = ""
    while True:
        line = (await response.content.readline()).decode()
        if not line:
            raise EOFError
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "graph.changed" and json.loads(line[5:])["name"] == name:
            return time.perf_counter()


async def fan_out(base: str, clients: int, rounds: int, root: Path) -> tuple[list[float], list[float]]:
    per_client: list[float] = []
    editor: list[float] = []
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        streams = [await session.get(f"{base}/api/events") for _ in range(clients)]
        await asyncio.sleep(0.5)
        for i in range(rounds):
            async with session.get(f"{base}/api/graphs/g0000") as response:
                tag, graph = response.headers["ETag"], (await response.json())["graph"]
            graph["description"] = f"round {i}"
            waits = [asyncio.create_task(read_until_changed(s, "g0000")) for s in streams]
            started = time.perf_counter()
            async with session.put(f"{base}/api/graphs/g0000", json=graph, headers={"If-Match": tag}) as response:
                assert response.status == 200, await response.text()
            arrivals = await asyncio.wait_for(asyncio.gather(*waits), 30)
            per_client += [t - started for t in arrivals]
        # a text editor's save: file write to graph.changed at one browser
        path = root / "graphs" / "g0001.yaml"
        for i in range(min(rounds, 10)):
            wait = asyncio.create_task(read_until_changed(streams[0], "g0001"))
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            path.write_text(EXAMPLE.read_text() + f"# save {i}\n")
            editor.append(await asyncio.wait_for(wait, 10) - started)
        for s in streams:
            s.close()
    return per_client, editor


async def health_while(base: str, session: aiohttp.ClientSession, busy: asyncio.Future[Any]) -> list[float]:
    """Latencies of GET /api/health every 10 ms until ``busy`` is done."""
    latencies = []
    while not busy.done():
        started = time.perf_counter()
        async with session.get(f"{base}/api/health") as response:
            await response.read()
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0.01)
    return latencies


async def large_saves(base: str, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """PUT one changed value of the large graph ``rounds`` times; health latencies meanwhile and idle."""
    saves: list[float] = []
    busy_health: list[float] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        idle = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(2.0, idle.set_result, None)
        idle_health = await health_while(base, session, idle)
        async with session.get(f"{base}/api/graphs/big") as response:
            tag, graph = response.headers["ETag"], (await response.json())["graph"]
        for i in range(rounds):
            graph["nodes"]["shape0"]["params"]["radius"] = 0.3 + i / 100

            async def put(tag: str) -> str:
                started = time.perf_counter()
                async with session.put(f"{base}/api/graphs/big", json=graph, headers={"If-Match": tag}) as response:
                    assert response.status == 200, await response.text()
                    saves.append(time.perf_counter() - started)
                    return response.headers["ETag"]

            task = asyncio.ensure_future(put(tag))
            busy_health += await health_while(base, session, task)
            tag = task.result()
    return saves, busy_health, idle_health


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def measure(base: str, args: argparse.Namespace, root: Path) -> None:
    await list_load(base, 50, 5)  # warm the summary cache
    print(f"GET /api/graphs with {args.graphs} graphs ({args.requests} requests each):")
    for concurrency in (1, 10, 50):
        rps, latencies = await list_load(base, args.requests, concurrency)
        print(
            f"  concurrency {concurrency:>3}: {rps:8.0f} req/s   p50 {ms(percentile(latencies, 50))}"
            f"   p99 {ms(percentile(latencies, 99))}"
        )
    per_client, editor = await fan_out(base, args.clients, args.rounds, root)
    print(f"event fan-out, PUT to graph.changed at each of {args.clients} streams ({args.rounds} rounds):")
    print(
        f"  p50 {ms(percentile(per_client, 50))}   p99 {ms(percentile(per_client, 99))}"
        f"   max {ms(max(per_client))}   mean {ms(statistics.fmean(per_client))}"
    )
    print(f"text-editor save to graph.changed (watcher debounce and re-read, {len(editor)} saves):")
    print(f"  p50 {ms(percentile(editor, 50))}   max {ms(max(editor))}")
    if args.large:
        saves, busy, idle = await large_saves(base, 5)
        print(f"browser save of one value in a {args.large}-node graph ({len(saves)} saves):")
        print(f"  PUT p50 {ms(percentile(saves, 50))}   max {ms(max(saves))}")
        print(
            f"  GET /api/health meanwhile: max {ms(max(busy))} ({len(busy)} requests);"
            f" idle max {ms(max(idle))}; ratio {max(busy) / max(idle):.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graphs", type=int, default=500)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--large", type=int, default=5000, help="nodes of the large graph (0: skip)")
    parser.add_argument("--serve", nargs=2, metavar=("ROOT", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        child(Path(args.serve[0]), int(args.serve[1]))
        return
    root = Path(tempfile.mkdtemp(prefix="manim-nodes-bench-"))
    try:
        (root / "graphs").mkdir()
        text = EXAMPLE.read_text()
        for i in range(args.graphs):
            (root / "graphs" / f"g{i:04d}.yaml").write_text(text.replace("Circle to square", f"Graph {i}"))
        if args.large:
            sys.path.insert(0, str(Path(__file__).parent))
            from large_graphs import layered_graph

            (root / "graphs" / "big.yaml").write_bytes(layered_graph(args.large))
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(root), str(port)],
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("BENCH_STDERR") else subprocess.DEVNULL,
        )
        try:
            wait_for(port, proc)
            asyncio.run(measure(f"http://127.0.0.1:{port}", args, root))
            started = time.perf_counter()
            proc.send_signal(signal.SIGTERM)
            proc.wait(10)
            print(f"shutdown after SIGTERM: {ms(time.perf_counter() - started)}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cpus)")


if __name__ == "__main__":
    main()
