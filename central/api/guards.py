"""Bodies checked before any parser sees them, in one middleware that reads each body once: the
server-wide size limit, a smaller one per route (enrollment is reachable without signing in,
reconciliation with any device token, so each gets what its purpose needs) and a nesting limit
for JSON, and no NUL character in JSON text.

Why a nesting check of our own: both parsers here recurse (the standard json module, msgspec) and
answer a body nested ~1,000 deep with RecursionError, a 500. Counting depth costs two C-speed
passes: strings are cut out with one regular expression, then everything but brackets is dropped,
and innermost `[]`/`{}` pairs are removed round by round; a body still holding brackets after
`max_depth` rounds is too deep.

Why NUL is refused here: PostgreSQL cannot store U+0000 in text, so a NUL anywhere in a body
(a product name, a settings key, a kiosk's sale line) failed as a 500 deep in the database on
PostgreSQL and was stored on SQLite. JSON can only carry it escaped (`\\u0000`, a raw 0x00 is not
JSON), so one search of the body finds it; no real name, code or note holds one."""
from __future__ import annotations

import asyncio

import json
import re

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPENERS = re.compile(rb"[\[{]+")
_KEEP = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets
_WITH_BODY = ("POST", "PUT", "PATCH")
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # \u0000 not itself escaped (\\u0000 is text)


def has_nul(body: bytes) -> bool:
    """True when JSON `body` holds a NUL character in a string (escaped as \\u0000) or raw."""
    return b"\x00" in body or (b"\\u0000" in body and _NUL.search(body) is not None)


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
    """Pure ASGI, the one place a request body is read before the app: refuse it when over its
    route's limit (413, from Content-Length before reading, else while reading a chunked body) or
    when it is JSON nested too deep (400); otherwise hand the body, read once, on to the app.

    A form or upload with a declared length within the limit is not read here (the server stops
    it at that length, and the app streams it); a body without a declared length is read here up
    to the limit, because FastAPI turns an error raised while it reads into a 400."""

    def __init__(self, app, max_bytes: int, limits: dict[str, int], max_depth: int):
        self.app, self.max_bytes, self.limits, self.max_depth = app, max_bytes, limits, max_depth

    def limit_for(self, path: str) -> int:
        return min(self.limits.get(path.rstrip("/"), self.max_bytes), self.max_bytes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # the same reason for the address and its query (percent-encoded there): a 422, as for any bad parameter
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await _drain(receive)
            return await _refuse(send, 422, "an address or parameter may not contain the NUL character (%00)")
        headers = dict(scope["headers"])
        limit = self.limit_for(scope["path"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _drain(receive)
            return await _refuse(send, 413, f"body larger than {limit} bytes")
        json_like = scope["method"] in _WITH_BODY and b"form" not in headers.get(b"content-type", b"").lower()
        if length is not None and (not json_like or length == b"0"):
            return await self.app(scope, receive, send)
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if seen > limit:
                if message.get("more_body"):
                    await _drain(receive)
                return await _refuse(send, 413, f"body larger than {limit} bytes")
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if json_like and too_deep(body, self.max_depth):
            return await _refuse(send, 400, f"JSON nested deeper than {self.max_depth} levels")
        if json_like and has_nul(body):
            return await _refuse(send, 400, "text may not contain the NUL character (\\u0000)")
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# What is read and thrown away of a refused body before the reply, at most: a client such as
# requests sends its whole body before it reads a reply, and a socket closed over unread data is
# reset, which can wipe the reply out of the client's buffer before it is read (seen: a 413 cut
# short, "IncompleteRead(0 bytes read, 44 more expected)", for a 21 MB generated body when 1 MB
# was read). nginx's lingering close does the same (lingering_time 30 s). Past either bound the
# caller gets the reset: a client sending more than this, this slowly, is not one to wait for.
DRAIN_BYTES = 64 << 20
DRAIN_S = 10.0


async def _drain(receive, budget: int = DRAIN_BYTES, seconds: float = DRAIN_S) -> None:
    """Read what is left of a refused request's body (bounded in bytes and time; nothing is kept)
    before replying, so the connection closes with nothing unread and the reply arrives whole."""
    loop = asyncio.get_running_loop()
    end, read = loop.time() + seconds, 0
    while read <= budget and loop.time() < end:
        try:
            message = await asyncio.wait_for(receive(), end - loop.time())
        except asyncio.TimeoutError:
            return
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body"):
            return


async def _refuse(send, code: int, detail: str) -> None:
    data = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})
