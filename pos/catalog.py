"""Producers, categories, products and barcodes: validation on the way in, fast look-ups out.

Every product write goes through upsert_product so the search index (product_search, FTS5 over
folded text) stays in step; pulled catalog data from the server uses the same path."""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from . import barcodes as bc
from . import (announcements, content, gs1, price_pull, prices, promotion_store, recalls, sets, vat_schedule,
               vouchers)
from .einvoice import buyers as einvoice_buyers
from .einvoice import catchup as einvoice_catchup
from .money import MAX_PRICE
from .errors import ExpiredItem, InvalidBarcode, PosError, UnknownBarcode, UnknownProduct, ValidationError
from .store import OpChanges, Store, new_id
from .text import fold, is_ascii_digits, nfkc, search_body  # noqa: F401 - search_body re-exported

PRODUCER_KINDS = ("household", "cooperative", "coop_group", "enterprise")
VAT_RATES = (0, 5, 8, 10)

PRODUCT_FIELDS = (
    "sku", "name_vi", "name_en", "category_id", "producer_id", "unit", "sold_by_weight", "price",
    "vat_rate", "ocop_stars", "ocop_cert_no", "ocop_cert_issued", "ocop_cert_expires", "origin",
    "trace_url", "low_stock", "local", "active",
)
PRODUCER_FIELDS = (
    "code", "name", "kind", "tax_code", "province", "district", "commune", "address", "contact_name", "phone",
    "email", "commission_bp", "active",
)

PRODUCT_SELECT = """
SELECT p.id, p.sku, p.name_vi, p.name_en, p.category_id, p.producer_id, p.unit, p.sold_by_weight,
       p.price, p.vat_rate, p.ocop_stars, p.ocop_cert_no, p.ocop_cert_issued, p.ocop_cert_expires,
       p.origin, p.trace_url, p.low_stock, p.local, p.active, pr.name AS producer_name
FROM products p JOIN producers pr ON pr.id = p.producer_id
"""
_PRODUCT_COLS = ("id", "sku", "name_vi", "name_en", "category_id", "producer_id", "unit", "sold_by_weight",
                 "price", "vat_rate", "ocop_stars", "ocop_cert_no", "ocop_cert_issued", "ocop_cert_expires",
                 "origin", "trace_url", "low_stock", "local", "active", "producer_name")


