"""What the producer portal shows a producer, and only that producer: every function takes the
signed-in producer's id (central/portal/auth.py) and filters by it in SQL, so no query string or id
in a URL can widen it.

    dashboard(conn, producer_id, f)        -> summary, trend by day, by location, by product
    sales_rows(conn, producer_id, f)       -> per day, location and product (the exports)
    stock_cover(conn, producer_id, today)  -> on hand per point of sale with days of cover
    lots(conn, producer_id)                -> lots delivered, per location, with their sell-through

Sales are the producer's sale lines (sale_lines.producer_id: whose goods they were when sold);
stock is of the producer's products (products.producer_id). Days of cover = on hand / the average
daily net quantity sold over the last COVER_DAYS days at that point of sale (None: nothing sold)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.figures import reports as rp

COVER_DAYS = 28  # the sell rate behind days of cover: the last four weeks
ALL_TIME = ("2000-01-01", "2999-12-31")  # lot sell-through counts every sale of the lot


def _f(producer_id: str, f: rp.Filters) -> rp.Filters:
    """The filter with the producer forced to the signed-in one (whatever `f` said)."""
    return rp.Filters(f.start, f.end, f.location, None, producer_id)


def dashboard(conn, producer_id: str, f: rp.Filters) -> dict:
    """The dashboard's figures over one cube of the producer's lines of the period."""
    f = _f(producer_id, f)
    c = rp.cube(conn, f)
    return {"summary": rp.summary(conn, f), "trend": rp.by_day(conn, f), "locations": rp.by_location(conn, f, c),
            "products": rp.by_product(conn, f, c=c)}


def sales_rows(conn, producer_id: str, f: rp.Filters) -> list[dict]:
    """Net sales per day, location and product (refunds subtracted), for the CSV/XLSX files."""
    f = _f(producer_id, f)
    totals = rp.line_totals(conn, f, ["business_day", "location_code", "product_id"])
    info = rp.product_info(conn, {k[2] for k in totals})
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    rows = []
    for (day, loc, pid), d in totals.items():
        i = info.get(pid, {})
        rows.append({"business_day": day, "location_code": loc, "location_name": names.get(loc, loc),
                     "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""), "unit": i.get("unit", ""),
                     "sold_by_weight": i.get("sold_by_weight", 0), **d})
    rows.sort(key=lambda r: (r["business_day"], r["location_code"], r["sku"]))
    return rows


def _own_products(conn, producer_id: str) -> dict[str, dict]:
    p = m.products
    q = sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight, p.c.low_stock).where(
        p.c.producer_id == producer_id)
    return {r.id: dict(r._mapping) for r in conn.execute(q)}


def stock_cover(conn, producer_id: str, today: dt.date) -> list[dict]:
    """On hand of each of the producer's products at each point of sale that ever held it, the net
    quantity sold there over the last COVER_DAYS days, and the days that stock lasts at that rate."""
    own = _own_products(conn, producer_id)
    if not own:
        return []
    sm = m.stock_moves
    q = (sa.select(sm.c.location_code, sm.c.product_id, sa.func.sum(sm.c.qty))
         .where(sm.c.product_id.in_(sorted(own))).group_by(sm.c.location_code, sm.c.product_id))
    on_hand = {(r[0], r[1]): int(r[2] or 0) for r in conn.execute(q)}
    start = (today - dt.timedelta(days=COVER_DAYS - 1)).isoformat()
    sold = rp.line_totals(conn, rp.Filters(start, today.isoformat(), producer=producer_id),
                          ["location_code", "product_id"])
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    rows = []
    for (loc, pid), qty in on_hand.items():
        d = sold.get((loc, pid), {})
        net_qty = d.get("qty_sold", 0) - d.get("qty_refunded", 0)
        cover = round(qty * COVER_DAYS / net_qty, 1) if net_qty > 0 and qty > 0 else None
        p = own[pid]
        low = int(p["low_stock"] or 0)
        state = "out" if qty <= 0 else ("low" if (low and qty <= low) or (cover is not None and cover < 7) else "")
        rows.append({"location_code": loc, "location_name": names.get(loc, loc), "product_id": pid,
                     "sku": p["sku"], "name_vi": p["name_vi"], "unit": p["unit"],
                     "sold_by_weight": int(p["sold_by_weight"] or 0), "qty": qty, "sold_recent": net_qty,
                     "per_day": round(net_qty / COVER_DAYS, 2), "cover_days": cover, "state": state})
    rows.sort(key=lambda r: (r["location_code"], r["cover_days"] is None, r["cover_days"] or 0, r["sku"]))
    return rows


def lots(conn, producer_id: str) -> list[dict]:
    """Each lot the producer delivered, per point of sale: delivered, sold net of refunds, on the
    shelf by that count, and the sell-through (sold / delivered, in per cent)."""
    dl, d = m.delivery_lots, m.deliveries
    q = (sa.select(dl.c.location_code, dl.c.product_id, dl.c.lot_no, sa.func.sum(dl.c.qty),
                   sa.func.min(d.c.received_at), sa.func.min(dl.c.use_by))
         .select_from(dl.join(d, sa.and_(d.c.id == dl.c.delivery_id, d.c.device_code == dl.c.device_code)))
         .where(d.c.producer_id == producer_id)
         .group_by(dl.c.location_code, dl.c.product_id, dl.c.lot_no))
    got = [tuple(r) for r in conn.execute(q)]
    if not got:
        return []
    sold = rp.line_totals(conn, rp.Filters(*ALL_TIME, producer=producer_id),
                          ["location_code", "product_id", "lot_no"])
    info = rp.product_info(conn, {r[1] for r in got})
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    rows = []
    for loc, pid, lot_no, qty, received, use_by in got:
        s = sold.get((loc, pid, lot_no), {})
        net_qty = s.get("qty_sold", 0) - s.get("qty_refunded", 0)
        delivered = int(qty or 0)
        i = info.get(pid, {})
        rows.append({"location_code": loc, "location_name": names.get(loc, loc), "product_id": pid,
                     "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""), "unit": i.get("unit", ""),
                     "sold_by_weight": i.get("sold_by_weight", 0), "lot_no": lot_no or "",
                     "received_at": received or "", "use_by": use_by, "delivered": delivered, "sold": net_qty,
                     "left": delivered - net_qty,
                     "sell_through": round(100 * net_qty / delivered) if delivered > 0 else None})
    rows.sort(key=lambda r: (r["received_at"], r["sku"], r["lot_no"], r["location_code"]), reverse=True)
    return rows
