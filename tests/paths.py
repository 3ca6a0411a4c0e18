"""Paths the tests share: the checkout and its example graphs (a module, not conftest, so
that the browser tests' own conftest cannot shadow it)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "graphs").iterdir() if p.suffix in (".yaml", ".yml", ".json"))
