"""The central office edits the catalog: producers, products, per-location prices, and price
changes that take effect on a given Vietnam day (imports from a spreadsheet: central/catalog/imports.py).

Every write goes through central.catalog.pull's upserts, so each change takes the next catalog
revision and kiosks pull it by their change cursor (nothing here talks to kiosks directly).
Validation repeats the kiosk's own rules (pos.catalog) on the server, so a row the office saves is
one every kiosk accepts; a batch with any bad row changes nothing.
"""
from __future__ import annotations

import datetime as dt
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
PRODUCER_TEXT = ("tax_code", "province", "district", "commune", "address", "contact_name", "phone", "email")


def get_producer(conn, producer_id: str) -> dict | None:
    r = conn.execute(sa.select(m.producers).where(m.producers.c.id == producer_id)).first()
    return dict(r._mapping) if r else None


def without_empty_commune(row: dict) -> dict:
    """A producer as the API and the pull send it: `commune` (added in 0019) only when set, so a
    producer without one reads exactly as before and an older kiosk or script sees no new key."""
    return row if row.get("commune") else {k: v for k, v in row.items() if k != "commune"}


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
            raise _barcode_error(code, exc) from None
        if code not in out:
            out.append(code)
    return out


def _barcode_error(code: str, exc: InvalidBarcode) -> CatalogError:
    """pos's refusal of a barcode as the office says it (pos's own detail, in English, is data)."""
    if "expected" in exc.details:
        return CatalogError(N_("mã vạch {code}: sai số kiểm tra GS1 (đúng ra là {expected})"), "barcodes",
                            code=code, expected=exc.details["expected"])
    return CatalogError(N_("mã vạch {code}: không hợp lệ ({detail})"), "barcodes", code=code, detail=exc.message)


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
    rev = catalog.next_rev(conn)  # kiosks pull the change ahead and apply it on their own day (pos/prices.py)
    conn.execute(sa.insert(m.price_changes), [
        {"id": _new_id(), "batch_id": batch, "product_id": r["product_id"], "location_code": location_code,
         "old_price": r.get("old_price"), "price": r["price"], "effective_day": day, "status": "pending",
         "note": note, "created_by": by, "created_at": now, "rev": rev} for r in plan])
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
    revision; returns how many were applied. Safe to run from many places (cron, requests).
    The applied changes take that revision too: a kiosk pulls the new catalog price and the word
    that the change is applied in the same page, and forgets its own copy of the change."""
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
                 .values(status="applied", applied_at=utc_now_iso(), applied_rev=rev, rev=rev or catalog.next_rev(conn)))
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
    """Cancel a batch's changes not yet applied; under a new revision, so kiosks forget them."""
    pc = m.price_changes
    if conn.execute(sa.select(pc.c.id).where(pc.c.batch_id == batch_id, pc.c.status == "pending").limit(1)).first() is None:
        return 0
    res = conn.execute(sa.update(pc).where(pc.c.batch_id == batch_id, pc.c.status == "pending")
                       .values(status="cancelled", rev=catalog.next_rev(conn)))
    return res.rowcount
