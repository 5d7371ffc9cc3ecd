"""Recording a payout to a producer: the money the centre hands over for closed statements.

The rule: a payout is a whole number of đồng above zero, paid on a Vietnam day not after today,
in cash or by bank transfer (a transfer needs its bank reference). It may not exceed what the
producer is still owed (closed statements' `due` minus payouts so far) unless it is explicitly
marked as an advance; an advance is then owed back out of the next statements (still_owed goes
negative). Only an administrator or accountant records payouts; every one is audited in
admin_actions. Two payouts recorded at the same time cannot together overpay: the producer's row
is locked (FOR UPDATE on PostgreSQL; SQLite takes its write lock when the transaction begins).
Payouts are never edited or deleted: a mistake is corrected by a later entry the office agrees."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_
from central.clock import utc_now_iso, vn_today
from central.figures.reports import ReportError, parse_day
from central.figures.settlement_close import ROLES
from central.figures.statements import balance_of

METHODS = ("cash", "bank_transfer")
MAX_AMOUNT = 10**13  # ten thousand billion đồng: anything above is a typo
MAX_TEXT = 200


def _text(value, what: str) -> str:
    s = str(value or "").strip()
    if len(s) > MAX_TEXT or any(ord(ch) < 32 or ord(ch) == 127 for ch in s):
        raise ReportError(N_("{what} không hợp lệ (ký tự điều khiển hoặc dài quá {n} ký tự)"), what=what, n=MAX_TEXT)
    return s


def _amount(value) -> int:
    if isinstance(value, bool):
        raise ReportError(N_("số tiền phải là số đồng nguyên dương"))
    if isinstance(value, str):
        value = value.strip().replace(".", "").replace(" ", "").replace("₫", "")
        if not value.isdigit():
            raise ReportError(N_("số tiền phải là số đồng nguyên dương"))
    if not isinstance(value, (int, str)):
        raise ReportError(N_("số tiền phải là số đồng nguyên dương"))
    n = int(value)
    if n <= 0 or n > MAX_AMOUNT:
        raise ReportError(N_("số tiền phải là số đồng nguyên dương"))
    return n


def record_payout(conn, producer_id: str, paid_on, amount, method: str, reference: str = "", by: str = "",
                  role: str = "admin", advance: bool = False, note: str = "", today: dt.date | None = None) -> dict:
    """Check the rule (module doc) and write one payout; returns it with the producer's new balance."""
    if role not in ROLES:
        raise ReportError(N_("chỉ quản trị viên hoặc kế toán được ghi chi trả"))
    today = today or vn_today()
    day = parse_day(paid_on, N_("ngày chi trả"))
    if day > today:
        raise ReportError(N_("ngày chi trả {day} chưa tới"), day=f"{day:%d/%m/%Y}")
    n = _amount(amount)
    if method not in METHODS:
        raise ReportError(N_("hình thức chi trả phải là tiền mặt hoặc chuyển khoản"))
    ref = _text(reference, N_("số tham chiếu"))
    if method == "bank_transfer" and not ref:
        raise ReportError(N_("chuyển khoản cần số tham chiếu của ngân hàng"))
    note = _text(note, N_("ghi chú"))
    p = m.producers
    if conn.execute(sa.select(p.c.id).where(p.c.id == producer_id).with_for_update()).first() is None:
        raise ReportError(N_("không có nhà sản xuất {id}"), id=producer_id)
    bal = balance_of(conn, producer_id)
    if n > bal["still_owed"] and not advance:
        raise ReportError(N_("số tiền {amount} ₫ vượt quá số còn nợ nhà sản xuất ({owed} ₫); nếu cố ý trả trước, "
                             "đánh dấu là tạm ứng"), amount=f"{n:,}".replace(",", "."),
                          owed=f"{bal['still_owed']:,}".replace(",", "."))
    now = utc_now_iso()
    row = {"producer_id": producer_id, "paid_on": day.isoformat(), "amount": n, "method": method, "reference": ref,
           "advance": int(bool(advance) and n > bal["still_owed"]), "note": note, "recorded_by": by,
           "recorded_at": now}
    pid = conn.execute(sa.insert(m.settlement_payouts).values(**row)).inserted_primary_key[0]
    conn.execute(sa.insert(m.admin_actions).values(at=now, actor=by, action="settlement.payout", target=producer_id,
                                                   detail=json.dumps({"id": int(pid), "amount": n, "method": method,
                                                                      "advance": row["advance"]})))
    return {"id": int(pid), **row, "balance": balance_of(conn, producer_id)}
