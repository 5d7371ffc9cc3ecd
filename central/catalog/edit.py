"""The central office edits the catalog: producers, products, per-location prices, imports from a
spreadsheet, and price changes that take effect on a given Vietnam day.

Every write goes through central.catalog.pull's upserts, so each change takes the next catalog
revision and kiosks pull it by their change cursor (nothing here talks to kiosks directly).
Validation repeats the kiosk's own rules (pos.catalog) on the server, so a row the office saves is
one every kiosk accepts; a batch with any bad row changes nothing.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid

import sqlalchemy as sa

from pos import barcodes as bc
from pos.catalog import MAX_PRICE, PRODUCER_KINDS, VAT_RATES, add_months
from pos.errors import InvalidBarcode
from pos.money import round_div

from central import models as m
from central.catalog import commission
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso, vn_today


def _new_id() -> str:
    return str(uuid.uuid4())


# -- producers --------------------------------------------------------------------------------
PRODUCER_TEXT = ("tax_code", "province", "district", "address", "contact_name", "phone", "email")


def get_producer(conn, producer_id: str) -> dict | None:
    r = conn.execute(sa.select(m.producers).where(m.producers.c.id == producer_id)).first()
    return dict(r._mapping) if r else None


def list_producers(conn) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(sa.select(m.producers).order_by(m.producers.c.name))]


def clean_producer(conn, data: dict) -> dict:
    """The full producer row to store (an edit keeps fields it was not given)."""
    existing = None
    if data.get("id"):
        existing = get_producer(conn, data["id"])
        if existing is None:
            raise CatalogError(N_("không có nhà sản xuất {id}"), "id", id=data["id"])
    elif data.get("code"):
        r = conn.execute(sa.select(m.producers).where(m.producers.c.code == str(data["code"]).strip())).first()
        existing = dict(r._mapping) if r else None
    row = {k: v for k, v in (existing or {}).items() if k not in ("rev", "updated_at")}
    row.update({k: v for k, v in data.items() if k in m.producers.c and k not in ("rev", "updated_at")})
    row["code"] = str(row.get("code") or "").strip()
    row["name"] = str(row.get("name") or "").strip()
    if not row["code"]:
        raise CatalogError(N_("cần mã nhà sản xuất"), "code")
    if not row["name"]:
        raise CatalogError(N_("cần tên nhà sản xuất"), "name")
    row.setdefault("kind", "household")
    if row["kind"] not in PRODUCER_KINDS:
        raise CatalogError(N_("loại hình phải là một trong {kinds}"), "kind", kinds=", ".join(PRODUCER_KINDS))
    row["commission_bp"] = whole(row.get("commission_bp", 0), "commission_bp", N_("hoa hồng (phần vạn)"), 0, 10_000)
    row["active"] = 1 if row.get("active", 1) in (1, True, "1", "on", "true") else 0
    for k in PRODUCER_TEXT:
        row[k] = str(row.get(k) or "").strip()
    row["id"] = row.get("id") or _new_id()
    clash = conn.execute(sa.select(m.producers.c.id).where(m.producers.c.code == row["code"],
                                                           m.producers.c.id != row["id"])).first()
    if clash:
        raise CatalogError(N_("mã {code} đã dùng cho nhà sản xuất khác"), "code", code=row["code"])
    return row


def save_producer(conn, data: dict, by: str = "", today: dt.date | None = None) -> dict:
    """Create or edit a producer. A new producer's rate holds from the beginning of time; a changed
    rate of an existing one is a rate change from `commission_from` (default today, never a past
    day), so past settlements keep the rate they were made with."""
    row = clean_producer(conn, data)
    existing = get_producer(conn, row["id"])
    new_bp = row["commission_bp"]
    rate_change = existing is not None and (data.get("commission_from") not in (None, "")
                                            or new_bp != existing["commission_bp"])
    if rate_change:
        row["commission_bp"] = existing["commission_bp"]
    rev = catalog.upsert_producers(conn, [row], by, today)
    out = {"id": row["id"], "rev": rev}
    if rate_change:
        out["commission"] = commission.set_rate(conn, row["id"], new_bp, data.get("commission_from"), by,
                                                today=today)
        out["rev"] = catalog.current_rev(conn)
    return out


# -- products ---------------------------------------------------------------------------------
PRODUCT_TEXT = ("name_en", "ocop_cert_no", "origin", "trace_url")


def get_product(conn, product_id: str) -> dict | None:
    r = conn.execute(sa.select(m.products).where(m.products.c.id == product_id)).first()
    if r is None:
        return None
    d = dict(r._mapping)
    d["barcodes"] = json.loads(d["barcodes"] or "[]")
    return d


def find_sku(conn, sku: str) -> dict | None:
    r = conn.execute(sa.select(m.products.c.id).where(m.products.c.sku == sku)).first()
    return get_product(conn, r.id) if r else None


def list_products(conn, text: str = "", producer_id: str = "", limit: int = 500) -> list[dict]:
    p = m.products
    q = sa.select(p).order_by(p.c.sku).limit(limit)
    if text:
        like = f"%{text}%"
        q = q.where(sa.or_(p.c.sku.ilike(like), p.c.name_vi.ilike(like), p.c.barcodes.like(like)))
    if producer_id:
        q = q.where(p.c.producer_id == producer_id)
    out = []
    for r in conn.execute(q):
        d = dict(r._mapping)
        d["barcodes"] = json.loads(d["barcodes"] or "[]")
        out.append(d)
    return out


def _barcodes(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    items = value if isinstance(value, list) else str(value).replace(";", " ").replace(",", " ").split()
    out = []
    for code in items:
        try:
            code = bc.validate_key(str(code))
        except InvalidBarcode as exc:
            raise CatalogError(f"mã vạch {code}: {_barcode_reason(exc)}", "barcodes") from None
        if code not in out:
            out.append(code)
    return out


def _barcode_reason(exc: InvalidBarcode) -> str:
    d = exc.details
    if "expected" in d:
        return f"sai số kiểm tra GS1 (đúng ra là {d['expected']})"
    return "không hợp lệ (" + exc.message + ")"


def barcode_owner(conn, code: str, other_than: str) -> str | None:
    """The SKU of another product already carrying this code, if any."""
    p = m.products
    for r in conn.execute(sa.select(p.c.id, p.c.sku, p.c.barcodes)
                          .where(p.c.barcodes.like(f'%"{code}"%'), p.c.id != other_than)):
        if code in json.loads(r.barcodes or "[]"):
            return r.sku
    return None


def barcode_owners(conn) -> dict[str, tuple[str, str]]:
    """code -> (product id, sku) over the whole catalog, read once for a file import."""
    out = {}
    for r in conn.execute(sa.select(m.products.c.id, m.products.c.sku, m.products.c.barcodes)
                          .where(m.products.c.barcodes != "[]")):
        for code in json.loads(r.barcodes or "[]"):
            out[code] = (r.id, r.sku)
    return out


def clean_product(conn, data: dict, producers_by_code: dict | None = None,
                  owners: dict[str, tuple[str, str]] | None = None) -> dict:
    """The full product row to store, validated as a kiosk would (pos.catalog._validate_product),
    plus GS1 check digits and barcode uniqueness across the chain."""
    existing = None
    if data.get("id"):
        existing = get_product(conn, data["id"])
        if existing is None:
            raise CatalogError(N_("không có sản phẩm {id}"), "id", id=data["id"])
    elif data.get("sku"):
        existing = find_sku(conn, str(data["sku"]).strip())
    row = {k: v for k, v in (existing or {}).items() if k not in ("rev", "updated_at")}
    row.update({k: v for k, v in data.items() if k in m.products.c and k not in ("rev", "updated_at")})
    row["sku"] = str(row.get("sku") if row.get("sku") is not None else "").strip()
    row["name_vi"] = str(row.get("name_vi") or "").strip()
    if not row["sku"]:
        raise CatalogError(N_("cần mã hàng (SKU)"), "sku")
    if len(row["sku"]) > 64:
        raise CatalogError(N_("mã hàng dài quá 64 ký tự"), "sku")
    if not row["name_vi"]:
        raise CatalogError(N_("cần tên hàng tiếng Việt"), "name_vi")
    _place(conn, row, data, producers_by_code)
    row["price"] = whole(row.get("price"), "price", N_("giá bán (₫)"), 0, MAX_PRICE, money=True)
    row["vat_rate"] = whole(row.get("vat_rate", 8), "vat_rate", N_("thuế GTGT (%)"), 0, 10)
    if row["vat_rate"] not in VAT_RATES:
        raise CatalogError(N_("thuế GTGT phải là 0, 5, 8 hoặc 10 %"), "vat_rate")
    stars = row.get("ocop_stars")
    row["ocop_stars"] = None if stars in (None, "") else whole(stars, "ocop_stars", N_("số sao OCOP"), 3, 5)
    row["sold_by_weight"] = 1 if row.get("sold_by_weight") in (1, True, "1", "on", "true", "có") else 0
    row["low_stock"] = whole(row.get("low_stock", 0) or 0, "low_stock", N_("ngưỡng tồn thấp"), 0, 10**9)
    row["unit"] = str(row.get("unit") or ("kg" if row["sold_by_weight"] else "cái")).strip()
    row["active"] = 1 if row.get("active", 1) in (1, True, "1", "on", "true") else 0
    row["ocop_cert_issued"] = iso_day(row.get("ocop_cert_issued"), "ocop_cert_issued", N_("ngày cấp chứng nhận"))
    row["ocop_cert_expires"] = iso_day(row.get("ocop_cert_expires"), "ocop_cert_expires", N_("ngày hết hạn chứng nhận"))
    if row["ocop_cert_issued"] and not row["ocop_cert_expires"]:  # OCOP certificates run 36 months
        row["ocop_cert_expires"] = add_months(dt.date.fromisoformat(row["ocop_cert_issued"]), 36).isoformat()
    if row["ocop_cert_issued"] and row["ocop_cert_expires"] and row["ocop_cert_expires"] < row["ocop_cert_issued"]:
        raise CatalogError(N_("ngày hết hạn chứng nhận trước ngày cấp"), "ocop_cert_expires")
    for k in PRODUCT_TEXT:
        row[k] = str(row.get(k) or "").strip()
    row["barcodes"] = _barcodes(data["barcodes"]) if "barcodes" in data else list(row.get("barcodes") or [])
    row["id"] = row.get("id") or _new_id()
    _check_unique(conn, row, owners)
    return row


def _place(conn, row: dict, data: dict, producers_by_code: dict | None) -> None:
    """clean_product's producer (by id or by code) and category (or none), both checked to exist."""
    if data.get("producer_code"):
        code = str(data["producer_code"]).strip()
        pid = (producers_by_code or {}).get(code) or conn.execute(
            sa.select(m.producers.c.id).where(m.producers.c.code == code)).scalar()
        if not pid:
            raise CatalogError(N_("không có nhà sản xuất mã {code}"), "producer_code", code=code)
        row["producer_id"] = pid
    if not row.get("producer_id"):
        raise CatalogError(N_("cần nhà sản xuất"), "producer_id")
    known = set((producers_by_code or {}).values())
    if row["producer_id"] not in known and get_producer(conn, row["producer_id"]) is None:
        raise CatalogError(N_("không có nhà sản xuất {id}"), "producer_id", id=row["producer_id"])
    if row.get("category_id"):
        if conn.execute(sa.select(m.categories.c.id).where(m.categories.c.id == row["category_id"])).first() is None:
            raise CatalogError(N_("không có nhóm hàng {id}"), "category_id", id=row["category_id"])
    else:
        row["category_id"] = None


