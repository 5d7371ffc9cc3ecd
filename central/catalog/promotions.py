"""Promotions at the centre: the office creates, edits and ends them; kiosks pull them and
evaluate them offline (pos/promotions.py holds the rule and the field checks, one definition for
both sides: a row the office saves is one every kiosk accepts).

Each save or end takes a catalog revision, so the next pull of every kiosk carries it (key
`promotions`, additive: an older kiosk ignores it). Locations are decided here: a kiosk whose
location the promotion does not name (or any kiosk, once the promotion is ended) receives only
`{"id", "status": "ended"}` and forgets it. A promotion is never deleted: sales name it, and the
cost report (central/figures/promotions.py) reads the uses the kiosks sent.
"""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso
from pos import promotions as rule
from pos.errors import ValidationError
from pos.money import MAX_AMOUNT

FIELDS = ("kind", "name_vi", "name_en", "target", "target_id", "percent", "amount", "buy_qty", "get_qty",
          "get_product_id", "min_total", "gift_product_id", "gift_qty", "start_day", "end_day", "weekdays",
          "start_minute", "end_minute", "carrier")


def _minute(value, field: str, label: str, default: int) -> int:
    """'08:30' or a number of minutes -> minutes of the day (24:00 is the end of the day)."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default
    if ":" in text:
        h, _, mnt = text.partition(":")
        if h.isdigit() and mnt.isdigit() and len(mnt) == 2 and int(mnt) < 60 and int(h) * 60 + int(mnt) <= 1440:
            return int(h) * 60 + int(mnt)
        raise CatalogError(N_("{label}: giờ không hợp lệ (nhập HH:MM, ví dụ 08:00): {text}"), field, label=label,
                           text=repr(text))
    return whole(text, field, label, 0, 1440)


def _locations(conn, value) -> str:
    codes = sorted({c.strip() for c in (value if isinstance(value, (list, tuple)) else str(value or "").split(","))
                    if str(c).strip()})
    known = {r.code for r in conn.execute(sa.select(m.locations.c.code))}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise CatalogError(N_("không có điểm bán {code}"), "locations", code=unknown[0])
    return ",".join(codes)


MISSING = {"products": N_("không có sản phẩm {id}"), "categories": N_("không có nhóm hàng {id}"),
           "producers": N_("không có nhà sản xuất {id}")}


def _exists(conn, table: sa.Table, key, value: str) -> None:
    if conn.execute(sa.select(key).where(key == value)).first() is None:
        raise CatalogError(MISSING[table.name], "target_id", id=value)


def clean(conn, data: dict) -> dict:
    """The office's form (or the API's JSON) as a promotion row, checked: numbers, days, hours,
    what it applies to exists; then the kiosk's own check (pos.promotions.from_row)."""
    kind = str(data.get("kind") or "")
    if kind not in rule.KINDS:
        raise CatalogError(N_("chọn loại khuyến mãi"), "kind")
    name_vi = " ".join(str(data.get("name_vi") or "").split())[:200]
    if not name_vi:
        raise CatalogError(N_("cần tên khuyến mãi (tiếng Việt): nó được in trên hóa đơn"), "name_vi")
    row = {"kind": kind, "name_vi": name_vi, "name_en": " ".join(str(data.get("name_en") or "").split())[:200],
           "target": str(data.get("target") or "all"), "target_id": str(data.get("target_id") or "").strip(),
           "get_product_id": str(data.get("get_product_id") or "").strip(),
           "gift_product_id": str(data.get("gift_product_id") or "").strip(),
           "weekdays": "".join(sorted(set(str(data.get("weekdays") or "1234567")) & set("1234567"))) or "",
           "carrier": str(data.get("carrier") or "booth")}
    if not row["weekdays"]:
        raise CatalogError(N_("chọn ít nhất một ngày trong tuần"), "weekdays")
    for key, label, hi in (("percent", N_("phần trăm giảm"), 100), ("amount", N_("số tiền giảm"), MAX_AMOUNT),
                           ("buy_qty", N_("số lượng mua"), 9999), ("get_qty", N_("số lượng tặng"), 9999),
                           ("min_total", N_("giá trị hóa đơn tối thiểu"), MAX_AMOUNT),
                           ("gift_qty", N_("số lượng quà"), 9999)):
        row[key] = whole(data.get(key) or 0, key, label, 0, hi, money=key in ("amount", "min_total"))
    row["start_day"] = iso_day(data.get("start_day"), "start_day", N_("từ ngày")) or ""
    row["end_day"] = iso_day(data.get("end_day"), "end_day", N_("đến ngày")) or ""
    row["start_minute"] = _minute(data.get("start_minute"), "start_minute", N_("từ giờ"), 0)
    row["end_minute"] = _minute(data.get("end_minute"), "end_minute", N_("đến giờ"), 1440)
    p = m.products.c
    for key in ("get_product_id", "gift_product_id"):
        if row[key]:
            _exists(conn, m.products, p.id, row[key])
    if row["target"] in ("product", "category", "producer") and row["target_id"]:
        table = {"product": m.products, "category": m.categories, "producer": m.producers}[row["target"]]
        _exists(conn, table, table.c.id, row["target_id"])
    try:
        rule.from_row({"id": "check", **row})
    except ValidationError as exc:
        box = exc.details.get("field") or "kind"
        raise CatalogError(N_("khuyến mãi chưa đúng ở ô {box}: kiểm tra lại"), box, box=box) from None
    row["locations"] = _locations(conn, data.get("locations"))
    return row


