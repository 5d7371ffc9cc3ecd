"""What a public page shows about a product, found by its GTIN-14.

Why an index in memory: barcodes are stored as a JSON list per product, which no database index
reaches. The index (GTIN-14 -> product id) is rebuilt when the catalog revision moves (one cheap
query per request tells), so a product saved in the office has its page at once, and a page for
one of 10,000 products costs three indexed queries."""
from __future__ import annotations

import datetime as dt
import json
import threading

import sqlalchemy as sa

from central import models as m
from central.catalog import media
from central.catalog import pull as catalog
from central.clock import VN_TZ
from central.public.gtin import gtin14


class GtinIndex:
    """GTIN-14 -> product id, as of one catalog revision (shared by the server's threads)."""

    def __init__(self):
        self._state: tuple[int, dict[str, str]] = (-1, {})
        self._lock = threading.Lock()

    def find(self, conn, gtin: str) -> str | None:
        rev = catalog.current_rev(conn)
        if self._state[0] != rev:
            with self._lock:
                if self._state[0] != rev:
                    self._state = (rev, build(conn))
        return self._state[1].get(gtin)


def build(conn) -> dict[str, str]:
    """Every GTIN a product carries, in its GTIN-14 form; an active product wins a shared code."""
    out: dict[str, str] = {}
    q = sa.select(m.products.c.id, m.products.c.barcodes, m.products.c.active).order_by(m.products.c.active,
                                                                                         m.products.c.id)
    for pid, codes, _active in conn.execute(q):
        for code in json.loads(codes or "[]"):
            g = gtin14(str(code))
            if g:
                out[g] = pid
    return out


def _product_statement() -> sa.Select:
    p, pr, c = m.products, m.producers, m.product_content
    cols = [p.c.id, p.c.sku, p.c.name_vi, p.c.name_en, p.c.unit, p.c.ocop_stars, p.c.ocop_cert_no,
            p.c.ocop_cert_issued, p.c.ocop_cert_expires, p.c.origin, p.c.active, p.c.barcodes,
            pr.c.name.label("producer_name"), pr.c.kind.label("producer_kind"), pr.c.address.label("producer_address"),
            pr.c.district.label("producer_district"), pr.c.province.label("producer_province"),
            pr.c.commune.label("producer_commune"),
            *[col for col in c.c if col.name not in ("product_id", "rev", "updated_by", "updated_at")]]
    return (sa.select(*cols).select_from(p.outerjoin(pr, pr.c.id == p.c.producer_id)
                                         .outerjoin(c, c.c.product_id == p.c.id))
            .where(p.c.id == sa.bindparam("pid")))


def _lot_statements() -> tuple[sa.Select, sa.Select]:
    dl, d, pr = m.delivery_lots, m.deliveries, m.producers
    rows = (sa.select(dl.c.produced_on, dl.c.use_by, pr.c.name.label("producer_name"))
            .select_from(dl.outerjoin(d, d.c.id == dl.c.delivery_id).outerjoin(pr, pr.c.id == d.c.producer_id))
            .where(dl.c.product_id == sa.bindparam("pid"), dl.c.lot_no == sa.bindparam("lot"))
            .order_by(d.c.received_at))
    lr = m.lot_recalls
    recall = sa.select(lr.c.reason, lr.c.recalled_at, lr.c.lifted_at, lr.c.lift_reason).where(
        lr.c.product_id == sa.bindparam("pid"), lr.c.lot_no == sa.bindparam("lot"))
    return rows, recall


# Built once: a public page runs these per request, and building a statement (coercing every column
# and condition) cost more than running it; a reused statement also keeps its memoized cache key.
_PRODUCT = _product_statement()
_LOT_ROWS, _LOT_RECALL = _lot_statements()


def product_view(conn, product_id: str) -> dict | None:
    """The product, its producer and its content, as the public page and open data show them."""
    q, params = _PRODUCT, {"pid": product_id}
    row = conn.execute(q, params).first()
    if row is None:
        return None
    view = dict(row._mapping)
    for key in ("description_vi", "description_en", "ingredients_vi", "ingredients_en", "storage_vi", "storage_en",
                "producer_name", "producer_address", "producer_district", "producer_province", "producer_commune",
                "net_unit"):
        view[key] = view[key] or ""  # no content row (or producer) yet: empty, not None
    view["barcodes"] = json.loads(view["barcodes"] or "[]")
    view.update(media.media_of(conn, [product_id])[product_id])
    return view


def lot_view(conn, product_id: str, lot_no: str) -> dict | None:
    """What the centre knows of one lot of the product: its dates and producer from the deliveries
    kiosks reported (delivery_lots), and its recall. None when it knows nothing of the lot.
    Kiosks type the dates from the producer's note: when two disagree, the earliest use-by is
    shown (the safe one) and the first production date recorded."""
    params = {"pid": product_id, "lot": lot_no}
    rows = [dict(r._mapping) for r in conn.execute(_LOT_ROWS, params)]
    recall = conn.execute(_LOT_RECALL, params).first()
    if not rows and recall is None:
        return None
    produced = [r["produced_on"] for r in rows if r["produced_on"]]
    use_by = sorted(r["use_by"] for r in rows if r["use_by"])
    producers = list(dict.fromkeys(r["producer_name"] for r in rows if r["producer_name"]))
    view = {"lot_no": lot_no, "recorded": bool(rows), "produced_on": produced[0] if produced else None,
            "use_by": use_by[0] if use_by else None, "producers": producers, "recall": None, "lifted": None}
    if recall is not None and recall.lifted_at is None:
        view["recall"] = {"reason": recall.reason, "day": _vn_day(recall.recalled_at)}
    elif recall is not None:  # lifted: the lot is safe to use; the page may still tell its history
        view["lifted"] = {"recall_reason": recall.reason, "recall_day": _vn_day(recall.recalled_at),
                          "reason": recall.lift_reason, "day": _vn_day(recall.lifted_at)}
    return view


def _vn_day(at: str) -> str:
    try:
        return dt.datetime.fromisoformat(at).astimezone(VN_TZ).date().isoformat()
    except ValueError:
        return at[:10]
