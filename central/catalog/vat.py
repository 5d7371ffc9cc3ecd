"""VAT rates that change on a date, at the centre: which rate a product carries on a Vietnam day,
and keeping the schedule in step with product rows however they are written (a change is planned
or cancelled by central/catalog/vat_plan.py).

The rule is the kiosk's (pos/vat_schedule.in_force, one definition for both sides): among the
scheduled changes whose day has begun for the product and for its category, the latest day
wins, the product's own on the same day; with none, products.vat_rate.

Why products.vat_rate is never rewritten when a change's day begins: it is the rate "with no
scheduled change", the base every kiosk falls back to. Were the centre to put the new rate there
at its midnight, a kiosk whose clock is a minute behind (or a test kiosk on another day) would
pull the new base before its own midnight and ring 23:59 at the new rate. The office shows the
rate of the day (`rates_on`); sales carry the rate they were made at, so reports read the lines.
"""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from central import models as m
from central.clock import utc_now_iso, vn_today
from pos.vat_schedule import in_force

VAT_RATES = (0, 5, 8, 10)


def scheduled(conn, product_ids=None, category_ids=None) -> list[dict]:
    """The changes not cancelled (all, or those for these products / categories)."""
    v = m.vat_changes
    q = sa.select(v).where(v.c.status == "scheduled")
    if product_ids is not None or category_ids is not None:
        q = q.where(sa.or_(v.c.product_id.in_(list(product_ids or [])),
                           v.c.category_id.in_(list(category_ids or []))))
    return [dict(r._mapping) for r in conn.execute(q.order_by(v.c.effective_day, v.c.created_at))]


def rates_on(conn, products: list[dict], day: str, changes: list[dict] | None = None) -> dict[str, int]:
    """product id -> the rate in force on `day` (products: rows with id, category_id, vat_rate)."""
    if changes is None:
        changes = scheduled(conn, [p["id"] for p in products], {p.get("category_id") for p in products} - {None})
    return {p["id"]: in_force(changes, p["id"], p.get("category_id"), day, int(p["vat_rate"])) for p in products}


def outlook(conn, product: dict, day: str) -> dict | None:
    """For the product's page: its rate on `day` under the schedule and each later day it changes
    ({"today", "ahead": [{"day", "vat_rate"}]}); None when no scheduled change concerns it."""
    pid, cat, base = product["id"], product.get("category_id"), int(product["vat_rate"])
    changes = scheduled(conn, [pid], [cat] if cat else [])
    if not changes:
        return None
    now = prev = in_force(changes, pid, cat, day, base)
    ahead = []
    for d in sorted({c["effective_day"] for c in changes if c["effective_day"] > day}):
        rate = in_force(changes, pid, cat, d, base)
        if rate != prev:
            ahead.append({"day": d, "vat_rate": rate})
            prev = rate
    return {"today": now, "ahead": ahead}


def stored_rates(conn, rows: list[dict]) -> dict[str, int]:
    """The vat_rate each product row has before a write (missing: a new product)."""
    ids = [r["id"] for r in rows if isinstance(r, dict) and r.get("id")]
    if not ids:
        return {}
    p = m.products
    return {r.id: r.vat_rate for r in conn.execute(sa.select(p.c.id, p.c.vat_rate).where(p.c.id.in_(ids)))}


def record_written(conn, rows: list[dict], before: dict[str, int], rev: int, by: str = "",
                   today: dt.date | None = None) -> int:
    """A product's rate written directly (office form, import, the admin API) that differs from the
    schedule's rate for today becomes the product's own change from today: otherwise a category's
    change in force would quietly override what the office just typed, at the kiosks and here.
    Only rows whose rate actually changed (or new products) count. Returns the changes recorded."""
    day = (today or vn_today()).isoformat()
    written = [r for r in rows if isinstance(r, dict) and r.get("id") and type(r.get("vat_rate")) is int
               and before.get(r["id"]) != r["vat_rate"]]
    if not written:
        return 0
    wanted = {r["id"]: r["vat_rate"] for r in written}
    p = m.products  # the category as stored after the write (a partial row may not name it)
    cats = {r.id: r.category_id for r in conn.execute(sa.select(p.c.id, p.c.category_id).where(p.c.id.in_(list(wanted))))}
    changes = scheduled(conn, list(wanted), set(cats.values()) - {None})
    if not changes:
        return 0
    base = [{"id": pid, "category_id": cats.get(pid), "vat_rate": -1} for pid in wanted]  # -1: no change in force
    now = utc_now_iso()
    new = [{"id": _new_id(), "product_id": pid, "category_id": None, "vat_rate": wanted[pid], "effective_day": day,
            "status": "scheduled", "note": "thuế suất sửa trực tiếp trên sản phẩm", "created_by": by,
            "created_at": now, "rev": rev}
           for pid, rate in rates_on(conn, base, day, changes).items() if rate not in (-1, wanted[pid])]
    if new:
        conn.execute(sa.insert(m.vat_changes), new)
    return len(new)


def _new_id() -> str:
    return str(uuid.uuid4())
