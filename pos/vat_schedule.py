"""VAT rates that change on a date, and which rate a line carries on a Vietnam business day.

Why a schedule and not just products.vat_rate: the 8 % reduced rate (Decree 174/2025/NĐ-CP,
instead of 10 %) ends on 31 December 2026 unless extended, and a kiosk may be offline for days
around such a day. The centre plans each change ahead (central/catalog/vat.py) and the catalog
pull brings it here before its day, so every kiosk switches at its OWN Vietnam midnight (by the
one clock, pos/clock.py), whether it can reach the centre then or not.

The rule, the same at the centre (`in_force`) and in this kiosk's SQL (`RATE_SQL`): among the
scheduled changes whose day has begun (effective_day <= the day) for the product itself and for
its category, the latest day wins; on the same day the product's own change wins over its
category's; with none, the product's own vat_rate.

A sale carries the rates of the day it is COMPLETED (the invoice and the tax return are dated
that day): a cart opened at 23:59 and paid at 00:01 is re-rated at payment (`rerate`, called by
pos.sales.complete_sale inside its checks) and the result lists the lines whose rate changed, so
the clerk is told. Prices are VAT-inclusive, so the amount paid never changes, only its split.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .cart import VAT_RATES, Cart
from .errors import ValidationError
from .store import OpChanges, Store

# one indexed query (vat_schedule_product / vat_schedule_category): cheap enough for every scan
RATE_SQL = ("SELECT vat_rate FROM vat_schedule WHERE effective_day <= ? AND (product_id = ? OR "
            "(product_id IS NULL AND category_id = ?)) ORDER BY effective_day DESC, product_id IS NULL LIMIT 1")


# the same rule correlated on products p (p.id, p.category_id, p.vat_rate) at :day: read in one
# statement with the price in force on every scan (pos/prices.py AS_SOLD_SQL)
VAT_EXPR = ("coalesce((SELECT v.vat_rate FROM vat_schedule v WHERE v.effective_day <= :day AND (v.product_id = p.id "
            "OR (v.product_id IS NULL AND v.category_id = p.category_id)) "
            "ORDER BY v.effective_day DESC, v.product_id IS NULL LIMIT 1), p.vat_rate)")


def in_force(changes: Iterable[Mapping], product_id: str, category_id: str | None, day: str, base: int) -> int:
    """The rate of `product_id` (in `category_id`, own rate `base`) on `day` under `changes` (rows
    with product_id or category_id, vat_rate, effective_day; only changes not cancelled)."""
    best: tuple[str, int] | None = None  # (effective_day, 1 for the product's own / 0 for its category)
    rate = base
    for c in changes:
        own = c.get("product_id")
        if own == product_id:
            key = (c["effective_day"], 1)
        elif not own and category_id and c.get("category_id") == category_id:
            key = (c["effective_day"], 0)
        else:
            continue
        if key[0] <= day and (best is None or key > best):
            best, rate = key, int(c["vat_rate"])
    return rate


def rate_on(conn, product_id: str, category_id: str | None, day: str, base: int) -> int:
    """in_force, read from this kiosk's copy of the schedule."""
    row = conn.execute(RATE_SQL, (day, product_id, category_id)).fetchone()
    return row[0] if row else base


# -- the schedule pulled from the centre ----------------------------------------------------------
def _checked(row: Mapping) -> tuple:
    if not isinstance(row, Mapping) or not isinstance(row.get("id"), str) or not row["id"]:
        raise ValidationError("a scheduled VAT change needs an id", field="id")
    product, category = row.get("product_id") or None, row.get("category_id") or None
    if (product is None) == (category is None):
        raise ValidationError("a scheduled VAT change is for one product or one category", field="product_id")
    rate = row.get("vat_rate")
    if type(rate) is not int or rate not in VAT_RATES:
        raise ValidationError("VAT rate must be 0, 5, 8 or 10 %", field="vat_rate")
    try:
        day = dt.date.fromisoformat(str(row.get("effective_day"))).isoformat()
    except ValueError:
        raise ValidationError("{field}: not a date (YYYY-MM-DD): {value!r}", field="effective_day",
                              value=row.get("effective_day")) from None
    return row["id"], product, category, rate, day, str(row.get("note") or "")[:500]


