"""The real kiosk process (`main.py --db`, the command a shop runs) in a real X window, without a
window manager (as many kiosks run), at 1024×768 and 1366×768, driven by a keyboard (xdotool):
staff code + PIN + Enter, the open-shift float + Enter, barcode bursts as a scanner types them,
F-keys, a manager's PIN + Enter, Esc, and paying with Enter. The pointer is parked in a corner, so
nothing depends on where the mouse is. Results are read from the database (polled with a generous
deadline); the window must stay inside the screen, and a screenshot of the whole screen is saved
(REAL_WINDOW_SHOTS=DIR keeps a copy to look at).

Needs Xvfb and xdotool (scripts/bootstrap.sh test installs both); skipped with the reason without.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos.store import Store

ROOT = Path(__file__).resolve().parents[2]
MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {' and '.join(MISSING)} (scripts/bootstrap.sh test)")
DEADLINE_S = 60
SALT, SALT_PRICE = "8936041010017", 25_000  # demo catalog: Muối hạt Bạc Liêu 1 kg
GOURAMI_PLU = "2100011"  # demo catalog: Khô cá sặc, sold by the kilo, its 7-digit PLU key


class Screen:
    """An Xvfb display (a free number chosen by Xvfb itself) and xdotool on it."""

    def __init__(self, width: int, height: int):
        read, write = os.pipe()
        self.size = (width, height)
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as fh:
            self.display = ":" + fh.readline().strip()
        self.env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb")

    def xdo(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30).stdout

    def type(self, text: str, delay_ms: int = 90) -> None:
        """A person typing (90 ms a key), or with delay_ms=5 a scanner; "\n" is the Enter key (one
        xdotool command chain, so the Enter follows a scanner's burst as closely as a scanner's)."""
        args: list[str] = []
        for i, part in enumerate(text.split("\n")):
            if i:
                args += ["key", "Return"]
            if part:
                args += ["type", "--delay", str(delay_ms), "--args", "1", part]
        self.xdo(*args)

    def key(self, *names: str) -> None:
        self.xdo("key", "--delay", "120", *names)

    def window(self, name: str) -> str | None:
        found = self.xdo("search", "--onlyvisible", "--name", name).split()
        return found[0] if found else None

    def focused(self) -> str:
        return self.xdo("getwindowfocus", "-f").strip()

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        out = dict(line.split("=", 1) for line in self.xdo("getwindowgeometry", "--shell", wid).split())
        return int(out["X"]), int(out["Y"]), int(out["WIDTH"]), int(out["HEIGHT"])

    def shot(self, path: Path):
        from PIL import ImageGrab

        image = ImageGrab.grab(xdisplay=self.display)
        image.save(path)
        keep = os.environ.get("REAL_WINDOW_SHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / path.name)
        return image

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def until(what: str, cond, log: Path | None = None):
    """Poll `cond` until it gives something true; fail after DEADLINE_S saying what was awaited
    (with the kiosk's log, and the screen as it was in the log's folder)."""
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(0.1)
    tail = ""
    if log is not None:
        tail = log.read_text()[-3000:] if log.exists() else ""
        screen = getattr(until, "screen", None)
        if screen is not None:
            screen.shot(log.with_name("failed.png"))
            tail += f"\n(the screen: {log.with_name('failed.png')})"
    pytest.fail(f"waited {DEADLINE_S} s for: {what}\n{tail}")


def rows(db: Path, sql: str, args=()) -> list[dict]:
    """Read-only, as an onlooker: a Store here could take the write lock the kiosk wants."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def open_cart(db: Path) -> dict:
    found = rows(db, "SELECT cart FROM open_cart WHERE status = 'open'")
    return json.loads(found[0]["cart"]) if found else {"lines": []}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    from pos import demo

    path = tmp_path_factory.mktemp("demo") / "kiosk.db"
    with Store(path) as store:
        demo.seed_demo(store)
        store.set_settings(idle_lock_minutes=0)  # no shift open: the kiosk offers one after login
    return path


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_a_sale_by_keyboard_in_a_real_window(demo_template, tmp_path, size):
    db = tmp_path / "kiosk.db"
    shutil.copy(demo_template, db)
    screen = until.screen = Screen(*size)
    log = tmp_path / "kiosk.log"
    with open(log, "w") as out:
        kiosk = subprocess.Popen([sys.executable, "main.py", "--db", str(db), "--lang", "vi"], cwd=ROOT,
                                 env=dict(screen.env, PYTHONPATH=str(ROOT)), stdout=out, stderr=subprocess.STDOUT)
    try:
        _drive(screen, kiosk, db, log, tmp_path)
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kiosk.kill()
        screen.stop()


