"""The stock section of a settlement statement: per producer, location and product, what the
centre's stock ledger (stock_moves, synced from every kiosk) says happened to the consigned goods
over the period — opening, received, sold, refunded, returned to the producer, damaged/expired,
other (counts, transfers), closing.

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

# ledger kind -> statement column; any kind not named here (count_adjust, transfer_in/out, and
# kinds added later) goes to "other", so the section always balances
COLUMNS = {"receive": "received", "sale": "sold", "refund": "refunded", "return_to_producer": "returned",
           "damaged": "damaged", "expired": "damaged"}
FIELDS = ("opening", "received", "sold", "refunded", "returned", "damaged", "other", "closing")


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
    during = sm.c.at >= lo

    def total(*cond):
        return sa.func.coalesce(sa.func.sum(sm.c.qty).filter(*cond), 0)

    named = [k for k in COLUMNS]
    cols = [total(sm.c.at < lo), *(total(during, sm.c.kind == k) for k in named), total(during)]
    q = (sa.select(sm.c.location_code, sm.c.product_id, *cols).where(sm.c.at < hi)  # no join: 4x faster
         .group_by(sm.c.location_code, sm.c.product_id))
    if producer_ids is not None:
        q = q.where(sm.c.product_id.in_(sa.select(p.c.id).where(p.c.producer_id.in_(list(producer_ids)))))
    info = _products(conn)
    cells: dict[tuple, dict] = {}
    for loc, product, opening, *by_kind, moved in conn.execute(q):
        producer = (info.get(product) or {}).get("producer_id")
        if producer is None:
            continue  # a kiosk's own product, not consigned by a producer the centre knows
        c = dict.fromkeys(FIELDS, 0)
        c["opening"], c["closing"] = int(opening), int(opening) + int(moved)
        for kind, qty in zip(named, by_kind):
            col = COLUMNS[kind]
            c[col] += int(qty) if col in ("received", "refunded") else -int(qty)
        c["other"] = c["closing"] - c["opening"] - c["received"] + c["sold"] - c["refunded"] + c["returned"] \
            + c["damaged"]
        cells[(producer, loc, product)] = c
    return _shape(conn, cells, info)


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
        lrow = locs.setdefault(loc, {"location_code": loc, "location_name": names.get(loc, loc), "products": [],
                                     "totals": dict.fromkeys(FIELDS, 0)})
        lrow["products"].append({"product_id": product, "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""),
                                 "unit": i.get("unit", ""), "sold_by_weight": int(i.get("sold_by_weight") or 0),
                                 **c})
        for k in FIELDS:
            lrow["totals"][k] += c[k]
    return {pid: [dict(v, products=sorted(v["products"], key=lambda x: x["sku"])) for _, v in sorted(locs.items())]
            for pid, locs in out.items()}
