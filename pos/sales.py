"""Completing, voiding and refunding sales.

A sale, its lines, payments, stock movements, its outbox event and its print job are written in
ONE transaction, together with the bump of the device's receipt counter: after complete_sale
returns the sale survives a power cut, and a crash before that leaves no trace and no used
receipt number."""
from __future__ import annotations

from dataclasses import dataclass

from . import (checks, lots, open_cart, outbox, payment_methods, prices, print_jobs, sale_promotions, sets,
               vat_schedule, vietqr, vouchers)
from .einvoice import buyers as einvoice_buyers
from .einvoice import issue as einvoice_issue
from .receipts import find_sales, get_sale, receipt_doc  # noqa: F401 - read by ui/ops and tests as sales.*
from .refundable import (check_void, raised_line_ids, refund_net,  # noqa: F401 - read as sales.*
                         refundable_lines, wanted_lines)
from .cart import Cart, needs_approval
from .clock import business_day, utc_iso
from .errors import (InvalidAmount, InvalidState, NoOpenShift,
                     PaymentShort, PermissionDenied, RefundTooLarge, ValidationError)
from .money import MAX_AMOUNT, line_amount, line_parts, round_div, vat_part
from .store import OpChanges, Store, new_id
from .text import ascii_fold_display

SALE_COLS = ("id", "receipt_no", "device_code", "kind", "status", "shift_id", "staff_id", "created_at",
             "business_day", "lang", "subtotal", "line_discount_total", "order_discount",
             "order_discount_reason", "total", "vat_total", "paid_total", "change_due", "approved_by",
             "original_sale_id", "reason")
LINE_COLS = ("id", "sale_id", "line_no", "product_id", "producer_id", "sku", "barcode", "name_vi", "name_en",
             "unit", "sold_by_weight", "qty", "unit_price", "gross", "line_discount", "line_discount_reason",
             "order_discount_share", "net", "vat_rate", "vat_amount", "ocop_stars", "original_line_id", "lot_id",
             "lot_no", "use_by", "promo_discount")
PAY_COLS = ("id", "sale_id", "method", "amount", "tendered", "change_given", "reference", "qr_payload")
MOVE_COLS = ("id", "product_id", "qty", "kind", "ref_type", "ref_id", "reason", "staff_id", "device_code", "at",
             "lot_id")


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return f"INSERT INTO {table}({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"


INSERT_SALE = _insert_sql("sales", SALE_COLS)
INSERT_LINE = _insert_sql("sale_lines", LINE_COLS)
INSERT_PAY = _insert_sql("payments", PAY_COLS)
INSERT_MOVE = _insert_sql("stock_moves", MOVE_COLS)


@dataclass
class SaleResult:
    sale_id: str
    receipt_no: str
    total: int
    paid: int
    change_due: int
    changes: OpChanges
    rerated: tuple = ()  # pos.vat_schedule.Rerated: lines whose VAT rate changed at payment
    repriced: tuple = ()  # pos.prices.Repriced: lines whose price in force differs at payment


# -- helpers ---------------------------------------------------------------------------------
def open_shift_id(store: Store) -> str:
    row = store.conn.execute(
        "SELECT id FROM shifts WHERE device_code = ? AND status = 'open'", (store.device_code,)
    ).fetchone()
    if row is None:
        raise NoOpenShift("open a shift before selling")
    return row[0]


def _require_managers(store: Store, ids) -> None:
    for sid in ids:
        row = store.conn.execute("SELECT role, active FROM staff WHERE id = ?", (sid,)).fetchone()
        if row is None or row[0] not in ("manager", "admin") or not row[1]:
            raise PermissionDenied("only a manager can approve this")


def _require_staff(store: Store, staff_id: str) -> None:
    row = store.conn.execute("SELECT active FROM staff WHERE id = ?", (staff_id,)).fetchone()
    if row is None or not row[0]:
        raise PermissionDenied("unknown or inactive staff member")


