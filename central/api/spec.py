"""The OpenAPI document made to say what the server really answers, checked by schemathesis against
the live server (tests/central/test_openapi_conformance.py).

FastAPI documents a route's 200 and, when it has parameters, a 422 in the shape of pydantic's
errors; the server also answers 401/403 from its token checks, 400/413 from the body guard
(central/api/guards.py), 404/409/429 from handlers, and a 422 whose `detail` is a sentence or a
{message, field} pair as often as a list. So: the codes each route can give come from what it
needs (a token, a body, parameters) plus what its decorator names (`errors(404, 409)`), and every
4xx is documented with the one error shape the server writes (`Error`). Who may call is read from
the document itself: a route that names a security scheme (central/api/deps.py: a kiosk's token,
`device`, or a person's, `user`) answers 401 and 403. The document is served at /openapi.json as
well, where clients look for it."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

_REF = "#/components/schemas/{name}"
REASONS = {
    400: "the body is not JSON the server will read (nested too deep, not parseable as a form)",
    401: "no token, or an unknown, expired or revoked one",
    403: "the token is of the wrong kind, lacks the role, or the request is not allowed for it",
    404: "no such record",
    409: "conflicts with data the server holds",
    413: "the body is larger than this address accepts",
    422: "the request is well-formed but its values are refused",
    429: "too many attempts; wait Retry-After seconds",
}
SCHEMAS = {
    "Error": {"title": "Error", "type": "object", "required": ["detail"], "properties": {"detail": {
        "title": "Detail", "description": "what was refused: a sentence, pydantic-style errors, or a field's message",
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": _REF.format(name="ErrorItem")}},
                  {"$ref": _REF.format(name="FieldError")}]}}},
    "ErrorItem": {"title": "ErrorItem", "type": "object", "required": ["loc", "msg", "type"], "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"}, "type": {"type": "string"}}},
    "FieldError": {"title": "FieldError", "type": "object", "required": ["message"], "properties": {
        "message": {"type": "string"}, "field": {"anyOf": [{"type": "string"}, {"type": "null"}]}}},
}


def errors(*codes: int) -> dict:
    """Decorator arguments documenting the error replies a handler itself gives."""
    return {"responses": {code: {"description": REASONS[code]} for code in codes}}


def _strict(app: FastAPI, schema: dict) -> None:
    comps = schema.setdefault("components", {})
    schemas = comps.setdefault("schemas", {})
    schemas.update(SCHEMAS)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            codes = set()
            if op.get("security"):
                codes |= {401, 403}
            if "requestBody" in op:
                codes |= {400, 413, 422}
            if op.get("parameters"):
                codes.add(422)
            for code in codes:
                op["responses"].setdefault(str(code), {"description": REASONS[code]})
            for code, resp in op["responses"].items():
                if code.startswith("4"):
                    resp["content"] = {"application/json": {"schema": {"$ref": _REF.format(name="Error")}}}
                if code == "429":
                    resp["headers"] = {"Retry-After": {"description": "seconds to wait",
                                                       "schema": {"type": "integer"}}}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` the strict document (after bodies.document) and serve it at the root."""
    base = app.openapi

    def openapi():
        if app.openapi_schema is None:
            _strict(app, base())
        return app.openapi_schema

    app.openapi = openapi

    @app.get("/openapi.json", include_in_schema=False)
    def root_document():
        return JSONResponse(app.openapi())
