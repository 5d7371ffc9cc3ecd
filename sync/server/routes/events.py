"""Event push (kiosk -> centre) and the device's progress (what the centre holds)."""
from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, status

from sync.protocol import Progress, PushRequest, PushResponse

from .. import ingest
from ..deps import CurrentDevice

router = APIRouter(tags=["events"])
log = logging.getLogger("ocop.server.events")


@router.post("/events", response_model=PushResponse)
def push(body: PushRequest, device: CurrentDevice, request: Request) -> dict:
    limit = request.app.state.settings.max_batch_events
    if len(body.events) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {limit} events per request")
    envelopes = [dict(e) for e in body.events]  # payloads stay the parsed dicts (no deep copy)
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
