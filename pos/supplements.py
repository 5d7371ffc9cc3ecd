"""Supplements to a completed sale that charged too little (issue 13: "hóa đơn điều chỉnh tăng").

When a sale was under-charged - a line rung at too low a price, too few units rung up, or goods
handed over that were not rung up at all - the invoice already issued is never edited: the
customer pays the difference later and the kiosk issues an INCREASING adjustment invoice that
refers to the sale's invoice ("Điều chỉnh tăng cho hóa đơn Mẫu số ... Ký hiệu ... Số ... ngày ...",
positive amounts; Decree 123/2020 Art. 19 §2b and Circular 78/2021 Art. 7 - increase positive -,
understood to be carried into Decree 254/2026 / Circular 91/2026, unconfirmed: docs/einvoice.md).

The money is a sale-like record, so it lands everywhere a sale's money does (drawer, shift, day
report, VAT, the producer's settlement at the centre) without a new kind of row: a `sales` row of
kind 'sale' whose `original_sale_id` names the sale it supplements, with its own receipt number,
payments, lines and the stock moves of the goods added. Its lines are of two sorts:
- goods added (a Cart: more units of something on the sale, or goods not rung up): ordinary sale
  lines, drawn from their lots like any sale, at the VAT rate of the original sale's day (they
  complete that sale, whose invoice they adjust);
- a price raised on a sold line: `original_line_id` = that line, quantity = the units still kept
  (sold - refunded), unit price = the per-unit difference, no stock move (no goods move).
  Reports count no units for these lines (pos.reports, central/figures/reports.py).

Everything - the supplement, its lines, payments, stock moves, the audit row of the approving
manager, the outbox event, the adjustment invoices and their events, the print job - is written
in ONE transaction with the bump of the receipt counter and of the invoice counter: a crash
leaves all or nothing, and no number is used or skipped.

Refused at the kiosk (the office corrects these with the provider): a supplement of a refund, of a
voided sale, of another supplement, of a sale without an e-invoice, goods of a seller that has no
invoice on the sale (sell them as a new sale), a second raise of the same line (while the first
stands). A supplement's goods refund and a supplement voids like a sale; a raised unit refunds at
its first price plus its raise (pos.refundable)."""
from __future__ import annotations

from . import checks, outbox, sets, vat_schedule
from .cart import Cart
from .einvoice import issue as einvoice_issue
from .errors import InvalidAmount, InvalidState, ValidationError
from .money import MAX_AMOUNT, line_amount, vat_part
from .receipts import certificates_expired
from .sales import (INSERT_LINE, INSERT_MOVE, INSERT_SALE, LINE_COLS, MOVE_COLS, SALE_COLS, SaleResult,
                    _enqueue_receipt, _next_receipt_no, _plan_payments, _require_managers, _require_staff,
                    _sale_rows, _wire_payments, _write_payments, open_shift_id, raised_line_ids, refundable_lines)
from .store import OpChanges, Store, new_id


def is_supplement(sale: dict) -> bool:
    """A supplement is a sale that names the sale it completes (a refund names its original too)."""
    return sale["kind"] == "sale" and bool(sale["original_sale_id"])


def supplementable_lines(store: Store, sale_id: str) -> list[dict]:
    """The sale's lines as the supplement screen offers them: what is still kept and whether its
    price can still be raised (refundable_lines plus `raised`)."""
    raised = raised_line_ids(store, sale_id)
    return [{**ln, "raised": ln["line_id"] in raised} for ln in refundable_lines(store, sale_id)]


def _raises(raises) -> dict[str, int]:
    """{sold line id: the unit price it should have had}, the arguments checked (no database)."""
    out: dict[str, int] = {}
    for item in checks.records(raises or [], "raises"):
        lid = item.get("line_id")
        checks.ident(lid, "line_id")
        out[lid] = checks.whole(item.get("unit_price"), "unit_price", 1, MAX_AMOUNT)
    return out


def _original(store: Store, sale_id: str) -> dict:
    """The sale to supplement, checked under the write lock."""
    orig = store.one("SELECT * FROM sales WHERE id = ? OR receipt_no = ?", (sale_id, sale_id))
    if orig is None:
        raise ValidationError("no receipt {receipt_no}", field="receipt_no", receipt_no=sale_id)
    if orig["kind"] != "sale" or orig["status"] != "completed":
        raise InvalidState("{receipt_no} is a refund or was voided: it cannot be supplemented",
                           receipt_no=orig["receipt_no"])
    if orig["original_sale_id"]:
        raise InvalidState("{receipt_no} is itself a supplement: supplement its original sale",
                           receipt_no=orig["receipt_no"])
    if not einvoice_issue.in_force(store, orig["id"]):
        raise InvalidState("{receipt_no} has no e-invoice to adjust: sell the difference as a new sale",
                           receipt_no=orig["receipt_no"])
    return orig


