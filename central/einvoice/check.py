"""The nightly check of issue 13 at the centre: every sale the kiosks sent has exactly one invoice
chain per seller (an original, then any replacements) whose invoices in force add up to the sale
to the đồng; every refund and void is adjusted by reducing invoices that add up to what went back;
a supplement (a sale naming the sale it completes, pos/supplements.py) by increasing adjustments
that add up to what it charged (and, voided, by reducing ones that add up to as much); no invoice
stands without its sale. The kiosk issues both in one transaction, so any finding means an event
was lost, altered or applied out of order - someone must look before the day is declared.

A kiosk invoices from its first invoice on, or from the day the office said its symbol owes
invoices from ("since", when earlier): sales of days before that (e-invoicing not yet on there) are
not expected to have one. On that first day the kiosk issues the
invoices of the sales it made before its setup arrived as soon as it does (pos/einvoice/catchup.py),
so every sale of that day has its invoice like any later day's. A refund of a sale that has no
invoice (made before e-invoicing) has nothing to adjust and is not expected to. A sale made while
e-invoicing was switched off there is flagged until the kiosk, switched on again, issues its late
invoice (pos/einvoice/catchup.py); a finding an administrator marked handled with a reason
(central/einvoice/marks.py) is shown apart and no longer counts as a problem."""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from central import models as m
from central.einvoice import marks

S, I = m.sales, m.invoices
KINDS = ("no_invoice", "no_sale", "two_chains", "total_differs")


GROUP_SALES = 20_000  # sales checked together by problems_by_group: what memory holds at once


def _devices(col, device_code: str | None, devices) -> list:
    if device_code:
        return [col == device_code]
    return [col.in_(sorted(devices))] if devices is not None else []


def problems(conn, day: str, device_code: str | None = None, devices=None) -> list[dict]:
    """The findings of `day` (one device, the `devices` given, or all) nobody marked handled: what
    the nightly files and sync health count."""
    return marks.split(conn, findings(conn, day, device_code, devices))[0]


def findings(conn, day: str, device_code: str | None = None, devices=None) -> list[dict]:
    """What does not add up on Vietnam business day `day` (one device, the `devices` given, or all),
    one dict per finding: kind (KINDS), device_code, receipt_no, sale_id, invoice_id, sale_total,
    invoice_total. A device's findings depend only on the rows its own events wrote."""
    where = [S.c.business_day == day] + _devices(S.c.device_code, device_code, devices)
    sales = [r._mapping for r in conn.execute(
        sa.select(S.c.id, S.c.receipt_no, S.c.kind, S.c.status, S.c.total, S.c.device_code, S.c.original_sale_id)
        .where(*where))]
    iwhere = [I.c.business_day == day] + _devices(I.c.device_code, device_code, devices)
    day_invoices = [r._mapping for r in conn.execute(sa.select(I.c.id, I.c.sale_id, I.c.device_code, I.c.total)
                                                     .where(*iwhere))]
    ids = [s["id"] for s in sales]
    invoices = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        for r in conn.execute(sa.select(I.c.id, I.c.sale_id, I.c.kind, I.c.related_invoice_id, I.c.seller_tax_code,
                                        I.c.total).where(I.c.sale_id.in_(ids[chunk:chunk + 500]))):
            invoices[r.sale_id].append(r._mapping)
    invoicing = _first_invoice_days(conn, {s["device_code"] for s in sales})
    invoiced = _invoiced(conn, {s["original_sale_id"] for s in sales if s["kind"] != "sale" and s["original_sale_id"]})
    out = []
    for s in sales:
        first = invoicing.get(s["device_code"])
        if first is None or day < first or (s["kind"] != "sale" and s["original_sale_id"] not in invoiced):
            continue
        out += _sale_problems(s, invoices.get(s["id"], []))
    known = set(ids) | _sale_ids(conn, {r["sale_id"] for r in day_invoices} - set(ids))
    out += [_finding("no_sale", {"id": r["sale_id"], "receipt_no": "", "total": 0, "device_code": r["device_code"]},
                     r["id"], r["total"]) for r in day_invoices if r["sale_id"] not in known]
    return out


def day_devices(conn, day: str) -> dict[str, int]:
    """device -> its sales on `day`, for the devices with a sale or an invoice that day (the only
    ones that can have findings)."""
    out = dict.fromkeys(conn.execute(sa.select(I.c.device_code).where(I.c.business_day == day).distinct()).scalars(), 0)
    out.update(conn.execute(sa.select(S.c.device_code, sa.func.count()).where(S.c.business_day == day)
                            .group_by(S.c.device_code)).all())
    return out


def problems_by_group(conn, day: str, devices=None, group_sales: int = GROUP_SALES):
    """problems() of `devices` (default: all of the day's), as they come, for groups of devices
    holding up to `group_sales` sales (a device with more goes alone): a national day (2 million
    sales) is never read into memory at once. Findings come group by group (problems() of the whole
    day gives the same findings, in another order)."""
    sizes = day_devices(conn, day)
    codes = sorted(sizes if devices is None else devices)
    group: list[str] = []
    held = 0
    for code in codes:
        if group and held + sizes.get(code, 0) > group_sales:
            yield from problems(conn, day, devices=group)
            group, held = [], 0
        group.append(code)
        held += sizes.get(code, 0)
    if group:
        yield from problems(conn, day, devices=group)


