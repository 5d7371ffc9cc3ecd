"""The customer screen in a real second window: an X server (Xvfb) with two screens, the kiosk's
1366×768 and the customer's monitor (1024×768 or 1366×768), the kiosk on the real xcb platform.

The manager chooses the second monitor on the Settings screen; the clerk's keys (xdotool: a
scanner's bursts and Enter, F4 and a discount typed, F12, F8 for VietQR, Enter) drive the sell screen while the customer
window, on the other screen and never taking the keyboard, shows the lines, then the VietQR code
large, then the thanks with the traceability code. The codes are decoded from the X server's own
pixels of the customer's screen (QScreen.grabWindow), the VietQR one compared with the payment
screen's payload. CUSTOMER_SCREEN_SHOTS=DIR keeps the screenshots (docs/screenshots/ holds them).

The outer test starts Xvfb and runs the inner one in a child pytest on it (this session's Qt is
offscreen, and a process has one Qt platform). Needs Xvfb and xdotool (scripts/bootstrap.sh test).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
INNER = os.environ.get("CUSTOMER_X11_SIZE")  # set in the child run only
HONEY = "Mật ong rừng U Minh"
SALT = "Muối hầm Bạc Liêu 500 g"
BASE = "https://truyxuat.ocop-baclieu.vn"


@pytest.mark.skipif(bool(MISSING), reason=f"needs {' and '.join(MISSING)} (scripts/bootstrap.sh test)")
@pytest.mark.skipif(bool(INNER), reason="the outer run (this is the child it starts)")
@pytest.mark.parametrize("size", ["1024x768", "1366x768"])
def test_the_customer_screen_in_a_real_second_window(tmp_path, size):
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-screen", "1",
                             f"{size}x24", "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = ":" + fh.readline().strip()
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", CUSTOMER_X11_SIZE=size,
               CUSTOMER_X11_OUT=str(tmp_path), PYTHONPATH=str(ROOT))
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                              f"{__file__}::test_x11_inner"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=600)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
    assert run.returncode == 0 and " passed" in run.stdout, run.stdout[-6000:] + run.stderr[-2000:]
    found = json.loads((tmp_path / "found.json").read_text())
    assert found["qr"] == found["payment_payload"] and found["trace"] == found["trace_payload"]
    for page in ("idle", "cart", "qr", "thanks"):
        assert (tmp_path / f"customer_{page}_{size}.png").stat().st_size > 0


# -- the child run, on the X server -------------------------------------------------------------
def _keys(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=60)


def _scan(code: str) -> None:
    """A scanner: the code at 5 ms a key and Enter, in one xdotool chain."""
    _keys("type", "--delay", "5", "--args", "1", code, "key", "Return")


def _shot(screen, name: str) -> Path:
    """The customer's monitor as the X server holds it; saved (and kept when asked)."""
    out = Path(os.environ["CUSTOMER_X11_OUT"]) / f"customer_{name}_{INNER}.png"
    assert screen.grabWindow(0).save(str(out))
    keep = os.environ.get("CUSTOMER_SCREEN_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(keep) / out.name)
    return out


def _codes(path: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(path)) if r.format.name == "QRCode"]


