"""Vouchers as a payment at the kiosk, on a real SQLite file: the code's check character, the
rules complete_sale applies inside its transaction (allotment, expiry by the kiosk's Vietnam day,
listing at this location, value on the sale total), the redemption rows and the sale event, and
the refund rule (the voucher's use comes back, not cash)."""
from __future__ import annotations

import pytest

from pos import errors, outbox, sales, voucher_codes, vouchers
from pos.cart import Cart
from pos import catalog
from testclock import vn


def fresh_code() -> str:
    return voucher_codes.new_code()


def pull(store, *rows):
    with store.transaction():
        vouchers.apply_pulled(store, list(rows))


def voucher(code, kind="amount", value=100_000, uses=1, allotted=1, expires_on="2026-11-30", cap=0):
    return {"id": "v-" + code[-4:], "code": code, "kind": kind, "value": value, "cap": cap, "uses": uses,
            "allotted": allotted, "expires_on": expires_on, "name": "Hội chợ OCOP"}


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        hit = catalog.lookup(store, code)
        cart.add(hit.product, grams=hit.grams, price=hit.price, barcode=code)
    return cart


SHRIMP = "8930000000026"  # 250.000 ₫
SALT = "8930000000019"    # 45.000 ₫


def test_codes_are_random_grouped_and_a_mistyped_one_is_refused_at_once():
    codes = {fresh_code() for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert len(code) == 19 and code.count("-") == 3 and voucher_codes.valid(code)
    bare = code.replace("-", "")
    assert voucher_codes.canonical(bare.lower()) == code  # typed without dashes, in lower case
    for i in range(len(bare)):  # every single wrong character is caught by the check character
        for c in voucher_codes.ALPHABET:
            if c != bare[i]:
                assert not voucher_codes.valid(bare[:i] + c + bare[i + 1:])
    swapped = [bare[:i] + bare[i + 1] + bare[i] + bare[i + 2:] for i in range(len(bare) - 1) if bare[i] != bare[i + 1]]
    assert sum(voucher_codes.valid(s) for s in swapped) <= 1  # Luhn mod 32 misses at most a rare pair
    assert voucher_codes.masked(code) == "****-" + code[-4:]
    # O and I typed for 0 and 1 read right
    with_zero = next((c for c in codes if "0" in c), None)
    if with_zero:
        assert voucher_codes.canonical(with_zero.replace("0", "O")) == with_zero


def test_an_allotted_amount_voucher_pays_and_is_written_with_the_sale(store, selling):
    code = fresh_code()
    pull(store, voucher(code))
    cart = ring(store, SHRIMP)  # 250.000
    seen = vouchers.check(store, code.replace("-", " "), 250_000)
    assert seen["offline"] and seen["amount"] == 100_000
    res = sales.complete_sale(store, cart, [{"method": "voucher", "amount": 100_000, "voucher_code": code},
                                            {"method": "cash", "tendered": 200_000}], selling.clerk)
    sale = sales.get_sale(store, res.sale_id)
    by = {p["method"]: p for p in sale["payments"]}
    assert by["voucher"]["amount"] == 100_000 and by["voucher"]["reference"] == voucher_codes.masked(code)
    assert by["cash"]["amount"] == 150_000 and res.change_due == 50_000
    used = vouchers.on_sale(store, res.sale_id)
    assert [(u["voucher_code"], u["amount"], u["online"]) for u in used] == [(code, 100_000, 0)]
    ev = [e for e in outbox.pending(store) if e["type"] == "sale.completed"][-1]
    [red] = ev["payload"]["voucher_redemptions"]
    assert red["voucher_code"] == code and red["amount"] == 100_000 and red["sale_id"] == res.sale_id
    assert red["payment_id"] == by["voucher"]["id"]
    # single use: spent here, refused the second time, and nothing of that sale is written
    before = store.conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    with pytest.raises(errors.InvalidState):
        sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": code}],
                            selling.clerk)
    assert store.conn.execute("SELECT count(*) FROM sales").fetchone()[0] == before


def test_a_percentage_voucher_is_worth_its_share_of_the_total_capped(store, selling):
    code, capped = fresh_code(), fresh_code()
    pull(store, voucher(code, "percent", 15, uses=3, allotted=3), voucher(capped, "percent", 20, cap=30_000))
    cart = ring(store, SHRIMP, SALT)  # 295.000: 15 % = 44.250
    assert vouchers.check(store, code, 295_000)["amount"] == 44_250
    with pytest.raises(errors.InvalidAmount):
        sales.complete_sale(store, cart, [{"method": "voucher", "amount": 44_251, "voucher_code": code},
                                          {"method": "cash", "tendered": 300_000}], selling.clerk)
    sales.complete_sale(store, cart, [{"method": "voucher", "amount": 44_250, "voucher_code": code},
                                      {"method": "cash", "tendered": 250_750}], selling.clerk)
    # 20 % of 295.000 is 59.000, capped at 30.000
    assert vouchers.check(store, capped, 295_000)["amount"] == 30_000
    # 15 % of 45.000 = 6.750, integer đồng rounded down (of 45.001 it would be 6.750,15)
    assert vouchers.value_on({"kind": "percent", "value": 15, "cap": 0}, 45_001) == 6_750
    # an amount voucher worth more than the sale pays only the sale: no change from a voucher
    big = fresh_code()
    pull(store, voucher(code, "percent", 15, uses=3, allotted=3), voucher(big, value=500_000))
    assert vouchers.check(store, big, 45_000)["amount"] == 45_000
    with pytest.raises(errors.InvalidAmount):
        sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 50_000, "voucher_code": big}],
                            selling.clerk)


