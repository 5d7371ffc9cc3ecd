"""Planning VAT rates that change on a date: the office schedules a rate for a product or a whole
category from a Vietnam day and cancels one not yet begun (the rule itself, and why the rates are
never written onto products.vat_rate: central/catalog/vat.py).

Why only from tomorrow: kiosks switch at their own midnight from the schedule they pulled, and
may be offline for days; a change "from today" would reach each kiosk at a different hour, and
one Vietnam day would carry two rates for the same product on different tills. The day already
begun keeps the rate it started with; correcting a product's rate at once is done on the
product itself (recorded from today, central/catalog/vat.record_written)."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog import vat
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso, vn_today


def _day(value, today: dt.date) -> str:
    try:
        day = iso_day(value, "effective_day", N_("ngày áp dụng"))
    except CatalogError:
        raise CatalogError(N_("ngày áp dụng không hợp lệ: {text} (dạng dd/mm/yyyy, ví dụ 01/01/2027)"),
                           "effective_day", text=repr(str(value).strip())) from None
    if day is None:
        raise CatalogError(N_("cần ngày áp dụng"), "effective_day")
    if day <= today.isoformat():
        raise CatalogError(N_("ngày áp dụng {day} không được: thuế suất mới chỉ áp dụng từ ngày mai ({tomorrow}) trở "
                              "đi, để mọi ki-ốt nhận được trước nửa đêm và một ngày không có hai thuế suất"),
                           "effective_day", day=f"{dt.date.fromisoformat(day):%d/%m/%Y}",
                           tomorrow=f"{today + dt.timedelta(days=1):%d/%m/%Y}")
    return day


def _target(conn, product_id, category_id) -> tuple[str | None, str | None]:
    product_id, category_id = (str(product_id or "").strip() or None), (str(category_id or "").strip() or None)
    if (product_id is None) == (category_id is None):
        raise CatalogError(N_("chọn một sản phẩm hoặc một nhóm hàng (không chọn cả hai)"), "product_id")
    if product_id and conn.execute(sa.select(m.products.c.id).where(m.products.c.id == product_id)).first() is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "product_id", id=product_id)
    if category_id and conn.execute(sa.select(m.categories.c.id)
                                    .where(m.categories.c.id == category_id)).first() is None:
        raise CatalogError(N_("không có nhóm hàng {id}"), "category_id", id=category_id)
    return product_id, category_id


def schedule(conn, vat_rate, effective_day, product_id=None, category_id=None, by: str = "", note: str = "",
             today: dt.date | None = None) -> dict:
    """Schedule `vat_rate` (0, 5, 8 or 10) for one product or one category from `effective_day`
    (tomorrow or later). Kiosks receive it with their next catalog pull."""
    today = today or vn_today()
    rate = whole(vat_rate, "vat_rate", N_("thuế GTGT (%)"), 0, 10)
    if rate not in vat.VAT_RATES:
        raise CatalogError(N_("thuế GTGT phải là 0, 5, 8 hoặc 10 %"), "vat_rate")
    day = _day(effective_day, today)
    product_id, category_id = _target(conn, product_id, category_id)
    row = {"id": vat._new_id(), "product_id": product_id, "category_id": category_id, "vat_rate": rate,
           "effective_day": day, "status": "scheduled", "note": str(note or "").strip()[:500], "created_by": by,
           "created_at": utc_now_iso(), "rev": catalog.next_rev(conn)}
    conn.execute(sa.insert(m.vat_changes).values(**row))
    return row


def cancel(conn, change_id: str, by: str = "", today: dt.date | None = None) -> dict:
    """Cancel a change whose day has not begun (kiosks drop it at their next pull). One already in
    force stays: sales were made at it; schedule another change instead."""
    today = today or vn_today()
    v = m.vat_changes
    row = conn.execute(sa.select(v).where(v.c.id == str(change_id))).first()
    if row is None or row.status != "scheduled":
        raise CatalogError(N_("không có thay đổi thuế suất {id} đang chờ"), "id", id=str(change_id))
    if row.effective_day <= today.isoformat():
        raise CatalogError(N_("thay đổi thuế suất từ {day} đã có hiệu lực, không hủy được: hãy lên lịch một thay đổi "
                              "mới"), "id", day=f"{dt.date.fromisoformat(row.effective_day):%d/%m/%Y}")
    conn.execute(sa.update(v).where(v.c.id == row.id).values(
        status="cancelled", cancelled_by=by, cancelled_at=utc_now_iso(), rev=catalog.next_rev(conn)))
    return {"id": row.id, "status": "cancelled"}


def listing(conn, limit: int = 200) -> list[dict]:
    """The schedule as the office reads it: latest day first, with what each names."""
    v, p, c = m.vat_changes, m.products, m.categories
    q = (sa.select(v, p.c.sku, p.c.name_vi.label("product_name"), c.c.name_vi.label("category_name"))
         .select_from(v.outerjoin(p, p.c.id == v.c.product_id).outerjoin(c, c.c.id == v.c.category_id))
         .order_by(v.c.effective_day.desc(), v.c.created_at.desc()).limit(limit))
    return [dict(r._mapping) for r in conn.execute(q)]
