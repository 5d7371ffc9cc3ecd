"""Importing a kiosk's signed offline bundle (sync/bundle.py holds the file format, which the kiosk
writes) into the central database, with the push path's exactly-once guarantee."""
from __future__ import annotations

import sqlalchemy as sa

from sync.bundle import BundleError, open_bundle, verify

from central import models as m
from central.catalog import pull
from central.events import ingest


def import_bytes(engine, raw: bytes, chunk: int = 1000) -> dict:
    """Verify and ingest a bundle on the server: its events go through the push path's ingest,
    in transactions of `chunk` events."""
    body, body_text, sig = open_bundle(raw)
    device_code = body.device_code
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
    if body.catalog_cursor is not None:  # where the next fair bundle for this kiosk starts
        with engine.begin() as conn:
            pull.note_cursor(conn, device_code, body.catalog_cursor)
    events = body.events
    totals = {"device_code": device_code, "events": len(events), "applied": 0, "duplicates": 0}
    out = None
    try:
        ingest.own_events(device_code, events)
        for i in range(0, len(events), chunk):
            with engine.begin() as conn:
                out = ingest.ingest(conn, device_code, events[i:i + chunk], source="bundle")
            totals["applied"] += out.applied
            totals["duplicates"] += out.duplicates
    except ingest.ForeignEvent:
        raise BundleError("bundle holds events of another device") from None
    except ingest.BadEvent as exc:
        raise BundleError(str(exc)) from None
    totals["ack"] = out.ack if out else None
    totals["missing"] = out.missing if out else []
    return totals
