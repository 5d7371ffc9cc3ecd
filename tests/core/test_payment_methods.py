"""Payment methods come from one registry (pos/payment_methods.py): the bank transfer without QR
(reference typed by the clerk, no change) goes through the store, the receipt, the shift report,
refunds and the outbox by its entry alone; a method a test adds to the registry does the same;
the database no longer lists the methods, and its upgrade keeps every payment."""
from __future__ import annotations

import json
import sqlite3

import pytest

from pos import catalog, errors, payment_methods, sales, schema, shifts, staff
from pos.cart import Cart
from pos.payment_methods import PaymentMethod, Words
from pos.store import Store
from printers.receipt import render_with_text


def _cart(store, barcode="8930000000026", qty=1) -> Cart:
    cart = Cart()
    cart.add(catalog.lookup(store, barcode).product, qty=qty)
    return cart


def _printed(doc: dict) -> str:
    return "\n".join(text for text, _, _ in render_with_text(doc, 576)[1])


def _counts(store) -> tuple:
    return store.conn.execute("SELECT (SELECT count(*) FROM sales), (SELECT count(*) FROM payments), "
                              "(SELECT count(*) FROM outbox), (SELECT coalesce(max(last_no), 0) "
                              "FROM receipt_counters)").fetchone()


def test_every_entry_is_sound():
    assert [payment_methods.check_entry(m).code for m in payment_methods.ENTRIES] == \
        ["cash", "vietqr", "card", "transfer", "voucher"]
    keys = [m.key for m in payment_methods.ENTRIES if m.key]
    assert len(keys) == len(set(keys))  # one key, one method on the payment screen
    with pytest.raises(ValueError, match="only the cash mode can give change"):
        payment_methods.check_entry(PaymentMethod("coupon", Words("Phiếu", "Coupon"), Words("Phiếu", "Coupon"),
                                                  "reference", key="F9", gives_change=True,
                                                  confirm=Words("Xong", "Done")))


def test_bank_transfer_end_to_end_in_the_store(store, selling):
    """Sold by transfer with the clerk's reference: no change, the reference printed, the shift
    report lists it apart from the drawer's cash, a refund goes back by transfer, and the outbox
    carries it for the central office."""
    cart = _cart(store)  # 250.000 ₫
    before = _counts(store)
    with pytest.raises(errors.ValidationError) as exc:  # the reference is required
        sales.complete_sale(store, cart, [{"method": "transfer", "amount": 250_000}], selling.clerk)
    assert exc.value.details["field"] == "reference"
    with pytest.raises(errors.ValidationError):  # and must look like one
        sales.complete_sale(store, cart, [{"method": "transfer", "amount": 250_000, "reference": "ab"}],
                            selling.clerk)
    with pytest.raises(errors.InvalidAmount):  # no change is given on a transfer
        sales.complete_sale(store, cart, [{"method": "transfer", "amount": 300_000, "reference": "FT1234"}],
                            selling.clerk)
    assert _counts(store) == before  # nothing written, no receipt number used
    # full-width digits typed on a phone keyboard are the same reference
    res = sales.complete_sale(store, cart, [{"method": "transfer", "amount": 250_000,
                                             "reference": " FT２６１１２２００７ "}], selling.clerk)
    assert (res.total, res.paid, res.change_due) == (250_000, 250_000, 0)
    [pay] = store.all("SELECT method, amount, tendered, change_given, reference FROM payments")
    assert pay == {"method": "transfer", "amount": 250_000, "tendered": 250_000, "change_given": 0,
                   "reference": "FT261122007"}
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["qr"] is None and not doc["paid_by_qr"]  # no payable code on a plain transfer's receipt
    printed = _printed(doc)
    assert "Chuyển khoản FT261122007" in printed and "Khách đưa" not in printed
    # a second sale in cash: the drawer expects the cash only
    sales.complete_sale(store, _cart(store, "8930000000019"), [{"method": "cash", "tendered": 50_000}], selling.clerk)
    shift_id = shifts.current(store)["id"]
    x = shifts.report(store, shift_id)
    assert x["by_method"] == {"cash": 45_000, "vietqr": 0, "card": 0, "transfer": 250_000}
    assert x["expected_cash"] == 1_000_000 + 45_000
    # the refund goes back by transfer
    line = sales.refundable_lines(store, res.sale_id)[0]
    back = sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], selling.clerk,
                        selling.manager, "hàng lỗi", method="transfer")
    assert store.one("SELECT method, amount FROM payments WHERE sale_id = ?", (back.sale_id,)) == \
        {"method": "transfer", "amount": 250_000}
    assert "Chuyển khoản" in _printed(sales.receipt_doc(store, back.sale_id))
    z = shifts.close_shift(store, selling.manager, 1_045_000)
    assert z["by_method"]["transfer"] == 0 and z["variance"] == 0
    printed = _printed(shifts.report_doc(store, shift_id, "z_report"))
    assert "Chuyển khoản" in printed and "Chuyển khoản VietQR" in printed  # both, each by its own name
    payloads = [json.loads(r[0]) for r in store.conn.execute(
        "SELECT payload FROM outbox WHERE type IN ('sale.completed', 'refund.completed') ORDER BY seq")]
    assert [p["payments"][0]["method"] for p in payloads] == ["transfer", "cash", "transfer"]
    assert payloads[0]["payments"][0]["reference"] == "FT261122007"


