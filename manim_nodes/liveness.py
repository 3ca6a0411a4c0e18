"""What in a graph changes while the scene plays (docs/file-format.md, "Time and change").

A tracker's value and the scene clock are live, and so is every value computed from them.
A mobject built from a live value is kept up to date on every frame: rebuilt
(``always_redraw``) when a constructor argument is live, or updated in place
(``add_updater``) when only its position, or a number display's value, is. A layout node
(``next_to``, ``move_to``...) re-runs every frame when it reads a live value, says
``follow: true``, or acts on a mobject that is rebuilt every frame (or its change would be
undone by the next rebuild). Everything else is read once, when its consumer is built.

The compiler uses this to write the script; validation uses it to refuse what cannot work:
a shift, scale or rotation by a live amount (it would add up frame after frame) and objects
that follow each other in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .catalog import CATALOG
from .catalog.model import NodeType, Output
from .problems import Problem, pointer
from .wires import Wire, dependency_order, wires_of

# Mobjects that hold others rather than read their shape: a group of moving parts moves along
# without being rebuilt. Every other mobject built from a moving one is rebuilt every frame.
_HOLDS_OBJECTS = frozenset({"VGroup", "Arrange", "TracedPath", "FixedInFrame", "CameraFrame"})

# A constructor node whose only live ports are these keeps its mobject and updates it.
UPDATED_BY_METHOD = {"position": "move_to"}


def wire_output(nodes: dict[str, dict[str, Any]], wire: Wire, into: str | None) -> Output | None:
    """The output a wire reads, resolving an unnamed one to the first that fits the port's kind."""
    node_type = _node_type(nodes, wire.source)
    return node_type.output(wire.output, into) if node_type is not None else None


