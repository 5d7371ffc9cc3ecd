"""A fair's price lists: named per-product prices for some Vietnam days (optional daily hours) at
some points of sale, e.g. "Hội chợ OCOP Hà Nội 2026". The office makes, edits and ends them
(/office/catalog/price-lists, the API's /price-lists); every write takes a catalog revision and
each kiosk pulls the list (key `price_lists` of central/catalog/pull.py, shaped by central/catalog/price_feed.py) and applies it itself,
within its window and over its regular and scheduled prices (pos/prices.py says the precedence),
whether it can reach the centre on the day or not.

Why the centre never writes a list's prices into its catalog: a list is for some days only, and
the catalog price is what every kiosk returns to after it. Sales carry the price they were made at.
"""
from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso, vn_today
from pos.catalog import MAX_PRICE

PL, PI, PLOC, P = m.price_lists, m.price_list_items, m.price_list_locations, m.products
MAX_ITEMS = 5_000
_HM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")


def _hm(value, field: str, label: str) -> str:
    text = str(value or "").strip()
    if len(text) == 4 and text[1] == ":":
        text = "0" + text  # 8:00 as typed
    if text and not _HM.fullmatch(text):
        raise CatalogError(N_("{label}: không phải giờ (nhập GG:PP, ví dụ 08:00): {text}"), field, label=label,
                           text=repr(text))
    return text


def clean(conn, data: dict, today=None) -> dict:
    """The list as it will be stored, checked; raises CatalogError naming the first bad field.
    `items`: [{sku | product_id, price}]; `locations`: point-of-sale codes (at least one)."""
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 200:
        raise CatalogError(N_("cần tên bảng giá (tối đa 200 ký tự)"), "name")
    start = iso_day(data.get("start_day"), "start_day", N_("từ ngày"))
    end = iso_day(data.get("end_day"), "end_day", N_("đến ngày"))
    if start is None or end is None:
        raise CatalogError(N_("cần ngày bắt đầu và ngày kết thúc"), "start_day")
    if end < start:
        raise CatalogError(N_("ngày kết thúc trước ngày bắt đầu"), "end_day")
    frm, to = _hm(data.get("from_time"), "from_time", N_("từ giờ")), _hm(data.get("to_time"), "to_time", N_("đến giờ"))
    if bool(frm) != bool(to) or (frm and to <= frm):
        raise CatalogError(N_("giờ áp dụng: cần cả giờ bắt đầu và giờ kết thúc, kết thúc sau bắt đầu (trong ngày)"),
                           "to_time")
    codes = sorted({str(c).strip() for c in data.get("locations") or [] if str(c).strip()})
    if not codes:
        raise CatalogError(N_("chọn ít nhất một điểm bán"), "locations")
    known = {r[0] for r in conn.execute(sa.select(m.locations.c.code).where(m.locations.c.code.in_(codes)))}
    for code in codes:
        if code not in known:
            raise CatalogError(N_("không có điểm bán {code}"), "locations", code=code)
    return {"name": name, "start_day": start, "end_day": end, "from_time": frm, "to_time": to,
            "note": str(data.get("note") or "").strip()[:500], "locations": codes,
            "items": _items(conn, data.get("items") or [])}


def _items(conn, items: list[dict]) -> list[dict]:
    if not items:
        raise CatalogError(N_("cần ít nhất một sản phẩm với giá"), "items")
    if len(items) > MAX_ITEMS:
        raise CatalogError(N_("Tối đa {n} dòng mỗi bảng giá"), "items", n=MAX_ITEMS)
    skus = {str(it.get("sku")) for it in items if it.get("sku")}
    ids = {str(it.get("product_id")) for it in items if it.get("product_id")}
    rows = list(conn.execute(sa.select(P.c.id, P.c.sku).where(sa.or_(P.c.sku.in_(sorted(skus)), P.c.id.in_(sorted(ids))))))
    by_sku, by_id = {r.sku: r.id for r in rows}, {r.id for r in rows}
    out: dict[str, int] = {}
    for n, it in enumerate(items, start=1):
        pid = str(it["product_id"]) if it.get("product_id") else by_sku.get(str(it.get("sku") or ""))
        if pid not in by_id:
            raise CatalogError(N_("dòng {n}: không có sản phẩm {sku}"), "items", n=n,
                               sku=it.get("sku") or it.get("product_id"))
        if pid in out:
            raise CatalogError(N_("dòng {n}: sản phẩm {sku} đã có ở dòng trên"), "items", n=n, sku=it.get("sku") or pid)
        out[pid] = whole(it.get("price"), "price", N_("giá (₫)"), 0, MAX_PRICE, money=True)
    return [{"product_id": pid, "price": price} for pid, price in out.items()]