def _raise_rows(store: Store, orig: dict, wanted: dict[str, int], supp_id: str, first_no: int) -> list[tuple]:
    """The price-raise lines: the per-unit difference on the units still kept, VAT at the sold
    line's rate, no discount (the difference is charged in full)."""
    kept = {r["line_id"]: r for r in refundable_lines(store, orig["id"])}
    raised = raised_line_ids(store, orig["id"])
    rows = []
    for lid, price in wanted.items():
        line = kept.get(lid)
        if line is None:
            raise ValidationError("line {line_id} is not on receipt {receipt_no}", field="line_id", line_id=lid,
                                  receipt_no=orig["receipt_no"])
        if lid in raised:
            raise InvalidState("line {line_no} already had its price raised: ask the office",
                               line_no=line["line_no"])
        if price <= line["unit_price"]:
            raise InvalidAmount("line {line_no}: the new price must be above {price:vnd}", line_no=line["line_no"],
                                price=line["unit_price"])
        if line["refundable_qty"] <= 0:
            raise InvalidState("line {line_no} was given back in full: nothing to raise", line_no=line["line_no"])
        ol = store.one("SELECT * FROM sale_lines WHERE id = ?", (lid,))
        qty, diff = line["refundable_qty"], price - ol["unit_price"]
        gross = line_amount(diff, qty, bool(ol["sold_by_weight"]))
        rows.append((new_id(), supp_id, first_no + len(rows), ol["product_id"], ol["producer_id"], ol["sku"],
                     ol["barcode"], ol["name_vi"], ol["name_en"], ol["unit"], ol["sold_by_weight"], qty, diff, gross,
                     0, "", 0, gross, ol["vat_rate"], vat_part(gross, ol["vat_rate"]), ol["ocop_stars"], ol["id"],
                     ol["lot_id"], ol["lot_no"], ol["use_by"], 0))
    return rows


def _checked(sale_id, staff_id, manager_id, reason, cart: Cart | None, raises, lang) -> tuple[str, Cart, dict]:
    """(reason, cart of goods added, {line id: right unit price}) once every argument is sound:
    the checks that need no write lock, before the transaction."""
    checks.ident(sale_id, "sale_id")
    checks.ident(staff_id, "staff_id")
    checks.ident(manager_id, "manager_id")
    if not checks.text(reason, "reason").strip():
        raise ValidationError("a supplement needs a reason", field="reason")
    if lang is not None:
        checks.lang(lang)
    if cart is None:
        cart = Cart()
    if not isinstance(cart, Cart):
        raise ValidationError("{field} must be a cart, not {kind}", field="cart", kind=type(cart).__name__)
    cart.validate()
    if cart.order_discount or any(line.discount for line in cart.lines):
        raise InvalidAmount("a supplement carries no discount: charge the goods at their price")
    wanted = _raises(raises)
    if not cart.lines and not wanted:
        raise InvalidAmount("add goods or raise a price: the supplement must charge more than 0 ₫")
    return reason.strip(), cart, wanted


def supplement(store: Store, sale_id: str, staff_id: str, manager_id: str, reason: str, payments: list[dict],
               cart: Cart | None = None, raises: list[dict] | None = None, lang: str | None = None) -> SaleResult:
    """Charge what `sale_id` charged too little: `cart` holds goods added (no discounts), `raises`
    [{"line_id", "unit_price"}] the sold lines whose unit price was too low and the price they
    should have had. The amount must be above 0 and is paid by `payments` (pos.payment_methods,
    as a sale's). A manager approves (audited "supplement"). One transaction (module docstring)."""
    reason, cart, wanted = _checked(sale_id, staff_id, manager_id, reason, cart, raises, lang)
    _require_staff(store, staff_id)
    _require_managers(store, [manager_id])
    now, day, device = store.now_iso(), store.business_day(), store.device_code
    supp_id = new_id()
    with store.transaction() as conn:
        orig = _original(store, sale_id)
        vat_schedule.rerate(store, cart, orig["business_day"])  # they complete that day's sale
        totals = cart.totals()
        lines, moves, comps, _ = _sale_rows(store, cart, totals, supp_id, certificates_expired(
            store, (ln.product_id for ln in cart.lines), day), staff_id, now, day, device)
        lines += _raise_rows(store, orig, wanted, supp_id, len(lines) + 1)
        total = sum(r[LINE_COLS.index("net")] for r in lines)
        vat_total = sum(r[LINE_COLS.index("vat_amount")] for r in lines)
        if total <= 0:
            raise InvalidAmount("the supplement must charge more than 0 ₫")
        pay_rows, paid, change = _plan_payments(payments, total)
        shift_id = open_shift_id(store)
        receipt_no = _next_receipt_no(store)
        sale = dict(zip(SALE_COLS, (
            supp_id, receipt_no, device, "sale", "completed", shift_id, staff_id, now, day, lang or orig["lang"],
            total, 0, 0, "", total, vat_total, paid + change, change, manager_id, orig["id"], reason)))
        conn.execute(INSERT_SALE, tuple(sale.values()))
        conn.executemany(INSERT_LINE, lines)
        pays = _write_payments(store, supp_id, pay_rows, receipt_no)
        conn.executemany(INSERT_MOVE, moves)
        conn.executemany(sets.INSERT_COMP, comps)  # a gift set added: what each component gave (pos/sets.py)
        store.audit("supplement", staff_id, manager_id, "sale", supp_id, original=orig["receipt_no"],
                    receipt_no=receipt_no, total=total, reason=reason)
        line_dicts = [dict(zip(LINE_COLS, r)) for r in lines]
        outbox.add(store, "sale.completed", {
            "sale": sale, "lines": line_dicts, "payments": _wire_payments(pays),
            "stock_moves": [dict(zip(MOVE_COLS, m)) for m in moves],
            **({"sale_line_components": sets.wire(comps)} if comps else {})}, day)
        invoices = einvoice_issue.increase(store, sale, line_dicts, orig)
        jobs = _enqueue_receipt(store, supp_id, "receipt")
    return SaleResult(supp_id, receipt_no, total, paid + change, change,
                      OpChanges(sales=True, stock={r[LINE_COLS.index("product_id")] for r in lines} | {m[1] for m in moves},
                                outbox=1 + invoices, print_jobs=jobs))
