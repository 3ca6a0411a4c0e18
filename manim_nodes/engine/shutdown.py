"""Ending on a signal without leaving anything behind.

SIGTERM, SIGHUP or SIGQUIT would end Python at once, skipping every ``finally``:
the render workers then die with us (they ask Linux for that), but a LaTeX run
by a job's child is orphaned to PID 1 and the job dirs stay on disk. So the CLI
and the server catch the signals that end a process, cancel their work, let the
engine stop (which kills each job's process group and removes its temp files),
and only then end, by the same signal, so the caller sees how it ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

# What a user, a terminal or a service manager sends to end a process (SIGKILL cannot be caught:
# after one, the next engine start sweeps what the killed one left, see ``tempdirs.JobDirs.sweep``).
ENDING_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)
)


class Stopped(Exception):
    """The work was cancelled by an ending signal and cleaned up; the process should end now."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def on_ending_signals(loop: asyncio.AbstractEventLoop, handler: Callable[[int], None]) -> Callable[[], None]:
    """Call ``handler(signum)`` on the loop for each ending signal; returns a function that undoes it."""
    installed: list[int] = []
    for sig in ENDING_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, handler, sig)
            installed.append(sig)

    def remove() -> None:
        for sig in installed:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)

    return remove


async def until_signal(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work``; an ending signal cancels it (its cleanup runs in full), then raises ``Stopped``.

    A second signal while the cleanup runs is ignored: the cleanup is what kills the
    render's process group, and it is bounded by the engine's own timeouts.
    """
    task = asyncio.ensure_future(work)
    received: list[int] = []

    def stop(signum: int) -> None:
        if not received:
            received.append(signum)
            task.cancel()

    remove = on_ending_signals(asyncio.get_running_loop(), stop)
    try:
        return await task
    except asyncio.CancelledError:
        if received:
            raise Stopped(received[0]) from None
        raise
    finally:
        remove()


def exit_by(signum: int) -> NoReturn:
    """End this process by ``signum`` with its default action, so the parent sees how it ended.

    SIGQUIT's default would dump core: that one (and any signal that does not end us) exits
    with the shell's status for it, 128 + the signal number.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if signum != getattr(signal, "SIGQUIT", None):
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    sys.exit(128 + signum)