def save(conn, data: dict, by: str, list_id: str | None = None) -> dict:
    """Make a list, or replace an active one's fields, items and locations whole; one revision."""
    row = clean(conn, data)
    now = utc_now_iso()
    if list_id is not None:
        old = conn.execute(sa.select(PL.c.status).where(PL.c.id == list_id)).first()
        if old is None:
            raise CatalogError(N_("không có bảng giá này"), "id")
        if old.status != "active":
            raise CatalogError(N_("bảng giá đã kết thúc: tạo bảng giá mới"), "status")
    rev = catalog.next_rev(conn)
    fields = {k: row[k] for k in ("name", "start_day", "end_day", "from_time", "to_time", "note")}
    if list_id is None:
        list_id = str(uuid.uuid4())
        conn.execute(sa.insert(PL).values(id=list_id, status="active", created_by=by, created_at=now, rev=rev, **fields))
    else:
        conn.execute(sa.update(PL).where(PL.c.id == list_id).values(updated_by=by, updated_at=now, rev=rev, **fields))
        conn.execute(sa.delete(PI).where(PI.c.list_id == list_id))
        conn.execute(sa.delete(PLOC).where(PLOC.c.list_id == list_id))
    conn.execute(sa.insert(PI), [{"list_id": list_id, **it} for it in row["items"]])
    conn.execute(sa.insert(PLOC), [{"list_id": list_id, "location_code": c} for c in row["locations"]])
    return {"id": list_id, "rev": rev, "items": len(row["items"]), "locations": row["locations"]}


def end(conn, list_id: str, by: str) -> dict:
    """End a list now: every kiosk forgets it at its next pull (one offline since keeps applying
    it until its window closes: the window is what was printed on the fair's posters)."""
    old = conn.execute(sa.select(PL.c.status).where(PL.c.id == list_id)).first()
    if old is None:
        raise CatalogError(N_("không có bảng giá này"), "id")
    if old.status == "ended":
        return {"id": list_id, "rev": None}
    rev = catalog.next_rev(conn)
    conn.execute(sa.update(PL).where(PL.c.id == list_id).values(status="ended", ended_by=by, ended_at=utc_now_iso(),
                                                                 rev=rev))
    return {"id": list_id, "rev": rev}


def listing(conn, today=None) -> list[dict]:
    """Every list, newest first, with its item count, locations and where it stands today
    (`state`: waiting | running | over | ended)."""
    day = (today or vn_today()).isoformat()
    counts = dict(conn.execute(sa.select(PI.c.list_id, sa.func.count()).group_by(PI.c.list_id)).all())
    locs: dict[str, list[str]] = {}
    for r in conn.execute(sa.select(PLOC).order_by(PLOC.c.location_code)):
        locs.setdefault(r.list_id, []).append(r.location_code)
    out = []
    for r in conn.execute(sa.select(PL).order_by(PL.c.start_day.desc(), PL.c.created_at.desc())):
        d = dict(r._mapping)
        d["items"], d["locations"] = counts.get(d["id"], 0), locs.get(d["id"], [])
        d["state"] = ("ended" if d["status"] == "ended" else "waiting" if day < d["start_day"]
                      else "over" if day > d["end_day"] else "running")
        out.append(d)
    return out


def get(conn, list_id: str) -> dict | None:
    """One list with its items (SKU, name, regular price, list price) and locations."""
    row = conn.execute(sa.select(PL).where(PL.c.id == list_id)).first()
    if row is None:
        return None
    d = dict(row._mapping)
    d["items"] = [dict(r._mapping) for r in conn.execute(
        sa.select(PI.c.product_id, PI.c.price, P.c.sku, P.c.name_vi, P.c.price.label("regular_price"))
        .select_from(PI.join(P, P.c.id == PI.c.product_id)).where(PI.c.list_id == list_id).order_by(P.c.sku))]
    d["locations"] = [r[0] for r in conn.execute(sa.select(PLOC.c.location_code).where(PLOC.c.list_id == list_id)
                                                 .order_by(PLOC.c.location_code))]
    return d
