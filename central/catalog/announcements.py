"""Deliveries a producer announces on the portal, and what the kiosk received against them.

A producer announces products, lots and quantities for one point of sale (announce). Every pull
of a kiosk at that location carries the open announcements whole (open_for_location, key
`delivery_announcements` of central/catalog/pull.py: small, so no revision cursor); the kiosk's
manager opens one on the receive screen, scans what really came, and the stock.received event
names it (deliveries.announcement_id). Received is read from deliveries, never stored here, so an
announcement cannot say "received" without the event that did it.

compare() sets announced against received per product and lot: the page of the producer and the
office's page show the same rows. Every read takes an optional producer_id: the portal passes its
signed-in producer, so another producer's announcement reads as missing."""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso

A, L, D = m.delivery_announcements, m.delivery_announcement_lines, m.deliveries
MAX_LINES = 200
MAX_QTY = 10_000_000  # units, or grams of goods sold by weight
MAX_LOT_NO = 20  # GS1 AI (10), as the kiosk keeps lots (pos/lots.py)
OPEN_DAYS = 90  # an announcement older than this no longer reaches the kiosks


def _text(value, field: str, label: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit or any(ord(ch) < 32 for ch in text):
        raise CatalogError(N_("{label}: tối đa {n} ký tự, không có ký tự điều khiển"), field, label=label, n=limit)
    return text


def _clean_lines(conn, producer_id: str, lines: list[dict]) -> list[dict]:
    if not lines:
        raise CatalogError(N_("Thông báo giao hàng cần ít nhất một dòng sản phẩm"), "lines")
    if len(lines) > MAX_LINES:
        raise CatalogError(N_("Tối đa {n} dòng mỗi thông báo"), "lines", n=MAX_LINES)
    ids = {str(ln.get("product_id") or "") for ln in lines}
    own = {r.id: r for r in conn.execute(sa.select(m.products.c.id, m.products.c.active).where(
        m.products.c.id.in_(sorted(ids)), m.products.c.producer_id == producer_id))}
    out, seen = [], set()
    for n, ln in enumerate(lines, start=1):
        pid = str(ln.get("product_id") or "")
        if pid not in own:  # another producer's product reads as unknown: nothing is told about it
            raise CatalogError(N_("Dòng {n}: không có sản phẩm này trong danh mục của bạn"), "product_id", n=n)
        lot_no = _text(ln.get("lot_no"), "lot_no", N_("Số lô"), MAX_LOT_NO)
        if (pid, lot_no) in seen:
            raise CatalogError(N_("Dòng {n}: sản phẩm và số lô này đã có ở dòng trên"), "lot_no", n=n)
        seen.add((pid, lot_no))
        produced = iso_day(ln.get("produced_on"), "produced_on", N_("Ngày sản xuất"))
        use_by = iso_day(ln.get("use_by"), "use_by", N_("Hạn sử dụng"))
        if produced and use_by and use_by < produced:
            raise CatalogError(N_("Dòng {n}: hạn sử dụng trước ngày sản xuất"), "use_by", n=n)
        qty = whole(ln.get("qty"), "qty", N_("Số lượng"), lo=1, hi=MAX_QTY)
        out.append({"line_no": n, "product_id": pid, "lot_no": lot_no, "produced_on": produced, "use_by": use_by,
                    "qty": qty})
    return out


def announce(conn, producer_id: str, location_code: str, lines: list[dict], planned_on=None, note: str = "",
             by: str = "") -> str:
    """A new announcement of the producer's own products for one location; returns its id."""
    loc = str(location_code or "")
    if conn.execute(sa.select(m.locations.c.code).where(m.locations.c.code == loc)).first() is None:
        raise CatalogError(N_("Chọn điểm bán nhận hàng"), "location_code")
    clean = _clean_lines(conn, producer_id, lines)
    day = iso_day(planned_on, "planned_on", N_("Ngày giao dự kiến"))
    aid = str(uuid.uuid4())
    conn.execute(sa.insert(A).values(id=aid, producer_id=producer_id, location_code=loc,
                                     note_no="TB-" + aid[:8].upper(), planned_on=day or "",
                                     note=_text(note, "note", N_("Ghi chú"), 500), status="announced",
                                     created_at=utc_now_iso(), created_by=by))
    conn.execute(sa.insert(L), [{"announcement_id": aid, **ln} for ln in clean])
    return aid


def _received(conn, ids: list[str]) -> dict[str, list[dict]]:
    """The deliveries that answered each announcement (normally one)."""
    out: dict[str, list[dict]] = {}
    if ids:
        q = sa.select(D.c.id, D.c.device_code, D.c.location_code, D.c.received_at, D.c.announcement_id).where(
            D.c.announcement_id.in_(ids)).order_by(D.c.received_at)
        for r in conn.execute(q):
            out.setdefault(r.announcement_id, []).append(dict(r._mapping))
    return out


def _state(row: dict, received: list) -> str:
    if received:
        return "received"
    return "cancelled" if row["status"] == "cancelled" else "announced"


def list_of(conn, producer_id: str | None = None, limit: int = 500) -> list[dict]:
    """Announcements newest first (one producer's, or all for the office), each with its state."""
    q = sa.select(A, m.producers.c.code.label("producer_code"), m.producers.c.name.label("producer_name"),
                  m.locations.c.name.label("location_name")).select_from(
        A.join(m.producers, m.producers.c.id == A.c.producer_id).outerjoin(
            m.locations, m.locations.c.code == A.c.location_code)).order_by(A.c.created_at.desc()).limit(limit)
    if producer_id is not None:
        q = q.where(A.c.producer_id == producer_id)
    rows = [dict(r._mapping) for r in conn.execute(q)]
    got = _received(conn, [r["id"] for r in rows])
    for r in rows:
        r["deliveries"] = got.get(r["id"], [])
        r["state"] = _state(r, r["deliveries"])
        r["differs"] = bool(r["deliveries"]) and any(
            ln["difference"] for ln in compare(conn, r["id"], [d["id"] for d in r["deliveries"]]))
    return rows


def get(conn, announcement_id, producer_id: str | None = None) -> dict | None:
    """One announcement with its lines compared to what was received; None when missing or another
    producer's."""
    aid = str(announcement_id or "")
    if len(aid) > 36:
        return None
    q = sa.select(A).where(A.c.id == aid)
    if producer_id is not None:
        q = q.where(A.c.producer_id == producer_id)
    row = conn.execute(q).first()
    if row is None:
        return None
    a = dict(row._mapping)
    a["deliveries"] = _received(conn, [aid]).get(aid, [])
    a["state"] = _state(a, a["deliveries"])
    a["lines"] = compare(conn, aid, [d["id"] for d in a["deliveries"]])
    a["differs"] = any(ln["difference"] for ln in a["lines"]) if a["deliveries"] else False
    return a


def _received_qty(conn, delivery_ids: list[str]) -> dict[tuple, int]:
    """Received per (product, lot) over the deliveries: their lots, and for products received
    without a lot their delivery lines (lot '')."""
    got: dict[tuple, int] = {}
    if not delivery_ids:
        return got
    dl, ln = m.delivery_lots, m.delivery_lines
    with_lots = set()
    for r in conn.execute(sa.select(dl.c.product_id, dl.c.lot_no, sa.func.sum(dl.c.qty)).where(
            dl.c.delivery_id.in_(delivery_ids)).group_by(dl.c.product_id, dl.c.lot_no)):
        got[(r[0], r[1] or "")] = got.get((r[0], r[1] or ""), 0) + int(r[2] or 0)
        with_lots.add(r[0])
    for r in conn.execute(sa.select(ln.c.product_id, sa.func.sum(ln.c.qty)).where(
            ln.c.delivery_id.in_(delivery_ids)).group_by(ln.c.product_id)):
        if r[0] not in with_lots:
            got[(r[0], "")] = int(r[1] or 0)
    return got


def compare(conn, announcement_id: str, delivery_ids: list[str]) -> list[dict]:
    """Announced against received, per product and lot: the announced lines in their order, then
    anything received that was not announced. difference = received - announced (negative: short)."""
    p = m.products
    announced = [dict(r._mapping) for r in conn.execute(
        sa.select(L, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight).select_from(
            L.outerjoin(p, p.c.id == L.c.product_id)).where(L.c.announcement_id == announcement_id)
        .order_by(L.c.line_no))]
    received = _received_qty(conn, delivery_ids)
    rows = []
    for ln in announced:
        key = (ln["product_id"], ln["lot_no"] or "")
        got = received.pop(key, 0) if delivery_ids else None
        rows.append({**ln, "received": got, "difference": (got - ln["qty"]) if got is not None else 0})
    if received:
        info = {r.id: r for r in conn.execute(sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight)
                                              .where(p.c.id.in_(sorted({k[0] for k in received}))))}
        for (pid, lot_no), qty in sorted(received.items()):
            i = info.get(pid)
            rows.append({"line_no": None, "product_id": pid, "lot_no": lot_no, "produced_on": None, "use_by": None,
                         "qty": 0, "received": qty, "difference": qty, "sku": i.sku if i else "",
                         "name_vi": i.name_vi if i else pid, "unit": i.unit if i else "",
                         "sold_by_weight": i.sold_by_weight if i else 0})
    return rows