def test_english_receipt_and_screen_words():
    transfer = payment_methods.get("transfer")
    assert (transfer.receipt("en"), transfer.receipt("vi")) == ("Bank transfer", "Chuyển khoản")
    assert transfer.name_in_sentence("en") == "bank transfer"
    assert payment_methods.get("vietqr").name_in_sentence("vi") == "VietQR"
    assert payment_methods.lookup("momo").name("vi") == "momo"  # stored by a method that left: shown by code
    with pytest.raises(errors.InvalidAmount):
        payment_methods.get("momo")


def test_a_method_added_to_the_registry_alone_is_sellable_printable_and_syncable(store, selling, monkeypatch):
    """The count: one entry, and the store sells it, the receipt prints it, the shift report and
    the refund take it, and the outbox sends it under its wire code. No other module is touched."""
    voucher = payment_methods.check_entry(PaymentMethod(
        "giftcard", Words("Phiếu quà tặng", "Gift voucher"), Words("Phiếu quà tặng", "Gift voucher"), "reference",
        key="Ctrl+F8", asks_reference=True, reference_required=True, reference_pattern=r"GV-\d{6}",
        reference_prompt=Words("Số phiếu", "Voucher number"), confirm=Words("Đã thu phiếu", "Voucher taken"),
        wire="gift_voucher"))
    with pytest.raises(errors.InvalidAmount):  # not sellable before its entry exists
        sales.complete_sale(store, _cart(store), [{"method": "giftcard", "amount": 250_000,
                                                   "reference": "GV-000123"}], selling.clerk)
    monkeypatch.setitem(payment_methods.METHODS, "giftcard", voucher)
    res = sales.complete_sale(store, _cart(store, qty=2), [
        {"method": "giftcard", "amount": 200_000, "reference": "GV-000123"},
        {"method": "cash", "tendered": 500_000}], selling.clerk)
    assert res.change_due == 200_000
    printed = _printed(sales.receipt_doc(store, res.sale_id))
    assert "Phiếu quà tặng GV-000123" in printed and "Tiền mặt" in printed
    x = shifts.report(store, shifts.current(store)["id"])
    assert x["by_method"]["giftcard"] == 200_000 and x["expected_cash"] == 1_000_000 + 300_000
    payload = json.loads(store.conn.execute("SELECT payload FROM outbox WHERE type = 'sale.completed'").fetchone()[0])
    assert sorted(p["method"] for p in payload["payments"]) == ["cash", "gift_voucher"]
    with pytest.raises(errors.InvalidAmount):  # no refund text: no refunds by voucher
        line = sales.refundable_lines(store, res.sale_id)[0]
        sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], selling.clerk,
                     selling.manager, "đổi ý", method="giftcard")
    assert payment_methods.by_wire("gift_voucher") is voucher
    assert payment_methods.names_by_wire("vi")["gift_voucher"] == "Phiếu quà tặng"


def test_the_write_itself_refuses_an_unknown_method(store, selling, monkeypatch):
    """The check sits where the money is written, inside the sale's transaction: whatever the
    planning let through, a row with a method the registry does not know rolls the whole sale
    back, receipt number included."""
    def planned_wrong(payments, total):
        return [{"method": "momo", "amount": total, "tendered": total, "change_given": 0, "reference": "",
                 "qr_payload": ""}], total, 0

    before = _counts(store)
    monkeypatch.setattr(sales, "_plan_payments", planned_wrong)
    with pytest.raises(errors.InvalidAmount):
        sales.complete_sale(store, _cart(store), [{"method": "cash", "tendered": 250_000}], selling.clerk)
    assert _counts(store) == before