def _check_unique(conn, row: dict, owners: dict[str, tuple[str, str]] | None) -> None:
    """clean_product's last check: the SKU and each barcode belong to no other product."""
    clash = conn.execute(sa.select(m.products.c.id).where(m.products.c.sku == row["sku"],
                                                          m.products.c.id != row["id"])).first()
    if clash:
        raise CatalogError(N_("mã hàng {sku} đã dùng cho sản phẩm khác"), "sku", sku=row["sku"])
    for code in row["barcodes"]:
        if owners is not None:
            held = owners.get(code)
            owner = held[1] if held and held[0] != row["id"] else None
        else:
            owner = barcode_owner(conn, code, row["id"])
        if owner:
            raise CatalogError(N_("mã vạch {code} đã gắn với sản phẩm {owner}"), "barcodes", code=code, owner=owner)


def save_product(conn, data: dict) -> dict:
    row = clean_product(conn, data)
    rev = catalog.upsert_products(conn, [row])
    return {"id": row["id"], "rev": rev}


def list_categories(conn) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(sa.select(m.categories).order_by(m.categories.c.sort,
                                                                                    m.categories.c.name_vi))]


def save_category(conn, data: dict) -> dict:
    name = str(data.get("name_vi") or "").strip()
    if not name:
        raise CatalogError(N_("cần tên nhóm hàng"), "name_vi")
    row = {"id": data.get("id") or _new_id(), "name_vi": name, "name_en": str(data.get("name_en") or ""),
           "sort": whole(data.get("sort", 0) or 0, "sort", "thứ tự", 0, 10**6)}
    return {"id": row["id"], "rev": catalog.upsert_categories(conn, [row])}


