"""One JSON error shape for every 4xx and 5xx: ``{"error": {"status", "message", "details"}}``.

Handlers raise ``ApiError`` (or a library error that knows its status); one
middleware turns any of them, aiohttp's own HTTP errors and unexpected
exceptions into that shape, so the editor reads every failure the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from ..problems import GraphError
from ..store import NameTaken, NotFound, PreconditionFailed, PreconditionRequired, StoreError, TooLarge

log = logging.getLogger("manim_nodes.server")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# The store's domain errors as HTTP statuses; any other StoreError is a bad request.
STORE_STATUS: dict[type[StoreError], int] = {
    NotFound: 404,
    NameTaken: 409,
    PreconditionFailed: 412,
    TooLarge: 413,
    PreconditionRequired: 428,
}

# Headers of aiohttp's HTTP errors worth keeping on the JSON answer.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiError(Exception):
    """An error with its HTTP status, a message for people and details for programs."""

    def __init__(self, status: int, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = dict(details or {})


def error_response(
    status: int, message: str, details: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
) -> web.Response:
    body = {"error": {"status": status, "message": message, "details": dict(details or {})}}
    return web.json_response(body, status=status, headers=headers)


def _http_message(exc: web.HTTPException) -> str:
    text = exc.text or exc.reason
    if text.startswith(f"{exc.status}: "):
        text = text.split(": ", 1)[1]
    return text.strip() or exc.reason


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The outermost middleware: every failure leaves as the one JSON shape; the server goes on."""
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc.status, exc.message, exc.details)
    except StoreError as exc:
        return error_response(STORE_STATUS.get(type(exc), 400), str(exc), exc.details)
    except GraphError as exc:
        return error_response(422, str(exc) or "the graph is invalid", {"errors": [p.to_json() for p in exc.problems]})
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {k: exc.headers[k] for k in _KEPT_HEADERS if k in exc.headers}
        return error_response(exc.status, _http_message(exc), headers=headers)
    except ConnectionResetError:
        raise  # the client went away; there is nobody to answer
    except Exception as exc:
        log.exception("unhandled exception while handling %s %s", request.method, request.path)
        return error_response(500, "internal server error", {"type": type(exc).__name__})
