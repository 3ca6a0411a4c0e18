"""Exports on a Dask cluster: animation ranges as tasks on the cluster's workers, joined here.

The ranges are planned as a local split export plans them (``split.plan_ranges``, by the
durations a low-quality last-frame pass measures), one per worker thread of the cluster, so the
result has exactly the frames of a local render with as many workers. Each range is one task
(``cluster_task.render_piece``) that a worker's warm render process renders; its file comes back
as bytes and the pieces are joined without re-encoding (``split.concat``).

Dask does the rest: a piece whose worker dies is run again on another one (the scheduler's
own rescheduling, plus ``PIECE_RETRIES`` for a render process that crashed); a cancelled export
sets the pieces' cancel event, which stops their renders, and cancels their futures.

Only this module imports Dask, and only the engine or the CLI given a cluster address import it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..compiler import CompiledScene
from ..config import cluster_address
from ..manim_run import RenderFailed
from .cluster_task import Piece, PieceResult, render_piece
from .errors import timed_out
from .split import SPLIT_FORMATS, concat, plan_ranges

PIECE_RETRIES = 2
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
WORKER_WAIT = 30.0  # seconds an export waits for a cluster without workers to get one


class ClusterRenderer:
    """A connection to a Dask scheduler, and exports run on its workers."""

    def __init__(self, address: str, *, frame_rate: int | None = None) -> None:
        self.address = cluster_address(address)
        self.frame_rate = frame_rate
        self.client: Any = None
        self.lock = asyncio.Lock()
        self.ids = itertools.count(1)
        self.pieces_submitted = 0  # tasks sent to the cluster, for monitoring

    async def connect(self) -> None:
        """Reach the scheduler (once; later exports reuse the connection)."""
        async with self.lock:
            if self.client is not None:
                return
            from distributed import Client

            try:
                self.client = await Client(self.address, asynchronous=True, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise RenderFailed(f"cannot reach the render cluster at {self.address}: {exc}") from None

    async def close(self) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            with contextlib.suppress(Exception):
                await client.close()

    async def __aenter__(self) -> ClusterRenderer:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def threads(self) -> int:
        """Worker threads the cluster has now (one piece each), after waiting a while for a first worker."""
        try:
            await self.client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise RenderFailed(f"the render cluster at {self.address} has no workers") from None
        nthreads: dict[str, int] = await self.client.nthreads()
        return sum(nthreads.values())

    async def export(
        self,
        compiled: CompiledScene,
        output: Path,
        *,
        quality: str,
        fmt: str,
        transparent: bool = False,
        timeout: float = 300.0,
        on_progress: Callable[[float], None] | None = None,
    ) -> None:
        """Render ``compiled`` on the cluster to ``output``. Raises ``RenderFailed``."""
        await self.connect()
        threads = await self.threads()
        base = Piece(
            source=compiled.source, class_name=compiled.class_name, quality=quality, fmt=fmt, start=None, end=None,
            animations=compiled.animations, timeout=timeout, transparent=transparent, frame_rate=self.frame_rate,
            assets=compiled.assets, line_nodes=dict(compiled.line_nodes),
            cancel_event=f"manim-nodes-cancel-{uuid.uuid4().hex}",
        )  # fmt: skip
        split = fmt in SPLIT_FORMATS and compiled.splittable and compiled.animations >= 2 and threads >= 2
        try:
            ranges = await self._plan(base, threads) if split else [(None, None)]
            pieces = [replace(base, start=a, end=b, animations=base.animations if a is None or b is None else b - a + 1)
                      for a, b in ranges]  # fmt: skip
            results = await self._run(pieces, on_progress)
        except asyncio.CancelledError:
            await self._cancel(base)
            raise
        with tempfile.TemporaryDirectory(prefix="manim-nodes-cluster-") as tmp:
            workdir = Path(tmp)
            parts = []
            for index, result in enumerate(results):
                part = workdir / f"part{index}.{fmt}"
                part.write_bytes(result.data)
                parts.append(part)
            joined = parts[0]
            if len(parts) > 1:
                joined = workdir / f"joined.{fmt}"
                try:
                    await concat(parts, joined, workdir, timeout)
                except TimeoutError:
                    raise timed_out(timeout) from None
            output.parent.mkdir(parents=True, exist_ok=True)
            staging = output.with_name(f".{output.name}.part")
            shutil.copyfile(joined, staging)
            os.replace(staging, output)
        if on_progress:
            on_progress(100.0)

    async def _plan(self, base: Piece, threads: int) -> list[tuple[int | None, int | None]]:
        """Ranges as a local split export of as many workers plans them."""
        count = base.animations
        weights = [1.0] * count
        if count > threads:  # balance by duration: a low-quality last-frame pass measures them
            probe = replace(base, quality="low", fmt="png", transparent=False)
            (measured,) = await self._run([probe], None)
            if len(measured.durations) == count:
                weights = list(measured.durations)
        return list(plan_ranges(weights, threads))

    async def _run(self, pieces: list[Piece], on_progress: Callable[[float], None] | None) -> list[PieceResult]:
        """Submit the pieces, report each as it completes, and return their results in order."""
        from distributed import as_completed

        job = next(self.ids)
        futures = [
            self.client.submit(
                render_piece,
                piece,
                key=f"manim-nodes-{job}-{index}-{uuid.uuid4().hex[:8]}",
                pure=False,
                retries=PIECE_RETRIES,
            )
            for index, piece in enumerate(pieces)
        ]
        self.pieces_submitted += len(futures)
        shares = [max(1, p.animations) for p in pieces]
        results: dict[Any, PieceResult] = {}
        try:
            async for future in as_completed(futures):
                try:
                    result: PieceResult = await future
                except Exception as exc:  # a worker lost more often than Dask allows, or our task failing
                    raise RenderFailed(f"the render cluster could not render a part: {exc}") from None
                result.raise_for_failure()
                results[future.key] = result
                if on_progress:
                    done = sum(s for f, s in zip(futures, shares, strict=True) if f.key in results)
                    on_progress(min(99.0, 100.0 * done / sum(shares)))
        except BaseException:
            await self.client.cancel(futures)
            raise
        return [results[future.key] for future in futures]

    async def _cancel(self, base: Piece) -> None:
        """Stop the pieces still rendering (their renders watch this event) and forget the event."""
        if self.client is None or base.cancel_event is None:
            return
        from distributed import Event

        with contextlib.suppress(Exception):
            await Event(base.cancel_event, client=self.client).set()
