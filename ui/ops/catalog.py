"""The catalog on the DB thread: scan and search at the counter, products and producers for
the manager."""
from __future__ import annotations

import dataclasses

from pos import catalog, content, lots, price_pull, product_card, sets, vat_schedule
from pos.errors import InvalidBarcode, UnknownBarcode
from pos.store import OpChanges

from . import OpResult


def lookup(store, code: str, in_cart: dict | None = None):
    """A scan at the counter -> Hit. An item that would be sold from an expired lot (the code's own
    use-by, the lot it names, or only expired stock left beyond `in_cart`, product id -> quantity
    on the cart's lines naming no lot) comes back with `expired_lot` set, for the screen to ask a
    manager at once; a recalled lot is refused outright (RecalledLot), named or the only stock left,
    and so is a gift set that would need a component of which only expired lots are left
    (pos.sets.refuse_at_scan)."""
    return _with_expired(store, catalog.lookup(store, code, refuse_expired=False), in_cart)


def picked(store, product: dict, in_cart: dict | None = None):
    """A product picked from the category grid or the search results -> Hit, checked as a scan of
    its EAN would be (`expired_lot` set for the manager to be asked at once; RecalledLot when only
    recalled lots could give it), so the screen treats it like a scan (ui/sell_scan.py)."""
    return _with_expired(store, catalog.Hit(product=product, code=""), in_cart)


def _with_expired(store, hit, in_cart: dict | None):
    qty = (hit.grams or 1) + int((in_cart or {}).get(hit.product["id"], 0)) if not hit.lot else 1
    sets.refuse_at_scan(store, hit.product["id"], qty)  # a gift set that needs an expired component: refused now
    expired = lots.expired_at_scan(store, hit.product["id"], hit.lot, hit.use_by, qty, hit.product["name_vi"])
    return dataclasses.replace(hit, expired_lot=expired) if expired else hit


def search(store, text: str, limit: int):
    """Search results with their main picture's thumbnail (`thumb`: hash and address, or None)."""
    return content.with_thumbs(store, catalog.search(store, text, limit=limit))


def categories(store):
    return catalog.categories(store)


def in_category(store, category_id):
    return content.with_thumbs(store, catalog.products_in_category(store, category_id))


def card(store, product_id: str) -> dict:
    """What the product card shows (pos.product_card.card)."""
    return product_card.card(store, product_id)


def producers(store):
    return catalog.producers(store)


def vat_upcoming(store, days: int = 14) -> list[dict]:
    """VAT changes pulled from the centre whose day is today or within `days` days."""
    import datetime as dt

    today = dt.date.fromisoformat(store.business_day())
    until = (today + dt.timedelta(days=days)).isoformat()
    return [r for r in vat_schedule.upcoming(store, today.isoformat()) if r["effective_day"] <= until]


def prices_upcoming(store, days: int = 14) -> dict:
    """Price changes and fair lists pulled from the centre that begin (or run) from today to `days`
    days ahead: {"changes": [...], "lists": [...]} (pos/price_pull.py)."""
    import datetime as dt

    today = dt.date.fromisoformat(store.business_day())
    until = (today + dt.timedelta(days=days)).isoformat()
    return {"changes": [r for r in price_pull.changes_ahead(store, today.isoformat()) if r["effective_day"] <= until],
            "lists": [r for r in price_pull.lists_ahead(store, today.isoformat()) if r["start_day"] <= until]}


def refs(store):
    """What the product form chooses from: (producers, categories)."""
    return catalog.producers(store), catalog.categories(store)


def product(store, product_id: str) -> dict:
    return catalog.get_product(store, product_id)


def save_product(store, data: dict, barcodes: list[str]) -> OpResult:
    """A product made or changed on this kiosk -> OpResult(the product as saved, changes)."""
    pid, changes = catalog.upsert_product(store, {**data, "local": 1}, barcodes=barcodes)
    return OpResult(catalog.get_product(store, pid), changes)


def issue_code(store, product_id: str) -> OpResult:
    """An in-store barcode for the product -> OpResult((code, product), changes)."""
    code = catalog.issue_instore_barcode(store, product_id)
    return OpResult((code, catalog.get_product(store, product_id)), OpChanges(catalog=True))


def find(store, text: str):
    """-> ("hit", product) for a barcode/SKU, else ("list", products) from the name search."""
    try:
        hit = catalog.lookup(store, text, refuse_expired=False)  # finding an expired item is no sale
        # a scale label carries the weight: hand it over with the product
        # ... and a 2D code its lot and use-by (the receive screen fills the line's lot with them)
        return "hit", dict(hit.product, label_grams=hit.grams, label_lot=hit.lot, label_use_by=hit.use_by)
    except (UnknownBarcode, InvalidBarcode) as exc:
        found = catalog.search(store, text, limit=20)
        if not found and (text.isdigit() and len(text) >= 7):
            raise exc  # a barcode nobody knows: say so rather than "no results"
        return "list", found
