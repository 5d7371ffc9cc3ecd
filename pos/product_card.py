"""The product card's data (ui/product_card.py): the product as sold today with its producer, its
content pulled from the centre (pos/content.py) and its pictures. Its own module because it reads
both the catalog and the content, which pos.catalog (applying the content it pulls) cannot import."""
from __future__ import annotations

from . import catalog, content, prices, sets
from .store import Store


def card(store: Store, product_id: str) -> dict:
    """Everything the product card shows: the product as sold today, its producer, its content
    (empty texts when the centre sent none), its pictures in display order and, for a gift set,
    what one box holds."""
    product = catalog._as_sold(store, catalog.get_product(store, product_id), *prices.moment(store.now()))
    keys = ("name", "kind", "address", "commune", "district", "province")
    producer = store.conn.execute(f"SELECT {', '.join(keys)} FROM producers WHERE id = ?",
                                  (product["producer_id"],)).fetchone()
    product["producer"] = dict(zip(keys, producer or ("",) * len(keys)))
    cur = store.conn.execute("SELECT * FROM product_content WHERE product_id = ?", (product_id,))
    values = cur.fetchone()
    texts = dict(zip([d[0] for d in cur.description], values)) if values else {k: "" for k in content.TEXTS}
    product["content"] = texts
    product["cert_valid"] = catalog.cert_valid_on(product, store.business_day()) if product["ocop_cert_no"] else None
    product["photos"] = [dict(zip(("sha256", "url", "thumb_sha256", "thumb_url", "width", "height"), r))
                         for r in store.conn.execute(
                             "SELECT sha256, url, thumb_sha256, thumb_url, width, height FROM product_photos "
                             "WHERE product_id = ? ORDER BY sort", (product_id,))]
    # a gift set: what one box holds, each with its own name in both languages (pos/sets.py)
    product["set_components"] = [{"qty": c["per_set"], "name_vi": c["name_vi"], "name_en": c["name_en"]}
                                 for c in sets.components(store, product_id)]
    return product
