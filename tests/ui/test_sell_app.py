"""`python main.py --db NEW` opens the kiosk on a new database seeded with the demo catalog."""
from __future__ import annotations

import argparse

from pos.store import Store


def test_start_seeds_a_new_database_and_opens_the_login(qapp, qtbot, tmp_path):
    from ui.app import shutdown, start

    db = tmp_path / "kiosk.db"  # (a missing folder is not made: tests/ui/test_problem_screen.py)
    ctx, window = start(argparse.Namespace(db=str(db), lang="en", fullscreen=False), qapp)
    try:
        qtbot.waitUntil(lambda: "NV01" in window.login.tiles and ctx.worker.pending == 0, timeout=20_000)
        assert sorted(window.login.tiles) == ["AD01", "NV01", "NV02", "QL01"]
        assert ctx.lang == "en" and window.windowTitle() == "OCOP POS"
        assert window.isVisible()
        qtbot.waitUntil(lambda: bool(ctx.settings), timeout=10_000)
    finally:
        window.close()
        shutdown(ctx, window)
    with Store(db) as store:
        assert store.one("SELECT count(*) AS n FROM products")["n"] >= 50