def _next_receipt_no(store: Store) -> str:
    """Bump the device counter; must run inside the sale's transaction."""
    device = store.device_code
    row = store.conn.execute(
        "INSERT INTO receipt_counters(device_code, last_no) VALUES (?, 1) "
        "ON CONFLICT(device_code) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
        (device,),
    ).fetchone()
    return f"{device}-{row[0]:06d}"


def peek_next_receipt_no(store: Store) -> str:
    """The number the next sale will get (for the VietQR transfer note shown before paying)."""
    row = store.conn.execute("SELECT last_no FROM receipt_counters WHERE device_code = ?",
                             (store.device_code,)).fetchone()
    return f"{store.device_code}-{(row[0] if row else 0) + 1:06d}"


def vietqr_payload(store: Store, amount: int, receipt_no: str | None = None) -> str:
    """The dynamic VietQR for `amount` to the kiosk's configured bank account."""
    checks.whole(amount, "amount", 1, MAX_AMOUNT)
    if receipt_no is not None:
        checks.ident(receipt_no, "receipt_no")
    s = store.settings()
    if not s.get("bank_bin") or not s.get("bank_account"):
        raise ValidationError("no bank account is set up for VietQR (Settings)", field="bank_account")
    note = ascii_fold_display(f"{s.get('store_name', '')} {receipt_no or peek_next_receipt_no(store)}")[:60]
    return vietqr.build(str(s["bank_bin"]), str(s["bank_account"]), amount, purpose=note.strip())


def _plan_payments(payments: list[dict], total: int) -> tuple[list[dict], int, int]:
    """Validate payments against the total; returns (rows without ids, paid total, change).

    Each part is checked by its method (pos.payment_methods); parts of a method that gives change
    are added up into one row that covers what the others leave, the rest cannot exceed the total."""
    payments = checks.records(payments, "payments")
    if total == 0:
        if payments:  # nothing to pay: a payment taken here would vanish from the drawer's count
            raise InvalidAmount("a sale with nothing to pay takes no payment", total=total)
        return [], 0, 0
    if not payments:
        raise PaymentShort("no payment given", total=total, paid=0)
    rows: list[dict] = []
    tendered: dict[str, int] = {}  # method that gives change -> handed over
    for part in (payment_methods.check_part(p) for p in payments):
        if payment_methods.get(part["method"]).gives_change:
            tendered[part["method"]] = tendered.get(part["method"], 0) + part["amount"]
            continue
        rows.append({**part, "tendered": part["amount"], "change_given": 0})
    non_cash = sum(r["amount"] for r in rows)
    if non_cash > total:
        raise InvalidAmount("payments that give no change cannot be more than the total", total=total,
                            paid=non_cash)
    if len(tendered) > 1:
        raise InvalidAmount("only one way of paying in a sale can give change")
    remaining = total - non_cash
    change = 0
    for method, handed in tendered.items():
        if remaining == 0:
            raise InvalidAmount("the sale is already covered without the cash")
        if handed < remaining:
            raise PaymentShort("cash {tendered:vnd} is short of {remaining:vnd}", total=total,
                               paid=non_cash + handed, tendered=handed, remaining=remaining)
        change = handed - remaining
        rows.append({"method": method, "amount": remaining, "tendered": handed, "change_given": change,
                     "reference": "", "qr_payload": ""})
    if not tendered and remaining > 0:
        raise PaymentShort("payments are {remaining:vnd} short of the total", total=total, paid=non_cash,
                           remaining=remaining)
    return rows, total, change


def _write_payments(store: Store, sale_id: str, rows: list[dict], receipt_no: str) -> list[tuple]:
    """Insert the payment rows, each checked against the registry here, where the money is
    written, inside the sale's transaction (the table itself no longer lists the methods): an
    unknown method rolls the whole sale back. A VietQR payment without its code gets the one the
    customer was shown (same account, amount and receipt number)."""
    pays = []
    for p in rows:
        method = payment_methods.get(p["method"])
        if method.qr_code and not p["qr_payload"]:
            try:
                p["qr_payload"] = vietqr_payload(store, p["amount"], receipt_no)
            except ValidationError:
                p["qr_payload"] = ""
        p["id"] = new_id()
        pays.append((p["id"], sale_id, method.code, p["amount"], p["tendered"], p["change_given"],
                     p["reference"], p["qr_payload"]))
    store.conn.executemany(INSERT_PAY, pays)
    return pays


