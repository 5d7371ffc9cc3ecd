"""Who is asking: the one place that names a request's client address (throttling, audit rows).
Behind a reverse proxy, central/proxy.py has already replaced the peer with the address a trusted
proxy forwarded for (X-Forwarded-For from the configured addresses only)."""
from __future__ import annotations

from starlette.requests import HTTPConnection


def client_address(request: HTTPConnection) -> str:
    """The peer's IP address as the server saw it ("unknown" when the server does not say)."""
    return request.client.host if request.client and request.client.host else "unknown"
