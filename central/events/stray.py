"""A device's stray pending seqs: seen, and cleared by an administrator (audited).

Events that arrive after a gap are stored and wait (ingest.py). One event with a far-ahead seq
(a corrupted or hand-made outbox, a kiosk database from elsewhere) parks the device's max_seq
millions ahead: sync health counts ~10 M "missing" events and the restored-kiosk check
(highwater.py) labels the real kiosk restored forever. Clearing deletes the stored events above
the contiguous mark (all of them, or only those above a seq the administrator gives) and sets
max_seq back to the highest seq that remains. Nothing applied is touched: an event above the
mark was never applied, and the kiosk still holds every event it has not had acknowledged, so a
real one among those cleared is simply sent again. Each clear is a row in admin_actions.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from central import models as m
from central.clock import utc_now_iso
from central.events import ingest

SHOWN = 200  # pending events listed on the page and in the API answer


class NoDevice(LookupError):
    pass


def pending(conn, device_code: str) -> dict:
    """The device's marks, the ranges missing below max_seq, and the stored events waiting above
    the contiguous mark (the first SHOWN, highest seq first: a stray one is far ahead)."""
    dev = conn.execute(sa.select(m.devices.c.contiguous_seq, m.devices.c.max_seq)
                       .where(m.devices.c.code == device_code)).one_or_none()
    if dev is None:
        raise NoDevice(device_code)
    e = m.events
    where = sa.and_(e.c.device_code == device_code, e.c.seq > dev.contiguous_seq)
    count = conn.execute(sa.select(sa.func.count()).select_from(e).where(where)).scalar()
    rows = conn.execute(sa.select(e.c.seq, e.c.event_id, e.c.type, e.c.business_day, e.c.received_at, e.c.source)
                        .where(where).order_by(e.c.seq.desc()).limit(SHOWN)).all()
    prog = ingest.progress(conn, device_code)
    return {"device_code": device_code, "ack": dev.contiguous_seq, "max_seq": dev.max_seq,
            "missing_events": sum(b - a + 1 for a, b in prog.missing), "pending_count": count,
            "pending": [dict(r._mapping) for r in rows]}


def clear(conn, device_code: str, actor: str, above: int | None = None) -> dict:
    """Delete the device's stored, unapplied events above max(contiguous mark, `above`), put
    max_seq back, and record who did it. Runs under the device's lock (pushes wait)."""
    try:
        dev = ingest.lock_device(conn, device_code)
    except sa.exc.NoResultFound:
        raise NoDevice(device_code) from None
    floor = max(dev.contiguous_seq, above or 0)
    e = m.events
    gone = conn.execute(sa.select(e.c.seq, e.c.event_id).where(e.c.device_code == device_code, e.c.seq > floor)
                        .order_by(e.c.seq)).all()
    conn.execute(sa.delete(e).where(e.c.device_code == device_code, e.c.seq > floor))
    left = conn.execute(sa.select(sa.func.max(e.c.seq)).where(e.c.device_code == device_code)).scalar()
    max_seq = max(dev.contiguous_seq, left or 0)
    conn.execute(sa.update(m.devices).where(m.devices.c.code == device_code).values(max_seq=max_seq))
    out = {"device_code": device_code, "cleared": len(gone), "seqs": [r.seq for r in gone[:50]],
           "ack": dev.contiguous_seq, "max_seq_before": dev.max_seq, "max_seq": max_seq}
    conn.execute(sa.insert(m.admin_actions).values(
        at=utc_now_iso(), actor=actor, action="clear-stray", target=device_code,
        detail=json.dumps({**out, "above": above, "event_ids": [r.event_id for r in gone[:50]]})))
    return out
