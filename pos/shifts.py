"""Shifts: the cash drawer's life from float to count.

Expected cash is derived from the sales, refunds and cash moves of the shift, never kept as a
running number that could drift from them."""
from __future__ import annotations

import json

from . import checks, outbox, payment_methods
from .errors import ApprovalRequired, InvalidAmount, InvalidState, NoOpenShift, PermissionDenied, ValidationError
from .money import MAX_AMOUNT
from .staff import require_manager
from .store import OpChanges, Store, new_id

# The Vietnamese banknotes in circulation, largest first (the State Bank issues no coins now).
DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500)
MAX_NOTES = 100_000  # of one denomination: more is a typo, not a drawer


def current(store: Store) -> dict | None:
    return store.one("SELECT * FROM shifts WHERE device_code = ? AND status = 'open'", (store.device_code,))


def current_with_opener(store: Store) -> dict | None:
    """The open shift with the name of who opened it (None: no shift is open): what the login
    screen tells the next clerk."""
    shift = current(store)
    if shift is None:
        return None
    row = store.one("SELECT name FROM staff WHERE id = ?", (shift["opened_by"],))
    return {"shift": shift, "opened_by_name": row["name"] if row else ""}


def _staff(store: Store, staff_id: str) -> dict:
    checks.ident(staff_id, "staff_id")
    row = store.one("SELECT id, name, role, active FROM staff WHERE id = ?", (staff_id,))
    if row is None or not row["active"]:
        raise PermissionDenied("unknown or inactive staff member")
    return row


def _bad_amount(value, allow_zero: bool) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or value < 0 or (value == 0 and not allow_zero) \
        or value > MAX_AMOUNT


def open_shift(store: Store, staff_id: str, opening_float: int) -> tuple[dict, OpChanges]:
    _staff(store, staff_id)
    if _bad_amount(opening_float, allow_zero=True):
        raise InvalidAmount("the opening float must be a whole number of đồng: {value!r}",
                            value=checks.shown(opening_float))
    if current(store):
        raise InvalidState("a shift is already open on this kiosk")
    device = store.device_code
    now = store.now_iso()
    with store.transaction() as conn:
        number = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM shifts WHERE device_code = ?",
                              (device,)).fetchone()[0]
        shift = {"id": new_id(), "device_code": device, "number": number, "opened_at": now, "opened_by": staff_id,
                 "opening_float": opening_float, "status": "open"}
        conn.execute(f"INSERT INTO shifts({','.join(shift)}) VALUES ({','.join('?' * len(shift))})",
                     tuple(shift.values()))
        outbox.add(store, "shift.opened", {"shift": shift})
    return current(store), OpChanges(shift=True, outbox=1)


def cash_move(store: Store, direction: str, amount: int, reason: str, staff_id: str) -> OpChanges:
    """Cash put into or taken out of the drawer outside a sale (change top-up, bank drop)."""
    if not isinstance(direction, str) or direction not in ("in", "out"):
        raise ValidationError("direction must be 'in' or 'out'", field="direction")
    if _bad_amount(amount, allow_zero=False):
        raise InvalidAmount("the amount must be a whole number of đồng above zero: {value!r}",
                            value=checks.shown(amount))
    if not checks.text(reason, "reason").strip():
        raise ValidationError("cash in/out needs a reason", field="reason")
    _staff(store, staff_id)
    with store.transaction() as conn:
        shift = current(store)  # the shift and what the drawer holds, read under the write lock
        if shift is None:
            raise NoOpenShift("no shift is open")
        if direction == "out" and amount > report(store, shift["id"])["expected_cash"]:
            raise InvalidAmount("more cash out than the drawer should hold")
        row = {"id": new_id(), "shift_id": shift["id"], "direction": direction, "amount": amount,
               "reason": reason.strip(), "staff_id": staff_id, "at": store.now_iso()}
        conn.execute(f"INSERT INTO cash_moves({','.join(row)}) VALUES ({','.join('?' * len(row))})",
                     tuple(row.values()))
        store.audit(f"cash_{direction}", staff_id, ref_type="shift", ref_id=shift["id"], amount=amount,
                    reason=reason.strip())
        outbox.add(store, "cash.moved", {"cash_move": row})
    return OpChanges(shift=True, outbox=1)


