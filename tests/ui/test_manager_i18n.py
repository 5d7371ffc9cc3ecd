"""The shift and manager screens speak Vietnamese: every source string of ui/shift/ and
ui/manager/ has a translation in manager_vi.ts, the compiled .qm is current, and the screens
really show it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from ts_messages import ts_messages

from ui.i18n.__main__ import manager_sources

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "ui" / "i18n"
BIN = Path(sys.executable).parent
SOURCES = manager_sources()




def test_every_shift_and_manager_string_is_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, SOURCES), "-ts", str(fresh)], check=True,
                   capture_output=True)
    wanted = ts_messages(fresh)
    assert len(wanted) > 200
    have = ts_messages(I18N / "manager_vi.ts")
    missing = [k for k in wanted if k not in have or not (have[k].text or "").strip()
               or have[k].get("type") in ("unfinished", "obsolete", "vanished")]
    assert not missing, f"untranslated (lupdate into ui/i18n/manager_vi.ts and translate): {missing[:10]}"
    qm = I18N / "manager_vi.qm"
    assert qm.exists() and qm.stat().st_mtime >= (I18N / "manager_vi.ts").stat().st_mtime - 1
    # placeholders survive translation
    for (ctx, src), tr in have.items():
        for ph in ("%1", "%2", "%3", "%4", "%5"):
            assert (ph in src) == (ph in (tr.text or "")), (ctx, src, tr.text)


def test_compiled_translations_reach_the_screens(qtbot):
    app = QApplication.instance()
    tr = QTranslator()
    assert tr.load(str(I18N / "manager_vi.qm"))
    app.installTranslator(tr)
    try:
        assert app.translate("ShiftScreen", "Close shift") == "Đóng ca"
        assert app.translate("ManagerMenu", "Stock count") == "Kiểm kê kho"
        assert app.translate("CountScreen", "Approve count") == "Duyệt kiểm kê"
    finally:
        app.removeTranslator(tr)