def test_an_n_use_allotment_is_counted_per_use_and_the_same_code_twice_in_one_sale(store, selling):
    code = fresh_code()
    pull(store, voucher(code, value=20_000, uses=10, allotted=2))
    cart = ring(store, SHRIMP)
    sales.complete_sale(store, cart, [{"method": "voucher", "amount": 20_000, "voucher_code": code},
                                      {"method": "voucher", "amount": 20_000, "voucher_code": code},
                                      {"method": "cash", "tendered": 210_000}], selling.clerk)
    assert vouchers.listed(store)[0]["offline_left"] == 0
    with pytest.raises(errors.InvalidState):
        vouchers.redeem(store, "x", [{"id": "p", "amount": 1, "voucher_code": code}], 10, "2026-11-22", "t")


def test_expiry_by_the_kiosks_vietnam_day_and_only_listed_vouchers(store, selling, clock):
    code, other = fresh_code(), fresh_code()
    pull(store, voucher(code, expires_on="2026-11-22"), voucher(other))
    clock.set(vn(2026, 11, 22, 23, 59))  # still the 22nd in Vietnam (16:59 UTC)
    assert vouchers.check(store, code, 45_000)["amount"] == 45_000
    clock.set(vn(2026, 11, 23, 0, 1))  # the 23rd in Vietnam although still the 22nd in UTC
    with pytest.raises(errors.InvalidState):
        vouchers.check(store, code, 45_000)
    with pytest.raises(errors.InvalidState):
        sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": code}],
                            selling.clerk)
    pull(store, voucher(code, expires_on="2026-11-22"))  # `other` left this location's list
    with pytest.raises(errors.InvalidState):
        sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": other}],
                            selling.clerk)
    unknown = fresh_code()
    with pytest.raises(errors.ValidationError):
        vouchers.check(store, unknown, 45_000)
    with pytest.raises(errors.ValidationError):  # a typo: the check character refuses it before any lookup
        vouchers.check(store, other[:-1] + ("0" if other[-1] != "0" else "1"), 45_000)


def test_not_allotted_here_needs_the_centres_reservation_which_the_sale_spends(store, selling):
    code = fresh_code()
    pull(store, voucher(code, allotted=0))
    assert not vouchers.check(store, code, 45_000)["offline"]
    with pytest.raises(errors.InvalidState):
        sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": code}],
                            selling.clerk)
    rid = "0b7f6a3c-3f5e-4b43-9a5c-1d2e3f405162"
    vouchers.record_reservation(store, voucher(code, allotted=0), rid)
    res = sales.complete_sale(store, ring(store, SALT), [
        {"method": "voucher", "amount": 45_000, "voucher_code": code, "redemption_id": rid}], selling.clerk)
    [used] = vouchers.on_sale(store, res.sale_id)
    assert used["online"] == 1
    ev = [e for e in outbox.pending(store) if e["type"] == "sale.completed"][-1]
    assert ev["payload"]["voucher_redemptions"][0]["id"] == rid
    with pytest.raises(errors.InvalidState):  # the reservation is spent
        sales.complete_sale(store, ring(store, SALT), [
            {"method": "voucher", "amount": 45_000, "voucher_code": code, "redemption_id": rid}], selling.clerk)


def test_a_refund_gives_cash_back_first_then_the_voucher_use_not_cash(store, selling):
    code = fresh_code()
    pull(store, voucher(code, value=100_000))
    cart = ring(store, SHRIMP, SALT)  # 295.000: voucher 100.000 + cash 195.000
    res = sales.complete_sale(store, cart, [{"method": "voucher", "amount": 100_000, "voucher_code": code},
                                            {"method": "cash", "tendered": 195_000}], selling.clerk)
    lines = sales.refundable_lines(store, res.sale_id)
    shrimp_line = next(ln for ln in lines if ln["sold_net"] == 250_000)
    salt_line = next(ln for ln in lines if ln["sold_net"] == 45_000)
    first = sales.refund(store, res.sale_id, [{"line_id": shrimp_line["line_id"], "qty": 1}], selling.clerk,
                         selling.manager, "khách đổi ý")
    # 250.000 back: 195.000 in cash (all the cash the sale took), 55.000 of the voucher's 100.000:
    # not paid out, and not the whole use either (a use is whole: it comes back once covered)
    assert first.paid == 195_000
    pays = {p["method"]: p["amount"] for p in sales.get_sale(store, first.sale_id)["payments"]}
    assert pays == {"cash": 195_000, "voucher": 55_000}
    assert vouchers.listed(store)[0]["offline_left"] == 0
    ev = [e for e in outbox.pending(store) if e["type"] == "refund.completed"][-1]
    assert "voucher_restores" not in ev["payload"]
    second = sales.refund(store, res.sale_id, [{"line_id": salt_line["line_id"], "qty": 1}], selling.clerk,
                          selling.manager, "khách đổi ý")
    assert second.paid == 0  # all inside the voucher's part: nothing in cash
    assert {p["method"]: p["amount"] for p in sales.get_sale(store, second.sale_id)["payments"]} == {"voucher": 45_000}
    # 55.000 + 45.000 = the voucher's whole 100.000: its use comes back now, with this refund
    assert vouchers.listed(store)[0]["offline_left"] == 1
    ev = [e for e in outbox.pending(store) if e["type"] == "refund.completed"][-1]
    assert [r["restored_by"] for r in ev["payload"]["voucher_restores"]] == [second.sale_id]
    sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": code}],
                        selling.clerk)


