"""``manim-nodes import``: a plain Manim script to a graph, read from its syntax tree, never run.

- ``shapes``: what each catalog node type writes, learnt by running its emitter on placeholders;
- ``match``: a script's syntax tree against those shapes;
- ``values``: literal code back to a port's value (the compiler's ``literal`` in reverse);
- ``nodes``: matched code to nodes, params and wires;
- ``scene``: a ``construct`` body statement by statement (plays, waits, adds, steps);
- ``script``: the file: its Scene class, its name, the layout;
- ``command``: what the CLI command does (``run_import``).
"""

from .command import IMPORT_HELP, run_import
from .script import ImportResult, import_script

__all__ = ["IMPORT_HELP", "ImportResult", "import_script", "run_import"]
