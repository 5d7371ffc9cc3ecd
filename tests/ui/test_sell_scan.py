"""Scanning into the cart like a clerk does (keyboard-wedge bursts)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos.money import fmt_vnd


def test_scan_adds_line_with_producer_and_stars(kiosk):
    code = kiosk.data.barcodes["Muối hầm Bạc Liêu 500 g"]
    kiosk.scan(code)
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    line = kiosk.sell.cart.lines[0]
    assert line.name_vi == "Muối hầm Bạc Liêu 500 g"
    text = kiosk.sell.model.index(0, 0).data()
    assert "HTX Muối Bạc Liêu" in text and "★★★★" in text
    assert kiosk.sell.total_label.text() == fmt_vnd(45_000) == "45.000 ₫"
    kiosk.scan(code)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.cart.lines[0].qty == 2)
    assert kiosk.sell.total_label.text() == "90.000 ₫"
