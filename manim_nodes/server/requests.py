"""Reading request bodies and headers the same strict way in every handler."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ..plain_data import JsonRefusal, parse_json
from .errors import ApiError

_JSON_TYPES = ("application/json", "application/octet-stream")  # octet-stream: no Content-Type sent


async def json_body(request: web.Request, *, required: bool = True) -> Any:
    """The body as JSON within the graph file limits, or a 4xx in the error shape.

    A body sent as a form or any other declared type is 415. Parsing runs off the
    event loop: a large graph takes a while, and other requests must not wait.
    """
    if request.body_exists and request.content_type not in _JSON_TYPES and not request.content_type.endswith("+json"):
        raise ApiError(415, f"send the body as application/json, not {request.content_type}")
    raw = await request.read()  # 413 past client_max_size
    if not raw.strip():
        if required:
            raise ApiError(400, "the request needs a JSON body")
        return {}
    try:
        return await asyncio.to_thread(parse_json, raw.decode("utf-8"), "the body")
    except JsonRefusal as exc:
        raise ApiError(400, f"the request body is refused: {exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, f"the request body is not valid JSON: {exc}") from None


async def json_object(request: web.Request, *, required: bool = True) -> dict[str, Any]:
    body = await json_body(request, required=required)
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return body


def if_match(request: web.Request) -> str | None:
    """The ETag in ``If-Match``, with quotes and a weak prefix taken off."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    value = value.split(",")[0].strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"') or None


def quoted(etag: str) -> str:
    return f'"{etag}"'
