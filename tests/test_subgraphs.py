"""Subgraphs: a graph file used as a node of another (docs/file-format.md, "Subgraphs").

Validation places and words each problem on the Subgraph node or the `$name` wire; the
compiler inlines the graph (prefixed ids, `$name` replaced, a comment naming it) into one
standalone script that plain Manim renders to the frames of the same scene written flat.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from manim_nodes.cli import main
from manim_nodes.compiler import compile_graph, compile_valid
from manim_nodes.document import load_bytes, load_path
from manim_nodes.export import compile_file
from manim_nodes.problems import GraphError, Problem
from manim_nodes.subgraphs import Library, directory_resolver, flatten
from manim_nodes.validate import check_file, validate_data, validate_document

from paths import ROOT
from plain_manim import frames_compared, plain_manim

PART = ROOT / "graphs" / "parts" / "labelled_dot.yaml"

MAIN = """\
version: 1
nodes:
  spot:
    type: Vector
    params: {value: [2, 1]}
  a:
    type: Subgraph
    graph: parts/labelled_dot
    params: {color: RED, label: A}
    inputs: {where: spot}
  out:
    type: Scene
    inputs: {animations: [a.intro]}
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir holding the example part, ``parts/labelled_dot``, and ``main`` using it."""
    root = tmp_path / "graphs"
    (root / "parts").mkdir(parents=True)
    shutil.copy(PART, root / "parts" / "labelled_dot.yaml")
    (root / "main.yaml").write_text(MAIN)
    return root


def write(root: Path, name: str, text: str) -> Path:
    path = root / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def problems_of(root: Path, name: str) -> list[Problem]:
    """The placed problems of graph ``name`` of data dir ``root``, as the server finds them."""
    document = load_path(root / f"{name}.yaml")
    return validate_document(document, directory_resolver(root), name)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


def main_with(root: Path, node: str, **extra: Any) -> list[Problem]:
    """``main`` with its Subgraph node ``a`` written as ``node`` (YAML flow mapping)."""
    text = (root / "main.yaml").read_text()
    write(root, "main", text.replace(text.split("  a:\n")[1].split("  out:")[0], f"    {node}\n"))
    return problems_of(root, "main")


# ------------------------------------------------------------------ valid uses


def test_the_example_pair_validates(data_dir: Path) -> None:
    assert problems_of(data_dir, "main") == []
    assert problems_of(data_dir, "parts/labelled_dot") == []
    demo = load_path(ROOT / "graphs" / "subgraph_demo.yaml").data
    assert validate_data(demo, directory_resolver(ROOT / "graphs"), "subgraph_demo") == []


def test_without_a_resolver_subgraph_nodes_are_left_unchecked_and_compiling_says_why(data_dir: Path) -> None:
    data = load_path(data_dir / "main.yaml").data
    assert validate_data(data) == []
    with pytest.raises(GraphError) as caught:
        compile_graph(data, "main")
    problem = only(caught.value.problems)
    assert (problem.path, problem.node) == ("/nodes/a", "a")
    assert "'parts/labelled_dot'" in problem.message and "data directory" in problem.message


# ------------------------------------------------------------------ bad uses, each placed


def test_missing_graph_is_named_with_a_suggestion(data_dir: Path) -> None:
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/labeled_dot}"))
    assert problem.message == "no graph named 'parts/labeled_dot'; did you mean 'parts/labelled_dot'?"
    assert (problem.path, problem.node, problem.line) == ("/nodes/a/graph", "a", 7)


def test_an_invalid_subgraph_is_an_error_on_its_node_naming_the_first_problem(data_dir: Path) -> None:
    part = PART.read_text().replace("inputs: {mobject: both}", "inputs: {mobject: bth}")
    write(data_dir, "parts/labelled_dot", part)
    problem = only(problems_of(data_dir, "main"))
    line = next(i for i, text in enumerate(part.splitlines(), 1) if "mobject: bth" in text)
    column = part.splitlines()[line - 1].index("bth") + 1
    assert problem.message == (
        "the subgraph 'parts/labelled_dot' has 1 problem; the first: "
        f"parts/labelled_dot.yaml:{line}:{column}: no node named 'bth'; did you mean 'both'? "
        "(at /nodes/show/inputs/mobject)"
    )
    assert (problem.path, problem.node) == ("/nodes/a/graph", "a")


def test_a_subgraph_that_does_not_parse_is_an_error_on_its_node(data_dir: Path) -> None:
    write(data_dir, "parts/labelled_dot", "version: 1\nnodes: {a: [\n")
    problem = only(problems_of(data_dir, "main"))
    assert problem.message.startswith("the subgraph 'parts/labelled_dot' has 1 problem; the first: ")
    assert "parts/labelled_dot.yaml:" in problem.message


def test_unknown_input_names_the_inputs(data_dir: Path) -> None:
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/labelled_dot, params: {colr: RED}}"))
    assert problem.message == "subgraph parts/labelled_dot has no input 'colr'; did you mean 'color'?"
    assert (problem.path, problem.node, problem.port) == ("/nodes/a/params/colr", "a", "colr")
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/labelled_dot, params: {size: 2}}"))
    assert problem.message == "subgraph parts/labelled_dot has no input 'size'; it has color, label, where"


def test_unknown_output_names_the_outputs(data_dir: Path) -> None:
    write(data_dir, "main", MAIN.replace("a.intro", "a.intr"))
    problem = only(problems_of(data_dir, "main"))
    assert problem.message == "subgraph parts/labelled_dot 'a' has no output 'intr'; did you mean 'intro'?"
    assert (problem.path, problem.node, problem.port) == ("/nodes/out/inputs/animations/0", "out", "animations")


def test_kind_mismatches_of_values_and_wires(data_dir: Path) -> None:
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/labelled_dot, params: {color: REDD}}"))
    assert problem.message == (
        "'color' of subgraph parts/labelled_dot must be a color (#RRGGBB or a Manim name such as BLUE), "
        "got 'REDD'; did you mean 'RED'?"
    )
    assert problem.path == "/nodes/a/params/color"
    write(data_dir, "main", MAIN.replace("type: Vector\n    params: {value: [2, 1]}", "type: Circle"))
    problem = only(problems_of(data_dir, "main"))
    assert problem.message == (
        "'where' of subgraph parts/labelled_dot takes a vector [x, y] or [x, y, z], but 'spot' gives a mobject"
    )
    assert (problem.path, problem.port) == ("/nodes/a/inputs/where", "where")
    write(data_dir, "main", MAIN.replace("animations: [a.intro]", "animations: [a.group]"))
    problem = only(problems_of(data_dir, "main"))
    assert problem.message.startswith("'animations' of Scene takes") and "'a' gives a mobject" in problem.message


def test_an_object_input_left_unwired_is_named(data_dir: Path) -> None:
    write(data_dir, "parts/framed", FRAMED)
    write(data_dir, "main", MAIN.replace("animations: [a.intro]", "add: [a.frame]"))
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/framed}"))
    assert problem.message == "subgraph parts/framed 'a' needs 'shape': wire a mobject into it"
    assert (problem.path, problem.node, problem.port) == ("/nodes/a", "a", "shape")
    problem = only(main_with(data_dir, "{type: Subgraph, graph: parts/framed, params: {shape: spot}}"))
    assert problem.message == "'shape' takes a mobject from another node: move it to 'inputs' as a wire"


FRAMED = """\
version: 1
inputs:
  shape: {kind: mobject, description: What gets a frame}
  gap: {kind: number, default: 0.2}
