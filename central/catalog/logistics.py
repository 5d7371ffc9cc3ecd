"""What moving a product needs beyond the catalog (table product_logistics, migration 0022): the
producer's pack size (a suggested order rounds up to it, central/figures/replenish.py) and the parcel
a marketplace ships (gross weight in grams, sides in centimetres, central/marketplaces/). Kept apart
from `products` because kiosks never need it: it is not part of the catalog they pull."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_, CatalogError, whole
from central.clock import utc_now_iso

FIELDS = {"pack_size": (N_("Quy cách đóng gói (số đơn vị một thùng)"), 10_000),
          "parcel_weight_g": (N_("Cân nặng kiện hàng (g)"), 100_000),
          "length_cm": (N_("Chiều dài (cm)"), 500), "width_cm": (N_("Chiều rộng (cm)"), 500),
          "height_cm": (N_("Chiều cao (cm)"), 500)}


def get(conn, product_id: str) -> dict:
    """The product's values, None where not known."""
    r = conn.execute(sa.select(m.product_logistics).where(m.product_logistics.c.product_id == product_id)).first()
    return {k: (r._mapping[k] if r is not None else None) for k in FIELDS}


def parse(form) -> dict:
    """Whole numbers 1..limit from a form; empty means "not known". Refuses with the field named."""
    out = {}
    for key, (label, hi) in FIELDS.items():
        raw = form.get(key)
        out[key] = None if raw in (None, "") or str(raw).strip() == "" else whole(raw, key, label, lo=1, hi=hi)
    return out


def save(conn, product_id: str, values: dict, by: str) -> dict:
    """Writes a product's values (all of them: a blank clears one)."""
    if conn.execute(sa.select(m.products.c.id).where(m.products.c.id == product_id)).first() is None:
        raise CatalogError(N_("không có sản phẩm này"), "product_id")
    t = m.product_logistics
    row = {k: values.get(k) for k in FIELDS}
    stamp = {"updated_at": utc_now_iso(), "updated_by": by}
    done = conn.execute(sa.update(t).where(t.c.product_id == product_id).values(**row, **stamp)).rowcount
    if not done:
        conn.execute(sa.insert(t).values(product_id=product_id, **row, **stamp))
    return row
