"""Who is asking: the client's address, with a reverse proxy's X-Forwarded-For/-Proto believed only
when the request comes from one of the configured proxy addresses (`Settings.forwarded_allow_ips`).

Anyone can write those headers; believed from everyone, they would let a caller pick the address
the logs and the rate limits see. uvicorn's ProxyHeadersMiddleware does the parsing (rightmost
untrusted hop of X-Forwarded-For, scheme from X-Forwarded-Proto); it is installed by the app itself
so that every way of starting the server (one process, several workers, tests) behaves the same,
and uvicorn's own copy is switched off (central/tls.py: uvicorn_options)."""
from __future__ import annotations

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware


def trusted_proxies(setting: str) -> list[str]:
    """'10.0.0.5, 192.168.1.0/24' -> ['10.0.0.5', '192.168.1.0/24']; '' -> [] (trust nobody)."""
    return [part.strip() for part in setting.split(",") if part.strip()]


def install(app, setting: str) -> None:
    """Believe forwarded headers from these proxies only (nothing to do when there are none)."""
    proxies = trusted_proxies(setting)
    if proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)


def scope_client(scope) -> str:
    """The client's IP address for pure ASGI middleware (the access log), which has a scope and no
    Request: the socket's peer, or what a trusted proxy said it forwarded for (the middleware above
    has already put that in the scope; central/api/client_address.py reads the same for requests)."""
    client = scope.get("client")
    return client[0] if client else "unknown"