outputs:
  frame: box
nodes:
  box:
    type: SurroundingRectangle
    inputs: {mobject: $shape, buff: $gap}
"""


def test_input_wires_need_declared_inputs_of_a_fitting_kind(tmp_path: Path) -> None:
    graph = load_bytes(
        b"version: 1\nnodes:\n  d: {type: Dot, inputs: {color: $color}}\n  o: {type: Scene}\n", "yaml"
    ).data
    problem = only(validate_data(graph))
    assert problem.message == (
        "'$color' reads this graph's input 'color', but the graph declares no inputs: "
        "add 'inputs: {color: {kind: color}}' at the top of the file"
    )
    assert (problem.path, problem.node, problem.port) == ("/nodes/d/inputs/color", "d", "color")
    graph["inputs"] = {"colour": {"kind": "color"}}
    assert only(validate_data(graph)).message == "this graph has no input 'color'; did you mean 'colour'?"
    graph["inputs"] = {"color": {"kind": "number"}}
    assert only(validate_data(graph)).message == (
        "'color' of Dot takes a color (#RRGGBB or a Manim name such as BLUE), but the input 'color' is a number"
    )
    graph["inputs"] = {"color": {"kind": "color", "list": True}}
    assert "the input 'color' is a list" in only(validate_data(graph)).message


def test_the_graph_interface_itself_is_checked() -> None:
    base: dict[str, Any] = {"version": 1, "nodes": {"d": {"type": "Dot"}, "out": {"type": "Scene"}}}
    cases = [
        ({"inputs": {"c": {"kind": "color", "default": "REDD"}}}, "/inputs/c/default",
         "the default of input 'c' must be a color (#RRGGBB or a Manim name such as BLUE), got 'REDD'; "
         "did you mean 'RED'?"),
        ({"inputs": {"m": {"kind": "mobject", "default": "d"}}}, "/inputs/m/default",
         "input 'm' is a mobject, which the graph that uses this one wires: it takes no default"),
        ({"inputs": {"c": {"kind": "colour"}}}, "/inputs/c/kind", "unknown kind 'colour' of input 'c'; did you mean 'color'?"),
        ({"inputs": {"c": {"kind": "color", "defualt": 1}}}, "/inputs/c/defualt",
         "unknown key 'defualt' in input 'c'; did you mean 'default'?"),
        ({"inputs": {"c": {"default": 1}}}, "/inputs/c", "input 'c' has no 'kind': say what it takes, e.g. {kind: color}"),
        ({"outputs": {"g": "dd"}}, "/outputs/g", "output 'g' comes from no node named 'dd'; did you mean 'd'?"),
        ({"outputs": {"g": "d.point"}}, "/outputs/g", "Dot 'd' has no output 'point'; it has mobject"),
        ({"outputs": {"g": "out"}}, "/outputs/g", "output 'g': Scene 'out' gives nothing to wire"),
        ({"outputs": {"g": "$c"}}, "/outputs/g",
         "output 'g' must be a wire to a node of this graph, 'node' or 'node.port', got '$c'"),
    ]  # fmt: skip
    for extra, path, message in cases:
        problem = only(validate_data({**base, **extra}))
        assert (problem.path, problem.message) == (path, message)


def test_graph_key_and_subgraph_shape() -> None:
    graph: dict[str, Any] = {"version": 1, "nodes": {"d": {"type": "Dot", "graph": "x"}, "out": {"type": "Scene"}}}
    problem = only(validate_data(graph))
    assert (problem.path, problem.message) == (
        "/nodes/d/graph",
        "'graph' names the graph a Subgraph node uses; Dot 'd' takes none",
    )
    graph["nodes"]["d"] = {"type": "Subgraph"}
    assert only(validate_data(graph)).message.startswith("Subgraph 'd' names no graph: add 'graph: NAME'")
    graph["nodes"]["d"] = {"type": "Subgraph", "graph": "../up"}
    assert only(validate_data(graph)).message.startswith("'../up' is not a graph name")
    graph["nodes"]["d"] = {"type": "Subgraph", "graph": "x", "inputs": {"where": "not a wire"}}
    problem = only(validate_data(graph))
    assert (problem.path, problem.port) == ("/nodes/d/inputs/where", "where")
    assert problem.message == "'not a wire' is not a wire: write 'node', 'node.port' or '$input', or a list of them"


def test_a_part_without_a_scene_is_valid_and_says_so_when_rendered_alone(data_dir: Path) -> None:
    write(data_dir, "parts/framed", FRAMED)
    assert problems_of(data_dir, "parts/framed") == []
    with pytest.raises(GraphError) as caught:
        compile_file(data_dir / "parts" / "framed.yaml")
    assert "no Scene node, so it renders only as a Subgraph node of another graph" in caught.value.problems[0].message


def test_an_object_input_makes_a_part_unrenderable_alone_and_says_so(data_dir: Path) -> None:
    write(data_dir, "parts/framed", FRAMED + "  out: {type: Scene, inputs: {add: [box]}}\n")
    assert problems_of(data_dir, "parts/framed") == []
    with pytest.raises(GraphError) as caught:
        compile_file(data_dir / "parts" / "framed.yaml")
    problem = only(caught.value.problems)
    assert (problem.node, problem.line) == ("box", 8)
    assert problem.message == (
        "this graph's input 'shape' (mobject) has nothing to stand in for it when the graph renders on its own "
        "(an object input is always wired): it renders as a Subgraph node of another graph that gives 'shape'"
    )


# ------------------------------------------------------------------ cycles between files


def test_a_cycle_between_files_is_refused_with_the_chain(data_dir: Path) -> None:
    use = "version: 1\noutputs: {{x: inner}}\nnodes:\n  inner: {{type: Subgraph, graph: {}}}\n"
    write(data_dir, "parts/a", use.format("parts/b"))
    write(data_dir, "parts/b", use.format("main"))
    write(data_dir, "main", MAIN.replace("graph: parts/labelled_dot", "graph: parts/a").replace("a.intro", "a"))
    problem = next(p for p in problems_of(data_dir, "main") if p.node == "a")
    assert problem.message == (
        "graphs use each other in a cycle: main → parts/a → parts/b → main; "
        "a graph cannot be a node of itself, even through other graphs"
    )
    assert (problem.path, problem.line) == ("/nodes/a/graph", 8)
    # Each file of the cycle says so, from itself.
    assert "parts/a → parts/b → main → parts/a" in only(problems_of(data_dir, "parts/a")).message
    # A graph that uses the cycle without being in it names the cycle it reaches.
    write(data_dir, "outside", "version: 1\nnodes:\n  s: {type: Subgraph, graph: parts/b}\n  out: {type: Scene}\n")
    assert "parts/b → main → parts/a → parts/b" in only(problems_of(data_dir, "outside")).message


def test_a_graph_that_uses_itself_is_refused(data_dir: Path) -> None:
    write(data_dir, "main", MAIN.replace("graph: parts/labelled_dot", "graph: main").replace("a.intro", "a"))
    problem = next(p for p in problems_of(data_dir, "main") if p.node == "a")
    assert problem.message.startswith("graphs use each other in a cycle: main → main;")


def test_cli_validate_places_each_subgraph_problem(data_dir: Path) -> None:
    write(data_dir, "main", MAIN.replace("graph: parts/labelled_dot", "graph: parts/labeled_dot"))
    result = CliRunner().invoke(main, ["validate", str(data_dir)])
    assert result.exit_code == 1
    assert (
        f"{data_dir / 'main.yaml'}:8:12: no graph named 'parts/labeled_dot'; did you mean 'parts/labelled_dot'? "
        "(at /nodes/a/graph)" in result.output
    )
    document, problems = check_file(data_dir / "main.yaml", lambda _: data_dir)
    assert document is not None and only(problems).line == 8


def test_problems_across_files_show_once_inlined(data_dir: Path) -> None:
    """Each file is valid alone; a live amount passed into a part's Shift is not (it would add up)."""
    write(data_dir, "parts/pushed", """\
version: 1
inputs:
  by: {kind: vector, default: [1, 0]}
outputs:
  moved: push
nodes:
  dot: {type: Dot}
  push: {type: Shift, inputs: {mobject: dot, vector: $by}}
""")  # fmt: skip
    write(data_dir, "main", """\
version: 1
nodes:
  t: {type: ValueTracker}
  v: {type: CombineXYZ, inputs: {x: t}}
  a: {type: Subgraph, graph: parts/pushed, inputs: {by: v}}
  out: {type: Scene, inputs: {add: [a]}}
""")  # fmt: skip
    assert problems_of(data_dir, "parts/pushed") == []
    problem = only(problems_of(data_dir, "main"))
    assert (problem.path, problem.node) == ("/nodes/a", "a")
    assert problem.message.startswith("inside parts/pushed (as 'a_push'): ")