def _wire_payments(pays: list[tuple]) -> list[dict]:
    """Payment rows as the outbox sends them: the method under its wire code."""
    out = [dict(zip(PAY_COLS, r)) for r in pays]
    for p in out:
        p["method"] = payment_methods.get(p["method"]).wire_code
    return out


# -- completing ------------------------------------------------------------------------------
def complete_sale(store: Store, cart: Cart, payments: list[dict], staff_id: str, lang: str = "vi",
                  buyer: dict | None = None) -> SaleResult:
    """Write the sale. The cart is checked again as a whole here, whatever the screen checked:
    sound values, at most 10 billion đồng, and every discount above the store's
    discount_approval_pct covered by a manager's approval of at least that amount and share
    (ApprovalRequired names the first that is not). Nothing is written when anything fails.
    With e-invoicing set up, the sale's invoices (pos.einvoice.issue) are issued in the same
    transaction, to `buyer` when given (pos.einvoice.buyers.check_buyer)."""
    when = store.now()  # one reading: the time, the day and the prices of the sale agree, even at midnight
    now, day = utc_iso(when), business_day(when)
    buyer = _checked_cart(cart, staff_id, lang, buyer)
    sale_id = new_id()
    approver = next(iter(sorted(cart.approvers())), None)
    with store.transaction() as conn:  # every check below reads under the write lock
        rev = store.catalog_rev()  # what is kept of the catalog, prices, promotions and sets is this one's
        repriced, threshold = _checked_money(store, cart, when, rev)
        discounted = threshold is not None
        rates, expired = vat_schedule.sale_facts(store, (line.product_id for line in cart.lines), day, rev)
        rerated = vat_schedule.apply_rates(cart, rates)  # the rates of the day the sale is completed
        totals = cart.totals()
        device = store.device_code
        shift_id = _clerk_and_shift(conn, staff_id, device)  # the shift cannot close meanwhile
        _require_managers(store, cart.approvers())
        pay_rows, paid, change = prices.plan_or_say(repriced, totals.total,
                                                    lambda: _plan_payments(payments, totals.total))
        if shift_id is None:
            raise NoOpenShift("open a shift before selling")
        receipt_no = _next_receipt_no(store)
        sale = dict(zip(SALE_COLS, (
            sale_id, receipt_no, device, "sale", "completed", shift_id, staff_id, now, day, lang,
            totals.subtotal, totals.line_discount_total, totals.order_discount, cart.order_discount_reason,
            totals.total, totals.vat_total, paid + change, change, approver, None, "")))
        conn.execute(INSERT_SALE, tuple(sale.values()))
        lines, moves, comps, promo_rows = _sale_rows(store, cart, totals, sale_id, expired, staff_id, now, day, device,
                                                     rev)
        conn.executemany(INSERT_LINE, lines)
        conn.executemany(sets.INSERT_COMP, comps)
        promos = sale_promotions.write(store, cart, sale_id, promo_rows, staff_id, receipt_no)
        pays = _write_payments(store, sale_id, pay_rows, receipt_no)
        redeemed = vouchers.redeem(store, sale_id, [p for p in pay_rows if p.get("voucher_code")], totals.total,
                                   day, now)
        conn.executemany(INSERT_MOVE, moves)
        if discounted:
            _audit_discount_approvals(store, cart, totals, staff_id, sale_id, receipt_no, threshold)
        line_dicts = [dict(zip(LINE_COLS, r)) for r in lines]
        outbox.add(store, "sale.completed", {
            "sale": sale, "lines": line_dicts, "payments": _wire_payments(pays),
            "stock_moves": [dict(zip(MOVE_COLS, m)) for m in moves],
            **({"sale_line_components": sets.wire(comps)} if comps else {}),  # gift sets only: older shape kept
            **({"voucher_redemptions": redeemed} if redeemed else {}),
            **({"promotions": promos} if promos else {})}, day, now)  # only then: an older centre never sees the key
        invoices = einvoice_issue.for_sale(store, sale, line_dicts, buyer)
        jobs = _enqueue_receipt(store, sale_id, "receipt")
        open_cart.clear(store, "sold", now)  # the open cart became this sale: never both after a crash
    return SaleResult(sale_id, receipt_no, totals.total, paid + change, change,
                      OpChanges(sales=True, stock={line.product_id for line in cart.lines} | {m[1] for m in moves},
                                outbox=1 + invoices, print_jobs=jobs), tuple(rerated), tuple(repriced))


