"""Supplements on the DB thread (pos.supplements): the sale's lines as the supplement dialog offers
them, a product scanned for goods not rung up, and the supplement itself (its cart built here)."""
from __future__ import annotations

from pos import catalog, supplements
from pos.cart import Cart


def lines(store, sale_id: str) -> list[dict]:
    return supplements.supplementable_lines(store, sale_id)


def find_goods(store, code: str) -> dict:
    """The product a scanned or typed code names (pos.catalog.lookup: recalled lots refused)."""
    return catalog.lookup(store, code).product


def supplement(store, sale_id: str, staff_id: str, manager_id: str, reason: str, payments: list[dict],
               added: list[dict], raises: list[dict], lang: str):
    """`added`: [{"product_id", "qty", "unit_price"}] (qty in grams for weighed goods; the price
    the dialog showed: a sold line's own for more of it, the catalog's for goods not on the sale)."""
    cart = Cart()
    for item in added:
        product = {**catalog.get_product(store, item["product_id"]), "price": item["unit_price"]}
        if product["sold_by_weight"]:
            cart.add(product, grams=item["qty"])
        else:
            cart.add(product, qty=item["qty"])
    return supplements.supplement(store, sale_id, staff_id, manager_id, reason, payments, cart=cart,
                                  raises=raises, lang=lang)