# ------------------------------------------------------------------ inlining


def test_the_script_inlines_the_subgraph_with_prefixed_ids_and_a_comment(data_dir: Path) -> None:
    compiled = compile_file(data_dir / "main.yaml", pictures=False)
    body = compiled.source.split("def construct(self):\n")[1]
    assert body == (
        "        spot = np.array([2.0, 1.0, 0.0])\n"
        "        # a: parts/labelled_dot\n"
        "        a_dot = Dot(point=spot, radius=0.12, color=RED)\n"  # a wire, and a param
        "        a_text = Text('A', font_size=40, color=RED)\n"
        "        a_placed = a_text.next_to(a_dot, UP)\n"
        "        a_both = VGroup(a_dot, a_placed)\n"
        "        a_show = FadeIn(a_both, shift=np.array([0.0, 0.3, 0.0]))\n"
        "        self.play(a_show)\n"
    )
    assert "out" not in compiled.source.replace("import", "")  # the part's own Scene stays out
    lines = compiled.source.splitlines()
    owners = {lines[n - 1].strip(): node for n, node in compiled.line_nodes.items()}
    assert owners["a_text = Text('A', font_size=40, color=RED)"] == "a"  # a render error there is a's
    assert owners["# a: parts/labelled_dot"] == "a"
    assert compiled.play_nodes == ("a",)


