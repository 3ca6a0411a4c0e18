"""``/api/graphs`` and friends: thin handlers over ``GraphService``.

A graph name may hold folders (``gallery/MovingAngle``), so ``{name:.+}``
spans ``/``. The action routes (``/code`` here, ``/render`` and ``/export`` in
``routes_render``, ``/rename``, ``/extract``) are registered before the plain graph route,
and ``store.check_name`` refuses those words as the last segment of a name in
a folder, so ``/api/graphs/x/code`` always means the code of ``x``. A ``%2F``
in the name segment reads the same as ``/``.
"""

from __future__ import annotations

from aiohttp import web

from .. import __version__
from ..catalog import catalog_json
from ..store import check_name, template_info
from ..validate import validate_data
from .errors import ApiError
from .listing import export_files, graph_json
from .requests import if_match, json_object, quoted
from .state import GRAPHS, SETTINGS

routes = web.RouteTableDef()


@routes.get("/api/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": __version__})


@routes.get("/api/nodes")
async def nodes(request: web.Request) -> web.Response:
    return web.json_response(catalog_json())


@routes.get("/api/templates")
async def templates(request: web.Request) -> web.Response:
    """Templates ``POST /api/graphs`` takes: blank, starter and the examples (the New dialog lists them)."""
    return web.json_response({"templates": template_info()})


@routes.get("/api/pictures")
async def list_pictures(request: web.Request) -> web.Response:
    """The images and SVGs in the data dir that a graph may show (the editor's file picker)."""
    import asyncio

    from ..assets import asset_files

    return web.json_response({"pictures": await asyncio.to_thread(asset_files, request.app[GRAPHS].directory)})


@routes.get("/api/graphs")
async def list_graphs(request: web.Request) -> web.Response:
    return web.json_response({"graphs": await request.app[GRAPHS].summaries()})


@routes.post("/api/graphs")
async def create_graph(request: web.Request) -> web.Response:
    body = await json_object(request)
    name = body.get("name")
    if not isinstance(name, str):
        raise ApiError(400, 'give the new graph a name: {"name": "intro", "format": "yaml"}')
    fmt = body.get("format", "yaml")
    template = body.get("template", "starter")
    title = body.get("title")  # the display name, which may hold spaces; the file is named by `name`
    if not isinstance(fmt, str) or not isinstance(template, str) or not isinstance(title, str | None):
        raise ApiError(400, "format, template and title must be text")
    graphs = request.app[GRAPHS]
    state = await graphs.create(name, fmt, template, title)
    return web.json_response(graph_json(state), status=201, headers={"ETag": quoted(state.etag)})


@routes.get("/api/graphs/{name:.+}/code")
async def graph_code(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    _, compiled = await request.app[GRAPHS].compiled(name, pictures=False)  # the script reads them, we need not
    return web.json_response({"name": name, "code": compiled.source})


@routes.get("/api/graphs/{name:.+}")
async def get_graph(request: web.Request) -> web.Response:
    graphs = request.app[GRAPHS]
    state = await graphs.read(request.match_info["name"])
    return web.json_response(graph_json(state), headers={"ETag": quoted(state.etag)})


@routes.put("/api/graphs/{name:.+}")
async def put_graph(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    check_name(name)  # before the body is read
    result = await request.app[GRAPHS].save(name, await json_object(request), if_match(request))
    return web.json_response(result, headers={"ETag": quoted(result["etag"])})


@routes.delete("/api/graphs/{name:.+}")
async def delete_graph(request: web.Request) -> web.Response:
    return web.json_response(request.app[GRAPHS].delete(request.match_info["name"], if_match(request)))


@routes.post("/api/graphs/{name:.+}/extract")
async def extract_subgraph(request: web.Request) -> web.Response:
    """Turn a selection of nodes into a new graph used by one Subgraph node (``extract.py``)."""
    name = request.match_info["name"]
    check_name(name)  # before the body is read
    result = await request.app[GRAPHS].extract(name, await json_object(request), if_match(request))
    return web.json_response(result, status=201, headers={"ETag": quoted(result["etag"])})


@routes.post("/api/graphs/{name:.+}/rename")
async def rename_graph(request: web.Request) -> web.Response:
    body = await json_object(request)
    return web.json_response(request.app[GRAPHS].rename(request.match_info["name"], body.get("to")))


@routes.post("/api/validate")
async def validate(request: web.Request) -> web.Response:
    import asyncio

    data = await json_object(request)
    graphs = request.app[GRAPHS]
    problems = await asyncio.to_thread(validate_data, data, graphs.resolve, request.query.get("name"))
    return web.json_response({"errors": [p.to_json() for p in problems]})


@routes.get("/api/exports")
async def list_exports(request: web.Request) -> web.Response:
    return web.json_response({"exports": export_files(request.app[SETTINGS].export_dir)})