def _dialog(screen: Screen, title: str, log: Path) -> str:
    """The dialog called `title`, once it has the keyboard (whatever the pointer is over)."""
    wid = until(f"the dialog {title!r}", lambda: screen.window(title), log)
    until(f"the keys in the dialog {title!r}", lambda: screen.focused() == wid, log)
    return wid


def _drive(screen: Screen, kiosk, db: Path, log: Path, tmp_path: Path) -> None:
    width, height = screen.size
    main = until("the kiosk window", lambda: screen.window("Bán hàng OCOP"), log)
    screen.xdo("mousemove", str(width - 3), str(height - 3))  # the pointer out of the way, in a corner
    until("the keys in the kiosk window", lambda: screen.focused() == main, log)
    screen.type("NV01\n")
    screen.type("1111\n")
    _dialog(screen, "Mở ca", log)  # no shift open: offered right after login
    screen.type("500000\n")
    until("the shift opened with its float", lambda: rows(db, "SELECT id FROM shifts WHERE opening_float = 500000"), log)
    until("the keys back in the kiosk window", lambda: screen.focused() == main, log)
    screen.type(SALT + "\n", delay_ms=5)  # a scanner: a burst and Enter
    screen.type(SALT + "\n", delay_ms=5)
    until("two jars of salt in the open sale",
          lambda: [ln["qty"] for ln in open_cart(db)["lines"]] == [2], log)
    screen.type(GOURAMI_PLU + "\n", delay_ms=5)  # a 7-digit scale code: the grams are asked
    _dialog(screen, "Khối lượng", log)
    screen.type("500\n")
    until("500 g of dried gourami in the open sale",
          lambda: [ln["qty"] for ln in open_cart(db)["lines"]] == [2, 500], log)
    screen.key("F5")  # order discount 50 %: above the clerk's limit, the manager's PIN + Enter
    _dialog(screen, "Giảm giá đơn", log)
    screen.type("50%\n")
    _dialog(screen, "Quản lý phê duyệt", log)
    screen.type("9999\n")
    until("the order discount approved by the manager",
          lambda: open_cart(db).get("order_discount_approved_by"), log)
    until("the keys back in the kiosk window", lambda: screen.focused() == main, log)
    screen.key("F4")  # a line discount of 60 %: the manager is not there, Esc, Esc
    _dialog(screen, "Giảm giá dòng", log)
    screen.type("60%\n")
    _dialog(screen, "Quản lý phê duyệt", log)
    screen.key("Escape")
    until("the approval closed", lambda: screen.window("Quản lý phê duyệt") is None, log)
    screen.key("Escape")
    until("the keys back in the kiosk window", lambda: screen.focused() == main, log)
    image = screen.shot(tmp_path / f"sell_{width}x{height}.png")
    assert image.size == (width, height)
    screen.key("F11")  # lock; the manager logs in and takes the payment (the sale stays)
    screen.type("QL01\n")
    screen.type("9999\n")
    until("the manager logged in (the window's title)", lambda: screen.window("Lê Hoàng Yến"), log)
    until("the keys in the kiosk window", lambda: screen.focused() == main, log)
    screen.key("F12")
    screen.key("Return")  # Enter: the exact amount in cash
    sale = until("the sale completed by the manager", lambda: rows(
        db, "SELECT s.subtotal, s.order_discount, s.total, st.code FROM sales s JOIN staff st ON st.id = s.staff_id"),
        log)[0]
    lines = rows(db, "SELECT qty, gross, line_discount FROM sale_lines ORDER BY line_no")
    assert [ln["qty"] for ln in lines] == [2, 500] and lines[0]["gross"] == 2 * SALT_PRICE
    assert all(ln["line_discount"] == 0 for ln in lines)  # the 60 % was not approved (Esc)
    assert sale["code"] == "QL01" and sale["subtotal"] == sum(ln["gross"] for ln in lines)
    assert sale["order_discount"] == (sale["subtotal"] * 50 + 50) // 100  # 50 %, approved by PIN + Enter
    assert sale["total"] == sale["subtotal"] - sale["order_discount"]
    x, y, w, h = screen.geometry(main)
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (x, y, w, h)
    screen.shot(tmp_path / f"done_{width}x{height}.png")