def save(conn, data: dict, by: str = "", promotion_id: str | None = None) -> dict:
    """Create (no id) or edit an active promotion; kiosks receive it at their next pull."""
    row = clean(conn, data)
    now = utc_now_iso()
    t = m.promotions
    if promotion_id:
        old = get(conn, promotion_id)
        if old is None or old["status"] != "active":
            raise CatalogError(N_("không có khuyến mãi {id} đang chạy"), "id", id=str(promotion_id))
        conn.execute(sa.update(t).where(t.c.id == old["id"]).values(
            **row, updated_by=by, updated_at=now, rev=catalog.next_rev(conn)))
        return {**old, **row}
    row.update(id=str(uuid.uuid4()), status="active", created_by=by, created_at=now, updated_by=by, updated_at=now,
               rev=catalog.next_rev(conn))
    conn.execute(sa.insert(t).values(**row))
    return row


def end(conn, promotion_id: str, by: str = "") -> dict:
    """End a promotion now: every kiosk drops it at its next pull (a sale paid meanwhile offline
    still used it; its use arrives with the sale)."""
    old = get(conn, promotion_id)
    if old is None or old["status"] != "active":
        raise CatalogError(N_("không có khuyến mãi {id} đang chạy"), "id", id=str(promotion_id))
    t = m.promotions
    conn.execute(sa.update(t).where(t.c.id == old["id"]).values(
        status="ended", ended_by=by, ended_at=utc_now_iso(), rev=catalog.next_rev(conn)))
    return {"id": old["id"], "status": "ended"}


def get(conn, promotion_id: str) -> dict | None:
    row = conn.execute(sa.select(m.promotions).where(m.promotions.c.id == str(promotion_id))).first()
    return dict(row._mapping) if row else None


def listing(conn, today: dt.date, limit: int = 500) -> list[dict]:
    """Every promotion, the running ones first, each with its explanation as the kiosks print it."""
    t = m.promotions
    rows = [dict(r._mapping) for r in conn.execute(
        sa.select(t).order_by((t.c.status == "active").desc(), t.c.start_day.desc(), t.c.created_at.desc())
        .limit(limit))]
    for r in rows:
        r["expired"] = bool(r["end_day"]) and r["end_day"] < today.isoformat()
    return rows