# -- per-location prices ----------------------------------------------------------------------
def location_prices(conn, product_id: str) -> list[dict]:
    lp = m.location_prices
    return [dict(r._mapping) for r in conn.execute(sa.select(lp).where(lp.c.product_id == product_id)
                                                   .order_by(lp.c.location_code))]


def set_location_price(conn, product_id: str, location_code: str, price) -> dict:
    """A location's own price for a product; price None/'' removes it, and the product row is
    re-stamped so kiosks at that location pull the base price again."""
    product = get_product(conn, product_id)
    if product is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "product_id", id=product_id)
    if conn.execute(sa.select(m.locations.c.code).where(m.locations.c.code == location_code)).first() is None:
        raise CatalogError(N_("không có điểm bán {code}"), "location_code", code=location_code)
    if price in (None, ""):
        conn.execute(sa.delete(m.location_prices).where(m.location_prices.c.product_id == product_id,
                                                        m.location_prices.c.location_code == location_code))
        return {"rev": catalog.upsert_products(conn, [product])}
    price = whole(price, "price", N_("giá tại điểm bán (₫)"), 0, MAX_PRICE, money=True)
    return {"rev": catalog.upsert_prices(conn, [{"location_code": location_code, "product_id": product_id,
                                                 "price": price}])}


# -- price changes from a date ----------------------------------------------------------------
def _rounded(price: int, round_to: int) -> int:
    return round_div(price, round_to) * round_to if round_to > 1 else price


