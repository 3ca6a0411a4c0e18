"""A job's render clock: MAX_RENDER_TIME is spent rendering, never waiting for a worker.

With more jobs than workers, a job may wait in line for a long time before it
renders, and again between its stages (a preview's frame, then its video). Only
the time it holds a worker (or joins its parts) counts against its limit, so a
busy queue never turns a job that fits into a timeout.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from .errors import timed_out


class RenderClock:
    """Time spent while at least one of the job's renders runs; parallel ranges count once."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.spent = 0.0
        self.active = 0
        self.since = 0.0

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Count the time inside this block (nested or parallel blocks overlap, not add up)."""
        if self.active == 0:
            self.since = time.monotonic()
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
            if self.active == 0:
                self.spent += time.monotonic() - self.since

    def elapsed(self) -> float:
        return self.spent + (time.monotonic() - self.since if self.active else 0.0)

    def remaining(self) -> float:
        """Seconds left for the next render; raises the timeout ``RenderFailed`` when none are."""
        left = self.limit - self.elapsed()
        if left <= 0:
            raise timed_out(self.limit)
        return left