@dataclass
class Liveness:
    """The live parts of one graph, by node id."""

    values: set[str] = field(default_factory=set)  # value nodes computed from live values
    redrawn: set[str] = field(default_factory=set)  # mobjects rebuilt every frame
    # node -> its live ports, for mobjects kept up to date by updaters (layout nodes: every port)
    updated: dict[str, list[str]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # node -> node that built its mobject
    # redrawn node -> the style nodes on it that join its redraw, in order (``.set_style(...)``)
    chained: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    clocks: set[str] = field(default_factory=set)  # nodes whose mobjects change by themselves

    @property
    def moving(self) -> bool:
        """Whether anything changes outside animations: the scene then renders in one piece."""
        return bool(self.redrawn or self.updated or self.clocks)

    def is_live(self, nodes: dict[str, dict[str, Any]], wire: Wire, into: str | None) -> bool:
        output = wire_output(nodes, wire, into)
        return wire.source in self.values or (output is not None and output.live)


def live_nodes(data: Any, problems: list[Problem]) -> list[str]:
    """The nodes whose value or mobject changes while the scene plays, for the editor to mark.

    Only for a graph without problems (an invalid one may not even have a wire order).
    """
    if problems or not isinstance(data, dict) or not isinstance(data.get("nodes"), dict):
        return []
    nodes = data["nodes"]
    live = analyse(nodes, dependency_order(nodes))
    sources = {
        node_id
        for node_id in nodes
        if (node_type := _node_type(nodes, node_id)) is not None and any(o.live for o in node_type.outputs)
    }
    chained = {node_id for chain in live.chained.values() for node_id in chain}
    marked = sources | live.values | live.redrawn | set(live.updated) | live.clocks | chained
    return [node_id for node_id in nodes if node_id in marked]


def _node_type(nodes: dict[str, dict[str, Any]], node_id: str) -> NodeType | None:
    node = nodes.get(node_id)
    return CATALOG.get(node.get("type", "")) if isinstance(node, dict) else None


def _says_follow(node: dict[str, Any]) -> bool:
    """Whether the node's ``follow`` param is set."""
    params = node.get("params")
    return isinstance(params, dict) and bool(params.get("follow"))


def analyse(nodes: dict[str, dict[str, Any]], order: list[str]) -> Liveness:
    """Liveness of every node, visiting ``order`` (each node after the nodes it is wired from).

    A reader of a mobject that moves by itself is live, and a mobject may start moving only
    further down the order (a ``follow`` placed later), so passes repeat until nothing new moves.
    """
    moving: set[str] = set()
    while True:
        live = _one_pass(nodes, order, moving)
        now = {live.owner.get(n, n) for n in (*live.redrawn, *live.updated)}
        if now <= moving:
            return live
        moving |= now


def _wired(
    live: Liveness, nodes: dict[str, dict[str, Any]], node_id: str, node_type: NodeType
) -> tuple[list[str], dict[str, str]]:
    """A node's ports that read a live value, and the first node wired into each port."""
    live_ports: list[str] = []
    sources: dict[str, str] = {}
    for port_name, wire in wires_of(nodes[node_id], node_id):
        port = node_type.port(port_name)
        if port is None or wire.source not in nodes:
            continue
        sources.setdefault(port_name, wire.source)
        if not port.is_object and live.is_live(nodes, wire, port.kind) and port_name not in live_ports:
            live_ports.append(port_name)
    return live_ports, sources


def _reads_moving(live: Liveness, node_type: NodeType, sources: dict[str, str], moving: set[str]) -> bool:
    """Whether one of the node's object inputs is a mobject that moves by itself."""
    return any(
        live.owner.get(source, source) in moving
        for port, source in sources.items()
        if (p := node_type.port(port)) is not None and p.is_object
    )


def _one_pass(nodes: dict[str, dict[str, Any]], order: list[str], moving: set[str]) -> Liveness:
    live = Liveness()
    follows: dict[str, list[tuple[str, str]]] = {}  # object owner -> [(owner it follows, via node)]
    index = {node_id: i for i, node_id in enumerate(order)}
    for node_id in order:
        node_type = _node_type(nodes, node_id)
        if node_type is None or not node_type.outputs:
            continue
        node = nodes[node_id]
        if node_type.changes_by_itself:
            live.clocks.add(node_id)
        live_ports, sources = _wired(live, nodes, node_id, node_type)
        kind = node_type.outputs[0].kind
        if kind == "animation":
            continue
        if node_type.reads:
            if live_ports or _reads_moving(live, node_type, sources, moving) or _says_follow(node):
                live.values.add(node_id)
            continue
        if kind != "mobject":
            if live_ports:
                live.values.add(node_id)
            continue
        if node_type.selects_part:  # a part of its input's mobject: it moves with it
            base = sources.get("mobject", node_id)
            live.owner[node_id] = live.owner.get(base, base)
            continue
        if not node_type.in_place:
            live.owner[node_id] = node_id
            reads_moving = node_type.type not in _HOLDS_OBJECTS and _reads_moving(live, node_type, sources, moving)
            if live_ports and set(live_ports) <= set(node_type.live_setters) | set(UPDATED_BY_METHOD):
                live.updated[node_id] = live_ports
            elif live_ports or reads_moving:  # built from a live value, or from a moving object
                live.redrawn.add(node_id)
            continue
        _in_place(live, follows, node_id, node, node_type, sources, live_ports, index)
    live.problems += _follow_cycles(follows)
    return live


def _in_place(
    live: Liveness,
    follows: dict[str, list[tuple[str, str]]],
    node_id: str,
    node: dict[str, Any],
    node_type: NodeType,
    sources: dict[str, str],
    live_ports: list[str],
    index: dict[str, int],
) -> None:
    """A layout node: it acts on its input's mobject, and may have to act again on every frame.

    A style node on a redrawn mobject, itself or restyled, joins the redraw when all it reads
    is fixed and already built by then; anything else acts again after each redraw.
    """
    base = sources.get("mobject")
    owner = live.owner.get(base, base) if base else node_id
    live.owner[node_id] = owner
    following = _says_follow(node) and "target" in sources
    rebuilt = owner in live.redrawn
    if following:
        target = sources["target"]
        follows.setdefault(owner, []).append((live.owner.get(target, target), node_id))
    if node_type.in_place == "additive" and live_ports and not rebuilt:
        port = live_ports[0]
        live.problems.append(
            Problem(
                f"{node_type.type} '{node_id}' would {node_type.type.lower()} again on every frame by the live "
                f"'{port}'; use a fixed value, MoveTo with a live point, or an Animate",
                pointer("nodes", node_id, "inputs", port),
                node=node_id,
                port=port,
            )
        )
    elif rebuilt and _joins_redraw(live, node_type, sources, live_ports, owner, index):
        live.chained.setdefault(owner, []).append(node_id)
    elif rebuilt or live_ports or following:
        live.updated[node_id] = live_ports


def _joins_redraw(
    live: Liveness,
    node_type: NodeType,
    sources: dict[str, str],
    live_ports: list[str],
    owner: str,
    index: dict[str, int],
) -> bool:
    if node_type.in_place != "style" or live_ports:
        return False
    if sources.get("mobject") not in (owner, *live.chained.get(owner, [])):
        return False
    others = [source for port, source in sources.items() if port != "mobject"]
    return all(index.get(source, len(index)) < index[owner] for source in others)


def _follow_cycles(follows: dict[str, list[tuple[str, str]]]) -> list[Problem]:
    """Objects that follow each other round in a circle: each would chase the other forever."""
    problems: list[Problem] = []
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(owner: str, trail: list[tuple[str, str]]) -> None:
        state[owner] = 1
        for target, via in follows.get(owner, []):
            if state.get(target) == 1 or target == owner:
                start = next((i for i, (o, _) in enumerate(trail) if o == target), len(trail))
                loop = [*trail[start:], (owner, via)]
                key = frozenset(v for _, v in loop)
                if key not in reported:
                    reported.add(key)
                    names = " → ".join([*(o for o, _ in loop), target])
                    problems.append(
                        Problem(
                            f"objects follow each other in a circle: {names}; let one of them stay put "
                            f"(follow: false on '{via}')",
                            pointer("nodes", via, "params", "follow"),
                            node=via,
                            port="follow",
                        )
                    )
            elif target not in state:
                visit(target, [*trail, (owner, via)])
        state[owner] = 2

    for owner in list(follows):
        if owner not in state:
            visit(owner, [])
    return problems