@pytest.fixture
def old_kiosk(tmp_path, monkeypatch):
    """A kiosk file made by today's main (schema 6: migrations up to m006) holding real sales of
    each old method and a refund, written by the store itself with the new migration held back."""
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema.migrations, "_migrations",
                  [x for x in schema.migrations._migrations if x.name != "m007_payment_methods_open"])
        m.setattr(schema, "SCHEMA_VERSION", 6)
        with Store(path) as s:
            s.set_settings(device_code="HN01", bank_bin="970436", bank_account="0011001234567")
            prod, _ = catalog.upsert_producer(s, {"code": "P1", "name": "HTX Tôm khô", "kind": "cooperative"})
            pid, _ = catalog.upsert_product(s, {"sku": "TOM", "name_vi": "Tôm khô", "producer_id": prod,
                                                "price": 100_000, "vat_rate": 8}, barcodes=["8930000000026"])
            clerk, _ = staff.create_staff(s, "C1", "Lan", "clerk", "1111")
            mgr, _ = staff.create_staff(s, "M1", "Hùng", "manager", "9999")
            shifts.open_shift(s, clerk, 500_000)
            for pays in ([{"method": "cash", "tendered": 200_000}],
                         [{"method": "vietqr", "amount": 100_000}],
                         [{"method": "card", "amount": 60_000, "reference": "TID1/77"},
                          {"method": "cash", "tendered": 50_000}]):
                res = sales.complete_sale(s, _cart(s), pays, clerk)
            line = sales.refundable_lines(s, res.sale_id)[0]
            sales.refund(s, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], clerk, mgr, "lỗi", method="card")
            with pytest.raises(sqlite3.IntegrityError):  # today's main: the table lists the methods
                s.conn.execute("INSERT INTO payments(id, sale_id, method, amount, tendered) "
                               "VALUES ('x', ?, 'transfer', 1, 1)", (res.sale_id,))
            assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 6
    return path


def _all_payments(conn) -> list[tuple]:
    return conn.execute("SELECT * FROM payments ORDER BY rowid").fetchall()


def test_upgrade_keeps_every_payment_and_drops_the_method_list(old_kiosk):
    con = sqlite3.connect(old_kiosk)
    before = _all_payments(con)
    sales_before = con.execute("SELECT id, total, paid_total FROM sales ORDER BY receipt_no").fetchall()
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payments' ORDER BY name"
    indexes_before = con.execute(indexes).fetchall()
    con.close()
    assert len(before) == 5 and {r[2] for r in before} == {"cash", "vietqr", "card"}
    with Store(old_kiosk) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 7
        assert _all_payments(s.conn) == before  # every row, every column, in order
        assert s.conn.execute("SELECT id, total, paid_total FROM sales ORDER BY receipt_no").fetchall() == sales_before
        sql = s.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'payments'").fetchone()[0]
        assert "vietqr" not in sql and "REFERENCES sales(id)" in sql and "amount > 0" in sql
        assert s.conn.execute(indexes).fetchall() == indexes_before and ("payments_sale",) in indexes_before
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with pytest.raises(sqlite3.IntegrityError):  # the foreign key survived the rebuild
            s.conn.execute("INSERT INTO payments(id, sale_id, method, amount, tendered) "
                           "VALUES ('y', 'no-such-sale', 'cash', 1, 1)")
        # the upgraded kiosk sells by transfer, and its shift report counts the old sales too
        clerk = s.one("SELECT id FROM staff WHERE code = 'C1'")["id"]
        sales.complete_sale(s, _cart(s), [{"method": "transfer", "amount": 100_000, "reference": "FT0001"}], clerk)
        x = shifts.report(s, shifts.current(s)["id"])
        assert x["by_method"] == {"cash": 100_000 + 40_000, "vietqr": 100_000, "card": 60_000 - 100_000,
                                  "transfer": 100_000}
        printed = _printed(sales.receipt_doc(s, s.one("SELECT id FROM sales WHERE kind = 'refund'")["id"]))
        assert "Thẻ" in printed