def test_inlined_ids_never_collide_and_defaults_fill_what_is_not_given(data_dir: Path) -> None:
    write(data_dir, "main", """\
version: 1
nodes:
  a_dot: {type: Square}
  a: {type: Subgraph, graph: parts/labelled_dot}
  a_2: {type: Subgraph, graph: parts/labelled_dot, params: {label: Q}}
  out: {type: Scene, inputs: {animations: [a.intro, a_2.intro], add: [a_dot]}}
""")  # fmt: skip
    source = compile_file(data_dir / "main.yaml", pictures=False).source
    assert "a_dot = Square()" in source
    assert "a_dot_2 = Dot(point=np.array([0.0, 0.0, 0.0]), radius=0.12, color=YELLOW)" in source
    assert "a_text = Text('P', font_size=40, color=YELLOW)" in source
    assert "a_2_text = Text('Q', font_size=40, color=YELLOW)" in source
    assert source.count("# a: parts/labelled_dot") == 1 and source.count("# a_2: parts/labelled_dot") == 1


def test_nested_subgraphs_and_list_inputs_inline_recursively(data_dir: Path) -> None:
    write(data_dir, "parts/pair", """\
version: 1
inputs:
  left: {kind: string, default: L}
  extra: {kind: mobject, list: true}
outputs:
  all: row
  intro: show
nodes:
  one: {type: Subgraph, graph: parts/labelled_dot, params: {where: [-1, 0]}, inputs: {label: $left}}
  two: {type: Subgraph, graph: parts/labelled_dot, params: {where: [1, 0], label: R}}
  row: {type: VGroup, inputs: {mobjects: [one.group, two.group, $extra]}}
  show: {type: FadeIn, inputs: {mobject: row}}
""")  # fmt: skip
    write(data_dir, "main", """\
version: 1
nodes:
  s1: {type: Square}
  s2: {type: Circle}
  p: {type: Subgraph, graph: parts/pair, params: {left: Z}, inputs: {extra: [s1, s2]}}
  out: {type: Scene, inputs: {animations: [p.intro]}}
""")  # fmt: skip
    assert problems_of(data_dir, "parts/pair") == []
    assert problems_of(data_dir, "main") == []
    source = compile_file(data_dir / "main.yaml", pictures=False).source
    assert "        # p: parts/pair\n        # p_one: parts/labelled_dot\n" in source
    assert "p_one_text = Text('Z', font_size=40, color=YELLOW)" in source
    assert "p_two_text = Text('R', font_size=40, color=YELLOW)" in source
    assert "p_row = VGroup(p_one_both, p_two_both, s1, s2)" in source