def _sale_problems(sale, mine: list) -> list[dict]:
    adjustments = [r for r in mine if r["kind"] == "adjustment"]
    if sale["kind"] == "sale" and sale["original_sale_id"]:  # a supplement: increasing adjustments, its amount;
        if not adjustments:  # voided, as much again in reducing ones (pos/refundable.py)
            return [_finding("no_invoice", sale, "", 0)]
        added = sum(r["total"] for r in adjustments if r["total"] > 0)
        taken = sum(r["total"] for r in adjustments if r["total"] < 0)
        whole = added == sale["total"] and taken == (-sale["total"] if sale["status"] == "voided" else 0)
        return [] if whole and len(adjustments) == len(mine) else [
            _finding("total_differs", sale, adjustments[0]["id"], sum(r["total"] for r in mine))]
    if sale["kind"] != "sale":  # a refund: reducing invoices for what went back
        if not adjustments:
            return [_finding("no_invoice", sale, "", 0)]
        given = sum(r["total"] for r in adjustments)
        return [] if given == -abs(sale["total"]) else [_finding("total_differs", sale, adjustments[0]["id"], given)]
    replaced = {r["related_invoice_id"] for r in mine if r["kind"] == "replacement"}
    in_force = [r for r in mine if r["kind"] != "adjustment" and r["id"] not in replaced]
    if not in_force:
        return [_finding("no_invoice", sale, "", 0)]
    out = []
    sellers = [r["seller_tax_code"] for r in in_force]
    if len(sellers) != len(set(sellers)):
        out.append(_finding("two_chains", sale, in_force[0]["id"], sum(r["total"] for r in in_force)))
    invoiced = sum(r["total"] for r in in_force)
    if invoiced != sale["total"]:
        out.append(_finding("total_differs", sale, in_force[0]["id"], invoiced))
    if sale["status"] == "voided" and sum(r["total"] for r in adjustments) != -sale["total"]:
        out.append(_finding("total_differs", sale, adjustments[0]["id"] if adjustments else "",
                            invoiced + sum(r["total"] for r in adjustments)))
    return out


def _finding(kind: str, sale, invoice_id: str, invoice_total: int) -> dict:
    return {"kind": kind, "device_code": sale["device_code"], "receipt_no": sale["receipt_no"],
            "sale_id": sale["id"], "invoice_id": invoice_id, "sale_total": int(sale["total"]),
            "invoice_total": int(invoice_total)}


def _first_invoice_days(conn, devices: set[str]) -> dict[str, str]:
    """device -> the day from which its sales must have invoices: its first invoice's, or the day
    the office said its operator's symbol owes invoices from ("since"), whichever is earlier."""
    if not devices:
        return {}
    out = dict(conn.execute(sa.select(I.c.device_code, sa.func.min(I.c.business_day))
                            .where(I.c.device_code.in_(sorted(devices))).group_by(I.c.device_code)).all())
    Y, SE = m.einvoice_symbols, m.einvoice_sellers
    owed = (sa.select(Y.c.device_code, Y.c.since).join(SE, SE.c.tax_code == Y.c.seller_tax_code)
            .where(Y.c.device_code.in_(sorted(devices)), Y.c.since != "", SE.c.is_operator == 1, SE.c.enabled == 1))
    for dev, since in conn.execute(owed):
        out[dev] = min(out.get(dev, since), since)
    return out


def _invoiced(conn, sale_ids: set[str]) -> set[str]:
    """Those of `sale_ids` that carry an invoice (a refund of any other sale has nothing to adjust)."""
    found: set[str] = set()
    ids_l = sorted(sale_ids)
    for chunk in range(0, len(ids_l), 500):
        found |= set(conn.execute(sa.select(I.c.sale_id).where(I.c.sale_id.in_(ids_l[chunk:chunk + 500]))
                                  .distinct()).scalars())
    return found


def _sale_ids(conn, ids: set[str]) -> set[str]:
    """Those of `ids` the centre holds as sales (an invoice of a sale made on another day)."""
    found: set[str] = set()
    ids_l = sorted(ids)
    for chunk in range(0, len(ids_l), 500):
        found |= set(conn.execute(sa.select(S.c.id).where(S.c.id.in_(ids_l[chunk:chunk + 500]))).scalars())
    return found


def summary(conn, day: str, device_code: str | None = None) -> dict:
    """Counts per kind of the open findings, the open findings, and those marked handled (each with
    its mark), for the e-invoices page."""
    found, handled = marks.split(conn, findings(conn, day, device_code))
    counts = dict.fromkeys(KINDS, 0)
    for f in found:
        counts[f["kind"]] += 1
    return {"day": day, "ok": not found, "counts": counts, "problems": found, "handled": handled}
