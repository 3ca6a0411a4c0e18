"""Request checks that keep a local dev server from being driven by other web pages.

- ``Host`` must name this machine (localhost, 127.0.0.1, [::1]), the address
  the server is bound to, or a host the user allowed: a page on another site
  that rebinds its DNS name to 127.0.0.1 still sends its own name, and is
  refused on every route (DNS rebinding). The port is not what protects here,
  so any port is accepted with an allowed name (the Vite dev proxy keeps its
  own port in ``Host``); an allowed entry written ``name:port`` allows only
  that port.
- Mutating requests and the event stream must come from the server's own
  origin or an allowed one, and never with ``Sec-Fetch-Site: cross-site``.
- Bodies over the limit are refused before they are read.
- No CORS headers are ever sent, so other origins cannot read answers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

from .errors import ApiError, Handler

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_BINDS = frozenset({"", "0.0.0.0", "::", "*"})
MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ORIGIN_CHECKED_PATHS = frozenset({"/api/events"})

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def split_host(value: str) -> tuple[str, int | None] | None:
    """``("localhost", 8000)`` from ``localhost:8000``; ``("::1", None)`` from ``[::1]``; None if malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/\\@ \t\x00?#"):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
        if not rest:
            return name, None
        if not rest.startswith(":"):
            return None
        port_text = rest[1:]
    else:
        name, sep, port_text = value.partition(":")
        if not sep:
            return name, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return name, int(port_text)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _normal_origin(origin: str) -> str:
    parts = urlsplit(origin.strip().lower())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else origin.strip().lower()


@dataclass(frozen=True)
class SecurityPolicy:
    """What this server accepts; built from settings once, at start."""

    host_names: frozenset[str]  # any port
    host_ports: frozenset[tuple[str, int]]  # exactly this port
    origins: frozenset[str]
    max_body: int

    @classmethod
    def build(
        cls, bind_host: str, allowed_hosts: Iterable[str], allowed_origins: Iterable[str], max_body: int
    ) -> SecurityPolicy:
        names = set(LOOPBACK_NAMES)
        ports: set[tuple[str, int]] = set()
        if bind_host.strip("[]").lower() not in WILDCARD_BINDS:
            names.add(bind_host.strip("[]").lower())
        origins = {_normal_origin(o) for o in allowed_origins}
        # an allowed origin's host may reach us through its dev proxy
        hosts = list(allowed_hosts) + [urlsplit(o).netloc for o in origins]
        for entry in hosts:
            parsed = split_host(entry)
            if parsed is None:
                continue
            name, port = parsed
            if port is None:
                names.add(name)
            else:
                ports.add((name, port))
        return cls(frozenset(names), frozenset(ports), frozenset(origins), max_body)

    def host_allowed(self, host: str | None) -> bool:
        parsed = split_host(host or "")
        if parsed is None:
            return False
        name, port = parsed
        return name in self.host_names or (port is not None and (name, port) in self.host_ports)

    def origin_allowed(self, request: web.Request) -> bool:
        if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
            return False
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser's cross-origin request (curl, scripts, same-origin GET)
        origin = _normal_origin(origin)
        own = f"{request.scheme}://{request.host}".lower()
        return origin == own or origin in self.origins


def security_middleware(policy: SecurityPolicy) -> Middleware:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not policy.host_allowed(request.headers.get("Host")):
            raise ApiError(
                403,
                "this server only answers requests addressed to localhost; "
                "start it with --allow-host NAME to allow another host name",
                {"host": request.headers.get("Host")},
            )
        checked = request.method in MUTATING_METHODS or request.path in ORIGIN_CHECKED_PATHS
        if checked and not policy.origin_allowed(request):
            raise ApiError(
                403,
                "requests from other web sites are not allowed",
                {"origin": request.headers.get("Origin"), "sec_fetch_site": request.headers.get("Sec-Fetch-Site")},
            )
        length = request.content_length
        if length is not None and length > policy.max_body:
            raise ApiError(
                413,
                f"the request body is {length} bytes; the limit is {policy.max_body} bytes",
                {"limit": policy.max_body},
            )
        return await handler(request)

    return check


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: safe headers on every answer, and never a CORS header."""
    for name in [h for h in response.headers if h.lower().startswith("access-control-")]:
        del response.headers[name]
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
