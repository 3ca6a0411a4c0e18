"""Logging for the server: the console and rotating files (100 MB x 5) in the log directory.

Set up once by ``manim-nodes watch``; library code only asks for loggers.
Exceptions are logged with tracebacks by whoever catches them.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "manim-nodes.log"
MAX_BYTES = 100 * 1000 * 1000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_OURS = "_manim_nodes_handler"


def configure_logging(log_dir: Path | None, level: int = logging.INFO, console: bool = True) -> Path | None:
    """Install our handlers (again, replacing earlier ones); returns the log file, or None if it cannot be written."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.addFilter(_not_access)
        setattr(stream, _OURS, True)
        root.addHandler(stream)
    log_file = None
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            file_handler = RotatingFileHandler(
                log_dir / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        except OSError as exc:
            logging.getLogger("manim_nodes").warning("cannot write logs to %s: %s", log_dir, exc)
        else:
            file_handler.setFormatter(formatter)
            setattr(file_handler, _OURS, True)
            root.addHandler(file_handler)
            log_file = log_dir / LOG_FILE
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # it logs every batch at INFO
    return log_file


def _not_access(record: logging.LogRecord) -> bool:
    """Access lines go to the file only; the console stays readable."""
    return not record.name.startswith("aiohttp.access")
