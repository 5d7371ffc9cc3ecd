"""pos error details reach the clerk in Vietnamese: every template is a literal with a finished
translation in pos_vi.ts, and real refusals on the sell and receipts screens read entirely in
Vietnamese (values filled in, money as 1.250.000 ₫), or entirely in English with lang en."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from pos import sales
from pos.errors import EmptyCart, InvalidBarcode, InvalidDiscount, InvalidQuantity, PosError, placeholders, render
from pos.store import Store
from ts_messages import ts_messages
from ui import i18n
from ui.errors import detail_text, error_text
from ui.i18n import pos_templates

HONEY = "Mật ong rừng U Minh"


def sample(name: str):
    return 1_234_567 if name in ("qty", "limit", "amount", "base", "denom", "tendered", "remaining") else f"<{name}>"


def test_every_pos_error_is_a_literal_template_with_a_finished_vietnamese_translation():
    templates, problems = pos_templates.scan()
    assert not problems, "\n".join(problems)
    assert len(templates) > 150
    have = ts_messages(pos_templates.TS)
    bad = []
    for text in templates:
        tr = have.get((pos_templates.CONTEXT, text))
        if tr is None or not (tr.text or "").strip() or tr.get("type") in ("unfinished", "obsolete", "vanished"):
            bad.append(f"untranslated: {text}")
            continue
        if not placeholders(tr.text) <= placeholders(text):
            bad.append(f"translation names a value the error does not send: {text} -> {tr.text}")
            continue
        # the translation renders with the same details (specs such as :vnd, :num, !r, :#x fit them)
        values = {n: (255 if "#x" in text and n == "app_id" else sample(n)) for n in placeholders(text)}
        render(tr.text, values)
    assert not bad, "\n".join(bad[:10])
    # the compiled .qm the kiosk loads says the same as the .ts (python -m ui.i18n was run)
    qm = QTranslator()
    assert qm.load(str(pos_templates.TS.with_suffix(".qm")))
    stale = [t for t in templates if qm.translate(pos_templates.CONTEXT, t) != have[(pos_templates.CONTEXT, t)].text]
    assert not stale, f"pos_vi.qm is stale (run python -m ui.i18n): {stale[:5]}"


BAD_MODULE = '''
from .errors import InvalidQuantity, ValidationError, EmptyCart
def f(qty, msg):
    raise InvalidQuantity(f"quantity {qty} is too large", qty=qty)
def g(msg):
    raise ValidationError(msg, field="x")
def h():
    raise EmptyCart
def i(qty):
    raise InvalidQuantity("quantity {qty} of {name}", qty=qty)
def j(qty):
    raise InvalidQuantity("quantity {qty} is fine", qty=qty)
'''


def test_the_scan_names_each_construction_a_translator_cannot_see(tmp_path):
    (tmp_path / "bad.py").write_text(BAD_MODULE, encoding="utf-8")
    templates, problems = pos_templates.scan(tmp_path)
    assert list(templates) == ["quantity {qty} of {name}", "quantity {qty} is fine"]
    assert len(problems) == 4, problems
    assert "bad.py:4: InvalidQuantity built with an f-string" in problems[0]
    assert "bad.py:6: ValidationError built with no string literal" in problems[1]
    assert "bad.py:8: raises EmptyCart without a message template" in problems[2]
    assert "['name'] but they are not passed" in problems[3]


def test_english_text_is_rendered_in_pos_and_details_kept():
    exc = InvalidBarcode("wrong check digit in {code}: expected {expected}", code="8930000000018", expected=9)
    assert str(exc) == exc.message == "wrong check digit in 8930000000018: expected 9"
    assert exc.details == {"code": "8930000000018", "expected": 9}
    assert str(InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}",
                               amount=200_000, base=185_000)) == \
        "discount 200.000 ₫ is more than the amount 185.000 ₫"
    # a message that is not a template (text built elsewhere) is kept as it was given
    assert str(PosError("odd {braces} here", other=1)) == "odd {braces} here"


def test_detail_in_the_current_language_with_money_and_numbers(qapp):
    i18n.install(qapp, "vi")
    try:
        exc = InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}", amount=1_250_000, base=45_000)
        assert detail_text(exc) == "giảm giá 1.250.000 ₫ lớn hơn số tiền 45.000 ₫"
        big = InvalidQuantity("quantity {qty:num} is too large (at most {limit:num} units)", qty=12_345, limit=9_999)
        assert detail_text(big) == "số lượng 12.345 quá lớn (tối đa 9.999 đơn vị)"
        # details missing for the translation: the English text, never a crash
        broken = InvalidBarcode("wrong check digit in {code}: expected {expected}", code="123")
        assert detail_text(broken) == "wrong check digit in {code}: expected {expected}"
        # attribute look-ups in a template are refused, not evaluated
        sneaky = PosError("{code.__class__}", code="x")
        assert detail_text(sneaky) == "{code.__class__}"
        i18n.install(qapp, "en")
        assert detail_text(big) == "quantity 12,345 is too large (at most 9,999 units)"
    finally:
        i18n.install(qapp, "vi")


# -- real refusals on screen -----------------------------------------------------------------
def no_english(text: str, *words: str) -> None:
    for w in words:
        assert w not in text, text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_quantity_too_large_on_the_sell_screen(make_kiosk, kiosk_db, lang):
    k = make_kiosk(kiosk_db, lang=lang)
    sell = k.sell
    k.scan(k.data.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    k.press(Qt.Key.Key_F3)
    k.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText("12000")
    sell.prompt._accept()
    k.qtbot.waitUntil(lambda: sell.prompt.error.isVisible())
    text = sell.prompt.error.text()
    if lang == "vi":
        assert text == "Số lượng không hợp lệ\nsố lượng 12.000 quá lớn (tối đa 9.999 đơn vị)"
        no_english(text, "quantity", "too large", "units")
    else:
        assert text == "Invalid quantity\nquantity 12,000 is too large (at most 9,999 units)"
    assert sell.cart.lines[0].qty == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_discount_above_the_line_amount_on_the_sell_screen(make_kiosk, kiosk_db, lang):
    k = make_kiosk(kiosk_db, lang=lang)
    sell = k.sell
    k.scan(k.data.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    k.press(Qt.Key.Key_F4)
    k.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText("200000")
    sell.prompt.reason.setCurrentIndex(0)
    sell.prompt._accept()
    k.qtbot.waitUntil(lambda: sell.prompt.error.isVisible())
    text = sell.prompt.error.text()
    if lang == "vi":
        assert text == "Mức giảm giá không hợp lệ\ngiảm giá 200.000 ₫ lớn hơn số tiền 185.000 ₫"
        no_english(text, "discount", "more than", "amount")
    else:
        assert text == "Invalid discount\ndiscount 200.000 ₫ is more than the amount 185.000 ₫"
    assert sell.cart.lines[0].discount == 0 and sell.total_label.text() == "185.000 ₫"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_refund_beyond_what_is_left_on_the_receipts_screen(make_kiosk, kiosk_db, lang):
    from test_sell_history import open_history, open_reasons, sell_exact_cash

    k = make_kiosk(kiosk_db, lang=lang)
    receipt = sell_exact_cash(k, HONEY, HONEY)
    hist = open_history(k, receipt)
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    dlg.set_qty(0, 2)
    # meanwhile one jar is refunded elsewhere (the back office, on the same database)
    with Store(k.data.path) as store:
        sale = store.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt,))
        line = sales.refundable_lines(store, sale["id"])[0]
        sales.refund(store, sale["id"], [{"line_id": line["line_id"], "qty": 1}], k.data.manager["id"],
                     k.data.manager["id"], "Khách đổi ý")
    dlg.ok.click()
    open_reasons(k, dlg, "reason_dialog")
    k.answer_pin(k.data.manager_pin)
    k.press(Qt.Key.Key_1)
    k.qtbot.waitUntil(lambda: dlg.error.isVisible() and dlg.ok.isEnabled())
    text = dlg.error.text()
    if lang == "vi":
        assert text == ("Không thể trả nhiều hơn số đã bán\n"
                        "dòng 1: muốn trả 2, nhưng trong 2 đã bán chỉ còn 1 có thể trả")
        no_english(text, "line", "asked", "left to refund")
    else:
        assert text == "More than was sold cannot be refunded\nline 1: 2 asked, only 1 of 2 left to refund"
    with Store(k.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM sales WHERE kind = 'refund'")["n"] == 1


def test_the_context_is_the_one_ui_errors_asks(qapp):
    i18n.install(qapp, "vi")
    assert QCoreApplication.translate("PosErrors", "the cart is empty") == "giỏ hàng đang trống"
    assert error_text(EmptyCart("the cart is empty")) == "Giỏ hàng trống\ngiỏ hàng đang trống"
