"""The buyer on an invoice: optional, and checked where it is written.

What the rules ask (Decree 123/2020 Art. 10 §6, carried forward; unconfirmed for Decree 254/2026):
a buyer who wants an invoice in a business's name gives its tax code, name and address; a person
may give a personal ID (CCCD, 12 digits) or a passport number instead; an e-mail or phone says
where the invoice is sent. Without any of them the invoice says "Bán cho người tiêu dùng"
(rules.CONSUMER)."""
from __future__ import annotations

import re

from .. import checks, outbox
from ..errors import ValidationError
from ..store import OpChanges, Store, new_id
from . import rules

FIELDS = ("tax_code", "id_no", "name", "company", "address", "email", "phone")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID_NO = re.compile(r"^(\d{12}|[A-Z]\d{7,8})$")  # CCCD, or a Vietnamese passport (letter + 7/8 digits)
_PHONE = re.compile(r"^0\d{9,10}$")


def _phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not _PHONE.match(digits):
        raise ValidationError("phone number {value!r} is not a Vietnamese phone number (10 digits, 0...)",
                              field="phone", value=value[:20])
    return digits


def check_buyer(buyer: dict | None) -> dict:
    """The buyer's fields, trimmed and checked ({} when nobody was given). A company needs its tax
    code (check digit verified), name and address; a personal ID or passport must look like one."""
    if buyer is None:
        return {}
    checks.record(buyer, "buyer")
    unknown = set(buyer) - set(FIELDS) - {"id", "updated_at"}
    if unknown:
        raise ValidationError("unknown buyer detail {key!r}", field="buyer", key=sorted(unknown)[0])
    out = {k: " ".join(checks.text(buyer.get(k) or "", k, 400).split()) for k in FIELDS}
    if not any(out.values()):
        return {}
    if out["tax_code"]:
        out["tax_code"] = rules.check_tax_code(out["tax_code"])
        if not out["company"] or not out["address"]:
            raise ValidationError("a buyer with a tax code needs the company's name and address", field="company")
    if out["id_no"]:
        out["id_no"] = out["id_no"].upper()
        if not _ID_NO.match(out["id_no"]):
            raise ValidationError("ID {value!r} is neither a 12-digit citizen ID nor a passport number",
                                  field="id_no", value=out["id_no"][:20])
    if out["email"] and not _EMAIL.match(out["email"]):
        raise ValidationError("e-mail address {value!r} is not valid", field="email", value=out["email"][:60])
    if out["phone"]:
        out["phone"] = _phone(out["phone"])
    return out


def invoice_fields(buyer: dict | None) -> dict:
    """The buyer_* columns of an invoice from a checked buyer (all '' for a consumer)."""
    buyer = buyer or {}
    return {f"buyer_{k}": buyer.get(k, "") for k in FIELDS}


# -- buyer profiles: found again by tax code or phone, synced both ways like the catalog ------------
PROFILE_COLS = ("id", *FIELDS, "updated_at")


def find(store: Store, text: str, limit: int = 10) -> list[dict]:
    """Profiles whose tax code or phone is what was typed (spaces, dots, dashes and +84 allowed):
    both columns are indexed, so 100,000 profiles answer at once (bench: buyer_lookup_ms)."""
    checks.text(text, "text", 40)
    raw = re.sub(r"[\s.()]", "", text)
    if not raw:
        return []
    keys = {raw}
    digits = raw.replace("-", "")
    if digits.isascii() and digits.isdigit() and len(digits) in (10, 13):
        keys.add(digits[:10] + (f"-{digits[10:]}" if len(digits) == 13 else ""))
    if digits.startswith("+84") or digits.startswith("84") and len(digits) == 11:
        keys.add("0" + digits[3 if digits.startswith("+") else 2:])
    keys |= {digits}
    marks = ",".join("?" * len(keys))
    cols = ",".join(PROFILE_COLS)
    return store.all(f"SELECT {cols} FROM buyers WHERE tax_code IN ({marks}) UNION "
                     f"SELECT {cols} FROM buyers WHERE phone IN ({marks}) ORDER BY updated_at DESC LIMIT ?",
                     (*sorted(keys), *sorted(keys), limit))


def save(store: Store, data: dict) -> tuple[str, OpChanges]:
    """Make or update a buyer profile (checked as on an invoice) and queue its buyer.saved event in
    the same transaction; an existing id keeps its profile (the last updated_at wins centrally)."""
    buyer = check_buyer(data)
    if not buyer:
        raise ValidationError("a buyer profile needs at least a name, tax code, ID, e-mail or phone", field="buyer")
    buyer_id = data.get("id") or new_id()
    checks.ident(buyer_id, "id")
    row = {"id": buyer_id, **buyer, "updated_at": store.now_iso()}
    with store.transaction() as conn:
        conn.execute(f"INSERT INTO buyers({','.join(PROFILE_COLS)}) VALUES ({','.join('?' * len(PROFILE_COLS))}) "
                     f"ON CONFLICT(id) DO UPDATE SET " + ",".join(f"{c} = excluded.{c}" for c in PROFILE_COLS[1:]),
                     tuple(row[c] for c in PROFILE_COLS))
        outbox.add(store, "buyer.saved", {"buyer": row})
    return buyer_id, OpChanges(outbox=1)


def apply_pulled(store: Store, rows: list) -> OpChanges:
    """Profiles from the centre's pull ("buyers" key): each checked, newer updated_at wins, not
    echoed back as events. Runs inside the pull's transaction (apply_catalog)."""
    for data in checks.records(rows, "buyers"):
        buyer = check_buyer({k: v for k, v in data.items() if k in FIELDS})
        buyer_id = checks.ident(data.get("id"), "id")
        row = {"id": buyer_id, **{k: buyer.get(k, "") for k in FIELDS},
               "updated_at": checks.text(data.get("updated_at") or "", "updated_at", 40)}
        store.conn.execute(
            f"INSERT INTO buyers({','.join(PROFILE_COLS)}) VALUES ({','.join('?' * len(PROFILE_COLS))}) "
            f"ON CONFLICT(id) DO UPDATE SET " + ",".join(f"{c} = excluded.{c}" for c in PROFILE_COLS[1:])
            + " WHERE excluded.updated_at >= buyers.updated_at", tuple(row[c] for c in PROFILE_COLS))
    return OpChanges()