def cancel(conn, announcement_id: str, producer_id: str | None, by: str = "") -> bool:
    """Withdraw an announcement nobody has received yet; False when missing, another producer's,
    already received or already cancelled."""
    a = get(conn, announcement_id, producer_id)
    if a is None or a["state"] != "announced":
        return False
    conn.execute(sa.update(A).where(A.c.id == a["id"], A.c.status == "announced")
                 .values(status="cancelled", cancelled_at=utc_now_iso()))
    return True


def open_for_location(conn, location_code: str, today: dt.date) -> list[dict]:
    """What a kiosk at this location may receive against: announced, not cancelled, not yet
    received, made in the last OPEN_DAYS days; with their lines (the pull's key)."""
    since = (today - dt.timedelta(days=OPEN_DAYS)).isoformat()
    answered = sa.select(D.c.announcement_id).where(D.c.announcement_id == A.c.id).exists()
    q = (sa.select(A.c.id, A.c.producer_id, A.c.note_no, A.c.planned_on, A.c.note, A.c.created_at)
         .where(A.c.location_code == location_code, A.c.status == "announced", A.c.created_at >= since, ~answered)
         .order_by(A.c.created_at))
    rows = [dict(r._mapping) for r in conn.execute(q)]
    if rows:
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r["lines"] = []
        for ln in conn.execute(sa.select(L.c.announcement_id, L.c.line_no, L.c.product_id, L.c.lot_no,
                                         L.c.produced_on, L.c.use_by, L.c.qty)
                               .where(L.c.announcement_id.in_(list(by_id))).order_by(L.c.line_no)):
            d = dict(ln._mapping)
            by_id[d.pop("announcement_id")]["lines"].append(d)
    return rows