def test_a_list_input_given_values_becomes_a_list_of_values(data_dir: Path) -> None:
    write(data_dir, "parts/shape", """\
version: 1
inputs:
  corners: {kind: vector, list: true, default: [[0, 0], [1, 0], [0, 1]]}
outputs:
  shape: poly
nodes:
  poly: {type: Polygon, inputs: {vertices: [$corners]}}
""")  # fmt: skip
    write(data_dir, "main", "version: 1\nnodes:\n  s: {type: Subgraph, graph: parts/shape}\n"
                            "  out: {type: Scene, inputs: {add: [s]}}\n")  # fmt: skip
    assert problems_of(data_dir, "main") == []
    source = compile_file(data_dir / "main.yaml", pictures=False).source
    assert "s_poly = Polygon(np.array([0.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))" in source


def test_flatten_keeps_only_what_the_outputs_need(data_dir: Path) -> None:
    data = load_path(data_dir / "main.yaml").data
    flat = flatten(data, Library(directory_resolver(data_dir)))
    assert list(flat.nodes) == ["spot", "a_dot", "a_text", "a_placed", "a_both", "a_show", "out"]
    assert flat.nodes["out"]["inputs"] == {"animations": ["a_show"]}
    assert flat.origin == dict.fromkeys(["a_dot", "a_text", "a_placed", "a_both", "a_show"], "a")


