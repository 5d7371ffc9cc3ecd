"""Event push (kiosk -> centre) and the device's progress (what the centre holds)."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sync import protocol as p

from central.api import bodies
from central.api.deps import CurrentDevice
from central.events import highwater, ingest

router = APIRouter(tags=["events"])
log = logging.getLogger("ocop.server.events")


@router.post("/events", **bodies.documented(p.PushRequest, p.PushResponse))
async def push(device: CurrentDevice, request: Request) -> Response:
    """Decoded in the worker thread, so that decoding a few MB of sales keeps the event loop free
    for other kiosks: bytes -> envelopes (payloads kept as sent) -> ingest, one pass."""
    raw = await request.body()
    return await run_in_threadpool(_push, raw, device, request)


def _push(raw: bytes, device, request: Request) -> Response:
    body = bodies.decode(raw, p.decode_push)
    limit = request.app.state.settings.max_batch_events
    if len(body.events) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {limit} events per request")
    try:
        with request.app.state.engine.begin() as conn:  # committed before the reply is sent
            out = ingest.ingest(conn, device.code, body.events, source="push")
    except ingest.ForeignEvent as exc:  # a kiosk writes only its own events
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"{exc}; the token is {device.code}'s") from None
    except ingest.BadEvent as exc:
        log.warning("batch refused", extra={"device_code": device.code, "error": str(exc)})
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    log.info("push", extra={"device_code": device.code, "events": len(body.events), "applied": out.applied,
                            "duplicates": out.duplicates, "ack": out.ack, "missing": out.missing[:5]})
    return bodies.reply(out)


@router.get("/events/progress", **bodies.documented(response=p.Progress))
def progress(device: CurrentDevice, request: Request) -> Response:
    with request.app.state.engine.connect() as conn:
        return bodies.reply(ingest.progress(conn, device.code))


@router.post("/events/check", **bodies.documented(p.CheckRequest, p.CheckResponse))
def check(device: CurrentDevice, body: Annotated[p.CheckRequest, Depends(bodies.body(p.CheckRequest))],
          request: Request) -> Response:
    """For a kiosk that may have been restored from a backup: which of its unacknowledged
    (seq, event id) pairs and receipt numbers the server holds, and its high-water marks."""
    with request.app.state.engine.connect() as conn:
        out = highwater.check(conn, device.code, [{"seq": e.seq, "event_id": e.event_id} for e in body.events],
                              [{"sale_id": r.sale_id, "receipt_no": r.receipt_no} for r in body.receipts])
    counts = {}
    for v in out["events"]:
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    if counts.get("other") or counts.get("moved") or out["receipts_taken"]:
        log.warning("kiosk outbox behind the server (restored from a backup?)",
                    extra={"device_code": device.code, "ack": out["ack"], "max_seq": out["max_seq"],
                           "max_receipt_no": out["max_receipt_no"], "verdicts": counts,
                           "receipts_taken": len(out["receipts_taken"])})
    return bodies.reply(out, p.CheckResponse)
