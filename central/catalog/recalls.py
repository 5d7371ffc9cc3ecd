"""Recalling a producer's lot at the centre: the office's decision, sent to every kiosk.

A recall names a product and the producer's lot number (GS1 AI (10), what the kiosk records on
each sale line), with a reason, who and when. It takes a catalog revision like any catalog change,
so the next pull of every kiosk carries it (key `lot_recalls`, additive: an older kiosk ignores
it); the kiosk then refuses the lot at the counter with no override (pos/recalls.py). A recall is
not taken back here: a lot found safe after all is a new decision the office writes down, not an
edit that would silently put goods back on sale.
"""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError
from central.clock import utc_now_iso

MAX_LOT_NO = 20  # GS1 AI (10): up to 20 characters
MAX_REASON = 500


def clean(product_id, lot_no, reason) -> tuple[str, str, str]:
    product_id = str(product_id or "").strip()
    lot_no = str(lot_no or "").strip()
    reason = " ".join(str(reason or "").split())
    if not product_id:
        raise CatalogError(N_("chọn sản phẩm"), "product_id")
    if not lot_no or len(lot_no) > MAX_LOT_NO or any(not c.isprintable() for c in lot_no):
        raise CatalogError(N_("số lô gồm 1 đến {n} ký tự in được"), "lot_no", n=MAX_LOT_NO)
    if not reason:
        raise CatalogError(N_("ghi lý do thu hồi"), "reason")
    if len(reason) > MAX_REASON:
        raise CatalogError(N_("lý do dài quá {n} ký tự"), "reason", n=MAX_REASON)
    return product_id, lot_no, reason


def recall(conn, product_id, lot_no, reason, by: str) -> dict:
    """Record the recall (inside the caller's transaction) and return it; a lot already recalled
    is refused, so its first reason and date stay what they were."""
    product_id, lot_no, reason = clean(product_id, lot_no, reason)
    if conn.execute(sa.select(m.products.c.id).where(m.products.c.id == product_id)).first() is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "product_id", id=product_id)
    if get(conn, product_id, lot_no) is not None:
        raise CatalogError(N_("lô {lot} của sản phẩm này đã bị thu hồi"), "lot_no", lot=lot_no)
    row = {"product_id": product_id, "lot_no": lot_no, "reason": reason, "recalled_by": by or "",
           "recalled_at": utc_now_iso(), "rev": catalog.next_rev(conn)}
    conn.execute(sa.insert(m.lot_recalls).values(**row))
    return row


_COLS = (m.lot_recalls, m.products.c.sku, m.products.c.name_vi, m.products.c.name_en)
_FROM = m.lot_recalls.join(m.products, m.products.c.id == m.lot_recalls.c.product_id)


def get(conn, product_id: str, lot_no: str) -> dict | None:
    t = m.lot_recalls
    row = conn.execute(sa.select(*_COLS).select_from(_FROM)
                       .where(t.c.product_id == product_id, t.c.lot_no == lot_no)).first()
    return dict(row._mapping) if row else None


def all_recalls(conn) -> list[dict]:
    """Every recall, newest first, with its product's SKU and names."""
    q = sa.select(*_COLS).select_from(_FROM).order_by(m.lot_recalls.c.recalled_at.desc(), m.lot_recalls.c.lot_no)
    return [dict(r._mapping) for r in conn.execute(q)]
