"""Who is asking: the one place that names a request's client address (throttling, audit rows).
Behind a reverse proxy this is where trusted forwarded headers would be read."""
from __future__ import annotations

from starlette.requests import HTTPConnection


def client_address(request: HTTPConnection) -> str:
    """The peer's IP address as the server saw it ("unknown" when the server does not say)."""
    return request.client.host if request.client and request.client.host else "unknown"