def _by_method(store: Store, shift_id: str) -> dict[str, int]:
    """Net takings per payment method: the methods every report lists (even at 0, so the clerk
    checks the card terminal's batch and the bank app against them), then any other that was used."""
    by_method = {m.code: 0 for m in payment_methods.all_methods() if m.on_shift_report}
    for method, kind, amount in store.conn.execute(
            """SELECT p.method, s.kind, sum(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id
               WHERE s.shift_id = ? AND s.status = 'completed' GROUP BY p.method, s.kind""", (shift_id,)):
        by_method[method] = by_method.get(method, 0) + (amount if kind == "sale" else -amount)
    return by_method


def drawer_takings(by_method: dict[str, int]) -> int:
    """What the payment methods put in the cash drawer, net of refunds (cash)."""
    return sum(amount for code, amount in by_method.items() if payment_methods.in_drawer(code))


def report(store: Store, shift_id: str) -> dict:
    """The X report: what the shift has taken so far and what the drawer should hold."""
    checks.ident(shift_id, "shift_id")
    shift = store.one("SELECT * FROM shifts WHERE id = ?", (shift_id,))
    if shift is None:
        raise ValidationError("no shift {shift_id}", field="shift_id", shift_id=shift_id)
    q = store.conn.execute
    sales = q("""SELECT count(*), coalesce(sum(total), 0), coalesce(sum(line_discount_total + order_discount), 0)
                 FROM sales WHERE shift_id = ? AND kind = 'sale' AND status = 'completed'""", (shift_id,)).fetchone()
    refunds = q("""SELECT count(*), coalesce(sum(total), 0) FROM sales
                   WHERE shift_id = ? AND kind = 'refund' AND status = 'completed'""", (shift_id,)).fetchone()
    voids = q("""SELECT count(*), coalesce(sum(total), 0) FROM sales
                 WHERE shift_id = ? AND status = 'voided'""", (shift_id,)).fetchone()
    by_method = _by_method(store, shift_id)
    vat = [{"rate": r, "base": b, "amount": a} for r, b, a in q(
        """SELECT l.vat_rate, sum(CASE s.kind WHEN 'sale' THEN l.net ELSE -l.net END),
                  sum(CASE s.kind WHEN 'sale' THEN l.vat_amount ELSE -l.vat_amount END)
           FROM sale_lines l JOIN sales s ON s.id = l.sale_id
           WHERE s.shift_id = ? AND s.status = 'completed' GROUP BY l.vat_rate ORDER BY l.vat_rate""", (shift_id,))]
    cash_in, cash_out = q("""SELECT coalesce(sum(amount) FILTER (WHERE direction = 'in'), 0),
                                    coalesce(sum(amount) FILTER (WHERE direction = 'out'), 0)
                             FROM cash_moves WHERE shift_id = ?""", (shift_id,)).fetchone()
    expected = shift["opening_float"] + drawer_takings(by_method) + cash_in - cash_out
    staff = {r[0]: r[1] for r in q("SELECT id, name FROM staff")}
    out = {
        "shift_id": shift_id, "device_code": shift["device_code"], "number": shift["number"],
        "status": shift["status"], "opened_at": shift["opened_at"], "opened_by": staff.get(shift["opened_by"], ""),
        "closed_at": shift["closed_at"], "closed_by": staff.get(shift["closed_by"], "") if shift["closed_by"] else "",
        "opening_float": shift["opening_float"],
        "sales_count": sales[0], "sales_total": sales[1], "discounts_total": sales[2],
        "refunds_count": refunds[0], "refunds_total": refunds[1],
        "voids_count": voids[0], "voids_total": voids[1],
        "net_total": sales[1] - refunds[1],
        "by_method": by_method, "vat": vat,
        "cash_in": cash_in, "cash_out": cash_out, "expected_cash": expected,
    }
    if shift["status"] == "closed":
        out["counted_cash"] = shift["counted_cash"]
        out["variance"] = shift["counted_cash"] - shift["expected_cash"]
        out["counted_detail"] = json.loads(shift["counted_detail"] or "{}")
    return out


