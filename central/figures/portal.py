"""What the producer portal shows a producer, and only that producer: every function takes the
signed-in producer's id (central/portal/auth.py) and filters by it in SQL, so no query string or id
in a URL can widen it.

    dashboard(conn, producer_id, f)        -> summary, trend by day, by location, by product
    sales_rows(conn, producer_id, f)       -> per day, location and product (the exports)
    stock_cover(conn, producer_id, today)  -> on hand per point of sale with days of cover
    lots(conn, producer_id)                -> lots delivered, per location, with their sell-through

Sales are the producer's sale lines (sale_lines.producer_id: whose goods they were when sold), a
gift set's line counted as its components' shares (central/figures/set_shares.py);
stock is of the producer's products (products.producer_id). Days of cover = on hand / the average
daily net quantity sold over the last COVER_DAYS days at that point of sale (None: nothing sold)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.figures import reports as rp
from central.figures import set_shares

COVER_DAYS = 28  # the sell rate behind days of cover: the last four weeks
ALL_TIME = ("2000-01-01", "2999-12-31")  # lot sell-through counts every sale of the lot


_ZERO = {"qty_sold": 0, "qty_refunded": 0, "gross": 0, "refunds": 0, "net": 0, "vat": 0}


def line_sums(conn, producer_id: str, start: str, end: str, keys: list[str], location: str | None = None
              ) -> dict[tuple, dict]:
    """The producer's counted lines of [start, end] summed by `keys` (sale_lines columns), with the
    meaning of reports.line_totals (completed receipts; refunds apart, net = gross - refunds). One
    query that starts from the producer's own lines (index producer_id, business_day) and reads
    only their receipts: a producer has a few hundredths of the chain's lines, so this is cheap
    however many lines the chain has."""
    l_, s_ = m.sale_lines, m.sales
    cols = [l_.c[k] for k in keys]
    units = sa.case((sa.and_(s_.c.kind == "sale", l_.c.original_line_id.isnot(None)), 0), else_=l_.c.qty)  # a raised
    # price (pos.supplements) adds money, no units
    q = (sa.select(*cols, s_.c.kind, sa.func.sum(units), sa.func.sum(l_.c.net), sa.func.sum(l_.c.vat_amount))
         .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(l_.c.producer_id == producer_id, l_.c.business_day.between(start, end), s_.c.status == "completed",
                s_.c.kind.in_(("sale", "refund")))
         .group_by(*cols, s_.c.kind))
    if location:
        q = q.where(l_.c.location_code == location)
    n = len(keys)
    out: dict[tuple, dict] = {}
    for r in conn.execute(q):
        d = out.setdefault(tuple(r[:n]), dict(_ZERO))
        qty, net, vat = int(r[n + 1] or 0), int(r[n + 2] or 0), int(r[n + 3] or 0)
        if r[n] == "sale":
            d["qty_sold"] += qty
            d["gross"] += net
            d["vat"] += vat
        else:
            d["qty_refunded"] += qty
            d["refunds"] += net
            d["vat"] -= vat
    for d in out.values():
        d["net"] = d["gross"] - d["refunds"]
    return set_shares.credited(conn, rp.Filters(start, end, location=location, producer=producer_id), keys, out)


def _receipts(conn, producer_id: str, f: rp.Filters) -> tuple[int, int, int]:
    """(sales, refunds, supplements): the receipts that hold any of the producer's goods; a
    supplement (pos.supplements: a sale naming the sale it completes) is not counted as a sale."""
    l_, s_ = m.sale_lines, m.sales
    kind = sa.case((sa.and_(s_.c.kind == "sale", s_.c.original_sale_id.isnot(None)), "supplement"), else_=s_.c.kind)
    q = (sa.select(kind, sa.func.count(sa.distinct(l_.c.sale_id))).select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(l_.c.producer_id == producer_id, l_.c.business_day.between(f.start, f.end), s_.c.status == "completed")
         .group_by(kind))
    if f.location:
        q = q.where(l_.c.location_code == f.location)
    got = dict(conn.execute(q).all())
    return int(got.get("sale") or 0), int(got.get("refund") or 0), int(got.get("supplement") or 0)


def _roll(c: dict[tuple, dict], i: int) -> dict:
    out: dict = {}
    for key, d in c.items():
        acc = out.setdefault(key[i], dict(_ZERO))
        for k, v in d.items():
            acc[k] += v
    return out


def dashboard(conn, producer_id: str, f: rp.Filters) -> dict:
    """The dashboard's figures from one pass over the producer's lines of the period: summary,
    trend by day (days without trade present with zeros), by location, by product."""
    c = line_sums(conn, producer_id, f.start, f.end, ["business_day", "location_code", "product_id"], f.location)
    total = dict(_ZERO)
    for d in c.values():
        for k, v in d.items():
            total[k] += v
    sales, refunds, supplements = _receipts(conn, producer_id, f)
    summary = {k: total[k] for k in ("gross", "refunds", "net", "vat")}
    summary.update(sales_count=sales, refunds_count=refunds, supplements_count=supplements, discounts=0,
                   avg_ticket=total["gross"] // sales if sales else 0)
    days = _roll(c, 0)
    trend = [{"business_day": d, **{k: days.get(d, _ZERO)[k] for k in ("gross", "refunds", "net", "vat")}}
             for d in f.days()]
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    locations = sorted(({"location_code": loc, "location_name": names.get(loc, loc),
                         **{k: d[k] for k in ("gross", "refunds", "net", "vat")}} for loc, d in _roll(c, 1).items()),
                       key=lambda r: (-r["net"], r["location_code"]))
    by_product = _roll(c, 2)
    info = rp.product_info(conn, list(by_product))
    products = sorted(({"product_id": pid, "sku": info.get(pid, {}).get("sku", ""),
                        "name_vi": info.get(pid, {}).get("name_vi", ""), "unit": info.get(pid, {}).get("unit", ""),
                        "sold_by_weight": info.get(pid, {}).get("sold_by_weight", 0), **d}
                       for pid, d in by_product.items()), key=lambda r: (-r["net"], r["sku"]))
    return {"summary": summary, "trend": trend, "locations": locations, "products": products, "cube": c}


def sales_rows(conn, producer_id: str, f: rp.Filters) -> list[dict]:
    """Net sales per day, location and product (refunds subtracted), for the CSV/XLSX files."""
    totals = line_sums(conn, producer_id, f.start, f.end, ["business_day", "location_code", "product_id"], f.location)
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


def _recent(cube: dict[tuple, dict], start: str, end: str) -> dict[tuple, dict]:
    """(location, product) sums of a dashboard's (day, location, product) cube within [start, end]."""
    out: dict[tuple, dict] = {}
    for (day, loc, pid), d in cube.items():
        if start <= day <= end:
            acc = out.setdefault((loc, pid), dict(_ZERO))
            for k, v in d.items():
                acc[k] += v
    return out


