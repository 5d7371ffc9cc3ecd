"""Gift sets at the centre (issue 16 item 1): which products a set product holds, and how many.

A set is an ordinary product (barcode, price, VAT rate, owner) that has components; writing them
takes a catalog revision on the set's product_sets row, so every kiosk's next pull carries the
set whole (key `set_components`, applied by pos.sets.apply_pulled, which refuses the same things
as here: a kiosk and the office must agree on what a set may be). The split of a sold set's money
among its components is the kiosk's (pos/sets.py); the centre only sums what the kiosk wrote.
"""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.catalog.pull import next_rev
from central.catalog.rules import N_, CatalogError, whole
from central.clock import utc_now_iso

MAX_COMPONENTS = 20  # pos.sets.MAX_COMPONENTS


def components_of(conn, set_id: str) -> list[dict]:
    """The set's components in order, with the product fields the office shows; [] if not a set."""
    c, p = m.set_components, m.products
    q = (sa.select(c.c.component_id.label("product_id"), c.c.qty, p.c.sku, p.c.name_vi, p.c.unit, p.c.price,
                   p.c.vat_rate, p.c.producer_id)
         .select_from(c.outerjoin(p, p.c.id == c.c.component_id))
         .where(c.c.set_id == set_id).order_by(c.c.sort, p.c.sku))
    return [dict(r._mapping) for r in conn.execute(q)]


def set_ids(conn) -> set[str]:
    return {r[0] for r in conn.execute(sa.select(m.set_components.c.set_id).distinct())}


def _product(conn, key: str) -> dict | None:
    p = m.products
    row = conn.execute(sa.select(p.c.id, p.c.sku, p.c.sold_by_weight).where(
        sa.or_(p.c.id == key, p.c.sku == key))).first()
    return dict(row._mapping) if row else None


def clean(conn, set_id: str, rows) -> list[tuple[str, int]]:
    """[(component product id, qty per set)] from rows {"product_id" or "sku", "qty"}, refused as
    the kiosk would refuse them (CatalogError naming the row)."""
    if not isinstance(rows, list) or len(rows) > MAX_COMPONENTS:
        raise CatalogError(N_("một hộp quà có tối đa {most} thành phần"), "components", most=MAX_COMPONENTS)
    the_set = _product(conn, set_id)
    if the_set is None:
        raise CatalogError(N_("không có sản phẩm {id}"), "set_id", id=set_id)
    if rows and the_set["sold_by_weight"]:
        raise CatalogError(N_("hàng bán theo cân không thể là thành phần hộp quà ({sku})"), "set_id",
                           sku=the_set["sku"])
    sets = set_ids(conn)
    used_in = {r[0] for r in conn.execute(sa.select(m.set_components.c.set_id)
                                          .where(m.set_components.c.component_id == the_set["id"]))}
    if rows and used_in:
        raise CatalogError(N_("sản phẩm này đang là thành phần của hộp quà khác"), "set_id")
    out: list[tuple[str, int]] = []
    for row in rows:
        key = str((row or {}).get("product_id") or (row or {}).get("sku") or "").strip()
        prod = _product(conn, key) if key else None
        if prod is None:
            raise CatalogError(N_("không có sản phẩm {id}"), "components", id=key)
        if prod["id"] == the_set["id"] or prod["id"] in sets:
            raise CatalogError(N_("hộp quà không thể chứa chính nó hay hộp quà khác ({sku})"), "components",
                               sku=prod["sku"])
        if prod["sold_by_weight"]:
            raise CatalogError(N_("hàng bán theo cân không thể là thành phần hộp quà ({sku})"), "components",
                               sku=prod["sku"])
        if any(prod["id"] == c for c, _ in out):
            raise CatalogError(N_("thành phần {sku} ghi hai lần"), "components", sku=prod["sku"])
        out.append((prod["id"], whole((row or {}).get("qty"), "qty", N_("số lượng"), 1, 10_000)))
    return out


def save(conn, set_id: str, rows, by: str = "") -> int:
    """Replace the set's components (an empty list: the product is no longer a set); -> the
    catalog revision kiosks pull it at."""
    comps = clean(conn, set_id, rows)
    set_id = _product(conn, set_id)["id"]
    rev = next_rev(conn)
    conn.execute(sa.delete(m.set_components).where(m.set_components.c.set_id == set_id))
    if comps:
        conn.execute(sa.insert(m.set_components), [
            {"set_id": set_id, "component_id": c, "qty": q, "sort": n} for n, (c, q) in enumerate(comps)])
    values = {"updated_at": utc_now_iso(), "updated_by": by, "rev": rev}
    if conn.execute(sa.update(m.product_sets).where(m.product_sets.c.set_id == set_id).values(**values)).rowcount == 0:
        conn.execute(sa.insert(m.product_sets).values(set_id=set_id, **values))
    return rev


def differing_vat(conn, set_id: str) -> list[dict]:
    """Components whose own VAT rate differs from the set's: the set is sold at its own rate (one
    good on the receipt and the e-invoice); the office page says so."""
    p = m.products
    rate = conn.execute(sa.select(p.c.vat_rate).where(p.c.id == set_id)).scalar()
    return [c for c in components_of(conn, set_id) if c["vat_rate"] is not None and c["vat_rate"] != rate]
