"""The stock section of a settlement statement: per producer, location and product, what the
centre's stock ledger (stock_moves, synced from every kiosk) says happened to the consigned goods
over the period — opening, received, sold, refunded, returned to the producer, transferred between
locations, written off (damaged, expired), count adjustments, closing — so each row adds up.

Why from stock_moves and not from deliveries or sale lines: the ledger is the one record every
movement writes (a delivery writes `receive`, a sale `sale`, a refund `refund`, a count
`count_adjust`, a return `return_to_producer` ...), so opening + movements = closing holds by
construction. Movements are stamped `at` (UTC text, milliseconds, as stored); a Vietnam day D runs
from D-1 17:00 UTC to D 17:00 UTC, so the period's bounds are compared as text in that form.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.clock import VN_TZ

# ledger kind -> statement column. Every kind the kiosk writes has its own column, so each row
# adds up with nothing unexplained: opening + received - sold + refunded - returned + transferred
# - written_off + counted = closing. A void (a receipt cancelled: its goods back on the shelf)
# nets into sold, as voided receipts are not sales. A kind added later and not named here is an
# adjustment too (with the count differences), so the row still adds up.
COLUMNS = {"receive": "received", "sale": "sold", "void": "sold", "refund": "refunded",
           "return_to_producer": "returned", "transfer_in": "transferred", "transfer_out": "transferred",
           "damaged": "written_off", "expired": "written_off", "count_adjust": "counted"}
OUTGOING = ("sold", "returned", "written_off")  # shown as positive quantities taken out
FIELDS = ("opening", "received", "sold", "refunded", "returned", "transferred", "written_off", "counted", "closing")
HEAD_VI = {"opening": "Đầu kỳ", "received": "Nhận", "sold": "Bán", "refunded": "Khách trả", "returned": "Trả NSX",
           "transferred": "Chuyển kho (±)", "written_off": "Xuất hủy (hỏng, hết hạn)",
           "counted": "Điều chỉnh kiểm kê (±)", "closing": "Cuối kỳ",
           "damaged": "Hỏng, hết hạn", "other": "Khác"}
# the columns of statements closed before the adjustment columns existed: their frozen bodies keep
# printing exactly as they did
OLD_FIELDS = ("opening", "received", "sold", "refunded", "returned", "damaged", "other", "closing")
BALANCE_VI = ("Đầu kỳ + Nhận − Bán + Khách trả − Trả NSX ± Chuyển kho − Xuất hủy ± Điều chỉnh kiểm kê = Cuối kỳ")


def fields_of(stock: list[dict]) -> tuple[str, ...]:
    """The columns a frozen stock section was written with (older statements: OLD_FIELDS)."""
    for loc in stock:
        for p in loc["products"]:
            return FIELDS if "counted" in p else OLD_FIELDS
    return FIELDS


def balances(c: dict) -> bool:
    """Whether a row adds up (the identity above)."""
    return (c["opening"] + c["received"] - c["sold"] + c["refunded"] - c["returned"] + c["transferred"]
            - c["written_off"] + c["counted"]) == c["closing"]


def vn_day_start_utc(day: str) -> str:
    """The first instant of a Vietnam day, as stock_moves.at text: '2026-10-31T17:00:00.000+00:00'."""
    local = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0), tzinfo=VN_TZ)
    return local.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


def _after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def stock_section(conn, start: str, end: str, producer_ids=None) -> dict[str, list[dict]]:
    """producer id -> [{location_code, location_name, products: [{product_id, sku, name_vi, unit,
    sold_by_weight, opening ... closing}], totals}], quantities as the ledger holds them (units, or
    grams for weighed goods), outgoing movements shown positive."""
    sm, p = m.stock_moves, m.products
    lo, hi = vn_day_start_utc(start), vn_day_start_utc(_after(end))
    at = _bytewise(conn, sm.c.at)

    def total(cond):
        return sa.func.coalesce(sa.func.sum(sm.c.qty).filter(cond), 0)

    # one row per location, product and kind: two sums per row, where one column per kind took a
    # dozen filtered sums (each comparing `at` again): twice as fast on a million movements
    q = (sa.select(sm.c.location_code, sm.c.product_id, sm.c.kind, total(at < lo), total(at >= lo))
         .where(at < hi).group_by(sm.c.location_code, sm.c.product_id, sm.c.kind))  # no join: 4x faster
    if producer_ids is not None:
        q = q.where(sm.c.product_id.in_(sa.select(p.c.id).where(p.c.producer_id.in_(list(producer_ids)))))
    info = _products(conn)
    sums: dict[tuple, list] = {}
    for loc, product, kind, before, during in conn.execute(q).all():
        acc = sums.setdefault((loc, product), [0, {}])
        acc[0] += int(before)
        acc[1][kind] = acc[1].get(kind, 0) + int(during)
    cells: dict[tuple, dict] = {}
    for (loc, product), (opening, by_kind) in sums.items():
        producer = (info.get(product) or {}).get("producer_id")
        if producer is None:
            continue  # a kiosk's own product, not consigned by a producer the centre knows
        cells[(producer, loc, product)] = _cell(opening, by_kind)
    return _shape(conn, cells, info)


def _bytewise(conn, col):
    """`at` compared byte by byte on PostgreSQL: the text is ISO timestamps, whose order is the
    bytes' order, and a million comparisons under the database's locale (C.UTF-8 is not "C" to
    PostgreSQL 15) cost a third of the query. SQLite compares bytes already."""
    return col.collate("C") if conn.dialect.name == "postgresql" else col


def _cell(opening: int, by_kind: dict[str, int]) -> dict:
    """One product's row from its opening and the period's movements of each kind; a kind not
    named in COLUMNS is a count adjustment, so the row adds up whatever the ledger holds."""
    c = dict.fromkeys(FIELDS, 0)
    c["opening"] = opening
    c["closing"] = opening + sum(by_kind.values())
    for kind, qty in by_kind.items():
        col = COLUMNS.get(kind, "counted")
        c[col] += -qty if col in OUTGOING else qty
    return c


def _products(conn) -> dict[str, dict]:
    p = m.products
    return {r.id: dict(r._mapping) for r in conn.execute(
        sa.select(p.c.id, p.c.producer_id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight))}


def _shape(conn, cells: dict[tuple, dict], info: dict[str, dict]) -> dict[str, list[dict]]:
    if not cells:
        return {}
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    out: dict[str, dict[str, dict]] = {}
    for (producer, loc, product), c in sorted(cells.items()):
        if not any(c.values()):
            continue
        i = info.get(product, {})
        locs = out.setdefault(producer, {})
        lrow = locs.get(loc)
        if lrow is None:  # made only for a new location, not for each of 14,000 cells
            lrow = locs[loc] = {"location_code": loc, "location_name": names.get(loc, loc), "products": [],
                                "totals": dict.fromkeys(FIELDS, 0)}
        lrow["products"].append({"product_id": product, "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""),
                                 "unit": i.get("unit", ""), "sold_by_weight": int(i.get("sold_by_weight") or 0),
                                 **c})
        for k in FIELDS:
            lrow["totals"][k] += c[k]
    return {pid: [dict(v, products=sorted(v["products"], key=lambda x: x["sku"])) for _, v in sorted(locs.items())]
            for pid, locs in out.items()}
