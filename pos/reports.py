"""Local reports over the kiosk database: sales by day, product, producer, payment method, and the
consignment settlement owed to each producer.

Rules shared by every report: days are Vietnam business days (inclusive range); voided sales do not
count at all; a refund counts on the day it was given (sales.kind = 'refund', its lines and
payments hold positive amounts given back) and is subtracted. Amounts are VAT-inclusive integer
đồng; line amounts are `sale_lines.net`, i.e. after line and order discounts.
A supplement (pos.supplements: a sale naming the sale it completes) counts as a sale on the day it
was paid; its price-raise lines (`original_line_id` set on a sale) add money but no units.
"""
from __future__ import annotations

import datetime as dt

from .errors import ValidationError
from . import promo_settlement, promo_share
from .money import round_div
from .store import Store

_SIGN = "CASE s.kind WHEN 'refund' THEN -1 ELSE 1 END"
_IN_PERIOD = "s.status = 'completed' AND s.business_day BETWEEN ? AND ?"


def _period(start_day: str, end_day: str) -> tuple[str, str]:
    try:
        start = dt.date.fromisoformat(str(start_day))
        end = dt.date.fromisoformat(str(end_day))
    except ValueError as exc:
        raise ValidationError("days must be YYYY-MM-DD: {start_day!r} .. {end_day!r}", field="period",
                              start_day=start_day, end_day=end_day) from exc
    if end < start:
        raise ValidationError("the period ends ({end}) before it starts ({start})", field="period",
                              start=start.isoformat(), end=end.isoformat())
    return start.isoformat(), end.isoformat()


def sales_by_day(store: Store, start_day: str, end_day: str) -> list[dict]:
    """One row per business day with any sale or refund: receipts (a supplement counted apart from
    the sales, as at the centre; its money in gross), totals, VAT, net."""
    return store.all(
        f"""SELECT s.business_day AS day,
               count(*) FILTER (WHERE s.kind = 'sale' AND s.original_sale_id IS NULL) AS sales_count,
               count(*) FILTER (WHERE s.kind = 'refund') AS refunds_count,
               count(*) FILTER (WHERE s.kind = 'sale' AND s.original_sale_id IS NOT NULL) AS supplements_count,
               coalesce(sum(s.total) FILTER (WHERE s.kind = 'sale'), 0) AS gross,
               coalesce(sum(s.total) FILTER (WHERE s.kind = 'refund'), 0) AS refunds,
               coalesce(sum({_SIGN} * s.total), 0) AS net,
               coalesce(sum({_SIGN} * s.vat_total), 0) AS vat,
               coalesce(sum(s.line_discount_total + s.order_discount) FILTER (WHERE s.kind = 'sale'), 0)
                   AS discounts
           FROM sales s WHERE {_IN_PERIOD}
           GROUP BY s.business_day ORDER BY s.business_day""",
        _period(start_day, end_day),
    )


# The lines a settlement credits: a gift set's line is replaced by its components (pos/sets.py), each
# with its share of the line's money, under its own producer; every other line as it is.
_SETTLED = """(SELECT sale_id, producer_id, product_id, sku, name_vi, unit, sold_by_weight, qty, net, vat_amount,
           original_line_id
    FROM sale_lines WHERE id NOT IN (SELECT sale_line_id FROM sale_line_components)
    UNION ALL SELECT c.sale_id, c.producer_id, c.product_id, coalesce(p.sku, ''), c.name_vi, c.unit, 0, c.qty,
           c.net, c.vat_amount, NULL FROM sale_line_components c LEFT JOIN products p ON p.id = c.product_id)"""


def _line_sums(group: str, extra_cols: str, start_day: str, end_day: str, order: str,
               lines: str = "sale_lines") -> str:
    return f"""SELECT {extra_cols},
               coalesce(sum(l.qty) FILTER (WHERE s.kind = 'sale' AND l.original_line_id IS NULL), 0) AS qty_sold,
               coalesce(sum(l.qty) FILTER (WHERE s.kind = 'refund'), 0) AS qty_refunded,
               coalesce(sum(l.net) FILTER (WHERE s.kind = 'sale'), 0) AS gross,
               coalesce(sum(l.net) FILTER (WHERE s.kind = 'refund'), 0) AS refunds,
               sum({_SIGN} * l.net) AS net,
               sum({_SIGN} * l.vat_amount) AS vat
           FROM {lines} l JOIN sales s ON s.id = l.sale_id
           WHERE {_IN_PERIOD}
           GROUP BY {group} ORDER BY {order}"""


def sales_by_product(store: Store, start_day: str, end_day: str) -> list[dict]:
    """Per product: quantity sold and refunded (units, or grams when sold by weight), amounts."""
    sql = _line_sums(
        "l.product_id",
        "l.product_id, max(l.sku) AS sku, max(l.name_vi) AS name_vi, max(l.name_en) AS name_en, "
        "max(l.unit) AS unit, max(l.sold_by_weight) AS sold_by_weight, max(l.producer_id) AS producer_id",
        start_day, end_day, "net DESC, sku")
    return store.all(sql, _period(start_day, end_day))


