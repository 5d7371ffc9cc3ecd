"""The stock list in pages (pos.stock.stock_page): warnings first then by name, every active
product exactly once, positions that survive changes between pages; the rows of a few products;
the filter; the summary counts; bad arguments refused. Real SQLite files."""
from __future__ import annotations

from collections import defaultdict

import pytest

from pos import catalog, demo, staff, stock
from pos.errors import ValidationError
from pos.store import Store
from testclock import Clock

N = 137  # products: several pages of 20, the warnings ending mid-page


@pytest.fixture
def big(tmp_path):
    """N synthetic products; two in three got a delivery, so warnings and the rest are both long."""
    s = Store(tmp_path / "kiosk.db", clock=Clock())
    s.set_settings(device_code="HN01")
    demo.seed_synthetic(s, N)
    manager, _ = staff.create_staff(s, "M1", "Quản lý", "manager", "9999")
    by_producer = defaultdict(list)
    for i, p in enumerate(s.all("SELECT id, producer_id, sold_by_weight FROM products ORDER BY sku")):
        if i % 3:
            by_producer[p["producer_id"]].append({"product_id": p["id"], "qty": 9_000 if p["sold_by_weight"] else 50})
    for producer, lines in by_producer.items():
        stock.receive_delivery(s, producer, lines, manager)
    s.manager = manager
    yield s
    s.close()


def screen_order(rows):
    return sorted(rows, key=lambda r: (not stock.has_warning(r), r["name_folded"], r["product_id"]))


def all_pages(store, limit, **kw):
    out, after, calls = [], None, 0
    while True:
        rows, after = stock.stock_page(store, after, limit, **kw)
        calls += 1
        assert len(rows) <= limit
        out += rows
        if after is None:
            return out, calls
        assert len(rows) == limit  # a page short of the limit is the last one


def test_pages_list_every_product_once_warnings_first_and_agree_with_stock_list(big):
    whole = stock.stock_list(big)
    warnings = [r for r in whole if stock.has_warning(r)]
    assert 20 < len(warnings) < len(whole) - 20 and len(warnings) % 20  # the warnings end mid-page
    paged, calls = all_pages(big, 20)
    assert paged == screen_order(whole)
    assert calls == len(whole) // 20 + 1
    first, after = stock.stock_page(big, None, 20)
    assert all(stock.has_warning(r) for r in first) and after[0] == stock.WARNINGS


def test_a_page_that_ends_the_warnings_goes_on_with_the_rest(big):
    n_warn = sum(stock.has_warning(r) for r in stock.stock_list(big))
    rows, after = stock.stock_page(big, None, n_warn + 5)
    assert [stock.has_warning(r) for r in rows] == [True] * n_warn + [False] * 5
    assert after[0] == stock.OTHERS


def test_warnings_only_stops_after_the_warnings(big):
    paged, _ = all_pages(big, 20, warnings_only=True)
    expected = [r for r in screen_order(stock.stock_list(big)) if stock.has_warning(r)]
    assert paged == expected


def test_a_row_that_changes_between_pages_is_neither_lost_nor_shown_twice(big):
    first, after = stock.stock_page(big, None, 20)
    # a low product further down the warnings gets stock meanwhile and leaves them for the rest
    later = next(r for r in stock.stock_page(big, after, 20)[0] if r["is_low"] and not r["cert_expiring"]
                 and not r["cert_expired"])
    stock.receive_delivery(big, later["producer_id"], [{"product_id": later["product_id"], "qty": 10**5}],
                           big.manager)
    rest = []
    while after is not None:
        rows, after = stock.stock_page(big, after, 20)
        rest += rows
    ids = [r["product_id"] for r in first + rest]
    assert len(ids) == len(set(ids)) == N
    moved = next(r for r in rest if r["product_id"] == later["product_id"])
    assert not stock.has_warning(moved) and moved["on_hand"] >= 10**5


def test_rows_find_and_summary(big):
    whole = {r["product_id"]: r for r in stock.stock_list(big)}
    some = list(whole)[:3]
    assert {r["product_id"]: r for r in stock.stock_rows(big, some)} == {i: whole[i] for i in some}
    assert stock.stock_rows(big, []) == []
    target = next(iter(whole.values()))
    found = stock.stock_find(big, target["sku"], limit=50)
    assert found[0]["product_id"] == target["product_id"]
    by_name = stock.stock_find(big, target["name_vi"].split()[0], limit=50)
    flags = [stock.has_warning(r) for r in by_name]
    assert flags == sorted(flags, reverse=True)  # warnings first
    c = stock.stock_summary(big)
    assert c == {"products": N, "low": sum(bool(r["is_low"]) for r in whole.values()),
                 "expired": sum(bool(r["cert_expired"]) for r in whole.values()),
                 "expiring": sum(bool(r["cert_expiring"]) for r in whole.values())}
    # a deactivated product leaves the list, its pages and the counts
    catalog.upsert_product(big, {"id": target["product_id"], "active": 0})
    assert stock.stock_summary(big)["products"] == N - 1
    assert target["product_id"] not in {r["product_id"] for r in all_pages(big, 50)[0]}


def test_certificate_window_moves_rows_between_the_parts(big):
    soon = stock.stock_summary(big, expiring_days=0)
    later = stock.stock_summary(big, expiring_days=3_000)
    assert soon["expiring"] <= later["expiring"] and soon["products"] == later["products"]
    paged, _ = all_pages(big, 40, expiring_days=3_000)
    assert paged == screen_order(stock.stock_list(big, expiring_days=3_000))


@pytest.mark.parametrize("kw", [{"limit": 0}, {"limit": 10**6}, {"limit": "20"}, {"expiring_days": -1},
                                {"expiring_days": True}, {"after": ("x", "a", "b")}, {"after": (0, 1, 2)},
                                {"after": "abc"}])
def test_bad_arguments_are_refused_clearly(big, kw):
    with pytest.raises(ValidationError) as exc:
        stock.stock_page(big, **kw)
    assert exc.value.details["field"] in ("limit", "expiring_days", "after")
    assert str(exc.value)
