"""A Scene's ``construct`` to a graph, statement by statement.

Assignments and live-value functions become nodes (``nodes.py``); ``self.play`` and
``self.wait`` become the Scene's animations in order, ``self.add`` before the first play its
``add`` list and after it a timeline step; statements that the catalog writes as steps
(``self.move_camera(...)``) or about the scene (``self.set_camera_orientation(...)``) are
matched against the catalog's own shapes. Anything else is reported with its line and skipped.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG
from ..catalog.model import Port
from ..problems import Problem
from .match import Matcher
from .nodes import Graph, Reader, Unmatched, match_after, node_id_of, snake_case
from .shapes import SELF, shapes_for
from .values import NotLiteral, value

SCENE_ID = "out"  # what the starter template and every example call the Scene node
_PLAY_KEYWORDS = ("run_time", "rate_func", "lag_ratio")
_WHY = {
    ast.For: "a for loop: a graph has no loops; write each step out",
    ast.While: "a while loop: a graph has no loops",
    ast.If: "an if statement: a graph has no conditions",
    ast.With: "a with block",
    ast.Try: "a try block",
    ast.Import: "an import inside construct",
    ast.ImportFrom: "an import inside construct",
    ast.Return: "a return",
}


def _self_call(statement: ast.stmt, method: str) -> ast.Call | None:
    """The call if ``statement`` is ``self.<method>(...)``."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            return statement.value if func.attr == method else None
    return None


