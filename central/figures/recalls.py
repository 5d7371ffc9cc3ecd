"""The receipts that sold a recalled lot, per kiosk: whom to call, what to take back.

Found by the sale lines' (product_id, lot_no), as the kiosks recorded them (one line per lot;
pos/lots.py). Refunds and voided receipts are listed too, marked, so the office sees the whole
story of the lot at each counter; `sold` counts what left on completed sales minus their refunds.
"""
from __future__ import annotations

import io

import sqlalchemy as sa

from central import models as m
from central.figures.cells import SafeWriter

s_, l_ = m.sales, m.sale_lines

CSV_HEADER = ("device_code", "location_code", "business_day", "created_at", "receipt_no", "kind", "status",
              "sku", "name_vi", "lot_no", "qty", "net")


def receipts(conn, product_id: str, lot_no: str) -> list[dict]:
    q = (sa.select(s_.c.device_code, s_.c.location_code, s_.c.business_day, s_.c.created_at, s_.c.receipt_no,
                   s_.c.kind, s_.c.status, s_.c.id.label("sale_id"), l_.c.sku, l_.c.name_vi, l_.c.lot_no,
                   l_.c.qty, l_.c.net, l_.c.original_line_id)
         .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(l_.c.product_id == product_id, l_.c.lot_no == lot_no)
         .order_by(s_.c.device_code, s_.c.created_at, s_.c.receipt_no, l_.c.line_no))
    return [{**dict(r._mapping), "qty": int(r.qty), "net": int(r.net)} for r in conn.execute(q)]


def per_kiosk(rows: list[dict]) -> list[dict]:
    """[{device_code, location_code, receipts: [...], sold}] in device order."""
    out: dict[str, dict] = {}
    for r in rows:
        k = out.setdefault(r["device_code"], {"device_code": r["device_code"], "location_code": r["location_code"],
                                              "receipts": [], "sold": 0})
        k["receipts"].append(r)
        if r["status"] == "completed" and (r["kind"] == "refund" or not r["original_line_id"]):
            k["sold"] += -r["qty"] if r["kind"] == "refund" else r["qty"]  # a raised price sold no units
    return list(out.values())


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = SafeWriter(buf)
    w.writerow(CSV_HEADER)
    w.writerows([[r[k] for k in CSV_HEADER] for r in rows])
    return buf.getvalue()
