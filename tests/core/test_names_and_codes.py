"""What the screens and receipts say: login by staff code (same lockout as the PIN), units and
names in the reader's language, the refund figure the dialog shows before it is booked."""
from __future__ import annotations

import pytest

from pos import catalog, sales, staff
from pos.cart import Cart
from pos.errors import PermissionDenied, StaffLocked, ValidationError, WrongPin
from pos.names import product_name, unit_name


def test_staff_found_by_code_in_any_case(store, small):
    for typed in ("C1", "c1", "  c1 "):
        assert staff.by_code(store, typed)["id"] == small.clerk
    assert staff.login_by_code(store, "m1", "9999")["id"] == small.manager


@pytest.mark.parametrize("typed", ["NV99", "", "   ", "C 1", "C1;DROP", None, 12, ["C1"]])
def test_unknown_or_malformed_code_is_refused_and_changes_nothing(store, small, typed):
    before = store.all("SELECT * FROM staff ORDER BY id")
    with pytest.raises((PermissionDenied, ValidationError)):
        staff.by_code(store, typed)
    assert store.all("SELECT * FROM staff ORDER BY id") == before


def test_inactive_staff_cannot_be_found_by_code(store, small):
    staff.create_staff(store, "C2", "Trần Văn Đức", "clerk", "2222")
    c2 = staff.by_code(store, "C2")["id"]
    staff.deactivate(store, c2, by=small.manager)
    with pytest.raises(PermissionDenied):
        staff.by_code(store, "c2")


def test_code_login_has_the_same_lockout_as_the_tile(store, small, clock):
    store.set_settings(max_pin_failures=2, lockout_minutes=5)
    with pytest.raises(WrongPin):
        staff.login_by_code(store, "c1", "0000")
    with pytest.raises(StaffLocked):
        staff.login_by_code(store, "C1", "0000")
    # locked: the code itself is refused with the lock's message, before any PIN is typed
    with pytest.raises(StaffLocked) as exc:
        staff.by_code(store, "c1")
    assert exc.value.details["minutes"] == 5
    with pytest.raises(StaffLocked):
        staff.login(store, small.clerk, "1111")  # and the tile is locked too: one lock per person
    clock.advance(minutes=5, seconds=1)
    assert staff.login_by_code(store, "c1", "1111")["id"] == small.clerk


def test_codes_differing_only_in_case_are_refused(store, small):
    with pytest.raises(ValidationError):
        staff.create_staff(store, "c1", "Lê Thị Hoa", "clerk", "3333")


def test_units_in_english_with_plurals_and_vietnamese_untouched():
    assert unit_name("hũ", "en") == "jar" and unit_name("hũ", "en", 2) == "jars"
    assert [unit_name(u, "en", 3) for u in ("gói", "hộp", "chai", "túi", "cây", "kg")] == \
        ["packs", "boxes", "bottles", "bags", "pieces", "kg"]
    assert unit_name("hũ", "vi", 2) == "hũ"
    assert unit_name("thúng", "en") == "thúng"  # a unit nobody listed stays as typed
    assert unit_name("", "en") == "" and unit_name(None, "en") == ""


def test_product_name_falls_back_to_vietnamese():
    row = {"name_vi": "Muối hầm", "name_en": "Roasted salt"}
    assert product_name(row, "en") == "Roasted salt" and product_name(row, "vi") == "Muối hầm"
    assert product_name({"name_vi": "Muối hầm", "name_en": " "}, "en") == "Muối hầm"


def test_english_receipt_names_the_unit_in_english(store, selling):
    cart = Cart()
    for code in ("8930000000019", "8930000000019", "8930000000026"):
        cart.add(catalog.lookup(store, code).product)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 400_000}], selling.clerk, lang="en")
    doc = sales.receipt_doc(store, res.sale_id)
    assert [(ln["qty"], ln["unit"]) for ln in doc["lines"]] == [(2, "jars"), (1, "pack")]
    res_vi = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 400_000}], selling.clerk, lang="vi")
    assert [ln["unit"] for ln in sales.receipt_doc(store, res_vi.sale_id)["lines"]] == ["hũ", "gói"]


def test_refund_net_is_what_the_refund_gives_back(store, selling):
    cart = Cart()
    for _ in range(3):
        cart.add(catalog.lookup(store, "8930000000033").product)  # 3 × 35.000
    cart.set_order_discount(1_000, "làm tròn")
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 200_000}], selling.clerk)
    line = sales.refundable_lines(store, res.sale_id)[0]
    shown = sales.refund_net(line, 1)
    r1 = sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], selling.clerk, selling.manager,
                      "hỏng")
    assert r1.total == shown == 34_667
    line = sales.refundable_lines(store, res.sale_id)[0]
    shown = sales.refund_net(line, 2)
    r2 = sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 2}], selling.clerk, selling.manager,
                      "hỏng")
    assert r2.total == shown and r1.total + r2.total == res.total