def _checked_cart(cart: Cart, staff_id: str, lang: str, buyer: dict | None) -> dict | None:
    """The buyer checked, after the arguments and the cart as a whole: no database, before the lock."""
    if not isinstance(cart, Cart):
        raise ValidationError("{field} must be a cart, not {kind}", field="cart", kind=type(cart).__name__)
    checks.ident(staff_id, "staff_id")
    checks.lang(lang)
    buyer = einvoice_buyers.check_buyer(buyer)
    cart.validate()
    cart.require_lines()
    return buyer


def _checked_money(store: Store, cart: Cart, when, rev: int) -> tuple[list, int | None]:
    """(repriced lines, discount approval threshold or None without a discount), under the sale's
    write lock (`rev`: its catalog_rev): the price in force at `when` (pos/prices.py) first, as a
    lowered line's discount may then be too large, then the promotions of this moment, then the
    approvals of the discounts. Read under the lock, what is checked is what is written."""
    repriced = prices.reprice(store, cart, when, rev)  # the lower of rung-up and now (pos/prices.py)
    if any(not r.kept for r in repriced):
        cart.validate()  # a lowered line under its discount is refused, as any discount beyond its line
    sale_promotions.recheck(store, cart, rev)  # the promotions of this moment, or PromotionsChanged
    if not (cart.order_discount or any(line.discount for line in cart.lines)):
        return repriced, None  # no discount: nothing to approve
    threshold = store.setting("discount_approval_pct")
    cart.check_approvals(threshold)
    return repriced, threshold


def _clerk_and_shift(conn, staff_id: str, device: str) -> str | None:
    """The device's open shift (None without one), after checking the clerk is active
    (PermissionDenied): both in one query, under the sale's write lock."""
    active, shift_id = conn.execute(
        "SELECT (SELECT active FROM staff WHERE id = ?), "
        "(SELECT id FROM shifts WHERE device_code = ? AND status = 'open')", (staff_id, device)).fetchone()
    if not active:
        raise PermissionDenied("unknown or inactive staff member")
    return shift_id