@pytest.mark.skipif(not INNER, reason="runs inside test_the_customer_screen_in_a_real_second_window (on Xvfb)")
def test_x11_inner(make_kiosk, kiosk_db):
    from PySide6.QtGui import QGuiApplication

    from pos.store import Store

    with Store(kiosk_db.path) as store:
        store.set_settings(location_name="Gian hàng OCOP Hồ Gươm", store_name="OCOP Bạc Liêu", public_url=BASE)
    k = make_kiosk(kiosk_db, as_manager=True)
    qtbot, customer, sell = k.qtbot, k.ctx.customer, k.sell
    screens = QGuiApplication.screens()
    width, height = (int(x) for x in INNER.split("x"))
    assert len(screens) == 2 and screens[1].size().width() == width
    k.window.activateWindow()
    qtbot.waitUntil(lambda: k.window.isActiveWindow(), timeout=10_000)

    # the manager chooses the customer's monitor in Settings and saves with F8
    k.window.show_screen("manager_settings")
    settings = k.window.screens["manager_settings"].inner
    combo = settings.fields["customer_screen"]
    qtbot.waitUntil(lambda: combo.findData("screen#2") >= 0, timeout=10_000)
    combo.setCurrentIndex(combo.findData("screen#2"))
    _keys("key", "F8")
    qtbot.waitUntil(lambda: customer.shown, timeout=10_000)
    window = customer.window
    qtbot.addWidget(window)
    assert window.screen() is screens[1] and window.geometry() == screens[1].geometry()
    qtbot.waitUntil(lambda: window.page == "idle" and "Xin chào quý khách" in window.drawn, timeout=10_000)
    _shot(screens[1], "idle")

    _keys("key", "F1")  # the sell screen; the keys stay in the kiosk's window
    qtbot.waitUntil(lambda: k.window.current_key() == "sell", timeout=10_000)
    for code in (k.data.barcodes[HONEY], k.data.barcodes[SALT], k.data.barcodes[SALT]):
        _scan(code)
    qtbot.waitUntil(lambda: [ln.qty for ln in sell.cart.lines] == [1, 2], timeout=20_000)
    qtbot.waitUntil(lambda: window.page == "cart" and SALT in window.drawn, timeout=10_000)
    assert {HONEY, "2 hũ", "90.000 ₫", "275.000 ₫"} <= set(window.drawn)
    _keys("key", "F4")  # a line discount of 10 % on the salt, typed as a person types
    qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is sell.prompt.windowHandle(), timeout=10_000)
    _keys("type", "--delay", "90", "--args", "1", "10%", "key", "Return")
    qtbot.waitUntil(lambda: sell.cart.lines[1].discount == 9_000, timeout=10_000)
    qtbot.waitUntil(lambda: "−9.000 ₫" in window.drawn and "266.000 ₫" in window.drawn, timeout=10_000)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is k.window.windowHandle(), timeout=10_000)
    assert QGuiApplication.focusWindow() is k.window.windowHandle()  # never the customer's window
    _shot(screens[1], "cart")

    _keys("key", "F12", "key", "F8")  # pay, by VietQR
    qtbot.waitUntil(lambda: bool(sell.payment.qr_payload) and window.page == "qr", timeout=20_000)
    qtbot.waitUntil(lambda: "266.000 ₫" in window.drawn, timeout=10_000)
    # `drawn` is set as Qt paints; the X server gets the pixels when the backing store is flushed,
    # a moment later under load (CI once grabbed the cart page still showing), so wait for a code
    qtbot.waitUntil(lambda: bool(_codes(_shot(screens[1], "qr"))), timeout=10_000)
    qr = _codes(_shot(screens[1], "qr"))
    assert [t for t in window.cut if "₫" in t] == []  # the amount to pay is whole on the customer's monitor
    assert qr == [sell.payment.qr_payload]
    payment_payload = sell.payment.qr_payload

    _keys("key", "Return")  # the money arrived
    qtbot.waitUntil(lambda: window.page == "thanks" and window.trace is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.trace["payload"] in _codes(_shot(screens[1], "thanks")), timeout=10_000)
    trace = _codes(_shot(screens[1], "thanks"))
    assert {"Cảm ơn quý khách!", "Thank you!"} <= set(window.drawn)
    assert customer.thanks_timer.isActive()
    Path(os.environ["CUSTOMER_X11_OUT"], "found.json").write_text(json.dumps({
        "qr": qr[0], "payment_payload": payment_payload, "trace": trace[0], "trace_payload": window.trace["payload"]}))
    customer.thanks_over()  # what the timer calls: the welcome again
    qtbot.waitUntil(lambda: window.page == "idle" and "Welcome" in window.drawn, timeout=10_000)