def _method_on(statement: ast.stmt) -> tuple[str, str] | None:
    """``(variable, method)`` for a statement ``variable.method(...)``."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return func.value.id, func.attr
    return None


@dataclass
class SceneReader:
    """Reads one ``construct`` body; ``problems`` say what was skipped and why."""

    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    animations: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    background: str | None = None
    followers: set[str] = field(default_factory=set)  # nodes the script gave an updater

    def __post_init__(self) -> None:
        self.reader = Reader(self.graph)

    def skip(self, statement: ast.AST, why: str) -> None:
        line, column = getattr(statement, "lineno", None), getattr(statement, "col_offset", 0) + 1
        text = ast.unparse(statement).splitlines()[0] if isinstance(statement, ast.AST) else ""
        shown = text if len(text) <= 70 else text[:67] + "..."
        self.problems.append(Problem(f"skipped '{shown}': {why}", line=line, column=column, severity="warning"))

    def read(self, body: list[ast.stmt]) -> dict[str, dict[str, Any]]:
        pending = list(body)
        while pending:
            statement = pending.pop(0)
            try:
                self.statement(statement, pending)
            except Unmatched as exc:
                self.skip(statement, str(exc))
                for target in _assigned(statement):
                    self.graph.skipped[target] = statement.lineno
        nodes = dict(self.graph.nodes)
        scene: dict[str, Any] = {"type": "Scene"}
        inputs = {k: v for k, v in (("animations", self.animations), ("add", self.added)) if v}
        if inputs:
            scene["inputs"] = inputs
        nodes[self.graph.fresh_id(SCENE_ID)] = scene
        return nodes

    def statement(self, statement: ast.stmt, pending: list[ast.stmt]) -> None:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            self.assign(statement, statement.targets[0], pending)
        elif isinstance(statement, ast.FunctionDef) and not statement.args.args and len(statement.body) == 1:
            returned = statement.body[0]
            if not isinstance(returned, ast.Return) or returned.value is None:
                raise Unmatched("only a function that returns one value is a node (a live value)")
            self.graph.functions.add(statement.name)
            self.reader.build(returned.value, None, statement.name, [])
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self.call(statement, pending)
        elif isinstance(statement, ast.FunctionDef) and self.step(statement, pending):
            return  # a step that defines its updater (Follow)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            return  # a docstring or a bare string
        elif isinstance(statement, ast.Pass):
            return
        else:
            why = next((w for t, w in _WHY.items() if isinstance(statement, t)), None)
            raise Unmatched(why or f"a {type(statement).__name__} statement has no node")

    def assign(self, statement: ast.Assign, target: ast.expr, pending: list[ast.stmt]) -> None:
        code = statement.value
        if isinstance(target, ast.Attribute) and ast.unparse(target) == "self.camera.background_color":
            try:
                self.background = value(code, Port("background", "color"))
            except NotLiteral as exc:
                raise Unmatched(str(exc)) from None
            return
        if not isinstance(target, ast.Name):
            raise Unmatched("only assignments to one variable make nodes")
        if (
            isinstance(code, ast.Call)
            and isinstance(code.func, ast.Name)
            and code.func.id == "always_redraw"
            and len(code.args) == 1
            and isinstance(code.args[0], ast.Lambda)
            and not code.args[0].args.args
        ):
            code = code.args[0].body  # redrawn every frame: the graph says so by its live inputs
        self.reader.build(code, None, target.id, pending)
        self._updaters(target.id, pending)

    def _updaters(self, variable: str, pending: list[ast.stmt]) -> None:
        """``x.add_updater(lambda m: ...)`` after a node: the compiler writes it from what the
        node reads; one on a node that reads nothing live says ``follow``."""
        while pending and _method_on(pending[0]) == (variable, "add_updater"):
            self.followers.add(self.graph.variables[variable])
            pending.pop(0)

    def call(self, statement: ast.Expr, pending: list[ast.stmt]) -> None:
        assert isinstance(statement.value, ast.Call)
        if (play := _self_call(statement, "play")) is not None:
            self.play(play)
        elif (wait := _self_call(statement, "wait")) is not None:
            self.wait(wait, pending)
        elif (add := _self_call(statement, "add")) is not None and not self.after(statement):
            self.add(add)
        elif self.after(statement) or self.step(statement, pending):
            return
        elif (on := _method_on(statement)) is not None and on[0] in self.graph.variables:
            self.in_place(statement, on[0], pending)
        else:
            raise Unmatched(_no_step(statement.value))

    def play(self, call: ast.Call) -> None:
        played = [self.reader.nested(argument, "animation") for argument in call.args]
        options = {k.arg: k.value for k in call.keywords if k.arg}
        unknown = sorted(set(options) - set(_PLAY_KEYWORDS))
        if unknown or len(options) != len(call.keywords):
            raise Unmatched(f"self.play() keywords other than {', '.join(_PLAY_KEYWORDS)}")
        if len(played) > 1:  # played together, as Manim plays them
            node: dict[str, Any] = {"type": "AnimationGroup", "inputs": {"animations": played}}
            group = self.graph.fresh_id("together")
            self.graph.nodes[group] = node
            played = [group]
        if not played:
            raise Unmatched("self.play() without an animation")
        for name, code in options.items():
            self._set(played[0], name, code)
        self.animations.extend(played)

    def _set(self, node_id: str, port_name: str, code: ast.expr) -> None:
        node = self.graph.nodes[node_id]
        port = CATALOG[node["type"]].port(port_name)
        if port is None:
            raise Unmatched(f"{node['type']} has no {port_name}")
        where, item = self.reader.source(code, port)
        node.setdefault(where, {})[port_name] = item

    def wait(self, call: ast.Call, pending: list[ast.stmt]) -> None:
        if not pending and self._held_by_compiler():
            return  # the compiler holds a still scene, or a last step that plays no frames
        node: dict[str, Any] = {"type": "Wait"}
        node_id = self.graph.fresh_id("hold")
        self.graph.nodes[node_id] = node
        duration = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "duration"), None)
        if duration is not None:
            self._set(node_id, "run_time", duration)
        self.animations.append(node_id)

    def _held_by_compiler(self) -> bool:
        if not self.animations:
            return True
        last = CATALOG[self.graph.nodes[self.animations[-1]]["type"]]
        return last.step is not None and not last.step_plays and last.step_shows

    def add(self, call: ast.Call) -> None:
        if call.keywords:
            raise Unmatched("self.add() takes mobjects only")
        if not self.animations:
            self.added.extend(self.reader.nested(argument, "mobject") for argument in call.args)
            return
        for argument in call.args:  # after the first play: a step of the timeline
            shown = self.reader.nested(argument, "mobject")
            step: dict[str, Any] = {"type": "AddToScene", "inputs": {"mobject": shown}}
            node_id = self.graph.fresh_id("add")
            self.graph.nodes[node_id] = step
            self.animations.append(node_id)

    def after(self, statement: ast.stmt) -> bool:
        """A statement a node writes after its assignment, further down (the compiler keeps
        them together; a hand-written script may not)."""
        for variable, node_id in reversed(list(self.graph.variables.items())):
            type_name = self.graph.nodes[node_id]["type"]
            found = match_after(type_name, variable, statement)
            if found is not None:
                line, bindings = found
                bindings = {k: v for k, v in bindings.items() if k != SELF}
                port_node = self.reader.node(CATALOG[type_name], bindings, dict(line.fixed))
                node = self.graph.nodes[node_id]
                for where in ("inputs", "params"):
                    if where in port_node:
                        node.setdefault(where, {}).update(port_node[where])
                return True
        return False

    def step(self, statement: ast.stmt, pending: list[ast.stmt]) -> bool:
        """A timeline step or a statement about the scene, in the catalog's own words."""
        following = [statement, *pending]
        for type_name, node_type in CATALOG.items():
            timeline = node_type.step is not None
            if not timeline and node_type.outputs:
                continue
            for shape in shapes_for(type_name, tuple(following[:4])):
                code = shape.step if timeline else (ast.Expr(shape.head), *shape.after) if shape.head else ()
                if not code or len(code) > len(following):
                    continue
                matcher = Matcher()
                if all(matcher.match(a, b) for a, b in zip(code, following, strict=False)):
                    wanted = matcher.bindings.pop(SELF, None)
                    bindings = {k: v for k, v in matcher.bindings.items()}
                    node = self.reader.node(node_type, bindings, dict(shape.fixed))
                    name = node_id_of(wanted.id) if isinstance(wanted, ast.Name) else snake_case(type_name)
                    node_id = self.graph.fresh_id(name)
                    self.graph.nodes[node_id] = node
                    if timeline:
                        self.animations.append(node_id)
                    del pending[: len(code) - 1]
                    return True
        return False

    def in_place(self, statement: ast.Expr, variable: str, pending: list[ast.stmt]) -> None:
        """``circle.shift(UP)`` on its own line: a node that changes the mobject; the variable
        names that node from here on, as the mobject it now is."""
        if _method_on(statement) == (variable, "add_updater"):
            self.followers.add(self.graph.variables[variable])
            return
        node_id = self.reader.build(statement.value, "mobject", None)
        node = self.graph.nodes[node_id]
        if node.get("inputs", {}).get("mobject") != self.graph.variables[variable]:
            del self.graph.nodes[node_id]
            raise Unmatched(f"no node type changes '{variable}' this way")
        self.graph.variables[variable] = node_id


def _assigned(statement: ast.stmt) -> list[str]:
    """The variables a skipped statement would have made, so later uses say why they are missing."""
    if isinstance(statement, ast.FunctionDef):
        return [statement.name]
    if isinstance(statement, ast.Assign):
        return [n.id for target in statement.targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    return []


def _no_step(call: ast.Call) -> str:
    name = ast.unparse(call.func)
    if name.startswith("self."):
        return f"'{name}' is not a step the catalog knows"
    return f"'{name}(...)' as a statement has no node"