def _sale_rows(store: Store, cart: Cart, totals, sale_id: str, expired: set[str], staff_id: str,
               now: str, day: str, device: str,
               rev: int | None = None) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """(sale_lines rows, stock moves, gift set component rows, promotion rows) of a sale: the cart's
    lines as sold, stars as valid today, each drawn from its lots (pos.lots.draw_lines: one query
    for the sale, one sale line per lot, the money shared by quantity, the last part taking the
    rounding so the sale's sums are the cart's to the đồng, its promotions' part with it); a gift
    set from its boxes made ahead, else its components (pos/sets.py). A line allowed to draw from
    an expired lot is audited here, in the sale's transaction."""
    lines, moves, comp_rows, promos = [], [], [], []

    def move(product_id: str, qty: int, lot_id: str | None) -> tuple:
        return (new_id(), product_id, qty, "sale", "sale", sale_id, "", staff_id, device, now, lot_id)

    set_ids = sets.set_ids(store, (line.product_id for line in cart.lines), rev)
    drawn = iter(lots.draw_lines(store, [line for line in cart.lines if line.product_id not in set_ids], day))
    for line, lt in zip(cart.lines, totals.lines):
        comps = sets.components(store, line.product_id) if line.product_id in set_ids else []
        parts = sets.sale_parts(store, line, day) if comps else [(lot, q, "") for lot, q in next(drawn)]
        for (lot, qty, source), money in zip(parts, line_parts(lt, [q for _, q, _ in parts], line.qty)):
            gross, discount, share, net, vat, promo = money
            lot_id, lot_no, use_by = (lot["id"], lot["lot_no"], lot["use_by"]) if lot else (None, "", None)
            line_id = new_id()
            lines.append((line_id, sale_id, len(lines) + 1, line.product_id, line.producer_id, line.sku, line.barcode,
                          line.name_vi, line.name_en, line.unit, int(line.sold_by_weight), qty, line.unit_price, gross,
                          discount, line.discount_reason, share, net, line.vat_rate, vat,
                          None if line.product_id in expired else line.ocop_stars, None, lot_id, lot_no, use_by,
                          promo))
            promos += sale_promotions.line_rows(sale_id, line_id, line.promos, promo)
            if source != "counter":  # a set put together at the counter moves its components instead
                moves.append(move(line.product_id, -qty, lot_id))
            if comps:
                more, taken = sets.component_rows(store, comps, sale_id, dict(zip(LINE_COLS, lines[-1])), source, day,
                                                  move)
                comp_rows += more
                moves += taken
            if lot and use_by and use_by < day:
                store.audit("sale.expired_lot_approved", staff_id, line.expired_ok_by, "sale", sale_id,
                            line_no=len(lines), product_id=line.product_id, lot_no=lot_no, use_by=use_by, qty=qty)
    return lines, moves, comp_rows, promos


def _audit_discount_approvals(store: Store, cart: Cart, totals, staff_id: str, sale_id: str, receipt_no: str,
                              threshold: int) -> None:
    """One audit row per discount above the threshold: who approved how much on what base, and
    what was given at payment (the approval covers it: complete_sale checked)."""
    for n, line in enumerate(cart.lines, start=1):
        if needs_approval(line.discount, line.gross, threshold):
            store.audit("sale.discount_approved", staff_id, line.discount_approved_by, "sale", sale_id,
                        receipt_no=receipt_no, line_no=n, amount=line.discount, base=line.gross,
                        approved=line.discount_approved_amount, approved_base=line.discount_approved_base)
    if needs_approval(cart.order_discount, totals.subtotal, threshold):
        store.audit("sale.discount_approved", staff_id, cart.order_discount_approved_by, "sale", sale_id,
                    receipt_no=receipt_no, line_no=None, amount=cart.order_discount, base=totals.subtotal,
                    approved=cart.order_discount_approved_amount, approved_base=cart.order_discount_approved_base)


def _printer_configured(store: Store) -> bool:
    printer = store.setting("printer") or {}
    return isinstance(printer, dict) and printer.get("kind", "none") != "none"


def _enqueue_receipt(store: Store, sale_id: str, kind: str, reprint: bool = False) -> int:
    """Queue the receipt in the caller's transaction, so a sale never exists without its job."""
    if not _printer_configured(store):
        return 0
    print_jobs.enqueue(store, kind, sale_id, receipt_doc(store, sale_id, reprint=reprint))
    return 1


def reprint(store: Store, sale_id: str, staff_id: str) -> OpChanges:
    """Queue the receipt again, marked 'BẢN IN LẠI' (works without a printer: nothing queued)."""
    checks.ident(staff_id, "staff_id")
    get_sale(store, sale_id)
    with store.transaction():
        store.audit("reprint", staff_id, ref_type="sale", ref_id=sale_id)
        jobs = _enqueue_receipt(store, sale_id, "reprint", reprint=True)
    return OpChanges(print_jobs=jobs)


