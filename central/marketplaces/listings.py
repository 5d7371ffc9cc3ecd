"""The catalog as marketplace listings: one plain item per active product, in the marketplace-free
shape every exporter reads (central/marketplaces/base.py maps it to a layout's columns).

Where each value comes from:
- name, description: the Vietnamese name; the description (product_content.description_vi) with the
  ingredients and storage appended as their own paragraphs when the office wrote them.
- price: the location's own price (location_prices) when a warehouse location is chosen and has one,
  else the chain-wide price; integer đồng, VAT included (what the buyer pays).
- stock: on hand at the chosen location (the stock ledger, as the stock page sums it), or over every
  location when none is chosen; a negative ledger sum counts as 0.
- pictures: the product's photos in display order, as absolute addresses under the server's public
  address (`base`, Settings.public_url): the marketplaces fetch them from there.
- parcel: product_logistics (gross weight in grams, sides in cm) as the office entered them; when no
  parcel weight is recorded and the product's net quantity is in grams, that net weight is used
  (docs/marketplaces.md: the real parcel is heavier, so record it).
- barcode: the first barcode that is a real GTIN (central/public/gtin.py), as a GTIN-14.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from central import models as m
from central.catalog import media
from central.public.gtin import gtin14


def _stock(conn, location: str | None) -> dict[str, int]:
    sm = m.stock_moves
    q = sa.select(sm.c.product_id, sa.func.sum(sm.c.qty)).group_by(sm.c.product_id)
    if location:
        q = q.where(sm.c.location_code == location)
    return {pid: max(0, int(qty or 0)) for pid, qty in conn.execute(q)}


def _prices(conn, location: str | None) -> dict[str, int]:
    if not location:
        return {}
    lp = m.location_prices
    return dict(conn.execute(sa.select(lp.c.product_id, lp.c.price).where(lp.c.location_code == location)).all())


def _description(r) -> str:
    parts = [(r.description_vi or "").strip()]
    if (r.ingredients_vi or "").strip():
        parts.append("Thành phần: " + r.ingredients_vi.strip())
    if (r.storage_vi or "").strip():
        parts.append("Bảo quản: " + r.storage_vi.strip())
    return "\n\n".join(p for p in parts if p) if parts[0] else ""


def _weight(r) -> int | None:
    if r.parcel_weight_g:
        return int(r.parcel_weight_g)
    if r.net_qty and (r.net_unit or "g") == "g":
        return int(r.net_qty)
    return None


def _gtin(barcodes: str) -> str:
    try:
        codes = json.loads(barcodes or "[]")
    except ValueError:
        codes = []
    return next((g for g in (gtin14(str(c)) for c in codes) if g), "")


def listings(conn, base: str, location: str | None = None) -> list[dict]:
    """Every active product as an item: sku, product_id, category_id, name, description, price,
    stock, weight_g, length_cm, width_cm, height_cm, images (absolute URLs), gtin, producer_name,
    unit, sold_by_weight. `base` is the server's public address without a trailing slash."""
    p, c, pr, lg = m.products, m.product_content, m.producers, m.product_logistics
    q = (sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.category_id, p.c.price, p.c.unit, p.c.sold_by_weight,
                   p.c.barcodes, pr.c.name.label("producer_name"), c.c.description_vi, c.c.ingredients_vi,
                   c.c.storage_vi, c.c.net_qty, c.c.net_unit, lg.c.parcel_weight_g, lg.c.length_cm, lg.c.width_cm,
                   lg.c.height_cm)
         .select_from(p.outerjoin(c, c.c.product_id == p.c.id).outerjoin(pr, pr.c.id == p.c.producer_id)
                      .outerjoin(lg, lg.c.product_id == p.c.id))
         .where(p.c.active == 1).order_by(p.c.sku))
    rows = conn.execute(q).all()
    stock, prices = _stock(conn, location), _prices(conn, location)
    files = media.media_of(conn, [r.id for r in rows])
    out = []
    for r in rows:
        out.append({
            "product_id": r.id, "sku": r.sku, "category_id": r.category_id or "", "name": r.name_vi or "",
            "description": _description(r), "price": int(prices.get(r.id, r.price) or 0),
            "stock": stock.get(r.id, 0), "weight_g": _weight(r), "length_cm": r.length_cm,
            "width_cm": r.width_cm, "height_cm": r.height_cm,
            "images": [base + ph["url"] for ph in files[r.id]["photos"]], "gtin": _gtin(r.barcodes),
            "producer_name": r.producer_name or "", "unit": r.unit, "sold_by_weight": int(r.sold_by_weight or 0)})
    return out


def stock_rows(conn, location: str | None = None) -> list[dict]:
    """The stock-sync rows: one per active product and location that holds or held it: sku, gtin,
    name, location_code, location_name, on_hand (the ledger's sum), available (on hand, never
    below 0), price (the location's or the chain-wide one)."""
    p, sm, lp, loc = m.products, m.stock_moves, m.location_prices, m.locations
    held = (sa.select(sm.c.location_code, sm.c.product_id, sa.func.sum(sm.c.qty).label("qty"))
            .group_by(sm.c.location_code, sm.c.product_id))
    if location:
        held = held.where(sm.c.location_code == location)
    h = held.subquery()
    q = (sa.select(p.c.sku, p.c.name_vi, p.c.barcodes, p.c.unit, p.c.sold_by_weight, h.c.location_code,
                   sa.func.coalesce(loc.c.name, h.c.location_code).label("location_name"), h.c.qty,
                   sa.func.coalesce(lp.c.price, p.c.price).label("price"))
         .select_from(h.join(p, p.c.id == h.c.product_id).outerjoin(loc, loc.c.code == h.c.location_code)
                      .outerjoin(lp, sa.and_(lp.c.product_id == h.c.product_id,
                                             lp.c.location_code == h.c.location_code)))
         .where(p.c.active == 1).order_by(p.c.sku, h.c.location_code))
    return [{"sku": r.sku, "gtin": _gtin(r.barcodes), "name": r.name_vi, "unit": r.unit,
             "sold_by_weight": int(r.sold_by_weight or 0), "location_code": r.location_code,
             "location_name": r.location_name, "on_hand": int(r.qty or 0), "available": max(0, int(r.qty or 0)),
             "price": int(r.price or 0)} for r in conn.execute(q)]
