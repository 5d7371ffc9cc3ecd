"""The kiosk API's bodies: requests decoded and replies encoded with msgspec from the structs in
sync/protocol.py, and those same structs put into the OpenAPI document.

Why not FastAPI's own body parameters: they need pydantic models, and the protocol is defined
once, as msgspec structs (sync/protocol.py says why). A decoding error is raised as FastAPI's
RequestValidationError, so a wrong shape gets the usual 422 reply."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from sync import protocol

_REF = "#/components/schemas/{name}"


def decode(raw: bytes, decoder: Callable[[bytes], Any]) -> Any:
    """`decoder(raw)` (a msgspec decoding function); RequestValidationError (-> 422) when it fails."""
    try:
        return decoder(raw)
    except msgspec.ValidationError as exc:  # wrong shape or type: "... - at `$.events[0].seq`"
        raise RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": str(exc)}]) from None
    except msgspec.DecodeError as exc:  # not JSON at all
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",),
                                       "msg": f"JSON decode error: {exc}"}]) from None


def body(struct: type):
    """A dependency giving the request body as `struct` (declare it after the caller's identity,
    so an unknown caller gets 401 before a wrong body gets 422)."""
    decoder = msgspec.json.Decoder(struct).decode

    async def read(request: Request):
        return decode(await request.body(), decoder)
    return read


def reply(value, struct: type | None = None) -> Response:
    """`value` as JSON; a dict is checked against `struct` first (the shape the docs promise)."""
    if struct is not None and not isinstance(value, struct):
        value = msgspec.convert(value, struct)
    return Response(msgspec.json.encode(value), media_type="application/json")


def documented(request: type | None = None, response: type | None = None) -> dict:
    """Route decorator arguments naming the protocol structs a route reads and answers with."""
    out: dict = {"response_class": Response}
    if request is not None:
        out["openapi_extra"] = {"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": _REF.format(name=request.__name__)}}}}}
    if response is not None:
        out["responses"] = {200: {"description": "Successful Response", "content": {
            "application/json": {"schema": {"$ref": _REF.format(name=response.__name__)}}}}}
    return out


def document(app: FastAPI) -> None:
    """Add every protocol struct to the app's OpenAPI components (with the envelope's payload as
    one of the event payloads)."""
    def openapi():
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            _, comps = msgspec.json.schema_components(protocol.DOCUMENTED, ref_template=_REF)
            comps["Envelope"]["properties"]["payload"] = {
                "description": "the payload of the event's type", "oneOf": [
                    {"$ref": _REF.format(name=cls.__name__)} for cls in dict.fromkeys(protocol.PAYLOADS.values())]}
            schema.setdefault("components", {}).setdefault("schemas", {}).update(_plain_tuples(comps))
        return app.openapi_schema

    app.openapi = openapi


def _plain_tuples(node):
    """msgspec writes a `tuple[int, int]` as `prefixItems` with `items: false` (JSON Schema 2020-12);
    OpenAPI tools that read schemas in the older drafts' way (schemathesis among them) take that
    for an invalid `items` list. A tuple of one type is written as a plain array of exactly n."""
    if isinstance(node, list):
        return [_plain_tuples(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _plain_tuples(v) for k, v in node.items()}
    prefix = node.get("prefixItems")
    if prefix and all(p == prefix[0] for p in prefix) and node.get("items") is False:
        del node["prefixItems"]
        node.update(items=prefix[0], minItems=len(prefix), maxItems=len(prefix))
    return node
