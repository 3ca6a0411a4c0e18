"""The node catalog: the one source of truth for node types.

The JSON Schema, ``GET /api/nodes``, the editor's palette, the compiler and the
docs' node reference all derive from ``CATALOG``.
"""

from __future__ import annotations

from typing import Any

from .animations import ANIMATIONS, COMPOSITION
from .camera import CAMERA
from .change import CHANGE
from .colors import MANIM_COLORS
from .coordinates import COORDINATES
from .generated import GENERATED
from .geometry import GEOMETRY
from .layout import LAYOUT
from .media import MEDIA
from .model import ALL_KINDS, NodeType, Output, Port, kinds_fit
from .plots import PLOTS
from .shapes import SHAPES
from .subgraph import SUBGRAPH
from .tables import TABLES
from .text import TEXT
from .three_d import THREE_D
from .values import SCENE, VALUES

CATEGORIES: tuple[str, ...] = (
    "Shapes",
    "Text & math",
    "Coordinates",
    "3D",
    "Layout",
    "Geometry",
    "Animations",
    "Composition",
    "Values",
    "Camera",
    "Subgraphs",
    "Output",
)

_ALL: tuple[NodeType, ...] = (
    *SHAPES,
    *TEXT,
    *TABLES,
    *MEDIA,
    *COORDINATES,
    *PLOTS,
    *THREE_D,
    *LAYOUT,
    *GEOMETRY,
    *ANIMATIONS,
    *COMPOSITION,
    *VALUES,
    *CHANGE,
    *CAMERA,
    *GENERATED,
    SUBGRAPH,
    SCENE,
)
CATALOG: dict[str, NodeType] = {node.type: node for node in _ALL}
if len(CATALOG) != len(_ALL):  # one name, one node type: a generated one must not shadow another
    _names = [node.type for node in _ALL]
    raise RuntimeError(f"node types defined twice: {sorted({n for n in _names if _names.count(n) > 1})}")


# Node types that make a graph a ThreeDScene.
THREE_D_TYPES: frozenset[str] = frozenset(
    {n.type for n in THREE_D} | {n.type for n in CAMERA if n.type != "CameraFrame"}
)


def catalog_json() -> dict[str, Any]:
    """The catalog as ``GET /api/nodes`` and ``manim-nodes nodes --json`` serve it."""
    return {
        "categories": list(CATEGORIES),
        "kinds": list(ALL_KINDS),
        "colors": MANIM_COLORS,
        "nodes": [node.to_json() for node in CATALOG.values()],
    }


__all__ = [
    "CATALOG",
    "CATEGORIES",
    "MANIM_COLORS",
    "THREE_D_TYPES",
    "NodeType",
    "Output",
    "Port",
    "catalog_json",
    "kinds_fit",
]