# -- voids -----------------------------------------------------------------------------------
def void_sale(store: Store, sale_id: str, staff_id: str, manager_id: str, reason: str) -> OpChanges:
    """Cancel a sale of the current shift: stock comes back, the cash leaves the drawer.

    The sale's status, its shift and whether it has refunds are read under the write lock
    (BEGIN IMMEDIATE): another connection cannot refund it between the check and the void."""
    checks.ident(sale_id, "sale_id")
    checks.ident(staff_id, "staff_id")
    checks.ident(manager_id, "manager_id")
    if not checks.text(reason, "reason").strip():
        raise ValidationError("a void needs a reason", field="reason")
    reason = reason.strip()
    _require_staff(store, staff_id)
    _require_managers(store, [manager_id])
    now = store.now_iso()
    device = store.device_code
    with store.transaction() as conn:
        sale = store.one("SELECT * FROM sales WHERE id = ? OR receipt_no = ?", (sale_id, sale_id))
        if sale is None:
            raise ValidationError("no receipt {receipt_no}", field="receipt_no", receipt_no=sale_id)
        if sale["kind"] != "sale":
            raise InvalidState("a refund cannot be voided")
        if sale["status"] == "voided":
            raise InvalidState("{receipt_no} is already voided", receipt_no=sale["receipt_no"])
        check_void(store, sale)  # a supplement voids on its shift; its sale once it is voided (pos.refundable)
        shift = store.one("SELECT status FROM shifts WHERE id = ?", (sale["shift_id"],))
        if shift["status"] != "open" or sale["device_code"] != store.device_code:
            raise InvalidState("{receipt_no} belongs to a closed shift: refund it instead of voiding",
                               receipt_no=sale["receipt_no"])
        if store.one("SELECT 1 FROM sales WHERE original_sale_id = ? AND kind = 'refund'", (sale["id"],)):
            raise InvalidState("{receipt_no} has refunds: it can no longer be voided", receipt_no=sale["receipt_no"])
        lines = store.all("SELECT id, product_id, qty, lot_id FROM sale_lines WHERE sale_id = ? "
                          "AND original_line_id IS NULL", (sale["id"],))  # a raised price moved no goods
        in_sets = sets.line_components(store, [ln["id"] for ln in lines])

        def back(product_id: str, qty: int, lot_id: str | None) -> tuple:
            return (new_id(), product_id, qty, "void", "sale", sale["id"], reason, manager_id, device, now, lot_id)

        moves = [m for ln in lines for m in (sets.void_moves(in_sets[ln["id"]], ln, back) if ln["id"] in in_sets
                                             else [back(ln["product_id"], ln["qty"], ln["lot_id"])])]
        cur = conn.execute(
            "UPDATE sales SET status = 'voided', voided_at = ?, voided_by = ?, void_reason = ? "
            "WHERE id = ? AND status = 'completed'", (now, manager_id, reason, sale["id"]))
        if cur.rowcount != 1:
            raise InvalidState("the sale changed while voiding; try again")
        conn.executemany(INSERT_MOVE, moves)
        restored = vouchers.restore(store, vouchers.unrestored(store, sale["id"]), sale["id"])
        store.audit("void", staff_id, manager_id, "sale", sale["id"], receipt_no=sale["receipt_no"],
                    total=sale["total"], reason=reason)
        outbox.add(store, "sale.voided", {
            "sale_id": sale["id"], "receipt_no": sale["receipt_no"], "voided_at": now, "voided_by": manager_id,
            "void_reason": reason, "stock_moves": [dict(zip(MOVE_COLS, m)) for m in moves],
            **({"voucher_restores": restored} if restored else {}),
        }, sale["business_day"])
        invoices = einvoice_issue.adjust(store, {**sale, "created_at": now, "business_day": store.business_day()},
                                         store.all("SELECT * FROM sale_lines WHERE sale_id = ?", (sale["id"],)))
        jobs = _enqueue_receipt(store, sale["id"], "void")
    return OpChanges(sales=True, stock={m[1] for m in moves}, outbox=1 + invoices, print_jobs=jobs)