def apply_pulled(store: Store, row: Mapping) -> OpChanges:
    """One pulled change: kept (or replaced) while scheduled, removed once the centre cancelled it."""
    if isinstance(row, Mapping) and row.get("status") == "cancelled" and row.get("id"):
        with store.transaction() as conn:
            conn.execute("DELETE FROM vat_schedule WHERE id = ?", (row["id"],))
        return OpChanges(catalog=True)
    values = _checked(row)
    with store.transaction() as conn:
        conn.execute("INSERT INTO vat_schedule(id, product_id, category_id, vat_rate, effective_day, note) "
                     "VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET product_id=excluded.product_id, "
                     "category_id=excluded.category_id, vat_rate=excluded.vat_rate, "
                     "effective_day=excluded.effective_day, note=excluded.note", values)
    return OpChanges(catalog=True)


def upcoming(store: Store, day: str | None = None) -> list[dict]:
    """Changes from `day` (default today) on, soonest first: what the manager is told is coming."""
    rows = store.conn.execute(
        "SELECT v.id, v.product_id, v.category_id, v.vat_rate, v.effective_day, v.note, "
        "coalesce(p.name_vi, c.name_vi, '') AS name FROM vat_schedule v "
        "LEFT JOIN products p ON p.id = v.product_id LEFT JOIN categories c ON c.id = v.category_id "
        "WHERE v.effective_day >= ? ORDER BY v.effective_day, name", (day or store.business_day(),))
    cols = [d[0] for d in rows.description]
    return [dict(zip(cols, r)) for r in rows.fetchall()]


# -- a cart paid on another day than it was rung up ---------------------------------------------------
@dataclass(frozen=True)
class Rerated:
    """A line whose VAT rate changed at payment: the cart was rung up under another day's rates."""

    line_no: int
    name_vi: str
    old_rate: int
    new_rate: int


def rerate(store: Store, cart: Cart, day: str) -> list[Rerated]:
    """Give every line the rate in force on `day` (the sale's business day); returns what changed.
    A line whose product is no longer in the catalog keeps the rate it was rung up at. One query
    for the whole cart (RATE_SQL per product inside it)."""
    ids = list(dict.fromkeys(line.product_id for line in cart.lines))
    if not ids:
        return []
    rates = dict(store.conn.execute(
        f"SELECT p.id, {RATE_OF_P} FROM products p WHERE p.id IN ({','.join('?' * len(ids))})", (day, *ids)).fetchall())
    return apply_rates(cart, rates)


# RATE_SQL for the product `p` of the query it is part of (binds the day): its rate that day
RATE_OF_P = ("coalesce((SELECT v.vat_rate FROM vat_schedule v WHERE v.effective_day <= ? AND "
             "(v.product_id = p.id OR (v.product_id IS NULL AND v.category_id = p.category_id)) "
             "ORDER BY v.effective_day DESC, v.product_id IS NULL LIMIT 1), p.vat_rate)")


def apply_rates(cart: Cart, rates: Mapping[str, int]) -> list[Rerated]:
    """Give each line its product's rate from `rates` ({product id: rate on the sale's day}; a
    product missing keeps its line's rate); returns what changed."""
    changed = []
    for n, line in enumerate(cart.lines, start=1):
        rate = rates.get(line.product_id)
        if rate is not None and rate != line.vat_rate:
            changed.append(Rerated(n, line.name_vi, line.vat_rate, rate))
            line.vat_rate = rate
    return changed


def sale_facts(store: Store, product_ids: Iterable[str], day: str, rev: int) -> tuple[dict[str, int], set[str]]:
    """({product id: VAT rate in force on `day`}, products whose OCOP certificate had expired by
    `day`), read by pos.sales.complete_sale under its write lock: the rate of the day the sale is
    completed, and no stars once the certificate expired, whatever the cart showed when it was rung
    up (a cart can wait past midnight, or on hold for days). What was read is kept while catalog_rev
    (`rev`, bumped by triggers on products and vat_schedule) and the day stay the same: then nothing
    that decides it changed, and a sale reads one row, not its products."""
    ids = set(product_ids)
    facts = store.kept("sale.products_on", (rev, day))
    missing = [pid for pid in ids if pid not in facts]
    if missing:
        facts.update((r[0], (r[1], bool(r[2]))) for r in store.conn.execute(
            f"SELECT p.id, {RATE_OF_P}, p.ocop_cert_expires < ? FROM products p "
            f"WHERE p.id IN ({','.join('?' * len(missing))})", (day, day, *missing)))
    known = [(pid, facts[pid]) for pid in ids if pid in facts]
    return {pid: rate for pid, (rate, _) in known}, {pid for pid, (_, expired) in known if expired}
