"""Importing a kiosk's signed offline bundle (sync/bundle.py holds the file format, which the kiosk
writes) into the central database, with the push path's exactly-once guarantee."""
from __future__ import annotations

import sqlalchemy as sa
from pydantic import ValidationError

from sync.bundle import BundleError, open_bundle, verify
from sync.protocol import PushRequest

from central import models as m
from central.events import ingest


def import_bytes(engine, raw: bytes, chunk: int = 1000) -> dict:
    """Verify and ingest a bundle on the server with the push path's exactly-once guarantee."""
    body, body_text, sig = open_bundle(raw)
    device_code = body.get("device_code")
    with engine.connect() as conn:
        dev = conn.execute(sa.select(m.devices.c.public_key, m.devices.c.revoked_at)
                           .where(m.devices.c.code == device_code)).first()
    if dev is None:
        raise BundleError(f"unknown device {device_code!r}")
    if dev.revoked_at:
        raise BundleError(f"device {device_code} is revoked")
    if not dev.public_key:
        raise BundleError(f"device {device_code} has no bundle key (enrolled without one)")
    verify(dev.public_key, body_text, sig)
    try:
        envelopes = [e.model_dump() for e in PushRequest.model_validate({"events": body["events"]}).events] \
            if len(body["events"]) <= 5000 else _validate_many(body["events"])
    except ValidationError as exc:
        raise BundleError(f"bundle events malformed: {exc.errors()[:3]}") from None
    if any(e["device_code"] != device_code for e in envelopes):
        raise BundleError("bundle holds events of another device")
    totals = {"device_code": device_code, "events": len(envelopes), "applied": 0, "duplicates": 0}
    out = {}
    try:
        for i in range(0, len(envelopes), chunk):
            with engine.begin() as conn:
                out = ingest.ingest(conn, device_code, envelopes[i:i + chunk], source="bundle")
            totals["applied"] += out["applied"]
            totals["duplicates"] += out["duplicates"]
    except ingest.BadEvent as exc:
        raise BundleError(str(exc)) from None
    totals["ack"] = out.get("ack")
    totals["missing"] = out.get("missing", [])
    return totals


def _validate_many(events: list) -> list[dict]:
    out = []
    for i in range(0, len(events), 5000):
        out += [e.model_dump() for e in PushRequest.model_validate({"events": events[i:i + 5000]}).events]
    return out
