"""Screenshots of every kiosk screen and dialog on the real app, at a given screen size:

    xvfb-run -a -s "-screen 0 1024x768x24" python -m ui.screenshots vi OUTDIR --size 1024x768

Seeds a fresh demo database (no shift open) and walks through what a clerk and a manager see:
the login (by staff code), the open-shift dialog, selling (scans, unknown barcode, scale labels,
search, a category, a big cart), the discount and approval dialogs, held sales, cash / VietQR /
card payment, the receipt, the receipts screen with the refund and void dialogs, the shift
screen (X report, count, Z report), the lock screen with and without a shift, and the manager's
screens. Files are `NAME_LANG_WxH.png`; the whole screen is grabbed, so dialogs are in the picture.
Text cut off on a screen (ui.fit_check) is printed as `CUT ...` lines; the exit status is 1 if any.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lang", choices=("vi", "en"))
    ap.add_argument("out")
    ap.add_argument("--size", default="1366x768", help="the screen's WIDTHxHEIGHT (default 1366x768)")
    args = ap.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    walk = Walk(args.lang, Path(args.out), width, height)
    try:
        walk.run()
    finally:
        walk.ctx.worker.stop()
    print(f"{len(walk.cuts)} cut-off texts", flush=True)
    return 1 if walk.cuts else 0


class Walk:
    def __init__(self, lang: str, out: Path, width: int, height: int):
        from pos import demo, staff
        from pos.store import Store

        self.lang, self.out, self.width, self.height = lang, out, width, height
        out.mkdir(parents=True, exist_ok=True)
        self.db = f"/tmp/shots_{lang}_{width}x{height}.db"
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                os.remove(self.db + suffix)
        with Store(self.db) as s:
            demo.seed_demo(s)
            s.set_settings(bank_bin="970436", bank_account="0011001234567",
                           bank_account_name="TT XUC TIEN TM BAC LIEU", idle_lock_minutes=0)
            self.staff = staff.list_staff(s)
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        from ui.app import create_kiosk

        self.ctx, self.win = create_kiosk(self.db, lang=lang)
        self.win.setGeometry(0, 0, width, height)
        self.win.show()
        self.win.activateWindow()
        self.cuts: list[str] = []
        cat = json.loads((ROOT / "assets" / "demo_catalog.json").read_text(encoding="utf-8"))
        self.codes = [p["barcodes"][0] for p in cat["products"] if p.get("barcodes") and not p["sold_by_weight"]]

    # -- helpers ---------------------------------------------------------------------------------
    def pump(self, ms: int = 300) -> None:
        end = time.time() + ms / 1000
        while time.time() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def wait(self, cond, timeout: float = 15) -> None:
        end = time.time() + timeout
        while time.time() < end:
            self.app.processEvents()
            if cond():
                return
            time.sleep(0.01)
        raise TimeoutError(cond)

    def shot(self, name: str) -> None:
        from ui.fit_check import cut_texts

        self.pump(400)
        top = QApplication.activeModalWidget()
        if self.win.width() > self.width or self.win.height() > self.height:
            line = (f"CUT {name}_{self.lang}_{self.width}x{self.height}: the window is "
                    f"{self.win.width()}x{self.win.height()}, larger than the screen")
            self.cuts.append(line)
            print(line, flush=True)
        for root in [self.win] + ([top] if top is not None else []):
            for cut in cut_texts(root):
                line = f"CUT {name}_{self.lang}_{self.width}x{self.height}: {cut}"
                self.cuts.append(line)
                print(line, flush=True)
        path = self.out / f"{name}_{self.lang}_{self.width}x{self.height}.png"
        ok = QApplication.primaryScreen().grabWindow(0).save(str(path))
        print("shot", path.name, ok, flush=True)

    def keys(self, text: str, widget=None) -> None:
        """Typed as a person types (one key at a time, slower than a scanner)."""
        for ch in text:
            target = widget or QApplication.focusWidget() or self.win
            for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(etype, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
            self.pump(70)

    def key(self, key, widget=None) -> None:
        QTest.keyClick(widget or QApplication.focusWidget() or self.win, key)
        self.pump(100)

    def scan(self, code: str) -> None:
        QTest.keyClicks(QApplication.focusWidget() or self.win, code)
        QTest.keyClick(QApplication.focusWidget() or self.win, Qt.Key.Key_Return)
        self.pump(150)

    def modal(self, cls):
        self.wait(lambda: isinstance(QApplication.activeModalWidget(), cls))
        return QApplication.activeModalWidget()

    def login(self, code: str, pin: str) -> None:
        login = self.win.login
        self.wait(lambda: login.tiles and login.code_edit.isVisible())
        login.code_edit.setFocus()
        self.keys(code.lower(), login.code_edit)
        self.key(Qt.Key.Key_Return, login.code_edit)
        self.wait(lambda: login.selected is not None)
        login.pad.edit.setText(pin)
        login.pad._submit()
        self.wait(lambda: self.ctx.staff is not None)

    # -- the walk ----------------------------------------------------------------------------------
    def run(self) -> None:
        """What a clerk meets over a day, then what a manager meets, in the order they meet it."""
        clerk = next(r for r in self.staff if r["role"] == "clerk")
        manager = next(r for r in self.staff if r["role"] == "manager")
        self.pins = {s["code"]: s["pin"] for s in json.loads((ROOT / "assets" / "demo_catalog.json")
                                                             .read_text(encoding="utf-8"))["staff"]}
        self._walk_login(clerk)
        self._walk_selling()
        self._walk_discounts(manager)
        self._walk_held()
        self._walk_payment()
        self._walk_receipts()
        shift = self._walk_shift()
        self._walk_manager(manager)
        self._walk_day_end(shift)

    def _walk_login(self, clerk: dict) -> None:
        """No shift yet: the login, a wrong code, the clerk's login and the open-shift dialog."""
        from ui.shift import OpenShiftDialog

        win, ctx = self.win, self.ctx
        win.login.activated()
        self.wait(lambda: win.login.tiles and win.login.shift_info is None and win.login.shift_label.text())
        self.shot("login_no_shift")
        win.login.code_edit.setFocus()
        self.keys("nv99", win.login.code_edit)
        self.key(Qt.Key.Key_Return, win.login.code_edit)
        self.wait(lambda: win.login.message.isVisible())
        self.shot("login_wrong_code")
        self.login(clerk["code"], self.pins[clerk["code"]])
        dlg = self.modal(OpenShiftDialog)
        self.shot("open_shift_dialog")
        self.keys("1000000", dlg.float_edit)
        self.key(Qt.Key.Key_Return, dlg.float_edit)
        self.wait(lambda: ctx.shift is not None and QApplication.activeModalWidget() is None)
        win._build_rest()
        self.shot("sell_empty")

    def _walk_selling(self) -> None:
        """Scans, a big cart, an unknown barcode, scale labels, the search and the categories."""
        from pos import barcodes as bc

        sell = self.win.sell
        sell.view.setFocus()
        for c in self.codes[:4]:
            self.scan(c)
        self.scan(self.codes[0])
        self.wait(lambda: len(sell.cart.lines) == 4)
        self.shot("sell_cart")
        sell.view.select_row(1)
        sell.cart.set_qty(1, 999)  # a big cart: nine-digit amounts must show whole
        sell._cart_changed(1)
        self.shot("sell_cart_big")
        self.scan("8930000000064")
        self.wait(lambda: sell.alert.isVisible())
        self.shot("sell_unknown_barcode")
        sell.clear_alert()
        n_lines = len(sell.cart.lines)
        self.scan(bc.make_embedded("21", 12, 750))
        self.wait(lambda: len(sell.cart.lines) == n_lines + 1)
        self.shot("sell_scale_label")
        self.scan(bc.make_embedded("21", 99_999, 500))
        self.wait(lambda: sell.alert.isVisible())
        self.shot("sell_scale_label_unknown")
        sell.clear_alert()
        sell.view.select_row(n_lines)
        sell.remove_line()
        self.keys("mật ong" if self.lang == "vi" else "honey", sell.search)
        self.pump(600)
        self.shot("sell_search")
        sell.search.clear()
        self.pump(200)
        tiles = [sell.cat_grid.itemAt(i).widget() for i in range(sell.cat_grid.count())]
        self.shot("sell_categories")
        tiles[4].click()  # "Fermented & processed seafood"
        self.wait(lambda: sell.browse.currentWidget() is sell.prod_host and sell.product_buttons)
        self.shot("sell_category")
        sell.browse.setCurrentIndex(0)
        sell.view.setFocus()

    def _walk_discounts(self, manager: dict) -> None:
        """A discount above the clerk's limit: the prompt, then the manager PIN dialog."""
        from PySide6.QtCore import QTimer

        from ui.approval import ApprovalDialog

        sell = self.win.sell
        sell.view.select_row(0)
        sell.ask_line_discount()
        self.wait(lambda: sell.prompt is not None and sell.prompt.isVisible())
        sell.prompt.edit.setText("40%")
        self.shot("discount_prompt")

        def approval():
            dlg = QApplication.activeModalWidget()
            if isinstance(dlg, ApprovalDialog):
                self.shot("approval")
                dlg.pad.edit.setText(self.pins[manager["code"]])
                dlg.pad._submit()
            else:
                QTimer.singleShot(50, approval)

        QTimer.singleShot(50, approval)
        sell.prompt._accept()
        self.wait(lambda: sell.prompt is None or not sell.prompt.isVisible())
        sell.view.select_row(2)
        sell.cart.set_order_discount(5_000, "Khách quen" if self.lang == "vi" else "Regular customer")
        sell._cart_changed(2)
        self.shot("sell_cart_discounts")

    def _walk_held(self) -> None:
        """Held sales: park this cart, ring another, look at the list, take the first back."""
        sell = self.win.sell
        sell.hold()
        self.wait(lambda: not sell.cart.lines and self.ctx.worker.pending == 0)
        self.scan(self.codes[5])
        self.wait(lambda: len(sell.cart.lines) == 1)
        sell.show_held()
        self.wait(lambda: sell.held_dialog is not None and sell.held_dialog.isVisible())
        self.shot("held_sales")
        sell.held_dialog._take()
        self.wait(lambda: len(sell.cart.lines) >= 4)

    def _walk_payment(self) -> None:
        """Cash, card and VietQR on screen; paid by VietQR, then a second sale in exact cash."""
        sell = self.win.sell
        sell.pay()
        self.wait(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
        self.shot("pay_cash")
        sell.payment.start_method("card")
        self.shot("pay_card")
        sell.payment.cancel()
        sell.payment.start_qr()
        self.wait(lambda: bool(sell.payment.qr_payload))
        self.shot("pay_vietqr")
        sell.payment.confirm()
        self.wait(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
        self.wait(lambda: sell.done.preview.doc is not None)
        self.shot("sale_done")
        sell.new_sale()
        self.scan(self.codes[0])
        self.scan(self.codes[1])
        self.wait(lambda: len(sell.cart.lines) == 2)
        sell.pay()
        sell.payment.confirm()  # Enter: exact cash
        self.wait(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
        sell.new_sale()

    def _walk_receipts(self) -> None:
        """The receipts screen, the refund dialog and its reason, the void reason."""
        self.win.show_screen("history")
        history = self.win.history
        history.all_days.setChecked(True)  # the walk may run on a UTC machine late at night
        self.wait(lambda: history.rows)
        history.table.selectRow(len(history.rows) - 1)  # the first sale: four lines and discounts
        self.wait(lambda: history.preview.doc is not None and history.buttons["refund"].isEnabled())
        self.shot("receipts")
        history.refund()
        self.wait(lambda: history.refund_dialog is not None and history.refund_dialog.isVisible())
        rd = history.refund_dialog
        rd.set_qty(0, 1)
        rd.set_qty(1, 2)
        self.shot("refund_dialog")
        rd.submit()
        self.wait(lambda: rd.reason_dialog is not None and rd.reason_dialog.isVisible())
        self.shot("refund_reason")
        rd.reason_dialog.reject()
        self.pump(100)
        rd.reject()
        self.pump(100)
        history.void()
        self.wait(lambda: history.void_dialog is not None and history.void_dialog.isVisible())
        history.void_dialog.show_other()
        self.shot("void_reason")
        history.void_dialog.reject()
        self.pump(100)

    def _walk_shift(self):
        """The X report and the cash count of a shift still open, then the lock screen; returns the
        shift screen (its Z report closes the walk)."""
        win = self.win
        win.show_screen("shift")
        shift = win.screens["shift"]
        self.wait(lambda: shift.pages.currentIndex() == shift.PAGE_MAIN and shift.report)
        self.shot("shift_x_report")
        shift.start_close()
        self.wait(lambda: shift.pages.currentIndex() == shift.PAGE_CLOSE)
        shift.counts[500_000].setValue(2)
        shift.counts[200_000].setValue(1)
        self.shot("shift_close_count")

        win.lock()
        self.wait(lambda: win.login.shift_info is not None)
        self.shot("lock_screen_shift_open")
        return shift

    def _walk_manager(self, manager: dict) -> None:
        """The manager's screens, each with something in it."""
        win = self.win
        self.login(manager["code"], self.pins[manager["code"]])
        self.pump(300)
        if win.width() > self.width:  # the top bar with every manager button is wider than the screen
            print(f"NOTE the top bar needs {win.width()} px with the manager's buttons: hidden for this walk",
                  flush=True)
            self.cuts.append(f"CUT manager login_{self.lang}_{self.width}x{self.height}: window {win.width()} px")
            for key in win.manager_keys:
                win.nav_buttons[key].hide()
            self.pump(100)
            win.setGeometry(0, 0, self.width, self.height)
        for key in win.manager_keys:
            win.show_screen(key)
            self.pump(600)
            self._fill_manager_screen(key, win.screens[key].inner)
            self.shot(key)
        count = win.screens["manager_count"].inner
        count.review()
        self.pump(600)
        self.shot("manager_count_review")

    def _fill_manager_screen(self, key: str, screen) -> None:
        if key == "manager_stock":
            self.wait(lambda: screen.model.rowCount() > 0 and screen.summary.text())
            screen.table.selectRow(0)
            self.wait(lambda: screen.ledger.isVisible())
        elif key == "manager_receive":
            screen.handle_scan(self.codes[0])
            screen.handle_scan(self.codes[2])
            self.pump(500)
        elif key == "manager_count":
            screen.start()
            self.pump(500)
            screen.handle_scan(self.codes[0])
            self.pump(500)
        elif key == "manager_staff":
            self.wait(lambda: screen.table.rowCount() > 0)

    def _walk_day_end(self, shift) -> None:
        """The shift closed (the Z report), then the lock screen with no shift."""
        win = self.win
        win.show_screen("shift")
        shift.start_close()
        self.wait(lambda: shift.pages.currentIndex() == shift.PAGE_CLOSE)
        shift.counts[500_000].setValue(2)
        self.pump(300)
        self._close_shift(shift)
        self.shot("shift_z_report")
        win.lock()
        self.wait(lambda: win.login.shift_info is None and "shift_state" in win.login.shift_label.objectName())
        self.pump(300)
        self.shot("lock_screen_no_shift")

    def _close_shift(self, shift) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QMessageBox

        from ui.approval import ApprovalDialog

        def approve():
            dlg = QApplication.activeModalWidget()
            if isinstance(dlg, ApprovalDialog):
                dlg.pad.edit.setText("9999")
                dlg.pad._submit()
            elif isinstance(dlg, QMessageBox):  # "close with this variance?": yes
                self.shot("shift_close_variance_question")
                dlg.defaultButton().click() if dlg.defaultButton() else dlg.accept()
                QTimer.singleShot(50, approve)
            elif shift.pages.currentIndex() != shift.PAGE_Z:
                QTimer.singleShot(50, approve)

        QTimer.singleShot(50, approve)
        shift.confirm_close()
        self.wait(lambda: shift.pages.currentIndex() == shift.PAGE_Z)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
