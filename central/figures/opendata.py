"""The province's OCOP catalog as open data: products and their producers, as CSV and JSON, with a
Frictionless Data package descriptor (https://specs.frictionlessdata.io/data-package/, Table
Schema https://specs.frictionlessdata.io/table-schema/) that names every field; docs/opendata.md
explains them for people.

What is published and what is not: every product on sale (active) with its stars, certificate,
content and pictures' addresses; the producers of those products with their name, legal form and
place. Producers' contact people, phone numbers, e-mail and tax codes are not published (a
household's tax code is a person's). CSV cells go through central/figures/cells.py (a cell that a
spreadsheet would run as a formula gets a leading apostrophe); the JSON holds the text exactly."""
from __future__ import annotations

import json

import sqlalchemy as sa

from central import models as m
from central.catalog import media
from central.figures import cells
from central.public.gtin import gtin14

# (name, Table Schema type, description); lists are space-separated strings (URLs and hashes hold no spaces)
PRODUCT_FIELDS = [
    ("id", "string", "Mã định danh sản phẩm (UUID) / product identifier"),
    ("sku", "string", "Mã hàng của văn phòng / office stock-keeping code"),
    ("gtin", "string", "GTIN-14 chính (trống nếu không có) / main GTIN-14"),
    ("gtins", "string", "Mọi GTIN-14, cách nhau bằng dấu cách / every GTIN-14, space-separated"),
    ("name_vi", "string", "Tên tiếng Việt / Vietnamese name"),
    ("name_en", "string", "Tên tiếng Anh / English name"),
    ("category_vi", "string", "Nhóm hàng / category (Vietnamese)"),
    ("category_en", "string", "Category (English)"),
    ("producer_id", "string", "Nhà sản xuất (producers.id) / producer"),
    ("producer_name", "string", "Tên nhà sản xuất / producer's name"),
    ("unit", "string", "Đơn vị bán / selling unit"),
    ("price_vnd", "integer", "Giá bán lẻ chung, đồng, gồm VAT / chain-wide retail price, VND incl. VAT"),
    ("ocop_stars", "integer", "Hạng sao OCOP (3-5; trống: chưa xếp hạng) / OCOP stars"),
    ("ocop_cert_no", "string", "Số chứng nhận OCOP / certificate number"),
    ("ocop_cert_issued", "date", "Ngày cấp / issued"),
    ("ocop_cert_expires", "date", "Ngày hết hạn / expires"),
    ("ocop_cert_valid", "boolean", "Chứng nhận còn hiệu lực vào ngày as_of / valid on the as_of day"),
    ("origin", "string", "Xuất xứ / origin"),
    ("net_qty", "integer", "Khối lượng/thể tích tịnh / net quantity"),
    ("net_unit", "string", "g hoặc ml / g or ml"),
    ("shelf_life_days", "integer", "Hạn sử dụng, ngày kể từ ngày sản xuất / shelf life in days"),
    ("description_vi", "string", "Mô tả / description (Vietnamese)"),
    ("description_en", "string", "Description (English)"),
    ("ingredients_vi", "string", "Thành phần / ingredients (Vietnamese)"),
    ("ingredients_en", "string", "Ingredients (English)"),
    ("storage_vi", "string", "Bảo quản / storage (Vietnamese)"),
    ("storage_en", "string", "Storage (English)"),
    ("page_url", "string", "Trang truy xuất GS1 Digital Link / traceability page"),
    ("photo_urls", "string", "Ảnh, ảnh chính trước, cách nhau bằng dấu cách / pictures, main first"),
    ("photo_sha256", "string", "SHA-256 của từng ảnh, cùng thứ tự / SHA-256 of each picture"),
    ("certificate_url", "string", "Giấy chứng nhận OCOP (PDF hoặc ảnh) / certificate document"),
]
PRODUCER_FIELDS = [
    ("id", "string", "Mã định danh (UUID) / identifier"),
    ("code", "string", "Mã nhà sản xuất / producer code"),
    ("name", "string", "Tên / name"),
    ("kind", "string", "household | cooperative | coop_group | enterprise"),
    ("address", "string", "Địa chỉ (thôn/ấp, đường, số nhà) / address"),
    ("commune", "string", "Xã/phường/đặc khu (trống: chưa ghi, xem địa chỉ) / commune or ward (empty: see address)"),
    ("district", "string", "Quận/huyện (cũ) / district (former level)"),
    ("province", "string", "Tỉnh/thành phố / province"),
    ("products", "integer", "Số sản phẩm công bố / products published"),
]
RESOURCES = {"products": PRODUCT_FIELDS, "producers": PRODUCER_FIELDS}


