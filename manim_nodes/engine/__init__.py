"""The render engine: warm Manim workers, latest-wins previews, parallel exports.

The server and the CLI use ``RenderEngine`` through the contract in ``api``.
"""

from .api import Engine, EngineConfig, EngineEvent, Listener, default_workers
from .engine import RenderEngine

__all__ = ["Engine", "EngineConfig", "EngineEvent", "Listener", "RenderEngine", "default_workers"]
