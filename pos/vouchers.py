"""Vouchers at the kiosk: what the pull says is valid here, and the rules a voucher payment meets
inside the sale's write transaction (docs/vouchers.md states the offline policy).

Why allotments: two kiosks offline cannot ask each other whether a single-use voucher is spent.
So a kiosk redeems a voucher OFFLINE only against the uses the centre ALLOTTED to it (at issue,
e.g. the vouchers sold at one fair booth; an N-use voucher may be split over several kiosks). An
enrolled kiosk that reaches the centre reserves every use online first (allotted or not); any
other use can only be reserved online (sync/vouchers.py asks the centre, POST /vouchers/{code}/redeem,
idempotent by the redemption id) and recorded here by record_reservation; complete_sale then turns
that reservation into the redemption. A use the centre moved to another kiosk while this one was
offline can still be spent twice: the centre detects it at sync and reports it, never silently.

A voucher pays at most its value: an amount voucher its face value, a percentage voucher that
share of the sale total (integer đồng, rounded down, capped when a cap is set); never more than
the sale total, and no change is given from a voucher."""
from __future__ import annotations

import re

from . import checks, voucher_codes
from .money import MAX_AMOUNT
from .errors import InvalidAmount, InvalidState, ValidationError
from .store import OpChanges, Store, new_id

KINDS = ("amount", "percent")
PULL_KEYS = ("id", "code", "kind", "value", "cap", "uses", "allotted", "expires_on", "name")
REDEMPTION_COLS = ("id", "voucher_code", "sale_id", "payment_id", "amount", "online", "at", "business_day")


def _whole(row: dict, key: str, low: int = 0) -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValidationError("voucher {field} must be a whole number of at least {low}: {value!r}",
                              field=key, low=low, value=checks.shown(value))
    return value