def sales_by_producer(store: Store, start_day: str, end_day: str) -> list[dict]:
    sql = _line_sums(
        "l.producer_id",
        "l.producer_id, (SELECT name FROM producers WHERE id = l.producer_id) AS producer_name, "
        "count(DISTINCT l.product_id) AS products",
        start_day, end_day, "net DESC, producer_name")
    rows = store.all(sql, _period(start_day, end_day))
    for r in rows:  # units and grams do not add up across products
        del r["qty_sold"], r["qty_refunded"]
    return rows


def sales_by_payment(store: Store, start_day: str, end_day: str) -> list[dict]:
    """Per payment method: money taken, money given back, and what stays in."""
    return store.all(
        f"""SELECT p.method,
               count(*) FILTER (WHERE s.kind = 'sale') AS payments_count,
               coalesce(sum(p.amount) FILTER (WHERE s.kind = 'sale'), 0) AS taken,
               coalesce(sum(p.amount) FILTER (WHERE s.kind = 'refund'), 0) AS refunded,
               sum({_SIGN} * p.amount) AS net
           FROM payments p JOIN sales s ON s.id = p.sale_id
           WHERE {_IN_PERIOD}
           GROUP BY p.method ORDER BY net DESC, p.method""",
        _period(start_day, end_day),
    )


def producer_settlement(store: Store, start_day: str, end_day: str) -> list[dict]:
    """What the kiosk owes each consigning producer for a period.

    net = sales (after discounts, VAT incl.) - refunds; commission = commission_bp basis points of
    the basis, net with the promotions added back (the price before promotions), rounded to the
    đồng (half away from zero); payable = basis - commission - the promotions the producer carries
    (pos/promo_share.py, pos/promo_settlement.py: as at the centre). A gift set's money goes to its
    components' producers, by the shares its sale wrote (as at the centre)."""
    period = _period(start_day, end_day)
    products = store.all(_line_sums(
        "l.producer_id, l.product_id",
        "l.producer_id, l.product_id, max(l.sku) AS sku, max(l.name_vi) AS name_vi, max(l.unit) AS unit, "
        "max(l.sold_by_weight) AS sold_by_weight",
        start_day, end_day, "l.producer_id, sku", _SETTLED), period)
    producers = {r["id"]: r for r in store.all(
        "SELECT id, code, name, kind, tax_code, commission_bp FROM producers")}
    out: dict[str, dict] = {}
    for p in products:
        pid = p.pop("producer_id")
        prod = producers.get(pid, {"id": pid, "code": "", "name": "", "kind": "", "tax_code": "", "commission_bp": 0})
        row = out.setdefault(pid, {
            "producer_id": pid, "code": prod["code"], "name": prod["name"], "kind": prod["kind"],
            "tax_code": prod["tax_code"], "commission_bp": prod["commission_bp"],
            "products": [], "gross": 0, "refunds": 0, "net": 0, "vat": 0,
        })
        row["products"].append(p)
        for k in ("gross", "refunds", "net", "vat"):
            row[k] += p[k]
    promo = promo_settlement.carried(store, *period)  # a promotion always has its line in the period
    rows = sorted(out.values(), key=lambda r: r["name"])
    for r in rows:
        p = promo.get(r["producer_id"], promo_share.NO_PROMO)
        if p["booth"] or p["producer"]:  # the keys only then, as at the centre
            r["promo_booth"], r["promo_producer"] = p["booth"], p["producer"]
        r["commission"] = round_div(promo_share.basis(r["net"], p) * r["commission_bp"], 10_000)
        r["payable"] = promo_share.payable(r["net"], p, r["commission"])
    return rows


def settlement_totals(rows: list[dict]) -> dict:
    keys = ("gross", "refunds", "net", "vat", "commission", "payable")
    return {k: sum(r[k] for r in rows) for k in keys}


def sales_per_day(store: Store, days: list[str]) -> dict[str, dict]:
    """Per business day: sales and refunds (count and total), voids (count), in the terms of the
    central office's figures, for nightly reconciliation. Days without any are left out."""
    out: dict[str, dict] = {}
    marks = ",".join("?" * len(days))
    for day, kind, status, n, total in store.conn.execute(
            f"SELECT business_day, kind, status, count(*), coalesce(sum(total), 0) FROM sales "
            f"WHERE business_day IN ({marks}) GROUP BY business_day, kind, status", days):
        fig = out.setdefault(day, {"sales": 0, "sales_total": 0, "refunds": 0, "refunds_total": 0, "voids": 0})
        if status == "voided":
            fig["voids"] += n
        elif kind == "sale":
            fig["sales"] += n
            fig["sales_total"] += total
        else:
            fig["refunds"] += n
            fig["refunds_total"] += total
    return out


def invoices_per_day(store: Store, days: list[str]) -> dict[str, dict]:
    """Per business day: the e-invoices issued (every kind) and the sum of their totals, for the
    nightly reconciliation with the centre. Days without any are left out."""
    marks = ",".join("?" * len(days))
    return {day: {"invoices": n, "invoices_total": total} for day, n, total in store.conn.execute(
        f"SELECT business_day, count(*), coalesce(sum(total), 0) FROM invoices "
        f"WHERE business_day IN ({marks}) GROUP BY business_day", days)}
