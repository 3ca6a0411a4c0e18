"""Rendering on request: preview now, export in the background, the event stream."""

from __future__ import annotations

from aiohttp import web

from ..config import QUALITIES
from .errors import ApiError
from .events import stream_events
from .requests import json_object
from .state import ENGINE, GRAPHS, HUB, OPTIONS

FORMATS = ("mp4", "webm", "gif", "mov", "png")
TRANSPARENT_FORMATS = ("mov", "webm", "png")

routes = web.RouteTableDef()


@routes.post("/api/graphs/{name:.+}/render")
async def render_preview(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    _, compiled = await request.app[GRAPHS].compiled(name)  # 422 on the spot for an invalid graph
    return web.json_response({"job": request.app[ENGINE].submit_preview(name, compiled)}, status=202)


@routes.post("/api/graphs/{name:.+}/export")
async def export_graph(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    body = await json_object(request, required=False)
    quality = body.get("quality", "high")
    fmt = body.get("format", "mp4")
    transparent = body.get("transparent", False)
    if quality not in QUALITIES:
        raise ApiError(400, f"quality must be one of {', '.join(QUALITIES)}", {"quality": quality})
    if fmt not in FORMATS:
        raise ApiError(400, f"format must be one of {', '.join(FORMATS)}", {"format": fmt})
    if not isinstance(transparent, bool) or (transparent and fmt not in TRANSPARENT_FORMATS):
        raise ApiError(400, f"transparent works with {', '.join(TRANSPARENT_FORMATS)} only")
    _, compiled = await request.app[GRAPHS].compiled(name)
    job = request.app[ENGINE].submit_export(name, compiled, quality, fmt, transparent)
    return web.json_response({"job": job}, status=202)


@routes.get("/api/events")
async def events(request: web.Request) -> web.StreamResponse:
    options = request.app[OPTIONS]
    return await stream_events(
        request, request.app[HUB], ping_interval=options.ping_interval, check_interval=options.check_interval
    )
