"""Event push (kiosk -> centre) and the device's progress (what the centre holds)."""
from __future__ import annotations

import logging

import msgspec
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError

from sync.protocol import CheckRequest, CheckResponse, Progress, PushResponse

from central.api.deps import CurrentDevice
from central.events import highwater, ingest, wire

router = APIRouter(tags=["events"])
log = logging.getLogger("ocop.server.events")


# The body is a PushRequest (documented as such in the OpenAPI schema) but decoded here by
# msgspec rather than by FastAPI (see wire.py for why), in the worker thread so that decoding a
# few MB of sales keeps the event loop free for other kiosks.
PUSH_BODY = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}}}


@router.post("/events", response_model=PushResponse, openapi_extra={"requestBody": PUSH_BODY})
async def push(device: CurrentDevice, request: Request) -> dict:
    raw = await request.body()
    return await run_in_threadpool(_push, raw, device, request)


def _parse(raw: bytes) -> wire.PushBody:
    try:
        return wire.push_decoder.decode(raw)
    except msgspec.ValidationError as exc:  # wrong shape or type: "... - at `$.events[0].seq`"
        raise RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": str(exc)}]) from None
    except msgspec.DecodeError as exc:  # not JSON at all
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",),
                                       "msg": f"JSON decode error: {exc}"}]) from None


def _push(raw: bytes, device, request: Request) -> dict:
    body = _parse(raw)
    limit = request.app.state.settings.max_batch_events
    if len(body.events) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {limit} events per request")
    envelopes = [{"event_id": e.event_id, "seq": e.seq, "device_code": e.device_code, "type": e.type,
                  "created_at": e.created_at, "business_day": e.business_day, "payload_raw": e.payload}
                 for e in body.events]
    for ev in envelopes:  # a kiosk writes only its own events
        if ev["device_code"] != device.code:
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                f"event {ev['event_id']} is for device {ev['device_code']}, token is {device.code}")
    try:
        with request.app.state.engine.begin() as conn:  # committed before the reply is sent
            out = ingest.ingest(conn, device.code, envelopes, source="push")
    except ingest.BadEvent as exc:
        log.warning("batch refused", extra={"device_code": device.code, "error": str(exc)})
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    log.info("push", extra={"device_code": device.code, "events": len(envelopes), "applied": out["applied"],
                            "duplicates": out["duplicates"], "ack": out["ack"], "missing": out["missing"][:5]})
    return out


@router.get("/events/progress", response_model=Progress)
def progress(device: CurrentDevice, request: Request) -> dict:
    with request.app.state.engine.connect() as conn:
        return ingest.progress(conn, device.code)


@router.post("/events/check", response_model=CheckResponse)
def check(body: CheckRequest, device: CurrentDevice, request: Request) -> dict:
    """For a kiosk that may have been restored from a backup: which of its unacknowledged
    (seq, event id) pairs and receipt numbers the server holds, and its high-water marks."""
    with request.app.state.engine.connect() as conn:
        out = highwater.check(conn, device.code, [e.model_dump() for e in body.events],
                              [r.model_dump() for r in body.receipts])
    counts = {}
    for v in out["events"]:
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    if counts.get("other") or counts.get("moved") or out["receipts_taken"]:
        log.warning("kiosk outbox behind the server (restored from a backup?)",
                    extra={"device_code": device.code, "ack": out["ack"], "max_seq": out["max_seq"],
                           "max_receipt_no": out["max_receipt_no"], "verdicts": counts,
                           "receipts_taken": len(out["receipts_taken"])})
    return out
