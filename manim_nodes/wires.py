"""Wires: ``node`` or ``node.port`` strings in a node's inputs, and the order they impose."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .problems import pointer

SEPARATOR = "."  # between the node and its output in a wire: ``node.port``
INPUT_MARK = "$"  # a wire ``$name`` reads the graph's own input ``name`` (docs/file-format.md, "Subgraphs")


@dataclass(frozen=True)
class Wire:
    """A parsed wire ``node`` or ``node.port`` and where it was written."""

    source: str
    output: str | None
    path: str

    @classmethod
    def parse(cls, text: str, path: str) -> Wire:
        source, _, output = text.partition(SEPARATOR)
        return cls(source, output or None, path)

    @property
    def graph_input(self) -> str | None:
        """The graph input a ``$name`` wire reads, else None (a wire from a node)."""
        return self.source[len(INPUT_MARK) :] if self.source.startswith(INPUT_MARK) else None


def graph_input(text: Any) -> str | None:
    """The graph input ``"$name"`` names, else None."""
    return text[len(INPUT_MARK) :] if isinstance(text, str) and text.startswith(INPUT_MARK) else None


def wires_of(node: dict[str, Any], node_id: str) -> Iterator[tuple[str, Wire]]:
    """Every wire into a node, with the input port it feeds."""
    inputs = node.get("inputs")
    if not isinstance(inputs, dict):
        return
    for port, value in inputs.items():
        base = pointer("nodes", node_id, "inputs", port)
        if isinstance(value, str):
            yield port, Wire.parse(value, base)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield port, Wire.parse(item, f"{base}/{index}")


def dependency_order(nodes: dict[str, dict[str, Any]]) -> list[str]:
    """Node ids with every node after the nodes it is wired from; file order otherwise."""
    order: list[str] = []
    placed: set[str] = set()

    def place(node_id: str) -> None:
        if node_id in placed:
            return
        placed.add(node_id)
        for _, wire in wires_of(nodes[node_id], node_id):
            if wire.source in nodes:
                place(wire.source)
        order.append(node_id)

    for node_id in nodes:
        place(node_id)
    scene = [n for n in order if nodes[n].get("type") == "Scene"]
    return [n for n in order if n not in scene] + scene
