"""Runs the real kiosk (`main.py --db PATH`, the command a shop runs) and drives it like a clerk,
for tests that kill or signal the process (tests/ui/test_sell_open_cart_process.py).

    python tests/ui/kiosk_driver.py fill  DB  # log in, ring up a sale with discounts and a card part,
                                              # go back to the cart (Esc), print READY {state}, wait
    python tests/ui/kiosk_driver.py fill-nowait DB  # the same, READY as soon as it is on screen
    python tests/ui/kiosk_driver.py check DB  # log in as another clerk, wait for the restored sale,
                                              # print STATE {state}, quit

The product has no test hooks: this script only schedules itself on the Qt event loop before
handing over to main.py, and then uses the window as a clerk would (keys, the PIN pad, the
payment screen). Each step waits for a condition, polled on the event loop.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

CODES = ("8936041010017", "8936041010024", "8936041010031")  # demo catalog: three salts
STEP_TIMEOUT_S = 60


def state(win) -> dict:
    """What the clerk sees (read defensively: the same driver shows an older kiosk failing)."""
    sell = win.sell
    parts = getattr(sell, "parts", [])
    parts_bar, parts_label = getattr(sell, "parts_bar", None), getattr(sell, "parts_label", None)
    return {
        "lines": [[ln.sku, ln.qty, ln.discount, ln.discount_reason] for ln in sell.cart.lines],
        "order_discount": [sell.cart.order_discount, sell.cart.order_discount_reason],
        "total": sell.cart.totals().total,
        "parts": [[p["method"], p["amount"], p.get("reference", "")] for p in parts],
        "parts_label": parts_label.text() if parts_bar is not None and parts_bar.isVisibleTo(sell) else "",
        "notice": sell.notice.text() if sell.notice.isVisibleTo(sell) else "",
        "staff": win.ctx.staff["code"] if win.ctx.staff else None,
        "page": sell.pages.currentIndex(),
    }


def key(win, k) -> None:
    QTest.keyClick(QApplication.focusWidget() or win, k)


def login(win, code: str, pin: str):
    yield lambda: code in win.login.tiles
    win.login.tiles[code].click()
    win.login.pad.edit.setText(pin)
    win.login.pad._submit()
    yield lambda: win.ctx.staff is not None and win.ctx.worker.pending == 0
    if win.ctx.shift is None:
        def opener(store, staff_id):
            from pos import shifts

            return shifts.open_shift(store, staff_id, 1_000_000)[0]

        win.ctx.worker.submit(opener, win.ctx.staff["id"], on_done=win.ctx.set_shift)
        yield lambda: win.ctx.shift is not None


def fill(win, wait_saved: bool):
    sell = win.sell
    yield from login(win, "NV01", "1111")
    for n, code in enumerate(CODES + CODES[:1], start=1):
        QTest.keyClicks(QApplication.focusWidget() or win, code)
        key(win, Qt.Key.Key_Return)
        yield lambda: sum(ln.qty for ln in sell.cart.lines) == n
    sell.view.select_row(1)
    key(win, Qt.Key.Key_F4)  # line discount on the second line: 5 %, within the clerk's limit
    yield lambda: sell.prompt is not None and sell.prompt.isVisible()
    sell.prompt.edit.setText("5%")
    sell.prompt.reason.setCurrentIndex(0)
    sell.prompt._accept()
    yield lambda: sell.prompt is None
    key(win, Qt.Key.Key_F5)  # order discount 5.000 ₫
    yield lambda: sell.prompt is not None and sell.prompt.isVisible()
    sell.prompt.edit.setText("5000")
    sell.prompt.reason.setCurrentIndex(3)
    sell.prompt._accept()
    yield lambda: sell.prompt is None
    key(win, Qt.Key.Key_F12)  # pay: 50.000 by card, then back to the cart
    yield lambda: sell.pages.currentIndex() == sell.PAGE_PAY
    sell.payment.amount.setText("50000")
    key(win, Qt.Key.Key_F12)
    sell.payment.card_ref.setText("TID01/4711")
    key(win, Qt.Key.Key_Return)
    yield lambda: len(sell.payment.parts) == 1
    key(win, Qt.Key.Key_Escape)
    yield lambda: sell.pages.currentIndex() == sell.PAGE_CART
    if wait_saved:  # "committed right after each change": wait for that commit, then get killed
        yield lambda: getattr(win, "cart_keeper", None) is None or win.cart_keeper.idle
        yield lambda: win.ctx.worker.pending == 0
    print("READY " + json.dumps(state(win), ensure_ascii=False), flush=True)


def check(win):
    sell = win.sell
    yield from login(win, "NV02", "2222")  # another clerk: the sale belongs to the till
    yield lambda: sell.cart.lines and sell.notice.isVisibleTo(sell)
    print("STATE " + json.dumps(state(win), ensure_ascii=False), flush=True)
    win.close_keeping_sale()  # the last window closes: main.py's event loop ends


def run(steps) -> None:
    """Advance `steps` (a generator of conditions) whenever its current condition holds."""
    current = {"cond": None, "since": time.monotonic(), "step": 0}
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        try:
            while current["cond"] is None or current["cond"]():
                current["cond"] = next(steps)
                current["since"] = time.monotonic()
                current["step"] += 1
        except StopIteration:
            timer.stop()
            return
        except Exception as exc:  # a broken step ends the run at once (the test reads why)
            print(f"TIMEOUT step failed: {exc!r}", flush=True)
            os._exit(4)
        if time.monotonic() - current["since"] > STEP_TIMEOUT_S:
            modal = QApplication.activeModalWidget()
            print(f"TIMEOUT waiting at step {current['step']} (modal: {modal!r})", flush=True)
            os._exit(3)

    timer.timeout.connect(tick)
    timer.start()
    run.timer = timer  # kept alive


def win_of():
    from ui.main_window import MainWindow

    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def main() -> int:
    mode, db = sys.argv[1], sys.argv[2]
    QApplication(sys.argv[:1])

    def begin() -> None:
        win = win_of()
        run(fill(win, mode == "fill") if mode.startswith("fill") else check(win))

    QTimer.singleShot(0, begin)
    import main as cli

    return cli.main(["--db", db, "--lang", "vi"])


if __name__ == "__main__":
    sys.exit(main())
