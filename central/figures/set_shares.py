"""Gift sets in settlement: each component's producer is credited with its share of the set.

A set's sale line belongs to the set product's owner (often the booth itself), but the money is
owed to the producers of what is inside the box. The kiosk split each set line's net and VAT
among its components when it sold it (pos/sets.py: pro rata to regular price x quantity, whole
đồng by the largest remainder, adding up exactly to the line) and sent the rows
(sale_line_components, central/events/ingest.py). settled_totals() is reports.line_totals with
every set line taken out of its own key and its component rows added under theirs, with the
same meaning (completed sales; completed refunds apart; voided receipts nowhere), so a period's
totals are unchanged to the đồng and only who is credited moves. Lines from kiosks that sent no
component rows (older kiosks) stay with the set's owner.
"""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.figures.reports import Filters, line_totals

_ZERO = ("qty_sold", "qty_refunded", "gross", "refunds", "net", "vat")


def _sums(conn, f: Filters, keys: list[str], table: sa.Table) -> dict[tuple, dict]:
    """Completed sale / refund sums by `keys` of `table` (the set lines, or their components)."""
    s_ = m.sales
    cols = [table.c[k] for k in keys]
    q = (sa.select(*cols, s_.c.kind, sa.func.sum(table.c.qty), sa.func.sum(table.c.net),
                   sa.func.sum(table.c.vat_amount))
         .select_from(table.join(s_, s_.c.id == table.c.sale_id))
         .where(table.c.business_day.between(f.start, f.end), s_.c.status == "completed",
                s_.c.kind.in_(("sale", "refund")))
         .group_by(*cols, s_.c.kind))
    if table is m.sale_lines:
        q = q.where(table.c.id.in_(sa.select(m.sale_line_components.c.sale_line_id)))
    if f.location:
        q = q.where(table.c.location_code == f.location)
    if f.device:
        q = q.where(table.c.device_code == f.device)
    if f.producer:
        q = q.where(table.c.producer_id == f.producer)
    n = len(keys)
    out: dict[tuple, dict] = {}
    for r in conn.execute(q):
        d = out.setdefault(tuple(r[:n]), dict.fromkeys(_ZERO, 0))
        qty, net, vat = int(r[n + 1] or 0), int(r[n + 2] or 0), int(r[n + 3] or 0)
        if r[n] == "sale":
            d["qty_sold"] += qty
            d["gross"] += net
            d["vat"] += vat
        else:
            d["qty_refunded"] += qty
            d["refunds"] += net
            d["vat"] -= vat
    return out


def _any_sets(conn, f: Filters) -> bool:
    c = m.sale_line_components
    return conn.execute(sa.select(c.c.id).where(c.c.business_day.between(f.start, f.end)).limit(1)).first() is not None


def settled_totals(conn, f: Filters, keys: list[str]) -> dict[tuple, dict]:
    """reports.line_totals(conn, f, keys) with each gift set line replaced by its components
    (keys: columns both tables have: producer_id, product_id, location_code, business_day, lot_no)."""
    return credited(conn, f, keys, line_totals(conn, f, keys))


def credited(conn, f: Filters, keys: list[str], out: dict[tuple, dict]) -> dict[tuple, dict]:
    """Line sums by `keys` (line_totals' meaning) corrected in place: set lines out, components in."""
    if not _any_sets(conn, f):  # the usual period: one indexed probe, nothing else
        return out
    for key, d in _sums(conn, f, keys, m.sale_lines).items():
        row = out.setdefault(key, dict.fromkeys(_ZERO, 0))
        for k in _ZERO[:-2] + ("vat",):
            row[k] -= d[k]
    for key, d in _sums(conn, f, keys, m.sale_line_components).items():
        row = out.setdefault(key, dict.fromkeys(_ZERO, 0))
        for k in _ZERO[:-2] + ("vat",):
            row[k] += d[k]
    for d in out.values():
        d["net"] = d["gross"] - d["refunds"]
    return {k: d for k, d in out.items() if any(d.values())}
