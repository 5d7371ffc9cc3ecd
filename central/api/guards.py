"""Bodies checked before any parser sees them: a size limit per route (enrollment is reachable
without signing in, reconciliation with any device token, so each gets what its purpose needs
rather than the server-wide limit) and a nesting limit for JSON.

Why a nesting check of our own: both parsers here recurse (the standard json module, msgspec) and
answer a body nested ~1,000 deep with RecursionError, a 500. Counting depth costs two C-speed
passes: strings are cut out with one regular expression, then everything but brackets is dropped,
and innermost `[]`/`{}` pairs are removed round by round; a body still holding brackets after
`max_depth` rounds is too deep."""
from __future__ import annotations

import json
import re

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPENERS = re.compile(rb"[\[{]+")
_KEEP = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets


def too_deep(body: bytes, max_depth: int) -> bool:
    """True when `body` (JSON, or something a JSON parser would try) nests deeper than `max_depth`."""
    if b"[" not in body and b"{" not in body:
        return False
    shape = _STRING.sub(b"", body).translate(None, _KEEP)
    for done in range(max_depth + 1):
        if not shape:
            return False
        shorter = shape.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(shape):  # unbalanced (not JSON): the longest run of openers decides
            return done + max(map(len, _OPENERS.findall(shape)), default=0) > max_depth
        shape = shorter
    return True


class BodyGuard:
    """Pure ASGI: refuse a body over its route's limit (413, from Content-Length before reading,
    else while reading) or a JSON body nested too deep (400); otherwise hand the read body on."""

    def __init__(self, app, limits: dict[str, int], max_depth: int):
        self.app, self.limits, self.max_depth = app, limits, max_depth

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        ctype = headers.get(b"content-type", b"").lower()
        limit = self.limits.get(scope["path"].rstrip("/"))
        if b"form" in ctype and limit is None:  # office forms and file uploads: not JSON
            return await self.app(scope, receive, send)
        length = headers.get(b"content-length", b"")
        if limit is not None and length.isdigit() and int(length) > limit:
            return await _refuse(send, 413, f"body larger than {limit} bytes for this address")
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if limit is not None and seen > limit:
                return await _refuse(send, 413, f"body larger than {limit} bytes for this address")
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if b"form" not in ctype and too_deep(body, self.max_depth):
            return await _refuse(send, 400, f"JSON nested deeper than {self.max_depth} levels")
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send, code: int, detail: str) -> None:
    data = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})
