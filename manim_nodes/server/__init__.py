"""The ``manim-nodes watch`` server: the editor, the HTTP API and the event stream (aiohttp)."""

from .app import create_app
from .state import ServerOptions

__all__ = ["ServerOptions", "create_app"]
