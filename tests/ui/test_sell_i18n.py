"""Vietnamese by default, English on a switch; every string translated; every glyph drawable."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui import i18n, theme
from ui.i18n.__main__ import own_sources
from ts_messages import ts_messages

I18N = Path(i18n.__file__).parent
BIN = Path(sys.executable).parent




def test_every_source_string_has_a_vietnamese_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), *own_sources(), "-ts", str(fresh)], check=True,
                   capture_output=True)
    wanted = ts_messages(fresh)
    assert len(wanted) > 150
    have = ts_messages(I18N / "kiosk_vi.ts")
    missing = [k for k in wanted if k not in have or not (have[k].text or "").strip()
               or have[k].get("type") in ("unfinished", "obsolete", "vanished")]
    assert not missing, f"untranslated (run python -m ui.i18n and translate): {missing[:10]}"
    qm = I18N / "kiosk_vi.qm"
    assert qm.exists() and qm.stat().st_mtime >= (I18N / "kiosk_vi.ts").stat().st_mtime - 1


def test_translators_load_every_vi_file_and_switch(qapp):
    loaded = i18n.install(qapp, "vi")
    assert "kiosk_vi.qm" in loaded
    assert set(loaded) == {p.name for p in I18N.glob("*_vi.qm")}
    assert QCoreApplication.translate("SellScreen", "Pay") == "Thanh toán"
    assert QCoreApplication.translate("Errors", "Wrong PIN") == "Sai mã PIN"
    i18n.install(qapp, "en")
    assert QCoreApplication.translate("SellScreen", "Pay") == "Pay"
    i18n.install(qapp, "vi")


def test_bundled_font_draws_every_vietnamese_letter(qapp):
    family = theme.load_fonts()
    assert family == "DejaVu Sans"
    assert theme.missing_glyphs(QFont(family)) == ""
    # and the font the screens actually use
    theme.apply(qapp)
    assert theme.missing_glyphs(QApplication.font()) == ""


def test_language_switch_keeps_the_sale(kiosk):
    win = kiosk.window
    kiosk.scan(kiosk.data.barcodes["Mật ong rừng U Minh"])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    assert win.nav_buttons["sell"].text().startswith("Bán hàng")
    assert kiosk.sell.pay_button.text().startswith("Thanh toán")
    assert kiosk.sell.total_label.text() == "185.000 ₫"
    win.lang_button.click()
    assert kiosk.ctx.lang == "en"
    assert win.nav_buttons["sell"].text().startswith("Sell")
    assert kiosk.sell.pay_button.text().startswith("Pay")
    assert [ln.name_vi for ln in kiosk.sell.cart.lines] == ["Mật ong rừng U Minh"]
    assert kiosk.sell.model.index(0, 0).data().startswith("U Minh forest honey")
    assert kiosk.window.stack.currentWidget() is kiosk.sell
    win.lang_button.click()
    assert win.nav_buttons["sell"].text().startswith("Bán hàng")


def test_the_language_chosen_is_the_one_the_next_start_opens_in(qapp, qtbot, make_kiosk, kiosk_db):
    import argparse

    from pos.store import Store
    from ui.app import shutdown, start

    k = make_kiosk(kiosk_db)
    k.window.lang_button.click()  # EN
    k.idle()
    with Store(kiosk_db.path) as store:
        assert store.settings()["lang"] == "en"
    qtbot.waitUntil(lambda: k.ctx.settings.get("lang") == "en")  # the running kiosk knows it too
    k.window.close()

    ctx, window = start(argparse.Namespace(db=kiosk_db.path, lang=None, fullscreen=False), qapp)
    try:
        qtbot.waitUntil(lambda: ctx.lang == "en" and bool(window.login.tiles), timeout=20_000)
        assert window.lang_button.text() == "VI" and window.login.who.text().startswith("Type your")
        window.toggle_language()  # back to Vietnamese: remembered as well
        qtbot.waitUntil(lambda: ctx.worker.pending == 0)
        with Store(kiosk_db.path) as store:
            assert store.settings()["lang"] == "vi"
    finally:
        window.close()
        shutdown(ctx, window)
