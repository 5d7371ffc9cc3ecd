"""A product's content beyond the till's needs (descriptions, net quantity, ingredients, shelf life,
storage advice, pictures, the OCOP certificate document): written by the office, pulled by kiosks,
shown on the public traceability pages and published as open data.

Every change takes a catalog revision (central/catalog/pull.py next_rev) and stamps the product's
content row with it, a picture added or removed included, so a kiosk's pull carries the whole
content of each product whose content changed: the pictures' list is sent whole, never as edits."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog import media
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError, whole
from central.clock import utc_now_iso

TEXTS = ("description_vi", "description_en", "ingredients_vi", "ingredients_en", "storage_vi", "storage_en")
MAX_TEXT = 4000
NET_UNITS = ("g", "ml")
KINDS = ("photo", "certificate")
EMPTY = {**{k: "" for k in TEXTS}, "net_qty": None, "net_unit": "g", "shelf_life_days": None}


def clean(data: dict) -> dict:
    """The content fields as they will be stored, or CatalogError naming the bad one."""
    row = {}
    for key in TEXTS:
        value = str(data.get(key) or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            raise CatalogError(N_("{field}: dài quá {n} ký tự"), key, field=key, n=MAX_TEXT)
        row[key] = value
    unit = str(data.get("net_unit") or "g").strip()
    if unit not in NET_UNITS:
        raise CatalogError(N_("đơn vị khối lượng tịnh phải là g hoặc ml"), "net_unit")
    row["net_unit"] = unit
    net = data.get("net_qty")
    row["net_qty"] = None if net in (None, "") else whole(net, "net_qty", N_("khối lượng tịnh"), 1, 1_000_000)
    days = data.get("shelf_life_days")
    row["shelf_life_days"] = None if days in (None, "") else whole(days, "shelf_life_days", N_("hạn sử dụng (ngày)"),
                                                                    1, 36_500)
    return row


def _product_exists(conn, product_id: str) -> None:
    if conn.execute(sa.select(m.products.c.id).where(m.products.c.id == product_id)).first() is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "product_id", id=product_id)


def _stamp(conn, product_id: str, by: str, values: dict | None = None) -> int:
    """Write (or only re-stamp) the product's content row with a new revision."""
    rev = catalog.next_rev(conn)
    row = {"updated_at": utc_now_iso(), "updated_by": by, "rev": rev, **(values or {})}
    t = m.product_content
    if conn.execute(sa.update(t).where(t.c.product_id == product_id).values(**row)).rowcount == 0:
        conn.execute(sa.insert(t).values(product_id=product_id, **{**EMPTY, **row}))
    return rev


def save(conn, product_id: str, data: dict, by: str = "") -> int:
    """Store the product's content fields; returns the catalog revision."""
    _product_exists(conn, product_id)
    return _stamp(conn, product_id, by, clean(data))


def add_media(conn, product_id: str, kind: str, stored: media.Stored, settings, by: str = "") -> int:
    """Attach a stored picture (or the certificate document, which replaces the previous one)."""
    _product_exists(conn, product_id)
    if kind not in KINDS:
        raise CatalogError(N_("loại tệp không hợp lệ"), "kind")
    t = m.product_media
    here = sa.and_(t.c.product_id == product_id, t.c.kind == kind)
    if kind == "certificate":
        conn.execute(sa.delete(t).where(here))
    else:
        count = conn.execute(sa.select(sa.func.count()).where(here)).scalar()
        if count >= settings.media_max_per_product:
            raise CatalogError(N_("mỗi sản phẩm có tối đa {n} ảnh"), "file", n=settings.media_max_per_product)
        if conn.execute(sa.select(t.c.id).where(here, t.c.sha256 == stored.sha256)).first():
            raise CatalogError(N_("ảnh này đã có trong sản phẩm"), "file")
    top = conn.execute(sa.select(sa.func.max(t.c.sort)).where(here)).scalar()
    conn.execute(sa.insert(t).values(
        id=str(uuid.uuid4()), product_id=product_id, kind=kind, sha256=stored.sha256, ext=stored.ext,
        thumb_sha256=stored.thumb_sha256, width=stored.width, height=stored.height, bytes=stored.bytes,
        sort=(top or 0) + 1, created_at=utc_now_iso(), created_by=by))
    return _stamp(conn, product_id, by)


def remove_media(conn, product_id: str, media_id: str, by: str = "") -> int:
    """Detach a picture or the certificate (the file stays: another product may share its hash)."""
    t = m.product_media
    gone = conn.execute(sa.delete(t).where(t.c.id == media_id, t.c.product_id == product_id)).rowcount
    if not gone:
        raise CatalogError(N_("không có tệp này"), "media_id")
    return _stamp(conn, product_id, by)


def make_first(conn, product_id: str, media_id: str, by: str = "") -> int:
    """Make a picture the product's main one (shown first on the kiosk and the public page)."""
    t = m.product_media
    low = conn.execute(sa.select(sa.func.min(t.c.sort)).where(t.c.product_id == product_id)).scalar()
    moved = conn.execute(sa.update(t).where(t.c.id == media_id, t.c.product_id == product_id)
                         .values(sort=(low or 0) - 1)).rowcount
    if not moved:
        raise CatalogError(N_("không có tệp này"), "media_id")
    return _stamp(conn, product_id, by)


def get(conn, product_id: str) -> dict:
    """The product's content fields, pictures and certificate (empty fields when it has none)."""
    row = conn.execute(sa.select(m.product_content).where(m.product_content.c.product_id == product_id)).first()
    fields = {k: v for k, v in row._mapping.items() if k not in ("product_id", "rev")} if row else dict(EMPTY)
    return {**fields, **media.media_of(conn, [product_id])[product_id]}
