"""The buyer on an invoice: optional, and checked where it is written.

What the rules ask (Decree 123/2020 Art. 10 §6, carried forward; unconfirmed for Decree 254/2026):
a buyer who wants an invoice in a business's name gives its tax code, name and address; a person
may give a personal ID (CCCD, 12 digits) or a passport number instead; an e-mail or phone says
where the invoice is sent. Without any of them the invoice says "Bán cho người tiêu dùng"
(rules.CONSUMER)."""
from __future__ import annotations

import re

from .. import checks
from ..errors import ValidationError
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