def test_a_partial_refund_gives_back_only_the_uses_it_covers_whole(store, selling):
    """Vouchers of 100.000 and 30.000 and 210.000 cash pay 340.000 (shrimp, two salt). Refunding
    the shrimp (250.000) pays out all the cash and reaches 40.000 into the vouchers' 130.000: that
    covers the 30.000 use whole, not the 100.000 one (the old rule gave both back). A salt (45.000)
    brings the voucher part to 85.000: nothing more; the last salt to 130.000: the 100.000 use too."""
    small, big = fresh_code(), fresh_code()
    pull(store, voucher(small, value=30_000), voucher(big, value=100_000))
    res = sales.complete_sale(store, ring(store, SHRIMP, SALT, SALT), [
        {"method": "voucher", "amount": 100_000, "voucher_code": big},
        {"method": "voucher", "amount": 30_000, "voucher_code": small},
        {"method": "cash", "tendered": 210_000}], selling.clerk)
    lines = sales.refundable_lines(store, res.sale_id)
    shrimp = next(ln["line_id"] for ln in lines if ln["sold_net"] == 250_000)
    salts = [ln["line_id"] for ln in lines if ln["sold_net"] != 250_000 for _ in range(ln["sold_qty"])]
    got = []
    for line in [shrimp, *salts]:
        done = sales.refund(store, res.sale_id, [{"line_id": line, "qty": 1}], selling.clerk, selling.manager,
                            "trả hàng")
        pays = {p["method"]: p["amount"] for p in sales.get_sale(store, done.sale_id)["payments"]}
        got.append((pays, {v["code"]: v["offline_left"] for v in vouchers.listed(store)}))
    assert got == [({"cash": 210_000, "voucher": 40_000}, {small: 1, big: 0}),
                   ({"voucher": 45_000}, {small: 1, big: 0}),
                   ({"voucher": 45_000}, {small: 1, big: 1})]
    assert vouchers.uses_back([(100_000, "b"), (30_000, "s")], 129_999) == ["s"]
    assert vouchers.uses_back([(100_000, "b"), (30_000, "s")], 130_000) == ["s", "b"]


def test_a_void_gives_the_voucher_use_back(store, selling):
    code = fresh_code()
    pull(store, voucher(code))
    res = sales.complete_sale(store, ring(store, SALT), [{"method": "voucher", "amount": 45_000, "voucher_code": code}],
                              selling.clerk)
    assert vouchers.listed(store)[0]["offline_left"] == 0
    sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "bấm nhầm")
    assert vouchers.listed(store)[0]["offline_left"] == 1
    ev = [e for e in outbox.pending(store) if e["type"] == "sale.voided"][-1]
    assert ev["payload"]["voucher_restores"][0]["restored_by"] == res.sale_id


def test_a_kiosk_made_before_m020_gets_the_tables_and_sells_with_vouchers(store, selling, clock):
    import sqlite3

    from pos import schema
    from pos.store import Store

    path = store.path
    sale = sales.complete_sale(store, ring(store, SALT), [{"method": "cash", "tendered": 45_000}], selling.clerk)
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE voucher_redemptions")
    con.execute("DROP TABLE vouchers")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm020_vouchers'")
    con.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION - 1}")
    con.commit()
    con.close()
    with Store(path, clock=clock) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert sales.get_sale(again, sale.sale_id)["total"] == 45_000  # the old sale is untouched
        code = fresh_code()
        catalog.apply_catalog(again, {"vouchers": [voucher(code)]})
        res = sales.complete_sale(again, ring(again, SALT), [{"method": "voucher", "amount": 45_000,
                                                              "voucher_code": code}], selling.clerk)
        assert [u["voucher_code"] for u in vouchers.on_sale(again, res.sale_id)] == [code]
        # an older centre's pull (no key) leaves the list as it is
        catalog.apply_catalog(again, {"products": []})
        assert [v["code"] for v in vouchers.listed(again)] == [code]