def count_cash(counted) -> tuple[int, dict]:
    """Counted notes {denomination: count} (or a plain amount) -> (amount, detail).

    Denominations may be ints or their digits as text (JSON keys); 500 ₫ notes count too."""
    if isinstance(counted, int) and not isinstance(counted, bool):
        if _bad_amount(counted, allow_zero=True):
            raise InvalidAmount("counted cash must be a whole number of đồng: {value!r}", value=checks.shown(counted))
        return counted, {}
    if not isinstance(counted, dict):
        raise InvalidAmount("counted cash must be an amount or notes per denomination")
    total, detail = 0, {}
    for key, n in counted.items():
        denom = key if isinstance(key, int) and not isinstance(key, bool) else \
            int(key) if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 7 else None
        if denom not in DENOMINATIONS:
            raise InvalidAmount("{denom:vnd} is not a Vietnamese banknote we count", denom=checks.shown(key))
        if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_NOTES:
            raise InvalidAmount("number of {denom:vnd} notes must be a whole number >= 0", denom=denom)
        if n:
            detail[str(denom)] = detail.get(str(denom), 0) + n
            total += denom * n
    if total > MAX_AMOUNT:
        raise InvalidAmount("counted cash must be a whole number of đồng: {value!r}", value=total)
    return total, detail


def close_shift(store: Store, staff_id: str, counted, manager_id: str | None = None) -> dict:
    """Close with the counted cash; returns the Z report with expected, counted and variance.

    A variance (counted - expected) larger either way than the setting cash_variance_approval_vnd
    needs a manager: without `manager_id` it is refused (ApprovalRequired, nothing written). The
    expected cash is read under the write lock, so the variance checked is the one recorded. The
    audit row `close_shift` keeps expected, counted, variance and who approved."""
    _staff(store, staff_id)
    amount, detail = count_cash(counted)
    manager = None
    if manager_id is not None:
        checks.ident(manager_id, "manager_id")
        manager = require_manager(store, manager_id)
    limit = store.setting("cash_variance_approval_vnd")
    now = store.now_iso()
    with store.transaction() as conn:
        shift = current(store)
        if shift is None:
            raise NoOpenShift("no shift is open")
        expected = report(store, shift["id"])["expected_cash"]
        variance = amount - expected
        if abs(variance) > limit and manager is None:
            raise ApprovalRequired(
                "the counted cash {counted:vnd} differs from the expected {expected:vnd} by {variance:vnd}, "
                "more than {limit:vnd}: a manager must approve closing the shift",
                counted=amount, expected=expected, variance=variance, limit=limit)
        cur = conn.execute(
            "UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, expected_cash = ?, counted_cash = ?, "
            "counted_detail = ? WHERE id = ? AND status = 'open'",
            (now, staff_id, expected, amount, json.dumps(detail), shift["id"]))
        if cur.rowcount != 1:
            raise InvalidState("the shift was closed meanwhile")
        z = report(store, shift["id"])
        store.audit("close_shift", staff_id, approved_by=manager_id, ref_type="shift", ref_id=shift["id"],
                    expected=expected, counted=amount, variance=variance, variance_limit=limit)
        row = store.one("SELECT * FROM shifts WHERE id = ?", (shift["id"],))
        outbox.add(store, "shift.closed", {"shift": row, "report": z})
    return z


def report_doc(store: Store, shift_id: str, kind: str = "x_report") -> dict:
    """A printable X/Z report document (see docs/contracts.md)."""
    if kind not in ("x_report", "z_report"):
        raise ValidationError("report kind is x_report or z_report", field="kind")
    s = store.settings()
    return {
        "kind": kind, "lang": s.get("lang", "vi"),
        "store": {"name": s.get("store_name", ""), "header": s.get("receipt_header", ""),
                  "location_name": s.get("location_name", ""), "device_code": store.device_code,
                  "address": s.get("address", ""), "tax_code": s.get("tax_code", ""), "phone": s.get("phone", ""),
                  "footer": ""},
        "printed_at": store.now_iso(),
        "shift": report(store, shift_id),
    }
