"""In-store scale labels scanned on the sell screen (keyboard-wedge bursts, as a clerk does).

A label scale prints EAN-13 codes with prefix 21 (item number + grams) or 22 (item number +
price in hundreds of đồng); the product is found by its PLU key "21IIIII" / "22IIIII".
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos import barcodes, catalog
from pos.store import Store

FISH = "Khô cá lóc đồng"  # 600.000 ₫/kg, sold by weight
HONEY = "Mật ong rừng U Minh"  # 185.000 ₫ a bottle
FISH_ITEM = 42
HONEY_ITEM = 77


@pytest.fixture
def scale_kiosk(make_kiosk, kiosk_db):
    """The kiosk with the fish registered under weight and price PLU keys, and the honey (a unit
    product) under a weight key by mistake."""
    with Store(kiosk_db.path) as store:
        catalog.add_barcode(store, kiosk_db.products[FISH], f"21{FISH_ITEM:05d}")
        catalog.add_barcode(store, kiosk_db.products[FISH], f"22{FISH_ITEM:05d}")
        catalog.add_barcode(store, kiosk_db.products[HONEY], f"21{HONEY_ITEM:05d}")
    return make_kiosk(kiosk_db)


def cells(sell, row: int) -> list[str]:
    return [sell.model.index(row, c).data() for c in range(sell.model.columnCount())]


def test_weight_label_adds_the_weighed_piece_without_asking(scale_kiosk):
    k, sell = scale_kiosk, scale_kiosk.sell
    k.scan(barcodes.make_embedded("21", FISH_ITEM, 750))
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    line = sell.cart.lines[0]
    assert line.name_vi == FISH and line.sold_by_weight and line.qty == 750
    assert line.after_discount == 450_000  # 600.000 ₫/kg x 0,75 kg
    assert sell.prompt is None  # the label carries the weight: no grams prompt
    assert not sell.alert.isVisible()
    assert cells(sell, 0)[1:] == ["750 g", "600.000 ₫/kg", "", "450.000 ₫"]
    assert sell.total_label.text() == "450.000 ₫"

    # a second label is a second piece, never merged into the first
    k.scan(barcodes.make_embedded("21", FISH_ITEM, 1_250))
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    assert [ln.qty for ln in sell.cart.lines] == [750, 1_250]
    assert cells(sell, 1)[1] == "1.250 g" and cells(sell, 1)[4] == "750.000 ₫"
    assert sell.total_label.text() == "1.200.000 ₫"


def test_price_label_adds_one_piece_at_the_printed_price(scale_kiosk):
    k, sell = scale_kiosk, scale_kiosk.sell
    k.scan(barcodes.make_embedded("22", FISH_ITEM, 375))  # 375 x 100 đồng
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    line = sell.cart.lines[0]
    assert line.name_vi == FISH and line.fixed_price and not line.sold_by_weight
    assert line.qty == 1 and line.unit_price == 37_500
    assert sell.prompt is None
    assert cells(sell, 0)[1:] == ["1", "37.500 ₫", "", "37.500 ₫"]
    assert sell.total_label.text() == "37.500 ₫"
    # the piece is sold as labelled: + does not make it two
    sell.buttons["plus"].click()
    k.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert sell.cart.lines[0].qty == 1 and sell.total_label.text() == "37.500 ₫"


def _assert_refused(k, sell, code: str, *words: str) -> None:
    k.scan(code)
    k.qtbot.waitUntil(lambda: sell.alert.isVisible())
    text = sell.alert.text()
    assert code in text, text
    for w in words:
        assert w in text, text
    assert [(ln.name_vi, ln.qty) for ln in sell.cart.lines] == [(FISH, 500)]
    assert sell.total_label.text() == "300.000 ₫"
    k.press(Qt.Key.Key_Escape)
    assert not sell.alert.isVisible()


def test_unknown_plu_and_bad_labels_alert_in_red_and_keep_the_cart(scale_kiosk):
    k, sell = scale_kiosk, scale_kiosk.sell
    k.scan(barcodes.make_embedded("21", FISH_ITEM, 500))
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)

    # a label for an item number nobody registered: says which PLU is missing
    _assert_refused(k, sell, barcodes.make_embedded("21", 99_999, 500), "2199999", "CHƯA")
    _assert_refused(k, sell, barcodes.make_embedded("22", 99_999, 500), "2299999", "CHƯA")

    # a wrong check digit (a smudged label): nothing is guessed
    good = barcodes.make_embedded("21", FISH_ITEM, 750)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    _assert_refused(k, sell, bad, "CHƯA")

    # a weight label that carries no weight
    _assert_refused(k, sell, barcodes.make_embedded("21", FISH_ITEM, 0), "CHƯA")


def test_weight_label_on_a_unit_product_is_refused(scale_kiosk):
    """A weight PLU attached to a product sold by the bottle must not sell one bottle for a
    label that says 750 g."""
    k, sell = scale_kiosk, scale_kiosk.sell
    k.scan(barcodes.make_embedded("21", FISH_ITEM, 500))
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    _assert_refused(k, sell, barcodes.make_embedded("21", HONEY_ITEM, 750), "CHƯA")


def test_scale_label_in_english(make_kiosk, kiosk_db):
    with Store(kiosk_db.path) as store:
        catalog.add_barcode(store, kiosk_db.products[FISH], f"21{FISH_ITEM:05d}")
    k = make_kiosk(kiosk_db, lang="en")
    sell = k.sell
    k.scan(barcodes.make_embedded("21", FISH_ITEM, 250))
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert cells(sell, 0)[0].startswith("Dried snakehead fish")
    assert cells(sell, 0)[1:] == ["250 g", "600.000 ₫/kg", "", "150.000 ₫"]
    k.scan(barcodes.make_embedded("21", 99_999, 250))
    k.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "2199999" in sell.alert.text() and "NOT" in sell.alert.text()
    assert len(sell.cart.lines) == 1
