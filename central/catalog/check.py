"""Checks on the catalog rows the server serves to kiosks, with the kiosk's own rules.

Why here and not only in the admin API: the admin API validates its own edits, but a row can
reach the tables another way (SQL by hand, an import path, an old bug). One such row used to go
out in a pull page and the kiosk, applying the page all or nothing, refused the whole page, so
that kiosk's catalog stopped for good. Now the server withholds the bad row (the rest of the
page flows), logs it, lists it in the page's `rejected` (the kiosk's sync report shows it) and
in GET /admin/catalog/problems for the central office. The kiosk also applies row by row, so a
row the server could not judge (a producer the kiosk lacks, a local SKU clash) is reported
there instead of stopping the pull."""
from __future__ import annotations

import json
import re

import sqlalchemy as sa

from pos import barcodes as bc
from pos.catalog import MAX_PRICE, PRODUCER_KINDS, VAT_RATES
from pos.errors import InvalidBarcode, ValidationError
from pos.settings import validate_settings
from pos.staff import HASH_LEN, ROLES

from central import models as m

STAFF_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")  # as pos.staff accepts


def _whole(v, lo: int, hi: int) -> bool:
    return type(v) is int and lo <= v <= hi


def _text(v) -> bool:
    return isinstance(v, str) and bool(v.strip())


def barcodes_of(raw) -> list[str]:
    """The stored JSON list of codes; ValueError when it is not one."""
    codes = json.loads(raw or "[]")
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ValueError("barcodes is not a JSON list of codes")
    return codes


def product_problem(r: dict) -> tuple[str, str] | None:
    """(field, reason) for a product row as served (price = the location's price), or None."""
    if not _text(r.get("sku")):
        return "sku", "SKU is missing"
    if not _text(r.get("name_vi")):
        return "name_vi", "Vietnamese name is missing"
    if not _text(r.get("producer_id")):
        return "producer_id", "producer is missing"
    if not _whole(r.get("price"), 0, MAX_PRICE):
        return "price", f"price must be a whole number of đồng from 0 to {MAX_PRICE}, got {r.get('price')!r}"
    if r.get("vat_rate") not in VAT_RATES or type(r.get("vat_rate")) is not int:
        return "vat_rate", f"VAT rate must be one of {VAT_RATES}, got {r.get('vat_rate')!r}"
    if r.get("ocop_stars") not in (None, 3, 4, 5):
        return "ocop_stars", f"OCOP stars must be 3, 4 or 5, got {r.get('ocop_stars')!r}"
    if r.get("sold_by_weight") not in (0, 1):
        return "sold_by_weight", "sold_by_weight must be 0 or 1"
    if not _whole(r.get("low_stock", 0), 0, 2**62):
        return "low_stock", "low-stock threshold must be a whole number >= 0"
    for code in r.get("barcodes") or []:
        try:
            bc.validate_key(code)
        except InvalidBarcode as exc:
            return "barcodes", f"barcode {code}: {exc.message}"
    return None


def producer_problem(r: dict) -> tuple[str, str] | None:
    if not _text(r.get("code")):
        return "code", "producer code is missing"
    if not _text(r.get("name")):
        return "name", "producer name is missing"
    if r.get("kind") not in PRODUCER_KINDS:
        return "kind", f"producer kind must be one of {PRODUCER_KINDS}, got {r.get('kind')!r}"
    if not _whole(r.get("commission_bp"), 0, 10_000):
        return "commission_bp", "commission must be 0-10000 basis points"
    return None


def category_problem(r: dict) -> tuple[str, str] | None:
    if not _text(r.get("name_vi")):
        return "name_vi", "category name is missing"
    if not _whole(r.get("sort", 0), -2**31, 2**31):
        return "sort", "sort must be a whole number"
    return None


def staff_problem(r: dict) -> tuple[str, str] | None:
    if not STAFF_CODE.match(str(r.get("code") or "")):
        return "code", "staff code: 1-20 letters, digits, _ . -"
    if not _text(r.get("name")):
        return "name", "staff name is missing"
    if r.get("role") not in ROLES:
        return "role", f"role must be one of {ROLES}"
    try:
        salt, digest = bytes.fromhex(r.get("pin_salt") or ""), bytes.fromhex(r.get("pin_hash") or "")
    except (TypeError, ValueError):
        return "pin_hash", "pin_salt/pin_hash must be hex"
    if len(salt) < 8 or len(digest) != HASH_LEN:
        return "pin_hash", "bad PIN hash"
    return None


# Keys the centre may push to kiosks; device identity and local hardware stay the kiosk's own.
PULLABLE_SETTINGS = {
    "store_name", "receipt_header", "receipt_footer", "tax_code", "address", "phone", "bank_bin",
    "bank_account", "bank_account_name", "discount_approval_pct", "cash_variance_approval_vnd",
    "max_pin_failures", "lockout_minutes", "idle_lock_minutes", "reconcile_time", "location_name",
}


def setting_problem(key: str, raw) -> tuple[object, str | None]:
    """(value, reason): the decoded value, or the reason it cannot be served."""
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return None, "value is not JSON"
    try:
        validate_settings({key: value})
    except ValidationError as exc:
        return value, exc.message if hasattr(exc, "message") else str(exc)
    return value, None


CHECKS = {"producers": producer_problem, "categories": category_problem, "staff": staff_problem}


def problem(kind: str, row: dict, field: str, reason: str) -> dict:
    return {"kind": kind, "id": row.get("id") or row.get("key"), "sku": row.get("sku"), "code": row.get("code"),
            "location_code": row.get("location_code"), "field": field, "reason": reason}


def scan(conn) -> list[dict]:
    """Every catalog row a kiosk would be refused, for the central office (whole tables: an
    on-demand admin report, not the pull path)."""
    out = []
    for kind, check in CHECKS.items():
        for r in conn.execute(sa.select(getattr(m, kind))):
            row = dict(r._mapping)
            bad = check(row)
            if bad:
                out.append(problem(kind, row, *bad))
    prices = {}
    for r in conn.execute(sa.select(m.location_prices)):
        prices.setdefault(r.product_id, []).append(r)
    for r in conn.execute(sa.select(m.products)):
        row = dict(r._mapping)
        try:
            row["barcodes"] = barcodes_of(row["barcodes"])
        except ValueError as exc:
            out.append(problem("products", row, "barcodes", str(exc)))
            continue
        bad = product_problem(row)
        if bad:
            out.append(problem("products", row, *bad))
        for lp in prices.get(row["id"], []):
            bad = product_problem({**row, "price": lp.price})
            if bad and bad[0] == "price":
                out.append(problem("location_prices", {**row, "location_code": lp.location_code}, *bad))
    for r in conn.execute(sa.select(m.settings)):
        if r.key in PULLABLE_SETTINGS:
            _, reason = setting_problem(r.key, r.value)
            if reason:
                out.append(problem("settings", {"id": r.key, "location_code": r.location_code}, "value", reason))
    return out
