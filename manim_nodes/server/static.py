"""The editor, previews and exports as files, each confined to its directory.

Paths come from the URL, so each one is checked piece by piece (no empty,
dot or hidden parts, no backslash or NUL) and then resolved: a path, or a
symlink, that lands outside its directory is a 404 like any missing file.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from .errors import ApiError
from .state import OPTIONS, SETTINGS

routes = web.RouteTableDef()

MISSING_EDITOR = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>manim-nodes</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>manim-nodes</h1>
<p>The browser editor has not been built yet. Run <code>make web</code> in the manim-nodes checkout,
then reload this page.</p>
<p>The API is up: try <a href="/api/graphs">/api/graphs</a> and <a href="/api/health">/api/health</a>.</p>
</body></html>
"""

NO_CACHE = {"Cache-Control": "no-cache"}


def confined_file(root: Path, relative: str) -> Path:
    """``root/relative`` if it is a file inside ``root``; a 404 otherwise, and nothing touched."""
    parts = relative.split("/")
    bad_part = any(p in ("", ".", "..") or p.startswith(".") for p in parts)
    if not relative or "\\" in relative or "\x00" in relative or bad_part:
        raise ApiError(404, "no such file", {"path": relative})
    base = root.resolve()
    try:
        path = (base / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        raise ApiError(404, "no such file", {"path": relative}) from None
    if not path.is_relative_to(base) or not path.is_file():
        raise ApiError(404, "no such file", {"path": relative})
    return path


def _page(request: web.Request, name: str) -> web.StreamResponse:
    """A built page of the editor, never cached, or a page that says how to build it."""
    page = request.app[OPTIONS].static_dir / name
    if page.is_file():
        return web.FileResponse(page, headers=NO_CACHE)
    return web.Response(text=MISSING_EDITOR, content_type="text/html", headers=NO_CACHE)


@routes.get("/")
async def index(request: web.Request) -> web.StreamResponse:
    """The editor; ``/?graph=NAME`` is the same page, which opens that graph itself."""
    return _page(request, "index.html")


@routes.get("/preview")
async def preview_page(request: web.Request) -> web.StreamResponse:
    """One graph's preview in a window of its own; ``/preview?graph=NAME``, the page reads the name."""
    return _page(request, "preview.html")


@routes.get("/assets/{path:.+}")
async def assets(request: web.Request) -> web.StreamResponse:
    # built asset names carry a content hash: cache them for good
    path = confined_file(request.app[OPTIONS].static_dir / "assets", request.match_info["path"])
    return web.FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})


@routes.get("/previews/{path:.+}")
async def previews(request: web.Request) -> web.StreamResponse:
    path = confined_file(request.app[SETTINGS].preview_dir, request.match_info["path"])
    return web.FileResponse(path, headers=NO_CACHE)


@routes.get("/exports/{file}")
async def exports(request: web.Request) -> web.StreamResponse:
    path = confined_file(request.app[SETTINGS].export_dir, request.match_info["file"])
    return web.FileResponse(path, headers=NO_CACHE)


@routes.get(r"/{file:[A-Za-z0-9][A-Za-z0-9_.-]*\.[A-Za-z0-9]+}")
async def top_level_file(request: web.Request) -> web.StreamResponse:
    """Files the editor build puts beside index.html (favicon and the like)."""
    path = confined_file(request.app[OPTIONS].static_dir, request.match_info["file"])
    return web.FileResponse(path, headers=NO_CACHE)
