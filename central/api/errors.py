"""Error replies kept short: a 422 names where and what (never the input it refused, which may be
megabytes or nested a thousand deep), at most a few errors, each message cut to a line; a parser
that still recurses too deep is a 400, not a 500. A 405 names every method the address serves
(Starlette's own names only those of the first route it matched: GET of a GET + POST pair)."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

MAX_ERRORS = 10
MAX_TEXT = 200
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _short(value, limit: int = MAX_TEXT) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def brief(errors) -> list[dict]:
    """FastAPI's error list without `input`/`ctx`, with bounded `loc` and `msg`."""
    out = []
    for err in list(errors)[:MAX_ERRORS]:
        loc = [p if isinstance(p, int) else _short(p, 64) for p in list(err.get("loc", ()))[:12]]
        out.append({"loc": loc, "msg": _short(err.get("msg", "")), "type": _short(err.get("type", ""), 64)})
    return out


def served_methods(app, scope) -> list[str]:
    """The methods the request's address answers, found by asking every route whether it would
    take the request with that method (a route only answers for its own methods)."""
    return [method for method in _METHODS
            if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in app.router.routes)]


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return JSONResponse({"detail": brief(exc.errors())}, status_code=422)

    @app.exception_handler(405)
    async def not_allowed(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"detail": "Method Not Allowed"}, status_code=405,
                            headers={"Allow": ", ".join(served_methods(request.app, request.scope))})

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError):
        return JSONResponse({"detail": "body nested too deep"}, status_code=400)
