"""Product content pulled from the centre (the pull's `product_content` key, central/catalog/pull.py):
the texts a customer asks about at the counter, the OCOP certificate document and the pictures.

Why only hashes and addresses here: the picture files live in the bounded picture cache
(pos/picture_cache.py), fetched by the sync side; the database says which file belongs to which
product, so a file evicted from the cache is simply fetched again. A pulled row replaces the
product's content and its whole picture list (the centre always sends the list whole)."""
from __future__ import annotations

import re

from .errors import ValidationError
from .store import OpChanges, Store

SHA = re.compile(r"[0-9a-f]{64}")
TEXTS = ("description_vi", "description_en", "ingredients_vi", "ingredients_en", "storage_vi", "storage_en")


def _sha(value, field: str) -> str:
    if not isinstance(value, str) or not SHA.fullmatch(value):
        raise ValidationError("{field}: not a SHA-256 hash", field=field)
    return value


def _url(value, field: str) -> str:
    if not isinstance(value, str) or not (value.startswith("/") or value.startswith(("https://", "http://"))):
        raise ValidationError("{field}: not a picture address", field=field)
    return value


def _count(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValidationError("{field} must be a whole number above 0", field=field)
    return value


def _photos(row: dict) -> list[tuple]:
    out = []
    for i, ph in enumerate(row.get("photos") or []):
        thumb = ph.get("thumb_sha256")
        out.append((row["product_id"], i, _sha(ph.get("sha256"), "photos.sha256"), _url(ph.get("url"), "photos.url"),
                    _sha(thumb, "photos.thumb_sha256") if thumb else None,
                    _url(ph.get("thumb_url"), "photos.thumb_url") if thumb else None,
                    int(ph.get("width") or 0), int(ph.get("height") or 0)))
    return out


def apply_pulled(store: Store, row: dict) -> OpChanges:
    """One product's content as the centre sent it: fields, certificate and the whole picture list."""
    pid = row.get("product_id")
    if not isinstance(pid, str) or not pid:
        raise ValidationError("product content without a product id", field="product_id")
    unit = row.get("net_unit") or "g"
    if unit not in ("g", "ml"):
        raise ValidationError("net quantity unit must be g or ml", field="net_unit")
    cert = row.get("certificate") or {}
    cert_sha = _sha(cert.get("sha256"), "certificate.sha256") if cert else None
    values = {k: str(row.get(k) or "") for k in TEXTS}
    values.update(product_id=pid, net_qty=_count(row.get("net_qty"), "net_qty"), net_unit=unit,
                  shelf_life_days=_count(row.get("shelf_life_days"), "shelf_life_days"),
                  certificate_sha256=cert_sha,
                  certificate_url=_url(cert.get("url"), "certificate.url") if cert else None,
                  certificate_type=str(cert.get("type") or "") if cert else None,
                  updated_at=str(row.get("updated_at") or ""))
    photos = _photos(row)
    with store.transaction():
        cols = list(values)
        store.conn.execute(f"INSERT OR REPLACE INTO product_content ({', '.join(cols)}) "
                           f"VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols])
        store.conn.execute("DELETE FROM product_photos WHERE product_id = ?", (pid,))
        store.conn.executemany("INSERT INTO product_photos (product_id, sort, sha256, url, thumb_sha256, thumb_url, "
                               "width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", photos)
    return OpChanges(catalog=True)


def thumbs_for(store: Store, product_ids: list[str]) -> dict[str, tuple[str, str]]:
    """{product_id: (thumbnail sha, its address)} of each product's main picture, for the grid."""
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(product_ids), 500):
        ids = product_ids[i:i + 500]
        rows = store.conn.execute(
            f"SELECT product_id, coalesce(thumb_sha256, sha256), coalesce(thumb_url, url) FROM product_photos "
            f"WHERE sort = 0 AND product_id IN ({','.join('?' * len(ids))})", ids)
        out.update({pid: (sha, url) for pid, sha, url in rows})
    return out


def with_thumbs(store: Store, products: list[dict]) -> list[dict]:
    """The products with `thumb` = (sha, address) of their main picture, or None."""
    thumbs = thumbs_for(store, [p["id"] for p in products])
    for p in products:
        p["thumb"] = thumbs.get(p["id"])
    return products


def wanted(store: Store, large: bool = False) -> list[tuple[str, str]]:
    """(sha, address) of the files to fetch ahead of need, products on sale first by name: the
    main thumbnails, and with `large` every picture in full size too."""
    rows = store.conn.execute(
        "SELECT coalesce(ph.thumb_sha256, ph.sha256), coalesce(ph.thumb_url, ph.url), ph.sha256, ph.url "
        "FROM product_photos ph JOIN products p ON p.id = ph.product_id "
        "WHERE p.active = 1 AND (ph.sort = 0 OR ?) ORDER BY p.name_folded, ph.sort", (int(large),)).fetchall()
    out = [(r[0], r[1]) for r in rows if r[0]]
    if large:
        out += [(r[2], r[3]) for r in rows]
    return out