def test_a_change_to_the_subgraph_changes_the_compiled_identity(data_dir: Path) -> None:
    before = compile_file(data_dir / "main.yaml").identity
    part = data_dir / "parts" / "labelled_dot.yaml"
    part.write_text(part.read_text().replace("font_size: 40", "font_size: 30"))
    after = compile_file(data_dir / "main.yaml").identity
    assert before != after and "font_size=30" in after
    part.write_text(part.read_text().replace("pos: [320, 80]", "pos: [300, 80]"))  # the editor's layout only
    assert compile_file(data_dir / "main.yaml").identity == after


def test_compile_valid_checks_the_subgraphs_again(data_dir: Path) -> None:
    """The server validated the graph before; a subgraph changed since is checked when it compiles."""
    data = load_path(data_dir / "main.yaml").data
    resolve = directory_resolver(data_dir)
    (data_dir / "parts" / "labelled_dot.yaml").unlink()
    with pytest.raises(GraphError) as caught:
        compile_valid(data, "main", "main.yaml", None, resolve, "main")
    assert only(caught.value.problems).message.startswith("no graph named 'parts/labelled_dot'")


# ------------------------------------------------------------------ bad input changes nothing


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("case", ["missing", "invalid", "recursive"])
def test_code_and_render_refuse_bad_subgraphs_and_write_nothing(data_dir: Path, tmp_path: Path, case: str) -> None:
    if case == "missing":
        (data_dir / "parts" / "labelled_dot.yaml").unlink()
        expected = "no graph named 'parts/labelled_dot'"
    elif case == "invalid":
        part = data_dir / "parts" / "labelled_dot.yaml"
        part.write_text(part.read_text().replace("type: FadeIn", "type: FadeInn"))
        expected = "the subgraph 'parts/labelled_dot' has 1 problem; the first: parts/labelled_dot.yaml:"
    else:
        write(
            data_dir,
            "parts/labelled_dot",
            "version: 1\noutputs: {intro: m}\nnodes:\n  m: {type: Subgraph, graph: main}\n",
        )
        expected = "graphs use each other in a cycle: main → parts/labelled_dot → main"
    before = _tree(tmp_path)
    runner = CliRunner()
    code = runner.invoke(main, ["code", str(data_dir / "main.yaml")])
    assert code.exit_code == 1 and expected in code.output, code.output
    out = tmp_path / "out.mp4"
    render = runner.invoke(main, ["render", str(data_dir / "main.yaml"), "-o", str(out), "--quality", "low"])
    assert render.exit_code == 1 and expected in render.output, render.output
    assert f"{data_dir / 'main.yaml'}:8:12: " in render.output
    assert _tree(tmp_path) == before


# ------------------------------------------------------------------ rendered by plain Manim

FLAT_BY_HAND = """\
# SubgraphDemo
from manim import *


class SubgraphDemo(Scene):
    def construct(self):
        self.camera.background_color = "#1e1e2e"

        def labelled_dot(color, label, where):
            dot = Dot(point=[*where, 0], radius=0.12, color=color)
            text = Text(label, font_size=40, color=color).next_to(dot, UP)
            return dot, VGroup(dot, text)

        a_dot, a = labelled_dot("#58C4DD", "A", (-3, -1))
        b_dot, b = labelled_dot("#FC6255", "B", (3, 1))
        join = Line(a_dot.get_center(), b_dot.get_center(), color=WHITE)
        self.play(FadeIn(a, shift=0.3 * UP))
        self.play(FadeIn(b, shift=0.3 * UP))
        self.play(Create(join))
"""


@pytest.mark.render
def test_the_ejected_script_renders_with_plain_manim_like_the_scene_written_flat(tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    demo = ROOT / "graphs" / "subgraph_demo.yaml"
    compiled = compile_file(demo, pictures=False)
    assert "class SubgraphDemo(Scene)" in compiled.source and "Subgraph(" not in compiled.source
    ours = plain_manim(compiled.source, compiled.class_name, tmp_path / "ours", "-s", fmt="png")
    theirs = plain_manim(FLAT_BY_HAND, "SubgraphDemo", tmp_path / "theirs", "-s", fmt="png")
    with Image.open(ours) as a, Image.open(theirs) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
    hand = tmp_path / "flat.py"
    hand.write_text(FLAT_BY_HAND)
    (tmp_path / "frames").mkdir()
    results = frames_compared(tmp_path / "frames", [(demo, hand)])
    outcome = results["subgraph_demo"]
    assert outcome["frames"] > 0 and outcome["identical"], outcome
