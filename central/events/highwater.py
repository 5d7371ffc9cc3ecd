"""What the server holds for one device, for a kiosk that may have been restored from an old
backup: its highest receipt number and event seq, and, for the (seq, event id) pairs and the
receipt numbers the kiosk has not had acknowledged, whether the server holds those very ones.

Why a separate question and not part of every progress reply: the exact highest receipt number
needs a scan of the device's sales (numbers grow past six digits, so the text maximum is not the
numeric one), and a kiosk only needs it when the server holds seqs beyond its acknowledged mark,
which is rare (a lost reply, or a restore). The push path stays as it was."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m

CHUNK = 500  # ids per IN (...) list


def receipt_number(receipt_no: str | None) -> int:
    """The counter part of DEVICE-000123 (0 for anything else)."""
    tail = (receipt_no or "").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def max_receipt(conn, device_code: str) -> str | None:
    s = m.sales
    return conn.execute(sa.select(s.c.receipt_no).where(s.c.device_code == device_code)
                        .order_by(sa.func.length(s.c.receipt_no).desc(), s.c.receipt_no.desc()).limit(1)).scalar()


def _chunks(items: list, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def check(conn, device_code: str, events: list[dict], receipts: list[dict]) -> dict:
    dev = conn.execute(sa.select(m.devices.c.contiguous_seq, m.devices.c.max_seq)
                       .where(m.devices.c.code == device_code)).one()
    e = m.events
    by_seq: dict[int, str] = {}
    for part in _chunks(sorted({x["seq"] for x in events})):
        by_seq.update(conn.execute(sa.select(e.c.seq, e.c.event_id)
                                   .where(e.c.device_code == device_code, e.c.seq.in_(part))).all())
    held_ids: dict[str, str] = {}
    for part in _chunks(sorted({x["event_id"] for x in events})):
        held_ids.update(conn.execute(sa.select(e.c.event_id, e.c.device_code).where(e.c.event_id.in_(part))).all())
    verdicts = []
    for x in events:
        if by_seq.get(x["seq"]) == x["event_id"]:
            status = "held"
        elif held_ids.get(x["event_id"]) == device_code:
            status = "moved"
        elif x["seq"] in by_seq or x["event_id"] in held_ids:  # (an id of another device: never ours to take)
            status = "other"
        else:
            status = "absent"
        verdicts.append({"seq": x["seq"], "event_id": x["event_id"], "status": status})
    s = m.sales
    owner: dict[str, str] = {}
    for part in _chunks(sorted({r["receipt_no"] for r in receipts})):
        owner.update(conn.execute(sa.select(s.c.receipt_no, s.c.id)
                                  .where(s.c.device_code == device_code, s.c.receipt_no.in_(part))).all())
    taken = sorted({r["receipt_no"] for r in receipts if owner.get(r["receipt_no"], r["sale_id"]) != r["sale_id"]})
    top = max_receipt(conn, device_code)
    return {"device_code": device_code, "ack": dev.contiguous_seq, "max_seq": dev.max_seq,
            "max_receipt_no": top, "max_receipt_counter": receipt_number(top), "events": verdicts,
            "receipts_taken": taken}
