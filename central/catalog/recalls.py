"""Recalling a producer's lot at the centre: the office's decision, sent to every kiosk.

A recall names a product and the producer's lot number (GS1 AI (10), what the kiosk records on
each sale line), with a reason, who and when. It takes a catalog revision like any catalog change,
so the next pull of every kiosk carries it (key `lot_recalls`, additive: an older kiosk ignores
it); the kiosk then refuses the lot at the counter with no override (pos/recalls.py).

A recall is never edited or deleted: a lot found safe after all is lifted, a new decision written
down with its own reason, who and when, on the same row (the recall stays readable). The lift
takes a catalog revision too, so the next pull tells the kiosks to sell the lot again. A lot
recalled again after a lift moves the earlier recall and its lift to `lot_recall_history`.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog.rules import N_, CatalogError
from central.clock import utc_now_iso

MAX_LOT_NO = 20  # GS1 AI (10): up to 20 characters
MAX_REASON = 500


def _reason(reason, missing: str) -> str:
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise CatalogError(missing, "reason")
    if len(reason) > MAX_REASON:
        raise CatalogError(N_("lý do dài quá {n} ký tự"), "reason", n=MAX_REASON)
    return reason


def clean(product_id, lot_no, reason) -> tuple[str, str, str]:
    product_id = str(product_id or "").strip()
    lot_no = str(lot_no or "").strip()
    if not product_id:
        raise CatalogError(N_("chọn sản phẩm"), "product_id")
    if not lot_no or len(lot_no) > MAX_LOT_NO or any(not c.isprintable() for c in lot_no):
        raise CatalogError(N_("số lô gồm 1 đến {n} ký tự in được"), "lot_no", n=MAX_LOT_NO)
    return product_id, lot_no, _reason(reason, N_("ghi lý do thu hồi"))


def recall(conn, product_id, lot_no, reason, by: str) -> dict:
    """Record the recall (inside the caller's transaction) and return it; a lot whose recall is in
    force is refused, so its first reason and date stay what they were. A lifted one is recalled
    again: its earlier recall and lift go to the history first."""
    product_id, lot_no, reason = clean(product_id, lot_no, reason)
    if conn.execute(sa.select(m.products.c.id).where(m.products.c.id == product_id)).first() is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "product_id", id=product_id)
    t = m.lot_recalls
    where = (t.c.product_id == product_id, t.c.lot_no == lot_no)
    old = conn.execute(sa.select(t).where(*where).with_for_update()).first()
    if old is not None and old.lifted_at is None:
        raise CatalogError(N_("lô {lot} của sản phẩm này đã bị thu hồi"), "lot_no", lot=lot_no)
    row = {"product_id": product_id, "lot_no": lot_no, "reason": reason, "recalled_by": by or "",
           "recalled_at": utc_now_iso(), "lifted_at": None, "lifted_by": "", "lift_reason": "",
           "rev": catalog.next_rev(conn)}
    if old is None:
        conn.execute(sa.insert(t).values(**row))
        return row
    kept = {k: v for k, v in old._mapping.items() if k != "rev"}
    conn.execute(sa.insert(m.lot_recall_history).values(id=str(uuid.uuid4()), **kept))
    conn.execute(sa.update(t).where(*where).values(**row))
    return row


def lift(conn, product_id: str, lot_no: str, reason, by: str) -> dict:
    """Lift a recall in force (inside the caller's transaction): the row keeps the recall and says
    who lifted it, when and why; the new revision makes every kiosk's next pull sell the lot again."""
    reason = _reason(reason, N_("ghi lý do gỡ lệnh thu hồi"))
    t = m.lot_recalls
    where = (t.c.product_id == product_id, t.c.lot_no == lot_no)
    old = conn.execute(sa.select(t).where(*where).with_for_update()).first()
    if old is None:
        raise CatalogError(N_("không có lệnh thu hồi lô {lot}"), "lot_no", lot=lot_no)
    if old.lifted_at is not None:
        raise CatalogError(N_("lệnh thu hồi lô {lot} đã được gỡ"), "lot_no", lot=lot_no)
    values = {"lifted_at": utc_now_iso(), "lifted_by": by or "", "lift_reason": reason, "rev": catalog.next_rev(conn)}
    conn.execute(sa.update(t).where(*where).values(**values))
    return {**old._mapping, **values}


_COLS = (m.lot_recalls, m.products.c.sku, m.products.c.name_vi, m.products.c.name_en)
_FROM = m.lot_recalls.join(m.products, m.products.c.id == m.lot_recalls.c.product_id)


def get(conn, product_id: str, lot_no: str) -> dict | None:
    t = m.lot_recalls
    row = conn.execute(sa.select(*_COLS).select_from(_FROM)
                       .where(t.c.product_id == product_id, t.c.lot_no == lot_no)).first()
    return dict(row._mapping) if row else None


def history(conn, product_id: str, lot_no: str) -> list[dict]:
    """The lot's earlier recalls, each with its lift, oldest first (the current one is `get`)."""
    h = m.lot_recall_history
    q = (sa.select(h).where(h.c.product_id == product_id, h.c.lot_no == lot_no)
         .order_by(h.c.recalled_at, h.c.lifted_at))
    return [dict(r._mapping) for r in conn.execute(q)]


def all_recalls(conn) -> list[dict]:
    """Every recall, newest first, with its product's SKU and names."""
    q = sa.select(*_COLS).select_from(_FROM).order_by(m.lot_recalls.c.recalled_at.desc(), m.lot_recalls.c.lot_no)
    return [dict(r._mapping) for r in conn.execute(q)]
