"""The kiosk on bad ground: a damaged, truncated, foreign, read-only, newer or full-disk database
shows a full-window problem screen before any login (what is wrong, what to do, the file, Try
again / Quit), in Vietnamese by default and in English when asked, and the file is left byte for
byte as it was. A disk that fills up during a shift fails the sale whole: the translated error is
on screen and the cart stays.

Read-only and full disks are real here: the tests run as root, which writes through chmod, so a
file or folder is made immutable (chattr +i) and a full disk is a tiny tmpfs filled to the last
byte (tests/disks.py; skipped with the reason where the machine does not allow them)."""
from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from disks import fill, read_only, snapshot, tmpfs
from pos import schema

SALT = "Muối hầm Bạc Liêu 500 g"


@pytest.fixture
def open_kiosk(make_kiosk, kiosk_db):
    """open_kiosk(path, lang) -> the kiosk window once the database answered (not logged in)."""

    def make(path, lang: str = "vi"):
        data = dataclasses.replace(kiosk_db, path=str(path))
        k = make_kiosk(data, lang=lang, login=False, all_screens=False)
        k.qtbot.waitUntil(lambda: k.ctx.worker.open_result is not None, timeout=20_000)
        k.idle()
        return k

    return make


def shows_problem(k, heading: str, *words: str) -> str:
    w = k.window
    assert w.current_key() == "problem" and w.stack.currentWidget() is w.problem
    assert w.problem.isVisible() and not w.login.isVisible()
    assert not w.navbar.isEnabled() and k.ctx.staff is None
    labels = (w.problem.heading, w.problem.detail, w.problem.todo_title, w.problem.todo, w.problem.then,
              w.problem.file, w.problem.technical)
    text = "\n".join(lbl.text() for lbl in labels)
    assert heading in w.problem.heading.text(), text
    for word in words:
        assert word in text, (word, text)
    assert k.data.path in w.problem.file.text()
    assert w.problem.retry_button.isEnabled() and w.problem.quit_button.isVisible()
    assert "Error:" not in k.window.status.currentMessage()  # no English SQLite line below it
    return text


def press(k, key) -> None:
    k.qtbot.keyClick(k.window.problem.retry_button, key)


def retry_reaches_login(k) -> None:
    press(k, Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: k.window.current_key() == "login", timeout=20_000)
    k.qtbot.waitUntil(lambda: bool(k.window.login.tiles), timeout=20_000)
    assert k.ctx.db_problem is None and k.ctx.settings


def test_a_truncated_database_shows_the_damaged_screen_in_vietnamese(open_kiosk, kiosk_db):
    path = kiosk_db.path
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 2])
    folder = Path(path).parent
    before = snapshot(folder)
    k = open_kiosk(path)
    text = shows_problem(k, "Cơ sở dữ liệu bị hỏng", "Cần làm gì", "khôi phục bản sao lưu", "bị hỏng",
                         "Thử lại", "SQLITE_CORRUPT")
    assert "Who is selling" not in text and "Chọn tên" not in text
    assert snapshot(folder) == before
    # a scan goes nowhere (nothing to look it up in) and the screen stays
    k.scan(kiosk_db.barcodes[SALT])
    assert k.window.current_key() == "problem"
    # Try again on the same damaged file: the same screen, still untouched
    press(k, Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: k.window.problem.retry_button.isEnabled(), timeout=20_000)
    shows_problem(k, "Cơ sở dữ liệu bị hỏng")
    assert snapshot(folder) == before
    # Esc quits
    press(k, Qt.Key.Key_Escape)
    k.qtbot.waitUntil(lambda: not k.window.isVisible())


def test_random_bytes_and_a_newer_version_in_english(open_kiosk, kiosk_db, tmp_path):
    path = tmp_path / "noise" / "kiosk.db"
    path.parent.mkdir()
    path.write_bytes(random.Random(3).randbytes(300_000))
    before = snapshot(path.parent)
    k = open_kiosk(path, lang="en")
    shows_problem(k, "This file is not a kiosk database", "is not a POS database (not SQLite)",
                  "restore the database from a backup", "Try again")
    assert snapshot(path.parent) == before
    k.window.close()

    newer = tmp_path / "newer" / "kiosk.db"
    newer.parent.mkdir()
    shutil.copyfile(kiosk_db.path, newer)
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = snapshot(newer.parent)
    k = open_kiosk(newer, lang="en")
    shows_problem(k, "The database is from a newer version", "Update the software")
    assert snapshot(newer.parent) == before
    # the language button switches the whole screen
    k.window.problem.lang_button.click()
    k.qtbot.waitUntil(lambda: k.ctx.lang == "vi" and k.window.problem.isVisible(), timeout=10_000)
    shows_problem(k, "Cơ sở dữ liệu thuộc phiên bản mới hơn", "Hãy cập nhật phần mềm", "Thử lại")
    assert k.window.problem.lang_button.text() == "English"