# -- refunds ---------------------------------------------------------------------------------
def _refund_plan(store: Store, sale_id: str, wanted: dict[str, int]) -> tuple[dict, list[tuple[dict, int, int]]]:
    """The original sale and [(refundable line, qty, money back)], checked against what is still
    refundable. Called inside refund()'s transaction, so the figures cannot move under it."""
    orig = store.one("SELECT * FROM sales WHERE id = ? OR receipt_no = ?", (sale_id, sale_id))
    if orig is None:
        raise ValidationError("no receipt {receipt_no}", field="receipt_no", receipt_no=sale_id)
    if orig["kind"] != "sale":
        raise InvalidState("{receipt_no} is a refund: it cannot be refunded again", receipt_no=orig["receipt_no"])
    if orig["status"] != "completed":
        raise InvalidState("{receipt_no} was voided: there is nothing to refund", receipt_no=orig["receipt_no"])
    available = {r["line_id"]: r for r in refundable_lines(store, orig["id"])}
    plan = []
    for lid, qty in wanted.items():
        a = available.get(lid)
        if a is None and (r := store.one("SELECT line_no FROM sale_lines WHERE id = ? AND sale_id = ? AND "
                                         "original_line_id IS NOT NULL", (lid, orig["id"]))):  # pos.refundable
            raise InvalidState("line {line_no} raised a price: refund the sold line, its raise comes back with it",
                               line_no=r["line_no"])
        if a is None:
            raise ValidationError("line {line_id} is not on receipt {receipt_no}", field="line_id", line_id=lid,
                                  receipt_no=orig["receipt_no"])
        if qty > a["refundable_qty"]:
            raise RefundTooLarge(
                "line {line_no}: {asked} asked, only {left} of {sold} left to refund",
                line_no=a["line_no"], asked=qty, left=a["refundable_qty"], sold=a["sold_qty"])
        plan.append((a, qty, refund_net(a, qty)))
    return orig, plan


def _refund_rows(store: Store, orig_id: str, plan, refund_id: str, reason: str, staff_id: str,
                 now: str) -> tuple[list[tuple], list[tuple], int, list[tuple]]:
    """(sale_lines rows, stock moves back to the shelf, VAT total, gift set component rows) of a
    refund: each line copies its original (name, price, VAT rate, stars as sold then), with its
    share of the gross; a gift set gives its components back (pos.sets.refund_rows)."""
    orig_lines = {r["id"]: r for r in store.all("SELECT * FROM sale_lines WHERE sale_id = ?", (orig_id,))}
    in_sets = sets.line_components(store, orig_lines)
    rows, moves, comps = [], [], []

    def back(product_id: str, qty: int, lot_id: str | None) -> tuple:
        return (new_id(), product_id, qty, "refund", "sale", refund_id, reason, staff_id, store.device_code, now, lot_id)

    vat_total = 0
    for n, (a, qty, net) in enumerate(plan, start=1):
        ol = orig_lines[a["line_id"]]
        raised = line_amount(a["raised_price"], qty, bool(ol["sold_by_weight"])) \
            if a["raised_qty"] else 0  # the raise given back with the unit (pos.refundable)
        gross = round_div(ol["gross"] * qty, ol["qty"]) + raised
        vat = vat_part(net, ol["vat_rate"])
        vat_total += vat
        rows.append((new_id(), refund_id, n, ol["product_id"], ol["producer_id"], ol["sku"], ol["barcode"],
                     ol["name_vi"], ol["name_en"], ol["unit"], ol["sold_by_weight"], qty,
                     ol["unit_price"] + a["raised_price"], gross, 0, "", gross - net, net, ol["vat_rate"], vat,
                     ol["ocop_stars"], ol["id"], ol["lot_id"], ol["lot_no"], ol["use_by"], 0))
        if ol["id"] in in_sets:
            more, given = sets.refund_rows(store, ol, in_sets[ol["id"]], qty, dict(zip(LINE_COLS, rows[-1])),
                                           qty == a["refundable_qty"], back)
            comps += more
            moves += given
        if ol["id"] not in in_sets or in_sets[ol["id"]][0]["source"] == "stock":
            moves.append(back(ol["product_id"], qty, ol["lot_id"]))  # back to the lot the line was drawn from
    return rows, moves, vat_total, comps


