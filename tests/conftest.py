"""Shared fixtures: small graph builders, and tests/ on the import path for the helpers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def graph() -> dict[str, Any]:
    """A small valid graph to break in one place per test."""
    return {
        "version": 1,
        "nodes": {
            "circle": {"type": "Circle", "params": {"radius": 1.5}},
            "square": {"type": "Square"},
            "draw": {"type": "Create", "inputs": {"mobject": "circle"}},
            "morph": {"type": "Transform", "inputs": {"mobject": "circle", "target": "square"}},
            "out": {"type": "Scene", "inputs": {"animations": ["draw", "morph"]}},
        },
    }
