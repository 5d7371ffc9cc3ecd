"""`python main.py --db NEW` opens the kiosk on a new database seeded with the demo catalog."""
from __future__ import annotations

import argparse

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pos.store import Store


def test_main_seeds_a_new_database_and_opens_the_login(qapp, tmp_path):
    from ui.app import main
    from ui.main_window import MainWindow

    db = tmp_path / "sub" / "kiosk.db"
    seen: dict = {}

    def check():
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if wins and "NV01" in wins[0].login.tiles and wins[0].ctx.worker.pending == 0:
            w = wins[0]
            seen["tiles"] = sorted(w.login.tiles)
            seen["lang"] = w.ctx.lang
            seen["title"] = w.windowTitle()
            w.close()
            qapp.quit()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(0, check)
    code = main(argparse.Namespace(db=str(db), lang="en", fullscreen=False))
    assert code == 0
    assert seen["tiles"] == ["AD01", "NV01", "NV02", "QL01"]
    assert seen["lang"] == "en" and seen["title"] == "OCOP POS"
    with Store(db) as store:
        assert store.one("SELECT count(*) AS n FROM products")["n"] >= 50