def _date(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ValidationError("{field}: not a date (YYYY-MM-DD): {value!r}", field=field, value=value) from exc


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# -- producers -------------------------------------------------------------------------------
def upsert_producer(store: Store, data: dict) -> tuple[str, OpChanges]:
    row = {k: data[k] for k in PRODUCER_FIELDS if k in data}
    if not str(row.get("name", "")).strip():
        raise ValidationError("producer name is required", field="name")
    if not str(row.get("code", "")).strip():
        raise ValidationError("producer code is required", field="code")
    if row.get("kind") not in PRODUCER_KINDS:
        raise ValidationError("producer kind must be one of {kinds}", field="kind", kinds=", ".join(PRODUCER_KINDS))
    cbp = row.get("commission_bp", 0)
    if not isinstance(cbp, int) or not 0 <= cbp <= 10000:
        raise ValidationError("commission must be 0-100 % (0-10000 basis points)", field="commission_bp")
    pid = data.get("id") or (store.one("SELECT id FROM producers WHERE code = ?", (row["code"],)) or {}).get("id") or new_id()
    row["id"] = pid
    row["updated_at"] = data.get("updated_at") or store.now_iso()
    with store.transaction() as conn:
        cols = list(row)
        conn.execute(
            f"INSERT INTO producers({','.join(cols)}) VALUES ({','.join('?' * len(cols))}) "
            f"ON CONFLICT(id) DO UPDATE SET {','.join(f'{c}=excluded.{c}' for c in cols if c != 'id')}",
            [row[c] for c in cols],
        )
        # producer names are part of every product's search text
        for p in store.all("SELECT id FROM products WHERE producer_id = ?", (pid,)):
            _reindex(store, p["id"])
    return pid, OpChanges(catalog=True)


def producers(store: Store, active_only: bool = True) -> list[dict]:
    where = "WHERE active = 1" if active_only else ""
    return store.all(f"SELECT * FROM producers {where} ORDER BY name")


def get_producer(store: Store, producer_id: str) -> dict:
    row = store.one("SELECT * FROM producers WHERE id = ?", (producer_id,))
    if row is None:
        raise ValidationError("unknown producer {producer_id}", field="producer_id", producer_id=producer_id)
    return row


# -- categories ------------------------------------------------------------------------------
def upsert_category(store: Store, data: dict) -> tuple[str, OpChanges]:
    if not str(data.get("name_vi", "")).strip():
        raise ValidationError("category name is required", field="name_vi")
    cid = data.get("id") or new_id()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO categories(id, name_vi, name_en, sort, updated_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET name_vi=excluded.name_vi, name_en=excluded.name_en, "
            "sort=excluded.sort, updated_at=excluded.updated_at",
            (cid, data["name_vi"], data.get("name_en", ""), int(data.get("sort", 0)),
             data.get("updated_at") or store.now_iso()),
        )
    return cid, OpChanges(catalog=True)


def categories(store: Store) -> list[dict]:
    return store.all(
        "SELECT c.*, (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.active = 1) AS n "
        "FROM categories c ORDER BY sort, name_vi"
    )


# -- products --------------------------------------------------------------------------------
def _validate_product(store: Store, row: dict) -> None:
    def missing(field) -> bool:
        return not str(row.get(field, "") or "").strip()

    if missing("sku"):
        raise ValidationError("SKU is required", field="sku")
    if missing("name_vi"):
        raise ValidationError("Vietnamese name is required", field="name_vi")
    if missing("producer_id"):
        raise ValidationError("producer is required", field="producer_id")
    if store.one("SELECT 1 FROM producers WHERE id = ?", (row["producer_id"],)) is None:
        raise ValidationError("unknown producer {producer_id}", field="producer_id", producer_id=row["producer_id"])
    if row.get("category_id") and store.one("SELECT 1 FROM categories WHERE id = ?", (row["category_id"],)) is None:
        raise ValidationError("unknown category {category_id}", field="category_id", category_id=row["category_id"])
    price = row.get("price")
    if not isinstance(price, int) or isinstance(price, bool) or not 0 <= price <= MAX_PRICE:
        raise ValidationError("price must be a whole number of đồng from 0 to 1.000.000.000", field="price")
    if row.get("vat_rate") not in VAT_RATES:
        raise ValidationError("VAT rate must be 0, 5, 8 or 10 %", field="vat_rate")
    if row.get("ocop_stars") not in (None, 3, 4, 5):
        raise ValidationError("OCOP stars must be 3, 4 or 5", field="ocop_stars")
    if row.get("sold_by_weight") not in (0, 1, True, False):
        raise ValidationError("sold_by_weight must be 0 or 1", field="sold_by_weight")
    low = row.get("low_stock", 0)
    if not isinstance(low, int) or low < 0:
        raise ValidationError("low-stock threshold must be a whole number >= 0", field="low_stock")


def upsert_product(store: Store, data: dict, barcodes: list[str] | None = None,
                   from_server: bool = False) -> tuple[str, OpChanges]:
    """Create or update a product (matched by id, else by SKU) and optionally add barcodes.

    A certificate issue date without an expiry gets the OCOP validity of 36 months.
    A kiosk-local product (local=1) edited here is sent to the centre as a product.local_upsert
    event in the same transaction; rows pulled from the centre (from_server) are not echoed back."""
    existing = None
    if data.get("id"):
        existing = store.one("SELECT * FROM products WHERE id = ?", (data["id"],))
    if existing is None and data.get("sku"):
        existing = store.one("SELECT * FROM products WHERE sku = ?", (data["sku"],))
    row = {k: existing[k] for k in PRODUCT_FIELDS} if existing else {}
    row.update({k: data[k] for k in PRODUCT_FIELDS if k in data})
    row.setdefault("name_en", "")
    row.setdefault("unit", "cái")
    row.setdefault("sold_by_weight", 0)
    row["ocop_cert_issued"] = _date(row.get("ocop_cert_issued"), "ocop_cert_issued")
    row["ocop_cert_expires"] = _date(row.get("ocop_cert_expires"), "ocop_cert_expires")
    if row["ocop_cert_issued"] and not row["ocop_cert_expires"]:
        row["ocop_cert_expires"] = add_months(dt.date.fromisoformat(row["ocop_cert_issued"]), 36).isoformat()
    for k in ("ocop_cert_no", "origin", "trace_url"):
        row[k] = row.get(k) or ""
    row["sold_by_weight"] = int(bool(row["sold_by_weight"]))
    _validate_product(store, row)
    codes = [bc.validate_key(c) for c in (barcodes or [])]
    pid = existing["id"] if existing else (data.get("id") or new_id())
    row["id"] = pid
    row["name_folded"] = fold(row["name_vi"])
    row["updated_at"] = data.get("updated_at") or store.now_iso()
    with store.transaction() as conn:
        clash = conn.execute("SELECT id FROM products WHERE sku = ? AND id <> ?", (row["sku"], pid)).fetchone()
        if clash:
            raise ValidationError("SKU {sku} is already used by another product", field="sku", sku=row["sku"])
        cols = list(row)
        conn.execute(
            f"INSERT INTO products({','.join(cols)}) VALUES ({','.join('?' * len(cols))}) "
            f"ON CONFLICT(id) DO UPDATE SET {','.join(f'{c}=excluded.{c}' for c in cols if c != 'id')}",
            [row[c] for c in cols],
        )
        for code in codes:
            _insert_barcode(conn, pid, code)
        _reindex(store, pid)
        events = 0 if from_server else _emit_local(store, pid)
    return pid, OpChanges(catalog=True, outbox=events)


def _emit_local(store: Store, product_id: str) -> int:
    """Queue a kiosk-local product for the centre (inside the caller's transaction)."""
    from . import outbox

    row = store.one("SELECT * FROM products WHERE id = ?", (product_id,))
    if not row or not row["local"]:
        return 0
    codes = [r[0] for r in store.conn.execute("SELECT code FROM barcodes WHERE product_id = ? ORDER BY code",
                                              (product_id,))]
    outbox.add(store, "product.local_upsert", {"product": row, "barcodes": codes})
    return 1


def local_products(store: Store) -> list[dict]:
    """Products created on this kiosk (the catalog screen lists them without a search)."""
    return [_row(v) for v in store.conn.execute(
        PRODUCT_SELECT + " WHERE p.local = 1 ORDER BY p.name_folded").fetchall()]


def _insert_barcode(conn, product_id: str, code: str) -> None:
    owner = conn.execute("SELECT product_id FROM barcodes WHERE code = ?", (code,)).fetchone()
    if owner and owner[0] != product_id:
        raise ValidationError("barcode {code} already belongs to another product", field="barcodes", code=code)
    if not owner:
        conn.execute("INSERT INTO barcodes(code, product_id, kind) VALUES (?,?,?)", (code, product_id, bc.kind_of(code)))


def _reindex(store: Store, product_id: str) -> None:
    row = store.one(
        "SELECT p.name_vi, p.name_en, p.sku, pr.name AS producer FROM products p "
        "JOIN producers pr ON pr.id = p.producer_id WHERE p.id = ?",
        (product_id,),
    )
    store.conn.execute("DELETE FROM product_search WHERE product_id = ?", (product_id,))
    store.conn.execute(
        "INSERT INTO product_search(product_id, body, producer) VALUES (?, ?, ?)",
        (product_id, search_body(row["name_vi"], row["name_en"], row["sku"]), fold(row["producer"])),
    )


def add_barcode(store: Store, product_id: str, code: str) -> OpChanges:
    code = bc.validate_key(code)
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM products WHERE id = ?", (product_id,)).fetchone() is None:
            raise UnknownProduct("unknown product {product_id}", product_id=product_id)
        _insert_barcode(conn, product_id, code)
        events = _emit_local(store, product_id)
    return OpChanges(catalog=True, outbox=events)


def issue_instore_barcode(store: Store, product_id: str) -> str:
    """The next free in-store code (prefix 20) for a product that has no GS1 code of its own."""
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM products WHERE id = ?", (product_id,)).fetchone() is None:
            raise UnknownProduct("unknown product {product_id}", product_id=product_id)
        last = conn.execute(
            "SELECT max(code) FROM barcodes WHERE code LIKE '20%' AND length(code) = 13"
        ).fetchone()[0]
        number = int(last[2:12]) + 1 if last else 1
        code = bc.make_instore(number)
        _insert_barcode(conn, product_id, code)
        _emit_local(store, product_id)
    return code


def _row(values) -> dict:
    return dict(zip(_PRODUCT_COLS, values))


# -- OCOP stars: only while the certificate is valid ------------------------------------------
def cert_valid_on(product: dict, day: str) -> bool:
    """Is the product's OCOP certificate valid on `day` (a Vietnam business day, YYYY-MM-DD)? It
    counts through its expiry date; a product with no expiry recorded is taken at its word."""
    expires = product.get("ocop_cert_expires")
    return not expires or str(day) <= str(expires)


def stars_on(product: dict, day: str) -> int | None:
    """The stars that may be shown for a sale on `day`: none once the certificate has expired
    (the product still sells, but an expired rating must not be advertised)."""
    return product.get("ocop_stars") if cert_valid_on(product, day) else None


def _as_sold(store: Store, row: dict, day: str, hm: str) -> dict:
    """A product as the till shows and rings it up on `day` at `hm` (Vietnam time): the price in
    force then (a fair's price list, a scheduled change: pos/prices.py), the VAT rate in force that
    day (pos/vat_schedule.py), stars dropped when the certificate has expired, and
    `ocop_cert_expired` saying so."""
    now = prices.as_sold(store.conn, row["id"], day, hm)  # one indexed statement for both
    if now is not None:
        row["price"], row["vat_rate"] = now
    row["ocop_cert_expired"] = bool(row.get("ocop_stars")) and not cert_valid_on(row, day)
    if row["ocop_cert_expired"]:
        row["ocop_stars"] = None
    return row


def get_product(store: Store, product_id: str) -> dict:
    values = store.conn.execute(PRODUCT_SELECT + " WHERE p.id = ?", (product_id,)).fetchone()
    if values is None:
        raise UnknownProduct("unknown product {product_id}", product_id=product_id)
    product = _row(values)
    product["barcodes"] = [r[0] for r in store.conn.execute(
        "SELECT code FROM barcodes WHERE product_id = ? ORDER BY code", (product_id,))]
    return product


def find_sku(store: Store, sku: str) -> dict:
    values = store.conn.execute(PRODUCT_SELECT + " WHERE p.sku = ?", (sku,)).fetchone()
    if values is None:
        raise UnknownProduct("no product with SKU {sku}", sku=sku)
    return _row(values)


@dataclass(frozen=True)
class Hit:
    """A scanned code resolved: the product, and what the label carried (grams or price)."""

    product: dict
    code: str
    grams: int | None = None
    price: int | None = None
    # what a 2D code (pos/gs1.py) adds; kept here until lots exist, for the lot to be drawn from
    lot: str | None = None
    use_by: str | None = None  # YYYY-MM-DD
    serial: str | None = None
    net_grams: int | None = None  # the code's (310n) net weight, whatever the product is sold by
    expired_lot: dict | None = None  # the expired lot this item would be sold from (pos.lots.expired_at_scan)


def lookup(store: Store, code: str, refuse_expired: bool = True) -> Hit:
    """Barcode (or SKU typed at the scan prompt) -> product. The scan-to-cart hot path: one query.

    Like search and products_in_category (the till's ways to a product), the product comes as it
    sells today: no OCOP stars once its certificate has expired (see _as_sold). A 2D code past its
    use-by date is refused unless `refuse_expired` is off (a manager finding the product, not selling it)."""
    code = bc.normalize(code)
    if gs1.is_gs1(code):
        return _lookup_gs1(store, code, refuse_expired)
    ident, plain = gs1.strip_symbology(code)
    if ident:
        code = plain  # "]E0" + an EAN-13 from a scanner that sends its symbology identifier
    try:
        scan = bc.parse(code)
    except InvalidBarcode:
        # not a valid barcode: maybe a SKU typed by hand
        if code and not is_ascii_digits(code):
            values = store.conn.execute(PRODUCT_SELECT + " WHERE p.sku = ? AND p.active = 1", (code,)).fetchone()
            if values:
                return Hit(_as_sold(store, _row(values), *prices.moment(store.now())), code)
        raise
    day, hm = prices.moment(store.now())
    is_gtin = scan.grams is None and scan.price is None and is_ascii_digits(code) and len(code) in (8, 12, 13, 14)
    if is_gtin and bc.kind_of(code) != "instore":
        values = store.conn.execute(_BY_GTIN14, {"day": day, "hm": hm, "lot": "", "code": code.zfill(14)}).fetchone()
    else:
        values = store.conn.execute(_BY_CODE, {"day": day, "hm": hm, "lot": "", "code": scan.lookup_key}).fetchone()
    if values is not None:
        return Hit(_sold(values, day), code, grams=scan.grams, price=scan.price)
    values = store.conn.execute(PRODUCT_SELECT + " WHERE p.sku = ? AND p.active = 1", (code,)).fetchone()
    if values is None:
        raise UnknownBarcode("no product has barcode {code}", code=code)
    return Hit(_as_sold(store, _row(values), *prices.moment(store.now())), code, grams=scan.grams, price=scan.price)


# A scan's one query: the active product under a stored code, its producer's name, the code that
# matched, its VAT rate on the day (binds the day), and the recall of the scanned lot (binds the
# lot; NULL when not recalled) and its price at the moment (binds the day and time: pos/prices.py),
# with named parameters (:day, :hm, :lot, :code) as prices.PRICE_EXPR has. By GTIN-14
# (barcodes.gtin14, m021): every stored form of the GTIN (EAN-13, UPC-A, EAN-8, GTIN-14) is found
# by one index lookup, the longest stored form first.
_SCAN = PRODUCT_SELECT.replace(
    "pr.name AS producer_name",
    f"pr.name AS producer_name, b.code, {vat_schedule.RATE_OF_P.replace('?', ':day')}, "
    f"{recalls.RECALL_OF_P.replace('?', ':lot')}, {prices.PRICE_EXPR}") \
    + " JOIN barcodes b ON b.product_id = p.id"
_GTIN14_ROWS = _SCAN + " WHERE b.gtin14 = :code AND p.active = 1"  # one row but for a GTIN stored in two forms
_BY_GTIN14 = _GTIN14_ROWS + " ORDER BY length(b.code) DESC LIMIT 1"
_BY_CODE = _SCAN + " WHERE b.code = :code AND p.active = 1"
_N = len(_PRODUCT_COLS)


def _sold(values, day: str) -> dict:
    """A _SCAN row's product as it sells on `day` (what _as_sold does, with the price and rate
    already read)."""
    row = _row(values[:_N])
    row["vat_rate"], row["price"] = values[_N + 1], values[_N + 3]
    row["ocop_cert_expired"] = bool(row["ocop_stars"]) and not cert_valid_on(row, day)
    if row["ocop_cert_expired"]:
        row["ocop_stars"] = None
    return row


def _lookup_gs1(store: Store, code: str, refuse_expired: bool) -> Hit:
    """A 2D code (GS1 element string or Digital Link) -> its product, found by its GTIN in any of
    its stored forms, with the lot, use-by, serial and net weight it carries. An item past its own
    use-by date is refused here (the lots work adds the manager's override)."""
    today, day, hm = prices.local_moment(store.now())
    item = gs1.read(code, today)
    rows = store.conn.execute(_GTIN14_ROWS, {"day": day, "hm": hm, "lot": item.lot or "", "code": item.gtin}).fetchall()
    values = rows[0] if len(rows) == 1 else max(rows, key=lambda r: len(r[_N]), default=None)  # as _BY_GTIN14
    if values is None:
        raise UnknownBarcode("no product has barcode {code}", code=item.gtin)
    product = _sold(values, day)
    if item.lot and values[_N + 2] is not None:  # a recalled lot is refused at the scan, whatever the caller allows
        recalls.refuse(product["id"], item.lot, product["name_vi"], values[_N + 2])
    if refuse_expired and item.use_by is not None and item.use_by < today:
        raise ExpiredItem("{name}: its use-by date {day} is past; it must not be sold", name=product["name_vi"],
                          day=item.use_by.strftime("%d/%m/%Y"), code=gs1.shown(code), lot=item.lot or "")
    return Hit(product, values[_N],
               grams=item.net_grams if product["sold_by_weight"] else None, lot=item.lot,
               use_by=item.use_by.isoformat() if item.use_by else None, serial=item.serial, net_grams=item.net_grams)


def _fts_query(folded: str) -> str:
    """Words typed so far must all match; only the last one may still be incomplete."""
    tokens = folded.split()
    if not tokens:
        return ""
    return " ".join([f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"*'])


FTS_CANDIDATES = 300  # rank at most this many matches: keeps one-letter searches on 100k products fast


def search(store: Store, text: str, limit: int = 20, category_id: str | None = None) -> list[dict]:
    """Tone-insensitive product search ('muoi bac lieu' finds 'Muối Bạc Liêu'), also by SKU/barcode.

    Order: exact barcode/SKU, then names starting with what was typed (an index range scan),
    then full-text matches ranked by bm25 with the product's own words above the producer's.
    Ranking every match of a one-letter prefix over 100k products costs far too much for
    search-as-you-type, so at most FTS_CANDIDATES matches are ranked."""
    text = nfkc(text).strip()  # full-width letters and digits find what plain ones find
    if not text:
        return []
    out: list[dict] = []
    seen: set[str] = set()
    cat_sql = " AND p.category_id = ?" if category_id else ""
    cat_args = [category_id] if category_id else []
    moment = prices.moment(store.now())

    def take(rows) -> None:
        for values in rows:
            row = _as_sold(store, _row(values), *moment)
            if row["id"] not in seen and len(out) < limit:
                out.append(row)
                seen.add(row["id"])

    take(store.conn.execute(
        PRODUCT_SELECT + " WHERE p.active = 1 AND (p.sku = ? OR p.id IN (SELECT product_id FROM barcodes WHERE code = ?))"
        + cat_sql, [text, text] + cat_args).fetchall())
    folded = fold(text)
    if not folded or len(out) >= limit:
        return out
    upper = folded[:-1] + chr(ord(folded[-1]) + 1)
    take(store.conn.execute(
        PRODUCT_SELECT + " WHERE p.name_folded >= ? AND p.name_folded < ? AND p.active = 1" + cat_sql
        + " ORDER BY p.name_folded LIMIT ?", [folded, upper] + cat_args + [limit]).fetchall())
    if len(out) >= limit:
        return out
    scored = store.conn.execute(
        "SELECT product_id, bm25(product_search, 0, 10.0, 1.0) FROM product_search WHERE product_search MATCH ? LIMIT ?",
        (_fts_query(folded), FTS_CANDIDATES)).fetchall()
    ids = [pid for pid, _ in sorted(scored, key=lambda r: r[1]) if pid not in seen][: 3 * limit]
    if ids:
        rows = store.conn.execute(
            PRODUCT_SELECT + f" WHERE p.id IN ({','.join('?' * len(ids))}) AND p.active = 1" + cat_sql,
            ids + cat_args).fetchall()
        order = {pid: i for i, pid in enumerate(ids)}
        take(sorted(rows, key=lambda v: order[v[0]]))
    return out


def products_in_category(store: Store, category_id: str | None, limit: int = 200) -> list[dict]:
    if category_id is None:
        rows = store.conn.execute(PRODUCT_SELECT + " WHERE p.active = 1 AND p.category_id IS NULL ORDER BY p.name_folded LIMIT ?", (limit,))
    else:
        rows = store.conn.execute(PRODUCT_SELECT + " WHERE p.active = 1 AND p.category_id = ? ORDER BY p.name_folded LIMIT ?", (category_id, limit))
    moment = prices.moment(store.now())
    return [_as_sold(store, _row(v), *moment) for v in rows.fetchall()]


def _apply_staff_and_settings(store: Store, changes: dict, row_by_row: bool, one, result: OpChanges) -> None:
    """The pull's staff and settings: all or nothing, one batch each; row by row, one batch per row."""
    from .staff import apply_staff

    staff_rows, values = changes.get("staff") or [], changes.get("settings") or {}
    staff_batches = [[r] for r in staff_rows] if row_by_row else [staff_rows] * bool(staff_rows)
    for batch in staff_batches:
        one("staff", batch[0], lambda b=batch: result.merge(apply_staff(store, b)))
    setting_batches = [{k: v} for k, v in values.items()] if row_by_row else [values] * bool(values)
    for batch in setting_batches:
        one("settings", {"key": ", ".join(batch)}, lambda b=batch: result.merge(store.set_settings(**b)))


# The pull's keys of rows, in the order they are applied (producers and categories before the
# products that name them, products before what names a product, VAT changes after both): (key,
# the field naming a row in a problem report, what applies one row -> OpChanges).
_ROW_KEYS = (
    # the centre sends `commune` only when set (central/catalog/pull.py): absent means none
    ("producers", "id", lambda s, r: upsert_producer(s, {"commune": "", **r} if isinstance(r, dict) else r)[1]),
    ("categories", "id", lambda s, r: upsert_category(s, r)[1]),
    ("products", "id", lambda s, r: upsert_product(s, r, r.get("barcodes") or [], from_server=True)[1]),
    ("products", "id", price_pull.apply_location_priced),  # is its price this location's own? (pos/prices.py)
    ("price_changes", "id", price_pull.apply_change),
    ("price_lists", "id", price_pull.apply_list),
    ("product_content", "product_id", content.apply_pulled),
    ("lot_recalls", "lot_no", recalls.apply_pulled),
    ("set_components", "set_id", sets.apply_pulled),  # gift sets, each whole
    ("vat_changes", "id", vat_schedule.apply_pulled),
    ("promotions", "id", promotion_store.apply_pulled),
    ("voucher_changes", "id", vouchers.apply_change),  # the vouchers changed since the cursor (pos/vouchers.py)
)
# Keys whose value is applied whole, after staff and settings: the announced deliveries, this
# location's vouchers, and the whole e-invoice setup (docs/einvoice.md).
_WHOLE_KEYS = (("delivery_announcements", announcements.apply_pulled), ("vouchers", vouchers.apply_pulled),
               ("einvoice", lambda s, v: einvoice_catchup.apply_settings(s, v)))


def apply_catalog(store: Store, changes: dict, problems: list | None = None) -> OpChanges:
    """Apply catalog data pulled from the central server (and its "einvoice" setup, whole).

    Without `problems`: all or nothing (a bad row raises and nothing is applied). With a list:
    each row in its own savepoint; a row this kiosk refuses is skipped and described in
    `problems` ({"kind", "id", "sku"/"code", "field", "reason"}), and the rest is applied, so one
    bad row cannot stop a kiosk's whole catalog."""
    result = OpChanges()

    def one(kind: str, row, fn) -> None:
        if problems is None:
            fn()
            return
        try:
            with store.transaction():
                fn()
        except (PosError, sqlite3.IntegrityError, AttributeError, KeyError, TypeError, ValueError) as exc:
            row = row if isinstance(row, dict) else {"id": str(row)}
            problems.append({"kind": kind, "id": row.get("id") or row.get("key"), "sku": row.get("sku"),
                             "code": row.get("code"), "field": getattr(exc, "details", {}).get("field"),
                             "reason": getattr(exc, "message", None) or f"{exc.__class__.__name__}: {exc}"})

    with store.transaction():
        for key, id_field, apply in _ROW_KEYS:
            for row in changes.get(key) or []:  # an additive key absent from an older centre changes nothing
                named = row if id_field == "id" or not isinstance(row, dict) else {"id": row.get(id_field)}
                one(key, named, lambda row=row, apply=apply: result.merge(apply(store, row)))
        _apply_staff_and_settings(store, changes, problems is not None, one, result)
        for row in changes.get("buyers") or []:  # buyer profiles made at other kiosks, by rev
            one("buyers", row, lambda row=row: result.merge(einvoice_buyers.apply_pulled(store, [row])))
        if changes.get("public_url"):  # additive: the centre's public pages, for Digital Link QR codes
            one("settings", {"key": "public_url"}, lambda: result.merge(store.set_settings(public_url=changes["public_url"])))
        for key, apply in _WHOLE_KEYS:
            if changes.get(key) is not None:  # replaced as one; absent from an older centre
                one(key, {"key": key}, lambda key=key, apply=apply: result.merge(apply(store, changes[key])))
    return result