def _terms(row: dict) -> tuple:
    """A pulled (or reserved) voucher's terms as stored, checked."""
    code = voucher_codes.canonical(row.get("code"))
    if not code:
        raise ValidationError("voucher code {code!r} is malformed", field="code", code=checks.shown(row.get("code")))
    kind = row.get("kind")
    if kind not in KINDS:
        raise ValidationError("voucher kind must be amount or percent: {kind!r}", field="kind",
                              kind=checks.shown(kind))
    value = _whole(row, "value", 1)
    if kind == "percent" and value > 100:
        raise ValidationError("a percentage voucher is at most 100 %: {value!r}", field="value", value=value)
    expires = str(row.get("expires_on") or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", expires):
        raise ValidationError("voucher expiry must be a day (YYYY-MM-DD): {value!r}", field="expires_on",
                              value=checks.shown(expires))
    return (code, checks.ident(row.get("id"), "id"), kind, value, _whole(row, "cap"), _whole(row, "uses", 1),
            expires, checks.text(row.get("name") or "", "name", 200))


_UPSERT = ("INSERT INTO vouchers(code, id, kind, value, cap, uses, expires_on, name, allotted, listed) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT(code) DO UPDATE SET id = excluded.id, "
           "kind = excluded.kind, value = excluded.value, cap = excluded.cap, uses = excluded.uses, "
           "expires_on = excluded.expires_on, name = excluded.name, allotted = excluded.allotted, listed = 1")


def apply_pulled(store: Store, rows: list) -> OpChanges:
    """The whole list an older centre sends (a newer one sends `voucher_changes`: apply_change) of
    the vouchers valid at this location (inside apply_catalog's transaction): listed ones are
    stored with the uses allotted to this kiosk; a voucher no longer listed (voided, expired, moved
    to other locations) stays for its history but is not redeemable."""
    if not isinstance(rows, list):
        raise ValidationError("vouchers must be a list", field="vouchers")
    terms = [(_terms(r), _whole(r, "allotted")) for r in rows]
    store.conn.execute("UPDATE vouchers SET listed = 0, allotted = 0")
    store.conn.executemany(_UPSERT, [(*t, allotted) for t, allotted in terms])
    return OpChanges(catalog=bool(rows))


def apply_change(store: Store, row) -> OpChanges:
    """One voucher the centre changed since this kiosk's cursor (`voucher_changes`, inside
    apply_catalog's transaction): whole, stored with the uses allotted here and offered; or
    `{"id", "code", "status": "ended"}` (withdrawn, moved elsewhere, expired when it changed): kept
    for its history, no longer offered. A row applied twice (a page pulled again after a crash
    before its cursor was saved) leaves the same state."""
    if not isinstance(row, dict):
        raise ValidationError("a voucher change must be an object", field="voucher_changes")
    if row.get("status") == "ended":
        code = voucher_codes.canonical(row.get("code"))
        store.conn.execute("UPDATE vouchers SET listed = 0, allotted = 0 WHERE id = ? OR code = ?",
                           (checks.ident(row.get("id"), "id"), code or ""))
        return OpChanges(catalog=True)
    store.conn.execute(_UPSERT, (*_terms(row), _whole(row, "allotted")))
    return OpChanges(catalog=True)


def value_on(voucher: dict, total: int) -> int:
    """What the voucher can pay of a sale of `total` đồng."""
    if voucher["kind"] == "amount":
        value = voucher["value"]
    else:
        value = total * voucher["value"] // 100
        if voucher["cap"]:
            value = min(value, voucher["cap"])
    return min(value, total)


def _voucher(store: Store, code: str) -> dict:
    row = store.one("SELECT * FROM vouchers WHERE code = ?", (code,))
    if row is None:
        raise ValidationError("voucher {code} is not valid at this kiosk", field="voucher", code=voucher_codes.masked(code))
    return row


def _offline_left(store: Store, voucher: dict) -> int:
    """Uses of this kiosk's allotment not spent here. Every use made here counts, online ones too:
    the centre lets a kiosk reserve from its own allotment, so counting them keeps this kiosk from
    spending the same use again offline (conservative: an online use from the shared pool also
    lowers what is left offline)."""
    used = store.conn.execute(
        "SELECT count(*) FROM voucher_redemptions WHERE voucher_code = ? AND status = 'redeemed' "
        "AND restored_by IS NULL", (voucher["code"],)).fetchone()[0]
    return voucher["allotted"] - used if voucher["listed"] else 0


def _usable(store: Store, code: str, day: str) -> dict:
    voucher = _voucher(store, code)
    if voucher["expires_on"] < day:
        raise InvalidState("voucher {code} expired on {day}", code=voucher_codes.masked(code), day=voucher["expires_on"])
    return voucher


def check(store: Store, text: str, total: int) -> dict:
    """What the payment screen shows for a typed or scanned code (read only): the voucher, what
    it pays of `total`, and whether it can be redeemed offline here (`offline`) or needs the
    centre's reservation first. Refuses a malformed code at once (its check character)."""
    code = voucher_codes.canonical(text)
    if not code:
        raise ValidationError("this is not a voucher code (check the characters)", field="voucher")
    checks.whole(total, "total", 1, MAX_AMOUNT)
    voucher = _usable(store, code, store.business_day())
    return {"code": code, "id": voucher["id"], "name": voucher["name"], "kind": voucher["kind"],
            "value": voucher["value"], "cap": voucher["cap"], "amount": value_on(voucher, total),
            "offline": _offline_left(store, voucher) > 0, "listed": bool(voucher["listed"])}


def record_reservation(store: Store, reply: dict, redemption_id: str) -> OpChanges:
    """The centre reserved a use for this kiosk (its reply's voucher terms): stored so the sale
    can spend it offline afterwards, even if the network goes away before payment."""
    checks.ident(redemption_id, "redemption_id")
    terms = _terms(reply)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO vouchers(code, id, kind, value, cap, uses, expires_on, name, allotted, listed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, "
            "value = excluded.value, cap = excluded.cap, uses = excluded.uses, expires_on = excluded.expires_on",
            terms)
        conn.execute(
            "INSERT INTO voucher_redemptions(id, voucher_code, amount, online, status, at, business_day) "
            "VALUES (?, ?, 0, 1, 'reserved', ?, ?) ON CONFLICT(id) DO NOTHING",
            (redemption_id, terms[0], store.now_iso(), store.business_day()))
    return OpChanges()


def release(store: Store, redemption_id: str) -> OpChanges:
    """The clerk took the voucher off the payment before completing: its reservation is dropped
    here (sync/vouchers.py tells the centre)."""
    with store.transaction() as conn:
        conn.execute("UPDATE voucher_redemptions SET status = 'released' WHERE id = ? AND status = 'reserved'",
                     (checks.ident(redemption_id, "redemption_id"),))
    return OpChanges()


def redeem(store: Store, sale_id: str, pays: list[dict], total: int, day: str, now: str) -> list[dict]:
    """Inside complete_sale's transaction: each voucher payment (method with `redeems_voucher`,
    the code in `voucher_code`) checked and written as a redemption row; returns the rows (the
    sale event carries them). Nothing is written when any is refused."""
    rows, spent_here = [], {}
    for pay in pays:
        code = voucher_codes.canonical(pay["voucher_code"])
        voucher = _usable(store, code, day)
        value = value_on(voucher, total)
        if pay["amount"] > value:
            raise InvalidAmount("voucher {code} pays at most {limit:vnd} of this sale", code=voucher_codes.masked(code),
                                limit=value, amount=pay["amount"])
        rid = pay.get("redemption_id") or ""
        reserved = rid and store.one("SELECT * FROM voucher_redemptions WHERE id = ? AND voucher_code = ? "
                                     "AND status = 'reserved'", (rid, code))
        if reserved:
            store.conn.execute("UPDATE voucher_redemptions SET status = 'redeemed', sale_id = ?, payment_id = ?, "
                               "amount = ?, at = ?, business_day = ? WHERE id = ?",
                               (sale_id, pay["id"], pay["amount"], now, day, rid))
            online = 1
        else:
            spent_here[code] = spent_here.get(code, 0) + 1
            if _offline_left(store, voucher) < 1:
                raise InvalidState("voucher {code} is not allotted to this kiosk, or its uses here are spent: "
                                   "check it online", code=voucher_codes.masked(code))
            rid = rid or new_id()  # an online try that got no answer: the same id, so the centre counts one use
            store.conn.execute(
                "INSERT INTO voucher_redemptions(id, voucher_code, sale_id, payment_id, amount, online, status, at, "
                "business_day) VALUES (?, ?, ?, ?, ?, 0, 'redeemed', ?, ?)",
                (rid, code, sale_id, pay["id"], pay["amount"], now, day))
            online = 0
        rows.append(dict(zip(REDEMPTION_COLS, (rid, code, sale_id, pay["id"], pay["amount"], online, now, day))))
    return rows


def refund_split(store: Store, orig: dict, refund_total: int) -> tuple[int, int, list[str]]:
    """The refund rule for a sale paid (partly) by voucher: money goes back by the clerk's method
    only up to what the sale took in other ways (less what earlier refunds gave back); the part
    the vouchers paid is not paid out. Of that part, only whole uses come back: the voucher parts of
    the sale's refunds so far give back as many of its uses as they cover whole (uses_back), so a
    partial refund that reaches a little into a voucher does not give back the whole use. Returns
    (money back, voucher part, redemption ids to restore). Called inside refund()'s transaction."""
    uses = store.conn.execute(
        "SELECT id, amount, restored_by FROM voucher_redemptions WHERE sale_id = ? AND status = 'redeemed'",
        (orig["id"],)).fetchall()
    vouchered = sum(u[1] for u in uses)
    if not vouchered:
        return refund_total, 0, []
    earlier = dict(store.conn.execute(
        "SELECT p.method = 'voucher', coalesce(sum(p.amount), 0) FROM payments p JOIN sales s ON s.id = p.sale_id "
        "WHERE s.original_sale_id = ? AND s.kind = 'refund' AND s.status = 'completed' GROUP BY p.method = 'voucher'",
        (orig["id"],)).fetchall())
    money = money_back(orig["total"], vouchered, earlier.get(0, 0), refund_total)
    part = refund_total - money
    if not part:
        return money, 0, []
    back = set(uses_back([(u[1], u[0]) for u in uses], earlier.get(1, 0) + part))
    return money, part, [u[0] for u in uses if u[0] in back and u[2] is None]


def uses_back(uses: list[tuple[int, str]], voucher_part: int) -> list[str]:
    """Which of a sale's voucher uses [(amount, redemption id)] the voucher parts of its refunds so
    far (`voucher_part` đồng, pure: the refund dialog says the same before the clerk confirms) give
    back: a use is whole, so the smallest first (then by id) while their amounts add up to at most
    the part. A part smaller than the next use gives it back only when later refunds complete it; a
    sale refunded whole gives back every use."""
    out, covered = [], 0
    for amount, rid in sorted(uses):
        covered += amount
        if covered > voucher_part:
            break
        out.append(rid)
    return out


def money_back(sale_total: int, vouchered: int, refunded_before: int, asked: int) -> int:
    """Of a refund of `asked` đồng, what is paid out (refund_split's rule, pure: the refund dialog
    shows it before the clerk confirms): what the sale took in other ways than vouchers, less
    what earlier refunds already gave back (`refunded_before`: their money, or their whole totals,
    which the rule gives back as money first)."""
    other = sale_total - vouchered
    return max(0, min(asked, other - min(refunded_before, other)))


def unrestored(store: Store, sale_id: str) -> list[str]:
    """The sale's voucher uses not given back yet (a void gives them all back)."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM voucher_redemptions WHERE sale_id = ? AND status = 'redeemed' AND restored_by IS NULL",
        (sale_id,))]


def restore(store: Store, ids: list[str], refund_id: str) -> list[dict]:
    """Give the uses back (in the refund's transaction): the voucher can be spent again (the
    kiosk's allotment too, for an offline use); the refund event tells the centre."""
    store.conn.executemany("UPDATE voucher_redemptions SET restored_by = ? WHERE id = ?",
                           [(refund_id, rid) for rid in ids])
    return [{"id": rid, "restored_by": refund_id} for rid in ids]


def on_sale(store: Store, sale_id: str) -> list[dict]:
    """The sale's voucher uses (receipts and the history screen)."""
    return store.all("SELECT voucher_code, amount, online, restored_by FROM voucher_redemptions WHERE sale_id = ? "
                     "ORDER BY at", (sale_id,))


def listed(store: Store) -> list[dict]:
    """The vouchers valid here by the pulls and today's date, with the offline uses left here."""
    rows = store.all("SELECT * FROM vouchers WHERE listed = 1 AND expires_on >= ? ORDER BY expires_on, code",
                     (store.business_day(),))
    for r in rows:
        r["offline_left"] = _offline_left(store, r)
    return rows
