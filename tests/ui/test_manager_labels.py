"""Labels printed from the manager's screens with the keyboard: a quantity per product, Enter
prints (label printer or A4 PDF), Esc closes; what comes out is scanned back."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import catalog, print_jobs, stock
from pos.store import Store
from printers import labels as drawing

WAIT = 20_000  # ms; nothing here asserts a duration
SALT, TEA = "Muối hầm Bạc Liêu 500 g", "Trà Shan tuyết Hà Giang"


def open_screen(k, key):
    k.window.show_screen(key)
    k.idle()
    return k.window.screens[key].inner


def dialog_ready(screen, n):
    d = screen.label_dialog
    return d is not None and d.isVisible() and len(d.entries) == n


def test_barcode_labels_from_the_catalog_as_an_a4_sheet(make_kiosk, kiosk_db, tmp_path):
    k = make_kiosk(kiosk_db, as_manager=True)  # no printer set up: the A4 sheet is offered
    screen = open_screen(k, "manager_catalog")
    k.type_text(screen.search, "muoi ham")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.results.count() == 1, timeout=WAIT)
    screen.results.itemClicked.emit(screen.results.item(0))
    k.qtbot.waitUntil(lambda: screen.product is not None and screen.labels_btn.isEnabled(), timeout=WAIT)
    k.press(Qt.Key.Key_F7)
    k.qtbot.waitUntil(lambda: dialog_ready(screen, 1), timeout=WAIT)
    dlg = screen.label_dialog
    assert dlg.target.currentData() == dlg.SHEET
    assert dlg.table.item(0, 1).text() == kiosk_db.barcodes[SALT] and dlg.table.item(0, 2).text() == "★★★★"
    spin = dlg.table.cellWidget(0, 4)
    assert QApplication.focusWidget() is spin  # type the number, Enter prints
    spin.lineEdit().selectAll()
    k.qtbot.keyClicks(spin, "6")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: dlg.pdf_path is not None, timeout=WAIT)
    pdf = Path(dlg.pdf_path)
    assert pdf.parent == Path(kiosk_db.path).resolve().parent / "labels" and pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "600", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=120)
    page = Image.open(next(tmp_path.glob("p-*.png")))
    w, h = (2 * n for n in drawing.label_image({"name": SALT, "price": 45_000, "code": kiosk_db.barcodes[SALT]},
                                                 300).size)
    m = 2 * round(drawing.SHEET_MARGIN_MM * 300 / 25.4)
    cells = [page.crop((m + c * w, m + r * h, m + (c + 1) * w, m + (r + 1) * h)) for r in range(2) for c in range(4)]
    assert [[b.text for b in zxingcpp.read_barcodes(im)] for im in cells] == [[kiosk_db.barcodes[SALT]]] * 6 + [[]] * 2
    k.press(Qt.Key.Key_Escape)
    k.qtbot.waitUntil(lambda: screen.label_dialog is None, timeout=WAIT)
    k.qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search, timeout=WAIT)  # back where scans land


def test_shelf_labels_from_the_stock_screen_on_the_label_printer(make_kiosk, kiosk_db, tmp_path, clock):
    with Store(kiosk_db.path, clock=clock) as s:
        s.set_settings(printer={"kind": "file", "path": str(tmp_path / "labels.bin")})
        today = dt.date.fromisoformat(s.business_day())
        catalog.upsert_product(s, {"id": kiosk_db.products[TEA],
                                   "ocop_cert_expires": (today - dt.timedelta(days=30)).isoformat()})
    k = make_kiosk(kiosk_db, as_manager=True)
    screen = open_screen(k, "manager_stock")
    k.type_text(screen.filter, "tra shan")
    k.qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT)
    screen.table.selectRow(0)
    k.qtbot.waitUntil(lambda: screen.labels_btn.isEnabled(), timeout=WAIT)
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: dialog_ready(screen, 1), timeout=WAIT)
    dlg = screen.label_dialog
    assert dlg.kind.currentData() == "shelf" and dlg.target.currentData() == dlg.PRINTER
    k.scan(kiosk_db.barcodes[SALT])  # a scan while the dialog is open adds the product
    k.qtbot.waitUntil(lambda: len(dlg.entries) == 2, timeout=WAIT)
    dlg.table.cellWidget(1, 4).setValue(2)
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: "2" in dlg.notice.text() or "3" in dlg.notice.text(), timeout=WAIT)
    with k.store() as s:
        [job] = [j for j in print_jobs.recent(s) if j["kind"] == "label"]
    specs = job["payload"]["labels"]
    assert [(sp["name"], sp["ocop_stars"], sp["copies"], sp["kind"]) for sp in specs] == [
        (TEA, 0, 1, "shelf"), (SALT, 4, 2, "shelf")]  # the tea's certificate expired: no stars
    # the labels the printer will draw scan back (tests/printers check the bytes it is sent)
    assert [[b.text for b in zxingcpp.read_barcodes(drawing.label_image(sp, 203))] for sp in specs] == [
        [kiosk_db.barcodes[TEA]], [kiosk_db.barcodes[SALT]]]


def test_a_new_instore_code_offers_one_label_per_unit(make_kiosk, kiosk_db, clock):
    with Store(kiosk_db.path, clock=clock) as s:
        producer = s.one("SELECT id FROM producers")["id"]
        nem, _ = catalog.upsert_product(s, {"sku": "L-NEM-01", "name_vi": "Nem chua Thanh Hóa", "producer_id": producer,
                                            "price": 55_000, "vat_rate": 10, "unit": "gói", "local": 1})
        stock.receive_delivery(s, producer, [{"product_id": nem, "qty": 12}], kiosk_db.manager["id"])
    k = make_kiosk(kiosk_db, as_manager=True)
    screen = open_screen(k, "manager_catalog")
    k.type_text(screen.search, "nem chua")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.results.count() == 1, timeout=WAIT)
    screen.results.itemClicked.emit(screen.results.item(0))
    k.qtbot.waitUntil(lambda: screen.product is not None and screen.issue_btn.isEnabled(), timeout=WAIT)
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: dialog_ready(screen, 1), timeout=WAIT)
    dlg = screen.label_dialog
    code = dlg.entries[0]["code"]
    assert code.startswith("20") and dlg.table.cellWidget(0, 4).value() == 12 and "12" in dlg.total.text()
