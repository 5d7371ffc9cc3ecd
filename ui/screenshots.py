"""Screenshots of the clerk screens on the real app: `xvfb-run -a -s "-screen 0 1366x768x24" python -m ui.screenshots vi OUTDIR`.

Seeds a fresh demo database, logs in as the demo clerk, opens a shift, and walks through login,
scanning, an unknown barcode, scale labels, search, a category, cash and VietQR payment, the receipt
and history, the refund and void reason pickers, and the manager's stock on hand."""
import os, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest

lang = sys.argv[1]
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
db = f"/tmp/shots_{lang}.db"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)
from pos.store import Store
from pos import demo, shifts, staff
with Store(db) as s:
    summary = demo.seed_demo(s)
    s.set_settings(bank_bin="970436", bank_account="0011001234567", bank_account_name="TT XUC TIEN TM BAC LIEU")
    rows = staff.list_staff(s)
print(summary, [(r["code"], r["role"]) for r in rows])

app = QApplication(sys.argv[:1])
from ui.app import create_kiosk
ctx, win = create_kiosk(db, lang=lang)
win._build_rest()  # every screen and nav button now (the app builds them while the clerk is idle)
win.resize(1366, 740)
win.show()

def pump(ms=300):
    end = time.time() + ms / 1000
    while time.time() < end:
        app.processEvents()
        time.sleep(0.01)

def wait(cond, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        app.processEvents()
        if cond():
            return True
        time.sleep(0.01)
    raise TimeoutError

def shot(name):
    pump(400)
    ok = win.grab().save(str(out / f"{name}_{lang}.png")); print("shot", name, ok, flush=True)

win.login.activated()
wait(lambda: win.login.tiles)
shot("login")
print("tiles", list(win.login.tiles))
import json
demo_pins = getattr(demo, "DEMO_PINS", None)
print("pins", demo_pins)
cat = json.load(open(Path(__file__).resolve().parent.parent / "assets" / "demo_catalog.json", encoding="utf-8"))
codes = [p["barcodes"][0] for p in cat["products"] if p.get("barcodes") and not p["sold_by_weight"]][:4]
win.login.tiles["NV01"].click()
pump(200)
shot("login_pin")
win.login.pad.edit.setText("1111"); win.login.pad._submit()
wait(lambda: ctx.staff is not None)
# open a shift if none (the shift screen is another engineer's; do it through the domain)
if ctx.shift is None:
    def opener(store, sid):
        return shifts.open_shift(store, sid, 1_000_000)[0]
    ctx.worker.submit(opener, ctx.staff["id"], on_done=ctx.set_shift)
    wait(lambda: ctx.shift is not None)
pump(500)
shot("sell_empty")
def scan(code):
    QTest.keyClicks(QApplication.focusWidget() or win, code)
    QTest.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_Return)
    pump(150)
for c in codes:
    scan(c)
scan(codes[0])
wait(lambda: len(win.sell.cart.lines) == 4)
shot("sell_cart")
scan("8930000000064")
wait(lambda: win.sell.alert.isVisible())
shot("sell_unknown_barcode")
win.sell.clear_alert()
# scale labels: 750 g of dried fish (PLU 2100012), then a label for an item nobody registered
from pos import barcodes as _bc
n_lines = len(win.sell.cart.lines)
scan(_bc.make_embedded("21", 12, 750))
wait(lambda: len(win.sell.cart.lines) == n_lines + 1)
shot("sell_scale_label")
scan(_bc.make_embedded("21", 99_999, 500))
wait(lambda: win.sell.alert.isVisible())
shot("sell_scale_label_unknown")
win.sell.clear_alert()
win.sell.view.select_row(n_lines)
win.sell.remove_line()  # the rest of the walk-through keeps its cart
win.sell.search.setFocus()
for ch in ("mật ong" if lang == "vi" else "honey"):
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtCore import QEvent
    QApplication.sendEvent(win.sell.search, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
pump(600)
shot("sell_search")
win.sell.search.clear()
pump(200)
btns = [win.sell.cat_grid.itemAt(i).widget() for i in range(win.sell.cat_grid.count())]
btns[0].click()
pump(500)
shot("sell_category")
win.sell.view.setFocus()
# a discount above the clerk's limit: the manager PIN dialog
win.sell.view.select_row(0)
win.sell.ask_line_discount()
wait(lambda: win.sell.prompt is not None and win.sell.prompt.isVisible())
win.sell.prompt.edit.setText("40%")
shot("discount_prompt")
from ui.approval import ApprovalDialog
def grab_approval():
    dlg = QApplication.activeModalWidget()
    if isinstance(dlg, ApprovalDialog):
        pump(300)
        win.grab().save(str(out / f"approval_{lang}.png"))
        dlg.grab().save(str(out / f"approval_dialog_{lang}.png"))
        dlg.reject()
    else:
        QTimer.singleShot(50, grab_approval)
QTimer.singleShot(50, grab_approval)
win.sell.prompt._accept()
win.sell.prompt.reject()
pump(200)
win.sell.pay()
pump(300)
shot("pay_cash")
win.sell.payment.start_qr()
wait(lambda: bool(win.sell.payment.qr_payload))
shot("pay_vietqr")
win.sell.payment.confirm()
wait(lambda: win.sell.pages.currentIndex() == 2)
wait(lambda: win.sell.done.preview.doc is not None)
shot("sale_done")
win.sell.new_sale()
win.show_screen("history")
wait(lambda: win.history.rows)
win.history.table.selectRow(0)
wait(lambda: win.history.preview.doc is not None)
shot("receipts")
win.history.refund()
wait(lambda: win.history.refund_dialog is not None and win.history.refund_dialog.isVisible())
pump(300)
win.history.refund_dialog.grab().save(str(out / f"refund_dialog_{lang}.png"))
rd = win.history.refund_dialog
rd.set_qty(0, 1)
rd.submit()
wait(lambda: rd.reason_dialog is not None and rd.reason_dialog.isVisible())
pump(300)
rd.reason_dialog.grab().save(str(out / f"refund_reason_{lang}.png"))
rd.reason_dialog.reject()
pump(100)
rd.reject()
win.history.void()
wait(lambda: win.history.void_dialog is not None and win.history.void_dialog.isVisible())
win.history.void_dialog.show_other()
pump(300)
win.history.void_dialog.grab().save(str(out / f"void_reason_{lang}.png"))
win.history.void_dialog.reject()
pump(100)
# the manager's stock on hand (the demo's manager logs in)
manager = next(r for r in rows if r["role"] == "manager")
ctx.set_staff(manager)
pump(200)
win.show_screen("manager_stock")
stock_screen = win.screens["manager_stock"].inner
wait(lambda: stock_screen.model.rowCount() > 0 and stock_screen.summary.text())
stock_screen.table.selectRow(0)
wait(lambda: stock_screen.ledger.isVisible())
shot("manager_stock")
ctx.worker.stop()
print("ok")
