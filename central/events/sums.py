"""A pushed sale recomputed from its lines: the server does not take the kiosk's totals on trust.

The kiosk computes a sale in pos/cart.py (gross = units x price or grams x price/kg, minus the
line discount, minus the line's share of the order discount = net; VAT contained in net at the
line's rate) and pos/sales.py (refunds: lines' nets add up to the total, no order discount), all
with pos.money's integer rules. The same pos.money functions are used here (central already
imports pos.money for money; they are pure arithmetic both sides must agree on), so a sale an
honest kiosk made always passes, and one whose total, VAT or payments disagree with its lines is
stored but flagged (central/events/ingest.py writes the flag; the office sees it).

Each problem is a short English code with the figures, e.g. "total 90000 != lines 85000".
"""
from __future__ import annotations

from pos.money import line_amount, vat_part

from sync import protocol as p

VAT_RATES = (0, 5, 8, 10)


def _line_problems(ln: p.LineRow, kind: str) -> list[str]:
    out = []
    if kind == "sale" and ln.gross != line_amount(ln.unit_price, ln.qty, bool(ln.sold_by_weight)):
        out.append(f"line {ln.line_no} gross {ln.gross} != price x qty "
                   f"{line_amount(ln.unit_price, ln.qty, bool(ln.sold_by_weight))}")
    if ln.net != ln.gross - ln.line_discount - ln.order_discount_share:
        out.append(f"line {ln.line_no} net {ln.net} != gross - discounts "
                   f"{ln.gross - ln.line_discount - ln.order_discount_share}")
    if ln.vat_rate not in VAT_RATES:
        out.append(f"line {ln.line_no} vat rate {ln.vat_rate} not one of {VAT_RATES}")
    elif ln.vat_amount != vat_part(ln.net, ln.vat_rate):
        out.append(f"line {ln.line_no} vat {ln.vat_amount} != {vat_part(ln.net, ln.vat_rate)} at {ln.vat_rate}%")
    return out


def _set_problems(pl: p.SalePayload) -> list[str]:
    """A gift set's component rows (pos/sets.py) must add up to their line's net and VAT: the
    settlement credits producers with them instead of the line."""
    by_line: dict[str, list[int]] = {}
    for c in pl.sale_line_components:
        acc = by_line.setdefault(c.sale_line_id, [0, 0])
        acc[0] += c.net
        acc[1] += c.vat_amount
    lines = {ln.id: ln for ln in pl.lines}
    out = []
    for line_id, (net, vat) in by_line.items():
        ln = lines.get(line_id)
        if ln is None:
            out.append(f"set components name line {line_id} not in the sale")
        elif (net, vat) != (ln.net, ln.vat_amount):
            out.append(f"line {ln.line_no} set components {net}/{vat} != line {ln.net}/{ln.vat_amount}")
    return out


def sale_problems(pl: p.SalePayload) -> list[str]:
    """Every way the sale's own figures disagree with its lines and payments ([] when they agree)."""
    s = pl.sale
    out = [pr for ln in pl.lines for pr in _line_problems(ln, s.kind)]
    net = sum(ln.net for ln in pl.lines)
    if s.total != net:
        out.append(f"total {s.total} != lines {net}")
    vat = sum(ln.vat_amount for ln in pl.lines)
    if s.vat_total != vat:
        out.append(f"vat_total {s.vat_total} != lines {vat}")
    if s.kind == "sale":
        after = sum(ln.gross - ln.line_discount for ln in pl.lines)
        if s.subtotal != after:
            out.append(f"subtotal {s.subtotal} != lines {after}")
        if s.line_discount_total != sum(ln.line_discount for ln in pl.lines):
            out.append(f"line_discount_total {s.line_discount_total} != lines "
                       f"{sum(ln.line_discount for ln in pl.lines)}")
        if s.order_discount != sum(ln.order_discount_share for ln in pl.lines):
            out.append(f"order_discount {s.order_discount} != shares "
                       f"{sum(ln.order_discount_share for ln in pl.lines)}")
    out += _set_problems(pl)
    paid = sum(pay.amount for pay in pl.payments)
    if paid != s.total:
        out.append(f"payments {paid} != total {s.total}")
    if s.paid_total - s.change_due != s.total:
        out.append(f"paid_total {s.paid_total} - change_due {s.change_due} != total {s.total}")
    if s.change_due != sum(pay.change_given for pay in pl.payments):
        out.append(f"change_due {s.change_due} != payments' change {sum(pay.change_given for pay in pl.payments)}")
    return out


def _invoice_line_problems(ln: p.InvoiceLineRow) -> list[str]:
    out = []
    gross = line_amount(ln.unit_price, ln.qty, bool(ln.by_weight))
    if ln.amount != gross - ln.discount:
        out.append(f"invoice line {ln.line_no} amount {ln.amount} != price x qty - discount {gross - ln.discount}")
    if ln.vat_rate not in VAT_RATES:
        out.append(f"invoice line {ln.line_no} vat rate {ln.vat_rate} not one of {VAT_RATES}")
    elif ln.vat_amount != vat_part(ln.amount, ln.vat_rate):
        out.append(f"invoice line {ln.line_no} vat {ln.vat_amount} != {vat_part(ln.amount, ln.vat_rate)} "
                   f"at {ln.vat_rate}%")
    if ln.pre_vat != ln.amount - ln.vat_amount:
        out.append(f"invoice line {ln.line_no} pre_vat {ln.pre_vat} != amount - vat {ln.amount - ln.vat_amount}")
    return out


def invoice_problems(pl: p.InvoicePayload) -> list[str]:
    """How an invoice's totals disagree with its lines ([] when they agree): total = pre-VAT + VAT,
    each the sum over the lines, VAT per line contained in its amount at its rate."""
    inv = pl.invoice
    out = [pr for ln in pl.lines for pr in _invoice_line_problems(ln)]
    for name, value, lines in (("total", inv.total, sum(ln.amount for ln in pl.lines)),
                               ("pre_vat_total", inv.pre_vat_total, sum(ln.pre_vat for ln in pl.lines)),
                               ("vat_total", inv.vat_total, sum(ln.vat_amount for ln in pl.lines)),
                               ("discount_total", inv.discount_total, sum(ln.discount for ln in pl.lines))):
        if value != lines:
            out.append(f"{name} {value} != lines {lines}")
    if inv.total != inv.pre_vat_total + inv.vat_total:
        out.append(f"total {inv.total} != pre_vat_total + vat_total {inv.pre_vat_total + inv.vat_total}")
    if not pl.lines and not (inv.kind == "adjustment" and inv.related_invoice_id and inv.total == 0):
        out.append("invoice has no lines")  # only an adjustment of the buyer's details has none
    return out