def stock_cover(conn, producer_id: str, today: dt.date, cube: dict | None = None,
                cube_period: tuple[str, str] | None = None) -> list[dict]:
    """On hand of each of the producer's products at each point of sale that ever held it, the net
    quantity sold there over the last COVER_DAYS days, and the days that stock lasts at that rate.
    With the dashboard's cube of all points of sale over a period holding those days (its default
    view), the sales come from it rather than a second pass over the lines."""
    own = _own_products(conn, producer_id)
    if not own:
        return []
    sm = m.stock_moves
    q = (sa.select(sm.c.location_code, sm.c.product_id, sa.func.sum(sm.c.qty))  # the covering index (0020)
         .where(sm.c.product_id.in_(sorted(own))).group_by(sm.c.product_id, sm.c.location_code))
    on_hand = {(r[0], r[1]): int(r[2] or 0) for r in conn.execute(q)}
    start, end = (today - dt.timedelta(days=COVER_DAYS - 1)).isoformat(), today.isoformat()
    if cube is not None and cube_period is not None and cube_period[0] <= start and end <= cube_period[1]:
        sold = _recent(cube, start, end)
    else:
        sold = line_sums(conn, producer_id, start, end, ["location_code", "product_id"])
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
    sold = line_sums(conn, producer_id, *ALL_TIME, ["location_code", "product_id", "lot_no"])
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