def plan_bulk_change(conn, *, items: list[dict] | None = None, percent_bp: int | None = None,
                     producer_id: str = "", round_to: int = 1000, location_code: str = "") -> list[dict]:
    """The new prices a bulk change would set: explicit [{sku|product_id, price}] items, or every
    active product (of one producer) moved by percent_bp basis points, rounded to `round_to` đồng."""
    out = []
    if location_code and conn.execute(sa.select(m.locations.c.code)
                                      .where(m.locations.c.code == location_code)).first() is None:
        raise CatalogError(N_("không có điểm bán {code}"), "location_code", code=location_code)
    if items:
        for i, it in enumerate(items, start=1):
            prod = get_product(conn, it["product_id"]) if it.get("product_id") else find_sku(conn, str(it.get("sku", "")))
            if prod is None:
                raise CatalogError(N_("dòng {n}: không có sản phẩm {sku}"), "items", n=i,
                                   sku=it.get("sku") or it.get("product_id"))
            price = whole(it.get("price"), "price", f"dòng {i}: giá mới (₫)", 0, MAX_PRICE, money=True)
            out.append({"product_id": prod["id"], "sku": prod["sku"], "name_vi": prod["name_vi"],
                        "old_price": prod["price"], "price": price})
    elif percent_bp is not None:
        pct = whole(percent_bp, "percent_bp", N_("mức thay đổi (phần vạn)"), -9_000, 100_000)
        step = whole(round_to, "round_to", N_("làm tròn đến (₫)"), 1, 1_000_000)
        p = m.products
        q = sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.price).where(p.c.active == 1).order_by(p.c.sku)
        if producer_id:
            q = q.where(p.c.producer_id == producer_id)
        for r in conn.execute(q):
            new = _rounded(round_div(int(r.price) * (10_000 + pct), 10_000), step)
            out.append({"product_id": r.id, "sku": r.sku, "name_vi": r.name_vi, "old_price": int(r.price),
                        "price": min(new, MAX_PRICE)})
    else:
        raise CatalogError(N_("cần danh sách giá mới hoặc mức thay đổi theo %"), "items")
    if not out:
        raise CatalogError(N_("không có sản phẩm nào để đổi giá"), "items")
    return out


