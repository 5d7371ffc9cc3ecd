"""The kiosk's own products: goods a producer brings to this kiosk that the central catalog does
not have yet. They are saved with local=1 (pos.catalog.upsert_product) and travel to the centre in
the outbox; products that came from the centre are shown but not edited here, so the next catalog
pull cannot silently undo a kiosk's change.

Goods without a GS1 barcode get an in-store code (prefix 20, pos.catalog.issue_instore_barcode).
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.money import fmt_vnd
from pos.names import product_name

from ..ops import catalog as catalog_ops
from .common import AmountEdit, BigButton, ErrorLabel, Notice, ScanEdit, error_text, title_label
from .labels import ON_HAND, open_labels

UNITS = ("cái", "hũ", "gói", "hộp", "chai", "túi", "lọ", "bó", "kg")


def _line() -> QLineEdit:
    e = QLineEdit()
    e.setMinimumHeight(40)
    return e


class CatalogScreen(QWidget):
    FIELDS = ("sku", "name_vi", "name_en", "price", "vat_rate", "unit", "sold_by_weight", "producer_id",
              "category_id", "ocop_stars", "low_stock", "barcodes")

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.product: dict | None = None  # the product in the form (None: a new one)
        self.label_dialog = None  # the labels dialog while it is open (ui/manager/labels.py)
        self.errors: dict[str, ErrorLabel] = {}
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Local products")))
        body = QHBoxLayout()
        root.addLayout(body, 1)

        self._build_finder(body)
        self._build_form(body)

        self.notice = Notice()
        root.addWidget(self.notice)
        self.save_btn = BigButton(self.tr("Save product"), "F8", primary=True)
        self.save_btn.clicked.connect(lambda: self.save())
        root.addWidget(self.save_btn)
        ctx.catalog_changed.connect(lambda *_: self.isVisible() and self.load_refs())
        self.new_product()

    def _build_finder(self, body: QHBoxLayout) -> None:
        left = QVBoxLayout()
        self.search = ScanEdit()
        self.search.setPlaceholderText(self.tr("Name, SKU or barcode, then Enter"))
        self.search.submitted.connect(self.find)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        self.new_btn = BigButton(self.tr("New product"), "F2")
        self.new_btn.clicked.connect(self.new_product)
        left.addWidget(self.new_btn)
        body.addLayout(left, 2)

    def _build_form(self, body: QHBoxLayout) -> None:
        """The product form, one row per field with its error under it, in a scroll area."""
        box = QGroupBox(self.tr("Product"))
        form = QFormLayout(box)
        self.origin_lbl = QLabel()
        self.origin_lbl.setWordWrap(True)
        form.addRow(self.origin_lbl)
        self._build_fields()
        self._row(form, "sku", self.tr("SKU"), self.sku)
        self._row(form, "name_vi", self.tr("Name (Vietnamese)"), self.name_vi)
        self._row(form, "name_en", self.tr("Name (English)"), self.name_en)
        self._row(form, "price", self.tr("Price incl. VAT"), self.price)
        self._row(form, "vat_rate", self.tr("VAT"), self.vat)
        self._row(form, "unit", self.tr("Unit"), self.unit)
        self._row(form, "sold_by_weight", "", self.by_weight)
        self._row(form, "producer_id", self.tr("Producer"), self.producer)
        self._row(form, "category_id", self.tr("Category"), self.category)
        self._row(form, "ocop_stars", self.tr("OCOP stars"), self.stars)
        self._row(form, "low_stock", self.tr("Low-stock warning at"), self.low_stock)
        codes = self._build_codes()
        self._row(form, "barcodes", self.tr("Barcodes"), codes)
        scroll = QScrollArea()  # on a short screen the form scrolls; Save stays in view
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(box)
        body.addWidget(scroll, 3)

    def _build_fields(self) -> None:
        self.sku = _line()
        self.name_vi = _line()
        self.name_en = _line()
        self.price = AmountEdit()
        self.vat = QComboBox()
        for rate in (0, 5, 8, 10):
            self.vat.addItem(f"{rate} %", rate)
        self.vat.setCurrentIndex(2)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.by_weight = QCheckBox(self.tr("Sold by weight (price per kg)"))
        self.producer = QComboBox()
        self.category = QComboBox()
        self.stars = QComboBox()
        for text, data in ((self.tr("none"), None), ("★★★", 3), ("★★★★", 4), ("★★★★★", 5)):
            self.stars.addItem(text, data)
        self.low_stock = QSpinBox()
        self.low_stock.setRange(0, 1_000_000)
        self.barcode_list = QListWidget()
        self.barcode_list.setMaximumHeight(72)
        self.new_barcode = _line()
        self.new_barcode.setPlaceholderText(self.tr("Scan or type the product's own barcode"))
        for w in (self.vat, self.unit, self.producer, self.category, self.stars, self.low_stock):
            w.setMinimumHeight(40)

    def _build_codes(self) -> QWidget:
        """The product's barcodes, a field for a new one, and the in-store code and label buttons."""
        codes = QWidget()
        cl = QVBoxLayout(codes)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.barcode_list)
        cl.addWidget(self.new_barcode)
        self.issue_btn = BigButton(self.tr("Issue in-store barcode"), "F6")
        self.issue_btn.clicked.connect(self.issue_code)
        self.labels_btn = BigButton(self.tr("Print labels"), "F7")
        self.labels_btn.clicked.connect(self.print_labels)
        code_buttons = QHBoxLayout()
        code_buttons.addWidget(self.issue_btn)
        code_buttons.addWidget(self.labels_btn)
        cl.addLayout(code_buttons)
        return codes

    def _row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        err = ErrorLabel()
        self.errors[key] = err
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        lay.addWidget(err)
        form.addRow(label, holder)

    # -- main-window protocol --------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self.load_refs()

    def handle_scan(self, code: str) -> bool:
        """A scan lands in the barcode field while editing, else searches."""
        if self.new_barcode.hasFocus() or self.product is None or self.product.get("local"):
            self.new_barcode.setText(code)
        else:
            self.find(code)
        return True

    # -- loading ---------------------------------------------------------------------------
    def load_refs(self, *_):
        self.ctx.worker.submit(catalog_ops.refs, on_done=self._show_refs,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def _show_refs(self, refs):
        producers, categories = refs
        for combo, rows, label, none_text in (
                (self.producer, producers, lambda p: f"{p['name']} ({p['code']})", self.tr("(choose)")),
                (self.category, categories, lambda c: product_name(c, self.ctx.lang), self.tr("(no category)"))):
            current = combo.currentData()
            combo.clear()
            combo.addItem(none_text, None)
            for r in rows:
                combo.addItem(label(r), r["id"])
            i = combo.findData(current)
            combo.setCurrentIndex(max(i, 0))

    def find(self, text: str):
        self.ctx.worker.submit(catalog_ops.search, text, 50, on_done=self._show_results,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def _show_results(self, rows):
        self.results.clear()
        for p in rows:
            tag = self.tr("local") if p["local"] else self.tr("central")
            item = QListWidgetItem(f"{product_name(p, self.ctx.lang)}\n{p['sku']} · {fmt_vnd(p['price'])} · {tag}")
            item.setData(Qt.UserRole, p["id"])
            item.setSizeHint(QSize(0, 56))  # two lines, a finger's height
            self.results.addItem(item)
        if not rows:
            self.notice.error(self.tr("No product matches."))

    def _open_item(self, item: QListWidgetItem):
        self.ctx.worker.submit(catalog_ops.product, item.data(Qt.UserRole), on_done=self.show_product,
                               on_error=lambda e: self.notice.error(error_text(e)))

    # -- the form --------------------------------------------------------------------------
    def clear_errors(self):
        for e in self.errors.values():
            e.clear_error()

    def new_product(self):
        self.product = None
        self.clear_errors()
        for w in (self.sku, self.name_vi, self.name_en, self.price, self.new_barcode):
            w.clear()
        self.vat.setCurrentIndex(self.vat.findData(8))
        self.unit.setCurrentText(UNITS[0])
        self.by_weight.setChecked(False)
        self.producer.setCurrentIndex(0)
        self.category.setCurrentIndex(0)
        self.stars.setCurrentIndex(0)
        self.low_stock.setValue(0)
        self.barcode_list.clear()
        self.labels_btn.setEnabled(False)
        self.origin_lbl.setText(self.tr("New local product"))
        self._set_editable(True)
        self.sku.setFocus()

    def show_product(self, p: dict):
        self.product = p
        self.labels_btn.setEnabled(True)
        self.clear_errors()
        self.sku.setText(p["sku"])
        self.name_vi.setText(p["name_vi"])
        self.name_en.setText(p["name_en"] or "")
        self.price.set_amount(p["price"])
        self.vat.setCurrentIndex(self.vat.findData(p["vat_rate"]))
        self.unit.setCurrentText(p["unit"])
        self.by_weight.setChecked(bool(p["sold_by_weight"]))
        self.producer.setCurrentIndex(max(self.producer.findData(p["producer_id"]), 0))
        self.category.setCurrentIndex(max(self.category.findData(p["category_id"]), 0))
        self.stars.setCurrentIndex(max(self.stars.findData(p["ocop_stars"]), 0))
        self.low_stock.setValue(int(p["low_stock"] or 0))
        self.barcode_list.clear()
        self.barcode_list.addItems(p.get("barcodes", []))
        self.new_barcode.clear()
        local = bool(p["local"])
        self.origin_lbl.setText(self.tr("Local product of this kiosk") if local else
                                self.tr("From the central catalog: changes are made at the centre"))
        self._set_editable(local)

    def _set_editable(self, editable: bool):
        for w in (self.sku, self.name_vi, self.name_en, self.price, self.vat, self.unit, self.by_weight,
                  self.producer, self.category, self.stars, self.low_stock, self.new_barcode, self.issue_btn,
                  self.save_btn):
            w.setEnabled(editable)

    def collect(self) -> tuple[dict, list[str], dict[str, str]]:
        problems: dict[str, str] = {}
        data: dict = {}
        if self.product is not None:
            data["id"] = self.product["id"]
        data["sku"] = self.sku.text().strip()
        data["name_vi"] = self.name_vi.text().strip()
        data["name_en"] = self.name_en.text().strip()
        if not data["sku"]:
            problems["sku"] = self.tr("Required.")
        if not data["name_vi"]:
            problems["name_vi"] = self.tr("Required.")
        try:
            data["price"] = self.price.amount()
        except ValueError:
            problems["price"] = self.tr("Enter the price in đồng, e.g. 45.000.")
        data["vat_rate"] = self.vat.currentData()
        data["unit"] = self.unit.currentText().strip() or UNITS[0]
        data["sold_by_weight"] = int(self.by_weight.isChecked())
        data["producer_id"] = self.producer.currentData()
        if not data["producer_id"]:
            problems["producer_id"] = self.tr("Choose the producer.")
        data["category_id"] = self.category.currentData()
        data["ocop_stars"] = self.stars.currentData()
        data["low_stock"] = self.low_stock.value()
        code = self.new_barcode.text().strip()
        return data, ([code] if code else []), problems

    def save(self, then=None):
        self.clear_errors()
        data, codes, problems = self.collect()
        if problems:
            for k, v in problems.items():
                self.errors[k].show_error(v)
            self.notice.error(self.tr("Nothing was saved: correct the fields marked in red."))
            return

        def saved(result):
            product = result.value
            self.show_product(product)
            self.notice.ok(self.tr("Saved: %1").replace("%1", product["name_vi"]))
            if then is not None:
                then()

        self.ctx.worker.submit(catalog_ops.save_product, data, codes, on_done=saved, on_error=self._refused)

    def _refused(self, exc):
        field = (getattr(exc, "details", None) or {}).get("field")
        if field in self.errors:
            self.errors[field].show_error(error_text(exc))
        elif getattr(exc, "code", "") in ("invalid_barcode", "unknown_barcode"):
            self.errors["barcodes"].show_error(error_text(exc))
        self.notice.error(self.tr("Nothing was saved: %1").replace("%1", error_text(exc)))

    def print_labels(self):
        """Barcode labels of the product in the form (its own code, or its in-store code)."""
        if self.product is not None:
            open_labels(self, [(self.product["id"], None, None)], "barcode", back_to=self.search)

    def issue_code(self):
        """An in-store code for this product; a new product is saved first."""
        if self.product is None:
            self.save(then=self.issue_code)
            return

        def issued(result):
            code, product = result.value
            self.show_product(product)
            self.notice.ok(self.tr("In-store barcode %1 issued: print labels for the shelf.").replace("%1", code))
            # the code is only useful on the goods: offer its labels at once, one per unit in stock
            open_labels(self, [(product["id"], code, ON_HAND)], "barcode", back_to=self.search)

        self.ctx.worker.submit(catalog_ops.issue_code, self.product["id"], on_done=issued, on_error=self._refused)
