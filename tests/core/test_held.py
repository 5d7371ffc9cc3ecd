from __future__ import annotations

import pytest

from pos import catalog, errors, held, sales
from pos.cart import Cart
from pos.store import Store


def test_hold_survives_restart_and_resumes(store, selling, db_path, clock):
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000026").product, qty=2)
    cart.add(catalog.get_product(store, selling.fish), grams=300)
    with pytest.raises(errors.EmptyCart):
        held.hold(store, Cart(), selling.clerk)
    hid, ch = held.hold(store, cart, selling.clerk, "khách áo xanh")
    assert ch.held
    store.close()
    s2 = Store(db_path, clock=clock)
    rows = held.list_held(s2)
    assert [(r["label"], r["lines"], r["total"], r["clerk"]) for r in rows] == [("khách áo xanh", 2, 626_000, "Nguyễn Thị Lan")]
    back, _ = held.resume(s2, hid)
    assert back.totals().total == 626_000 and held.list_held(s2) == []
    with pytest.raises(errors.ValidationError):
        held.resume(s2, hid)
    res = sales.complete_sale(s2, back, [{"method": "cash", "tendered": 700_000}], selling.clerk)
    assert res.change_due == 74_000
    s2.close()
