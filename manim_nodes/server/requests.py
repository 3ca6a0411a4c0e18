"""Reading request bodies and headers the same strict way in every handler."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .errors import ApiError


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a finite number")


async def json_body(request: web.Request, *, required: bool = True) -> Any:
    """The body as JSON (NaN and Infinity refused), or a 400 in the error shape."""
    raw = await request.read()  # 413 past client_max_size
    if not raw.strip():
        if required:
            raise ApiError(400, "the request needs a JSON body")
        return {}
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
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