def _products(conn, base: str, today: str) -> list[dict]:
    p, c, cat, pr = m.products, m.product_content, m.categories, m.producers
    q = (sa.select(p, pr.c.name.label("producer_name"), cat.c.name_vi.label("category_vi"),
                   cat.c.name_en.label("category_en"), *[col for col in c.c if col.name not in
                                                         ("product_id", "rev", "updated_by", "updated_at")])
         .select_from(p.outerjoin(c, c.c.product_id == p.c.id).outerjoin(cat, cat.c.id == p.c.category_id)
                      .outerjoin(pr, pr.c.id == p.c.producer_id))
         .where(p.c.active == 1).order_by(p.c.sku))
    rows = [dict(r._mapping) for r in conn.execute(q)]
    files = media.media_of(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        gtins = [g for g in (gtin14(str(code)) for code in json.loads(r["barcodes"] or "[]")) if g]
        photos, cert = files[r["id"]]["photos"], files[r["id"]]["certificate"]
        expires = r["ocop_cert_expires"]
        row = {k: r.get(k) for k, _t, _d in PRODUCT_FIELDS}
        row.update(
            gtin=gtins[0] if gtins else "", gtins=" ".join(gtins), price_vnd=r["price"],
            category_vi=r["category_vi"] or "", category_en=r["category_en"] or "", producer_name=r["producer_name"] or "",
            ocop_cert_issued=r["ocop_cert_issued"] or None, ocop_cert_expires=expires or None,
            ocop_cert_valid=bool(r["ocop_stars"]) and (not expires or today <= expires),
            net_unit=r["net_unit"] or "", page_url=f"{base}/01/{gtins[0]}" if gtins else "",
            photo_urls=" ".join(base + ph["url"] for ph in photos), photo_sha256=" ".join(ph["sha256"] for ph in photos),
            certificate_url=base + cert["url"] if cert else "",
            **{k: r[k] or "" for k in ("description_vi", "description_en", "ingredients_vi", "ingredients_en",
                                       "storage_vi", "storage_en")})
        out.append(row)
    return out


def _producers(conn, products: list[dict]) -> list[dict]:
    counts: dict[str, int] = {}
    for r in products:
        counts[r["producer_id"]] = counts.get(r["producer_id"], 0) + 1
    pr = m.producers
    rows = conn.execute(sa.select(pr).where(pr.c.id.in_(list(counts))).order_by(pr.c.code)) if counts else []
    return [{**{k: r._mapping[k] for k, _t, _d in PRODUCER_FIELDS if k != "products"}, "products": counts[r.id]}
            for r in rows]


def catalog(conn, base: str, today: str) -> dict[str, list[dict]]:
    """{"products": [...], "producers": [...]} as published on `today` (Vietnam day, YYYY-MM-DD);
    addresses absolute under `base` (the server's public address, no trailing slash)."""
    products = _products(conn, base, today)
    return {"products": products, "producers": _producers(conn, products)}


def to_csv(rows: list[dict], fields) -> bytes:
    """A resource as CSV: a header row of field names, formula-safe cells, empty for None, booleans
    as true/false (Table Schema's defaults)."""
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return v
    names = [f[0] for f in fields]
    return cells.csv_bytes([names] + [[cell(r[k]) for k in names] for r in rows])


def descriptor(base: str, today: str, title: str) -> dict:
    """The Frictionless Data package: one CSV and one JSON resource per table, with the schema."""
    resources = []
    for name, fields in RESOURCES.items():
        schema = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields], "primaryKey": ["id"]}
        if name == "products":
            schema["foreignKeys"] = [{"fields": ["producer_id"], "reference": {"resource": "producers", "fields": ["id"]}}]
        resources.append({"name": name, "path": f"{base}/opendata/{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": schema})
        resources.append({"name": f"{name}-json", "path": f"{base}/opendata/{name}.json", "format": "json",
                          "mediatype": "application/json", "encoding": "utf-8",
                          "schema": {k: v for k, v in schema.items() if k != "foreignKeys"}})
    return {"name": "ocop-catalog", "title": title, "version": today, "created": today,
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                          "title": "Creative Commons Attribution 4.0"}],
            "homepage": f"{base}/opendata/", "resources": resources}