def schedule_price_change(conn, plan: list[dict], effective_day, by: str, note: str = "",
                          location_code: str = "", today: dt.date | None = None) -> dict:
    """Record the new prices to take effect on `effective_day` (a Vietnam day). A day that has
    already begun applies at once."""
    day = iso_day(effective_day, "effective_day", N_("ngày áp dụng"))
    if day is None:
        raise CatalogError(N_("cần ngày áp dụng"), "effective_day")
    today = today or vn_today()
    batch = _new_id()
    now = utc_now_iso()
    conn.execute(sa.insert(m.price_changes), [
        {"id": _new_id(), "batch_id": batch, "product_id": r["product_id"], "location_code": location_code,
         "old_price": r.get("old_price"), "price": r["price"], "effective_day": day, "status": "pending",
         "note": note, "created_by": by, "created_at": now} for r in plan])
    applied = apply_due_price_changes(conn, today) if day <= today.isoformat() else 0
    return {"batch_id": batch, "effective_day": day, "items": len(plan), "applied": applied}


SCHEDULE_LOCK = 0x0C0F_5C4E  # pg advisory lock key: "apply scheduled changes"


def serialize_scheduled(conn) -> None:
    """Whoever applies scheduled changes (the loop, a page, cron) does it one at a time. On
    PostgreSQL two READ COMMITTED transactions would both see a change pending and both apply
    it (two revisions, the second overwriting with what it read before); a transaction-scoped
    advisory lock queues the second, which then sees the change applied. SQLite transactions
    here start with BEGIN IMMEDIATE, which already queues them."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEDULE_LOCK})


def apply_due_price_changes(conn, today: dt.date | None = None) -> int:
    """Apply pending changes whose day has come (Vietnam time), oldest first, under ONE new
    revision; returns how many were applied. Safe to run from many places (cron, requests)."""
    today = today or vn_today()
    serialize_scheduled(conn)
    pc = m.price_changes
    due = list(conn.execute(sa.select(pc).where(pc.c.status == "pending", pc.c.effective_day <= today.isoformat())
                            .order_by(pc.c.effective_day, pc.c.created_at, pc.c.id)))
    if not due:
        return 0
    base: dict[str, int] = {}
    local: dict[tuple[str, str], int] = {}
    for r in due:  # a later change of the same price wins
        if r.location_code:
            local[(r.location_code, r.product_id)] = int(r.price)
        else:
            base[r.product_id] = int(r.price)
    rev = None
    products = [get_product(conn, pid) for pid in base]
    products = [{**p, "price": base[p["id"]]} for p in products if p is not None]
    if products:
        rev = catalog.upsert_products(conn, products)
    if local:
        rev = catalog.upsert_prices(conn, [{"location_code": loc, "product_id": pid, "price": price}
                                           for (loc, pid), price in local.items()])
    conn.execute(sa.update(pc).where(pc.c.id.in_([r.id for r in due]), pc.c.status == "pending")
                 .values(status="applied", applied_at=utc_now_iso(), applied_rev=rev))
    return len(due)


def price_change_batches(conn, limit: int = 50) -> list[dict]:
    pc = m.price_changes
    q = (sa.select(pc.c.batch_id, sa.func.min(pc.c.effective_day).label("effective_day"),
                   sa.func.max(pc.c.location_code).label("location_code"), sa.func.count().label("items"),
                   sa.func.max(pc.c.status).label("status"), sa.func.max(pc.c.note).label("note"),
                   sa.func.max(pc.c.created_by).label("created_by"), sa.func.max(pc.c.created_at).label("created_at"))
         .group_by(pc.c.batch_id).order_by(sa.func.max(pc.c.created_at).desc()).limit(limit))
    return [dict(r._mapping) for r in conn.execute(q)]


def batch_items(conn, batch_id: str) -> list[dict]:
    pc, p = m.price_changes, m.products
    q = (sa.select(pc, p.c.sku, p.c.name_vi).select_from(pc.outerjoin(p, p.c.id == pc.c.product_id))
         .where(pc.c.batch_id == batch_id).order_by(p.c.sku))
    return [dict(r._mapping) for r in conn.execute(q)]


def cancel_batch(conn, batch_id: str) -> int:
    res = conn.execute(sa.update(m.price_changes).where(m.price_changes.c.batch_id == batch_id,
                                                      m.price_changes.c.status == "pending")
                       .values(status="cancelled"))
    return res.rowcount


# -- import from CSV / XLSX -------------------------------------------------------------------
# Header names the office may use (Vietnamese or the field names) -> field.
COLUMNS = {
    "sku": "sku", "mã hàng": "sku", "ma hang": "sku",
    "name_vi": "name_vi", "tên hàng": "name_vi", "ten hang": "name_vi",
    "name_en": "name_en", "tên tiếng anh": "name_en",
    "producer_code": "producer_code", "mã nsx": "producer_code", "mã nhà sản xuất": "producer_code",
    "producer_name": "producer_name", "nhà sản xuất": "producer_name", "tên nhà sản xuất": "producer_name",
    "unit": "unit", "đơn vị": "unit", "price": "price", "giá": "price", "giá bán": "price",
    "vat_rate": "vat_rate", "thuế gtgt": "vat_rate", "vat": "vat_rate",
    "ocop_stars": "ocop_stars", "sao ocop": "ocop_stars", "số sao": "ocop_stars",
    "ocop_cert_no": "ocop_cert_no", "số chứng nhận": "ocop_cert_no",
    "ocop_cert_issued": "ocop_cert_issued", "ngày cấp": "ocop_cert_issued",
    "ocop_cert_expires": "ocop_cert_expires", "ngày hết hạn": "ocop_cert_expires",
    "barcodes": "barcodes", "mã vạch": "barcodes", "barcode": "barcodes",
    "sold_by_weight": "sold_by_weight", "bán theo cân": "sold_by_weight",
    "low_stock": "low_stock", "tồn tối thiểu": "low_stock", "origin": "origin", "xuất xứ": "origin",
    "commission_bp": "commission_bp", "hoa hồng (phần vạn)": "commission_bp",
}
MAX_IMPORT_ROWS = 20_000


def parse_file(filename: str, data: bytes) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or the first sheet of an
    XLSX, keyed by field name; unknown columns are ignored, blank rows skipped."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a broken or non-XLSX file
            raise CatalogError(f"không đọc được tệp Excel: {exc}", "file") from None
        # Excel keeps numbers as floats: 8930000000057.0 is the barcode 8930000000057
        table = [[int(v) if isinstance(v, float) and v.is_integer() else v for v in r]
                 for r in wb.worksheets[0].iter_rows(values_only=True)]
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CatalogError(N_("tệp CSV phải là UTF-8"), "file") from None
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise CatalogError(N_("chỉ nhận tệp .csv hoặc .xlsx"), "file")
    if not table:
        raise CatalogError(N_("tệp trống"), "file")
    header = [COLUMNS.get(str(h or "").strip().lower()) for h in table[0]]
    if "sku" not in header:
        raise CatalogError(N_("dòng đầu phải là tiêu đề, có cột 'sku' (hoặc 'Mã hàng')"), "file")
    rows = []
    for n, values in enumerate(table[1:], start=2):
        if all(v in (None, "") for v in values):
            continue
        row = {"_row": n}
        for field, v in zip(header, values):
            if field:
                row[field] = v.strip() if isinstance(v, str) else v
        rows.append(row)
    if len(rows) > MAX_IMPORT_ROWS:
        raise CatalogError(N_("tối đa {n} dòng mỗi lần nhập"), "file", n=MAX_IMPORT_ROWS)
    return rows


def preview_rows(conn, rows: list[dict]) -> list[dict]:
    """Per row: what applying would do (create / update / unchanged) or why it cannot."""
    producers = {r.code: r.id for r in conn.execute(sa.select(m.producers.c.code, m.producers.c.id))}
    owners = barcode_owners(conn)
    new_producers: dict[str, str] = {}
    seen_sku: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    out = []
    for raw in rows:
        n = raw.get("_row")
        errors: list[str] = []
        data = {k: v for k, v in raw.items() if not k.startswith("_")}
        sku = str(data.get("sku") or "").strip()
        pcode = str(data.get("producer_code") or "").strip()
        if pcode and pcode not in producers and pcode not in new_producers:
            if data.get("producer_name"):
                new_producers[pcode] = _new_id()
            else:
                errors.append(f"không có nhà sản xuất mã {pcode} (thêm cột 'Nhà sản xuất' để tạo mới)")
        if sku in seen_sku:
            errors.append(f"mã hàng {sku} trùng với dòng {seen_sku[sku]}")
        seen_sku.setdefault(sku, n)
        action, row = "", None
        if not errors:
            try:
                existing = find_sku(conn, sku) if sku else None
                data.pop("producer_name", None)
                data.pop("commission_bp", None)
                row = clean_product(conn, data, {**producers, **new_producers}, owners)
                if existing is None:
                    action = "create"
                else:
                    same = all(existing.get(k) == row.get(k) for k in row if k != "barcodes") and \
                        existing["barcodes"] == row["barcodes"]
                    action = "unchanged" if same else "update"
            except CatalogError as exc:
                errors.append(str(exc))
        for code in (row or {}).get("barcodes", []):
            if code in seen_code:
                errors.append(f"mã vạch {code} trùng với dòng {seen_code[code]}")
            seen_code.setdefault(code, n)
        out.append({"row": n, "sku": sku, "name_vi": str(raw.get("name_vi") or ""), "action": "" if errors else action,
                    "errors": errors,
                    "new_producer": pcode if pcode in new_producers and not errors else ""})
    return out


def create_import(conn, filename: str, data: bytes, by: str) -> dict:
    rows = parse_file(filename, data)
    preview = preview_rows(conn, rows)
    iid = _new_id()
    safe_rows = json.loads(json.dumps(rows, default=str, ensure_ascii=False))
    bad = sum(1 for p in preview if p["errors"])
    conn.execute(sa.insert(m.catalog_imports).values(
        id=iid, filename=filename, rows=json.dumps(safe_rows, ensure_ascii=False),
        preview=json.dumps(preview, ensure_ascii=False), error_rows=bad, created_by=by, created_at=utc_now_iso()))
    return {"id": iid, "filename": filename, "rows": len(rows), "error_rows": bad, "preview": preview}


def get_import(conn, import_id: str) -> dict | None:
    r = conn.execute(sa.select(m.catalog_imports).where(m.catalog_imports.c.id == import_id)).first()
    if r is None:
        return None
    d = dict(r._mapping)
    d["rows"], d["preview"] = json.loads(d["rows"]), json.loads(d["preview"])
    return d


def apply_import(conn, import_id: str) -> dict:
    """Apply a previewed import, all or nothing: the rows are validated again (the catalog may
    have changed since the preview) and any error refuses the whole file."""
    imp = get_import(conn, import_id)
    if imp is None:
        raise CatalogError(N_("không có lần nhập này"), "id")
    if imp["applied_at"]:
        raise CatalogError(N_("tệp này đã được áp dụng"), "id")
    preview = preview_rows(conn, imp["rows"])
    bad = [p for p in preview if p["errors"]]
    if bad:
        raise CatalogError(f"{len(bad)} dòng có lỗi, chưa áp dụng gì (dòng đầu tiên: {bad[0]['row']}: "
                           f"{bad[0]['errors'][0]})", "rows")
    producers = {r.code: r.id for r in conn.execute(sa.select(m.producers.c.code, m.producers.c.id))}
    new_prod = []
    for raw in imp["rows"]:
        code = str(raw.get("producer_code") or "").strip()
        if code and code not in producers:
            pid = _new_id()
            new_prod.append(clean_producer(conn, {"id": None, "code": code, "name": raw.get("producer_name"),
                                                  "commission_bp": raw.get("commission_bp") or 0}) | {"id": pid})
            producers[code] = pid
    if new_prod:
        catalog.upsert_producers(conn, new_prod)
    owners = barcode_owners(conn)
    rows = []
    for raw, p in zip(imp["rows"], preview):
        if p["action"] in ("create", "update"):
            data = {k: v for k, v in raw.items() if not k.startswith("_") and k not in ("producer_name",
                                                                                        "commission_bp")}
            rows.append(clean_product(conn, data, producers, owners))
    rev = catalog.upsert_products(conn, rows) if rows else catalog.current_rev(conn)
    conn.execute(sa.update(m.catalog_imports).where(m.catalog_imports.c.id == import_id)
                 .values(applied_at=utc_now_iso(), applied_rev=rev))
    return {"created": sum(p["action"] == "create" for p in preview),
            "updated": sum(p["action"] == "update" for p in preview),
            "unchanged": sum(p["action"] == "unchanged" for p in preview),
            "producers_created": len(new_prod), "rev": rev}
