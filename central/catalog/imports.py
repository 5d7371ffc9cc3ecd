"""Catalog imports from a spreadsheet (CSV or XLSX): the file is read and previewed row by row
(create / update / unchanged, or why not), stored, and applied later all or nothing with the rows
validated again, through the same rules as the office's own edits (central/catalog/edit.py).

A preview's refusals are kept twice: `errors`, the Vietnamese text the API has always given, and
`error_keys`, the template and parameters of each, so the preview page shows them in each reader's
language (central/office/i18n.py)."""
from __future__ import annotations

import csv
import io
import json
import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog.edit import barcode_owners, clean_producer, clean_product, find_sku
from central.catalog.rules import N_, CatalogError
from central.clock import utc_now_iso

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
    # a new producer's place (a producer the catalog already has keeps its own, edited on its page)
    "producer_commune": "producer_commune", "xã/phường": "producer_commune", "xã / phường": "producer_commune",
    "xã": "producer_commune", "phường": "producer_commune",
    "producer_province": "producer_province", "tỉnh/thành": "producer_province", "tỉnh / thành": "producer_province",
    "tỉnh": "producer_province",
}
PRODUCER_ONLY = ("producer_name", "commission_bp", "producer_commune", "producer_province")  # not product fields
MAX_IMPORT_ROWS = 20_000


def _new_id() -> str:
    return str(uuid.uuid4())


def parse_file(filename: str, data: bytes) -> list[dict]:
    """Rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or the first sheet of an
    XLSX, keyed by field name; unknown columns are ignored, blank rows skipped."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a broken or non-XLSX file
            raise CatalogError(N_("không đọc được tệp Excel: {detail}"), "file", detail=str(exc)) from None
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
        errors: list[CatalogError] = []
        data = {k: v for k, v in raw.items() if not k.startswith("_")}
        sku = str(data.get("sku") or "").strip()
        pcode = str(data.get("producer_code") or "").strip()
        if pcode and pcode not in producers and pcode not in new_producers:
            if data.get("producer_name"):
                new_producers[pcode] = _new_id()
            else:
                errors.append(CatalogError(N_("không có nhà sản xuất mã {code} (thêm cột 'Nhà sản xuất' để tạo "
                                              "mới)"), "producer_code", code=pcode))
        if sku in seen_sku:
            errors.append(CatalogError(N_("mã hàng {sku} trùng với dòng {row}"), "sku", sku=sku, row=seen_sku[sku]))
        seen_sku.setdefault(sku, n)
        action, row = "", None
        if not errors:
            try:
                existing = find_sku(conn, sku) if sku else None
                for k in PRODUCER_ONLY:
                    data.pop(k, None)
                row = clean_product(conn, data, {**producers, **new_producers}, owners)
                if existing is None:
                    action = "create"
                else:
                    same = all(existing.get(k) == row.get(k) for k in row if k != "barcodes") and \
                        existing["barcodes"] == row["barcodes"]
                    action = "unchanged" if same else "update"
            except CatalogError as exc:
                errors.append(exc)
        for code in (row or {}).get("barcodes", []):
            if code in seen_code:
                errors.append(CatalogError(N_("mã vạch {code} trùng với dòng {row}"), "barcodes", code=code,
                                           row=seen_code[code]))
            seen_code.setdefault(code, n)
        out.append({"row": n, "sku": sku, "name_vi": str(raw.get("name_vi") or ""), "action": "" if errors else action,
                    "errors": [str(e) for e in errors], "error_keys": [error_key(e) for e in errors],
                    "new_producer": pcode if pcode in new_producers and not errors else ""})
    return out


def error_key(exc: CatalogError) -> dict:
    """A refusal as stored with an import's preview: its template and parameters, so the preview
    page can show it in each reader's language (`errors` keeps the Vietnamese text for the API)."""
    return {"msgid": exc.msgid, "params": json.loads(json.dumps(exc.params, default=str, ensure_ascii=False))}


def from_key(key: dict) -> CatalogError:
    return CatalogError(key["msgid"], "", **key["params"])


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
        raise CatalogError(N_("số dòng có lỗi: {n}, chưa áp dụng gì (dòng lỗi đầu tiên: {row}: {error})"), "rows",
                           n=len(bad), row=bad[0]["row"], error=from_key(bad[0]["error_keys"][0]))
    producers = {r.code: r.id for r in conn.execute(sa.select(m.producers.c.code, m.producers.c.id))}
    new_prod = []
    for raw in imp["rows"]:
        code = str(raw.get("producer_code") or "").strip()
        if code and code not in producers:
            pid = _new_id()
            new_prod.append(clean_producer(conn, {"id": None, "code": code, "name": raw.get("producer_name"),
                                                  "commission_bp": raw.get("commission_bp") or 0,
                                                  "commune": raw.get("producer_commune"),
                                                  "province": raw.get("producer_province")}) | {"id": pid})
            producers[code] = pid
    if new_prod:
        catalog.upsert_producers(conn, new_prod)
    owners = barcode_owners(conn)
    rows = []
    for raw, p in zip(imp["rows"], preview):
        if p["action"] in ("create", "update"):
            data = {k: v for k, v in raw.items() if not k.startswith("_") and k not in PRODUCER_ONLY}
            rows.append(clean_product(conn, data, producers, owners))
    rev = catalog.upsert_products(conn, rows) if rows else catalog.current_rev(conn)
    conn.execute(sa.update(m.catalog_imports).where(m.catalog_imports.c.id == import_id)
                 .values(applied_at=utc_now_iso(), applied_rev=rev))
    return {"created": sum(p["action"] == "create" for p in preview),
            "updated": sum(p["action"] == "update" for p in preview),
            "unchanged": sum(p["action"] == "unchanged" for p in preview),
            "producers_created": len(new_prod), "rev": rev}
