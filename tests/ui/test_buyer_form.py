"""The buyer form at payment: one key opens it, a returning buyer is found by phone, a mistyped tax
code is refused in Vietnamese, and the sale's e-invoice is made out to the buyer chosen."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.einvoice import buyers, issue, sellers

from einvoice_setup import einvoice

SALT = "Muối hầm Bạc Liêu 500 g"


def test_buyer_found_by_phone_goes_on_the_invoice(kiosk):
    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
        buyers.save(st, {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội",
                         "phone": "0912345678"})
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    kiosk.press(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    kiosk.qtbot.waitUntil(lambda: getattr(sell.payment, "buyer_dialog", None) is not None
                          and sell.payment.buyer_dialog.isVisible())
    dlg = sell.payment.buyer_dialog
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.search)
    kiosk.qtbot.keyClicks(dlg.search, "0912 345 678")
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: dlg.fields["company"].text() == "Công ty TNHH An Phát")
    assert dlg.found.text() == "Đã tìm thấy: Công ty TNHH An Phát"
    dlg.fields["tax_code"].setText("0100233489")  # one digit wrong
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "chữ số kiểm tra không đúng" in dlg.error.text() and dlg.isVisible()
    dlg.fields["tax_code"].setText("0100233488")
    dlg.fields["tax_code"].setFocus()
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: not dlg.isVisible())
    assert sell.payment.buyer_label.text() == "Xuất hóa đơn cho: Công ty TNHH An Phát"
    kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.amount)  # keys back to paying
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    with kiosk.store() as st:
        (inv,) = issue.of_sale(st, sell.done.result.sale_id)
        assert (inv["buyer_tax_code"], inv["buyer_company"], inv["buyer_phone"]) == (
            "0100233488", "Công ty TNHH An Phát", "0912345678")
        assert st.one("SELECT count(*) AS n FROM buyers")["n"] == 1  # the same profile, updated


def test_buyer_added_from_the_receipts_screen_replaces_todays_invoice(kiosk):
    from test_sell_history import open_history, sell_exact_cash

    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.qtbot.waitUntil(lambda: hist.buttons["buyer"].isEnabled())
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: getattr(hist, "buyer_dialog", None) is not None and hist.buyer_dialog.isVisible())
    dlg = hist.buyer_dialog
    dlg.fields["name"].setText("Lê Thị Hoa")
    dlg.fields["phone"].setText("0987 654 321")
    dlg.keep.setChecked(False)
    dlg.use()
    with kiosk.store() as st:
        sale_id = st.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt,))["id"]
        kiosk.qtbot.waitUntil(lambda: len(issue.of_sale(st, sale_id)) == 2)
        (current,) = issue.in_force(st, sale_id)
        assert current["kind"] == "replacement" and current["buyer_name"] == "Lê Thị Hoa"
        assert current["buyer_phone"] == "0987654321"
        assert st.one("SELECT count(*) AS n FROM buyers")["n"] == 0  # not kept: the clerk said so


def test_a_mistyped_buyer_is_corrected_from_the_receipts_screen_with_a_managers_pin(kiosk):
    """F8 on a receipt whose invoice already names a buyer opens the form filled in; the manager's
    PIN approves; the invoice is replaced by one with the corrected name, and the audit says so."""
    from test_sell_history import open_history, sell_exact_cash

    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
    receipt = sell_exact_cash(kiosk, SALT)
    with kiosk.store() as st:
        sale_id = st.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt,))["id"]
        from pos.einvoice import corrections
        corrections.add_buyer(st, sale_id, {"name": "Lê Thi Hoa", "phone": "0987654321"}, kiosk.data.manager["id"])
    hist = open_history(kiosk, receipt)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and bool(hist.sale.get("invoice_buyer")))
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: getattr(hist, "buyer_dialog", None) is not None and hist.buyer_dialog.isVisible())
    dlg = hist.buyer_dialog
    assert dlg.fields["name"].text() == "Lê Thi Hoa" and dlg.windowTitle() == "Sửa người mua trên hóa đơn"
    assert not dlg.keep.isChecked()
    dlg.fields["name"].setText("Lê Thị Hoa")
    kiosk.answer_pin(kiosk.data.manager_pin)
    dlg.use()
    with kiosk.store() as st:
        kiosk.qtbot.waitUntil(lambda: len(issue.of_sale(st, sale_id)) == 3)
        (current,) = issue.in_force(st, sale_id)
        assert current["kind"] == "replacement" and current["buyer_name"] == "Lê Thị Hoa"
        audit = st.one("SELECT * FROM audit_log WHERE action = 'invoice.buyer_corrected'")
        assert audit["approved_by"] == kiosk.data.manager["id"]


def test_a_buyer_corrected_on_a_refunded_sale_is_an_adjustment_of_the_buyer(kiosk):
    """The same F8 and PIN on a sale one unit of which was given back: the invoice the refund
    adjusted is not replaced but adjusted for the buyer only (no lines, nothing owed changes)."""
    from pos import sales
    from test_sell_history import open_history, sell_exact_cash

    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
    receipt = sell_exact_cash(kiosk, SALT, SALT)
    with kiosk.store() as st:
        sale_id = st.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt,))["id"]
        from pos.einvoice import corrections
        corrections.add_buyer(st, sale_id, {"name": "Lê Thi Hoa", "phone": "0987654321"}, kiosk.data.manager["id"])
        line = sales.get_sale(st, sale_id)["lines"][0]
        sales.refund(st, sale_id, [{"line_id": line["id"], "qty": 1}], kiosk.data.manager["id"],
                     kiosk.data.manager["id"], "vỡ")
    hist = open_history(kiosk, receipt)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and bool(hist.sale.get("invoice_buyer")))
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: getattr(hist, "buyer_dialog", None) is not None and hist.buyer_dialog.isVisible())
    dlg = hist.buyer_dialog
    dlg.fields["name"].setText("Lê Thị Hoa")
    kiosk.answer_pin(kiosk.data.manager_pin)
    dlg.use()
    with kiosk.store() as st:
        kiosk.qtbot.waitUntil(lambda: len(issue.of_sale(st, sale_id)) == 3)
        replacement, info = issue.of_sale(st, sale_id)[1:]
        assert (info["kind"], info["related_invoice_id"], info["total"], info["lines"]) == (
            "adjustment", replacement["id"], 0, [])
        assert info["buyer_name"] == "Lê Thị Hoa" and [i["id"] for i in issue.in_force(st, sale_id)] == [replacement["id"]]


def test_a_buyer_added_on_a_supplement_s_receipt_reaches_its_increase(kiosk):
    """F8 on the supplement's receipt (pos/supplements.py) puts the buyer on its sale: the sale's
    invoice, adjusted by the increase, and the increase each get an adjustment of the buyer."""
    from pos import sales, supplements
    from test_sell_history import open_history, sell_exact_cash

    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
    receipt = sell_exact_cash(kiosk, SALT)
    with kiosk.store() as st:
        sale = sales.get_sale(st, receipt)
        supp = supplements.supplement(st, sale["id"], kiosk.data.clerk["id"], kiosk.data.manager["id"], "thiếu",
                                      [{"method": "cash", "tendered": 1_000}],
                                      raises=[{"line_id": sale["lines"][0]["id"], "unit_price": 46_000}])
    hist = open_history(kiosk, supp.receipt_no)
    kiosk.qtbot.waitUntil(lambda: hist.buttons["buyer"].isEnabled())
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: getattr(hist, "buyer_dialog", None) is not None and hist.buyer_dialog.isVisible())
    dlg = hist.buyer_dialog
    dlg.fields["name"].setText("Lê Thị Hoa")
    dlg.keep.setChecked(False)
    dlg.use()
    with kiosk.store() as st:
        kiosk.qtbot.waitUntil(lambda: len(issue.of_sale(st, supp.sale_id)) == 2)
        increase, info = issue.of_sale(st, supp.sale_id)
        assert (info["related_invoice_id"], info["total"], info["buyer_name"]) == (increase["id"], 0, "Lê Thị Hoa")
        (_orig, sale_info) = issue.of_sale(st, sale["id"])
        assert sale_info["buyer_name"] == "Lê Thị Hoa" and sale_info["kind"] == "adjustment"