def test_a_read_only_file_then_fixed_reaches_the_login(open_kiosk, kiosk_db):
    path = Path(kiosk_db.path)
    before = snapshot(path.parent)
    with read_only(path):
        k = open_kiosk(path)
        shows_problem(k, "Không ghi được vào cơ sở dữ liệu", "chỉ đọc hoặc không có quyền", "kỹ thuật viên")
        assert snapshot(path.parent) == before  # no -wal/-shm made beside it
    retry_reaches_login(k)
    assert sorted(k.window.login.tiles) == ["hung", "lan"]


def test_a_read_only_folder(open_kiosk, kiosk_db):
    path = Path(kiosk_db.path)
    before = snapshot(path.parent)
    with read_only(path.parent):
        k = open_kiosk(path)
        shows_problem(k, "Không ghi được vào cơ sở dữ liệu", f"thư mục {path.parent}")
        assert snapshot(path.parent) == before


def test_a_full_disk_then_freed_reaches_the_login(open_kiosk, kiosk_db, tmp_path):
    with tmpfs(tmp_path / "disk", "2m") as mnt:
        path = mnt / "kiosk.db"
        shutil.copyfile(kiosk_db.path, path)
        filler = fill(mnt)
        before = snapshot(mnt)
        k = open_kiosk(path)
        shows_problem(k, "Ổ đĩa đã đầy", "đã đầy: chỉ còn trống 0 kB", "giải phóng dung lượng")
        assert snapshot(mnt) == before
        filler.unlink()
        retry_reaches_login(k)
        k.window.close()
        k.ctx.worker.stop()


def test_a_missing_folder_then_made_opens_a_seeded_kiosk(qapp, qtbot, tmp_path):
    """`main.py run --db` refuses a missing folder on the command line; the kiosk started from
    code (or whose USB disk is not plugged in) says so on screen and seeds once it can."""
    from ui.app import shutdown, start

    db = tmp_path / "usb" / "kiosk.db"
    ctx, window = start(argparse.Namespace(db=str(db), lang=None, fullscreen=False), qapp)
    try:
        qtbot.waitUntil(lambda: window.current_key() == "problem", timeout=20_000)
        assert "Không mở được cơ sở dữ liệu" in window.problem.heading.text()
        assert f"thư mục {db.parent} không tồn tại" in window.problem.detail.text().lower()
        assert not db.parent.exists()
        db.parent.mkdir()
        qtbot.keyClick(window.problem.retry_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "NV01" in window.login.tiles, timeout=30_000)
        assert window.current_key() == "login"
    finally:
        window.close()
        shutdown(ctx, window)


def _sales(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM sales").fetchone()[0]
    finally:
        con.close()


def test_a_disk_that_fills_during_the_shift_keeps_the_cart(make_kiosk, kiosk_db, tmp_path):
    """The sale fails whole with the translated error on screen; the cart stays; once there is
    room again the same cart is sold. (pos tests also reach SQLITE_FULL through SQLite's
    max_page_count where no file system can be mounted: tests/core/test_dbfile.py.)"""
    with tmpfs(tmp_path / "disk", "4m") as mnt:
        shutil.copyfile(kiosk_db.path, mnt / "kiosk.db")
        kiosk_db.path = str(mnt / "kiosk.db")
        k = make_kiosk(kiosk_db)
        try:
            sell = k.sell
            k.scan(kiosk_db.barcodes[SALT])
            k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
            filler = fill(mnt)
            before = _sales(kiosk_db.path)
            k.press(Qt.Key.Key_F12)
            k.press(Qt.Key.Key_Return)  # exact cash
            k.qtbot.waitUntil(lambda: sell.payment.error.isVisible(), timeout=20_000)
            shown = sell.payment.error.text()
            assert "Ổ đĩa đã đầy" in shown and "chưa được lưu" in shown and "giải phóng dung lượng" in shown
            assert "database or disk is full" not in shown
            assert len(sell.cart.lines) == 1 and sell.pages.currentIndex() == sell.PAGE_PAY
            assert _sales(kiosk_db.path) == before
            filler.unlink()
            k.press(Qt.Key.Key_Return)  # the same cart, paid again
            k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=20_000)
            assert _sales(kiosk_db.path) == before + 1
        finally:
            k.window.close()
            k.ctx.worker.stop()
