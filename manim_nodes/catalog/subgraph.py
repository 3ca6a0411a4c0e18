"""The Subgraph node: another graph file of the project used as one node.

Its ports are not listed here: they are the ``inputs`` and ``outputs`` its graph file
declares (one source of truth: the file; ``subgraphs.py`` reads them). It never reaches the
script as a call: the compiler inlines the graph's nodes in its place.
"""

from __future__ import annotations

from .model import EmitContext, NodeType


def _inlined(ctx: EmitContext) -> str:
    raise ValueError("a Subgraph is inlined before compiling: it has no call of its own")


SUBGRAPH = NodeType(
    "Subgraph",
    "Subgraphs",
    "Another graph of the project as one node: its inputs and outputs are the ones that graph declares.",
    (),
    (),
    emit=_inlined,
)
