"""Consignment stock per producer and location (issue 15 item 1): what each producer's goods did
at each point of sale, from the stock ledger the kiosks synced — received, sold, refunded,
returned to the producer, damaged or expired, into or out of gift boxes, other (counts,
transfers), on hand — per lot where the goods came in lots.

Why the ledger (stock_moves) and nothing else: every movement writes exactly one row there, so
received - sold + refunded - returned - damaged + other = on hand holds by construction, for each
lot as for the product. A gift set sold at the counter moves its components (kind sale, each
component's own producer); boxes made ahead or taken apart move with the kind set_assembly
(column "sets", signed: components out, boxes in). A movement names the kiosk's lot id; the producer's lot number comes from
the delivery that brought the lot (delivery_lots). "Sold" is net of voided sales (a void puts the
goods back as if the sale never was); stock without a lot is the row with an empty lot number.
Quantities are as the ledger holds them: units, or grams for weighed goods.
"""
from __future__ import annotations

import io

import sqlalchemy as sa

from central import models as m
from central.figures import cells
from central.figures.settlement_stock import vn_day_start_utc

# ledger kind -> column (outgoing kinds shown positive); anything else is "other"
COLUMNS = {"receive": "received", "sale": "sold", "void": "sold", "refund": "refunded",
           "return_to_producer": "returned", "damaged": "damaged", "expired": "damaged", "set_assembly": "sets"}
OUT = ("sold", "returned", "damaged")
FIELDS = ("received", "sold", "refunded", "returned", "damaged", "sets", "other", "on_hand")


def _after(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _lot_numbers(conn) -> dict[str, tuple[str, str | None]]:
    """kiosk lot id -> (producer's lot number, use-by), from the deliveries that brought them and
    the transfers that brought a lot to a kiosk that had not received it."""
    out: dict[str, tuple[str, str | None]] = {}
    for t in (m.delivery_lots, m.transfer_lines):
        for lot_id, lot_no, use_by in conn.execute(sa.select(t.c.lot_id, t.c.lot_no, t.c.use_by)
                                                   .where(t.c.lot_id.is_not(None))):
            out.setdefault(lot_id, (lot_no, use_by))
    return out


def stock(conn, producer_id: str | None = None, location: str | None = None,
          until: str | None = None) -> list[dict]:
    """One row per producer, location, product and lot: {producer_id, producer_name, location_code,
    location_name, product_id, sku, name_vi, unit, sold_by_weight, lot_no, use_by, received, sold,
    refunded, returned, damaged, other, on_hand}, up to the end of Vietnam day `until` (all of the
    ledger without it), ordered by producer, location, product and lot."""
    sm, p = m.stock_moves, m.products
    kinds = list(COLUMNS)
    cols = [sa.func.coalesce(sa.func.sum(sm.c.qty).filter(sm.c.kind == k), 0) for k in kinds]
    q = (sa.select(p.c.producer_id, sm.c.location_code, sm.c.product_id, sm.c.lot_id, *cols,
                   sa.func.coalesce(sa.func.sum(sm.c.qty), 0))
         .join(p, p.c.id == sm.c.product_id)
         .group_by(p.c.producer_id, sm.c.location_code, sm.c.product_id, sm.c.lot_id))
    if producer_id:
        q = q.where(p.c.producer_id == producer_id)
    if location:
        q = q.where(sm.c.location_code == location)
    if until:
        q = q.where(sm.c.at < vn_day_start_utc(_after(until)))
    lots = _lot_numbers(conn)
    cells_: dict[tuple, dict] = {}
    for producer, loc, product, lot_id, *by_kind, total in conn.execute(q):
        lot_no, use_by = lots.get(lot_id, ("", None)) if lot_id else ("", None)
        c = cells_.setdefault((producer, loc, product, lot_no), dict.fromkeys(FIELDS, 0) | {"use_by": use_by})
        for kind, qty in zip(kinds, by_kind):
            col = COLUMNS[kind]
            c[col] += -int(qty) if col in OUT else int(qty)
        c["on_hand"] += int(total)
    for c in cells_.values():
        c["other"] = (c["on_hand"] - c["received"] + c["sold"] - c["refunded"] + c["returned"] + c["damaged"]
                      - c["sets"])
    return _shape(conn, cells_)


def _shape(conn, found: dict[tuple, dict]) -> list[dict]:
    if not found:
        return []
    pr, p, loc = m.producers, m.products, m.locations
    producers = {r.id: r.name for r in conn.execute(sa.select(pr.c.id, pr.c.name))}
    places = {r.code: r.name or r.code for r in conn.execute(sa.select(loc.c.code, loc.c.name))}
    ids = sorted({k[2] for k in found})
    info = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight)
                              .where(p.c.id.in_(ids[i:i + 500]))):
            info[r.id] = dict(r._mapping)
    rows = []
    for (producer, place, product, lot_no), c in found.items():
        if not any(c[k] for k in FIELDS):
            continue
        i = info.get(product, {})
        rows.append({"producer_id": producer, "producer_name": producers.get(producer, producer),
                     "location_code": place, "location_name": places.get(place, place), "product_id": product,
                     "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""), "unit": i.get("unit", ""),
                     "sold_by_weight": int(i.get("sold_by_weight") or 0), "lot_no": lot_no, **c})
    rows.sort(key=lambda r: (r["producer_name"], r["producer_id"], r["location_name"], r["sku"], r["lot_no"]))
    return rows


def totals(rows: list[dict]) -> dict:
    """The columns added up (only meaningful within one unit; the page shows it per producer)."""
    return {k: sum(r[k] for r in rows) for k in FIELDS}


HEADER = ["Nhà sản xuất", "Điểm bán", "Mã hàng", "Tên hàng", "Lô", "Hạn dùng", "Đơn vị", "Nhận vào", "Đã bán",
          "Khách trả lại", "Trả nhà sản xuất", "Hư hỏng/hết hạn", "Vào/ra hộp quà (±)",
          "Khác (kiểm kê, chuyển kho)", "Tồn"]


def table(rows: list[dict]) -> list[list]:
    """The rows as the CSV and XLSX give them (header first); weighed goods in grams."""
    body = [HEADER]
    for r in rows:
        body.append([r["producer_name"], r["location_name"], r["sku"], r["name_vi"], r["lot_no"], r["use_by"] or "",
                     "g" if r["sold_by_weight"] else r["unit"], *(r[k] for k in FIELDS)])
    return body


def to_csv(rows: list[dict]) -> bytes:
    return cells.csv_bytes(table(rows))


def to_xlsx(rows: list[dict], until: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Hàng ký gửi"
    for row in table(rows):
        cells.append(ws, row)
    for c in ws[1]:
        c.font = Font(bold=True)
    for col in ws.iter_cols(min_col=8, max_col=15, min_row=2):
        for c in col:
            c.number_format = "#,##0"
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Kỳ")
    info.append(["Đến hết ngày", until or "hôm nay"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
