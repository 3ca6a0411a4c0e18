"""manim-nodes: build Manim animations as node graphs."""

__version__ = "0.1.0"