def refund(store: Store, sale_id: str, lines: list[dict], staff_id: str, manager_id: str, reason: str,
           method: str = "cash", lang: str | None = None) -> SaleResult:
    """Give money back for (part of) lines of one original receipt; stock returns to the shelf.

    What is still refundable, and the original's status, are read under the write lock (BEGIN
    IMMEDIATE): two tills refunding the same receipt at once cannot both give back its last unit."""
    checks.ident(sale_id, "sale_id")
    checks.ident(staff_id, "staff_id")
    checks.ident(manager_id, "manager_id")
    if not checks.text(reason, "reason").strip():
        raise ValidationError("a refund needs a reason", field="reason")
    reason = reason.strip()
    if not payment_methods.get(method).refundable:
        raise InvalidAmount("money cannot be given back this way", method=method)
    if lang is not None:
        checks.lang(lang)
    wanted = wanted_lines(lines)
    _require_staff(store, staff_id)
    _require_managers(store, [manager_id])
    now = store.now_iso()
    day = store.business_day()
    device = store.device_code
    refund_id = new_id()
    with store.transaction() as conn:
        orig, plan = _refund_plan(store, sale_id, wanted)
        shift_id = open_shift_id(store)
        total = sum(net for _, _, net in plan)
        receipt_no = _next_receipt_no(store)
        rows, moves, vat_total, comps = _refund_rows(store, orig["id"], plan, refund_id, reason, staff_id, now)
        sale = dict(zip(SALE_COLS, (
            refund_id, receipt_no, device, "refund", "completed", shift_id, staff_id, now, day,
            lang or orig["lang"], total, 0, 0, "", total, vat_total, total, 0, manager_id, orig["id"],
            reason)))
        conn.execute(INSERT_SALE, tuple(sale.values()))
        conn.executemany(INSERT_LINE, rows)
        conn.executemany(sets.INSERT_COMP, comps)
        paid = orig["total"] + sum(a["raised_net"] for a in refundable_lines(store, orig["id"]))  # + raises
        money, vouchered, restore_ids = vouchers.refund_split(store, {**orig, "total": paid}, total)  # voucher part
        pays = _write_payments(store, refund_id, [
            {"method": m, "amount": a, "tendered": a, "change_given": 0, "reference": "", "qr_payload": ""}
            for m, a in ((method, money), ("voucher", vouchered)) if a > 0], receipt_no)
        restored = vouchers.restore(store, restore_ids, refund_id)
        conn.executemany(INSERT_MOVE, moves)
        store.audit("refund", staff_id, manager_id, "sale", refund_id, original=orig["receipt_no"],
                    receipt_no=receipt_no, total=total, reason=reason)
        line_dicts = [dict(zip(LINE_COLS, r)) for r in rows]
        outbox.add(store, "refund.completed", {
            "sale": sale,
            "lines": line_dicts,
            "payments": _wire_payments(pays),
            "stock_moves": [dict(zip(MOVE_COLS, m)) for m in moves],
            **({"sale_line_components": sets.wire(comps)} if comps else {}),
            **({"voucher_restores": restored} if restored else {}),
        }, day)
        invoices = einvoice_issue.adjust(store, sale, line_dicts)
        jobs = _enqueue_receipt(store, refund_id, "refund")
    return SaleResult(refund_id, receipt_no, total, money, 0,
                      OpChanges(sales=True, stock={m[1] for m in moves}, outbox=1 + invoices,
                                print_jobs=jobs))
