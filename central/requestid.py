"""Request ids: every log line written while a request is served carries its id.

The id comes from the caller's X-Request-ID header when it is well-formed (a proxy or load
balancer that already stamped the request keeps one id across both logs), else a fresh one; it
is echoed in the response's X-Request-ID header so a kiosk's error report can be matched to the
server's lines. It lives in a context variable: sync endpoints run in worker threads that copy
the context, so their lines carry it too."""
from __future__ import annotations

import contextvars
import re
import uuid

HEADER = b"x-request-id"
WELL_FORMED = re.compile(rb"[A-Za-z0-9._:@+=/-]{1,128}")  # no spaces, quotes or control characters

current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def from_headers(headers) -> str:
    """The incoming id when it is well-formed, else a new one (a log injection stays out)."""
    for name, value in headers:
        if name.lower() == HEADER and WELL_FORMED.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


class RequestId:
    """Pure ASGI middleware (outermost): sets the id for the request and echoes it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = from_headers(scope["headers"])
        token = current.set(rid)

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                message = {**message, "headers": headers + [(HEADER, rid.encode("ascii"))]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            current.reset(token)
