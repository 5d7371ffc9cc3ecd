"""The settings screen's bank picker: every NAPAS member bank, found by typing without tones."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import vietqr

WAIT = 20_000  # ms; nothing here asserts a duration


def test_the_bank_is_found_by_typing_and_saved(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    k.window.show_screen("manager_settings")
    screen = k.window.screens["manager_settings"].inner
    k.qtbot.waitUntil(lambda: screen.fields["device_code"].text() == "HN01", timeout=WAIT)
    combo = screen.fields["bank_bin"]
    assert combo.currentData() == "970436"
    assert combo.count() == len(vietqr.ALL_BANKS) + 1  # and "(no VietQR)"

    k.type_text(screen.bank_search, "ky thuong")  # Techcombank's legal name, typed without tones
    assert [combo.itemData(i) for i in range(combo.count())] == ["970407"]
    assert combo.currentData() == "970407"
    k.type_text(screen.bank_search, "xyz")
    assert screen.errors["bank_bin"].isVisible() and combo.currentData() == "970407"  # nothing lost
    screen.bank_search.clear()
    assert combo.count() == len(vietqr.ALL_BANKS) + 1 and combo.currentData() == "970407"
    k.type_text(screen.bank_search, "9704")  # by BIN: the chosen bank stays chosen
    assert combo.currentData() == "970407" and combo.count() > 30

    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: k.ctx.settings.get("bank_bin") == "970407", timeout=WAIT)
    with k.store() as s:
        assert s.settings()["bank_bin"] == "970407"
