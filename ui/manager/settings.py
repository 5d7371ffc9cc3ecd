"""Kiosk settings: identity, receipt text, VietQR bank, devices, sync server.

Why validate here as well as in pos.settings: the domain refuses a bad value, but it stops at the
first one and knows nothing of form fields. The screen checks every field, shows each problem
under its own field, and sends nothing to the store until all are right; whatever the store still
refuses comes back as a ValidationError whose `field` puts the message in the right place.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos.settings import DEVICE_CODE, SCANNER_AFFIX_MAX, SCANNER_GAP_MS
from pos.vietqr import ALL_BANKS, find_banks

from ..customer_screen import key_of, screen_keys, screen_label
from ..ops import settings as settings_ops
from .common import BigButton, ErrorLabel, Notice, error_text, title_label

LOCATION_KINDS = ("tourist_site", "supermarket", "hanoi_booth", "fair")
PRINTER_KINDS = ("none", "network", "serial", "usb", "file")
PRINTER_WIDTHS = (384, 512, 576)
BAUDRATES = (9600, 19200, 38400, 57600, 115200)
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$")
_HEX_ID = re.compile(r"^(0x)?[0-9A-Fa-f]{1,4}$")

# the settings keys this screen edits (and nothing else is sent to the store)
KEYS = ("device_code", "location_name", "location_kind", "store_name", "receipt_header", "receipt_footer",
        "tax_code", "address", "phone", "bank_bin", "bank_account", "bank_account_name", "printer",
        "printer_width_px", "scanner", "customer_display", "customer_screen", "server_url")


def _line(placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setMinimumHeight(40)
    if placeholder:
        e.setPlaceholderText(placeholder)
    return e


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    c = QComboBox()
    c.setMinimumHeight(40)
    for text, data in items:
        c.addItem(text, data)
    return c


def _select(combo: QComboBox, data) -> None:
    i = combo.findData(data)
    combo.setCurrentIndex(i if i >= 0 else 0)


class SettingsScreen(QWidget):
    """Edit and save the kiosk's settings; every field shows its own error."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: dict = {}
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}

        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Settings")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._identity_box(), 0, 0)
        grid.addWidget(self._receipt_box(), 1, 0)
        grid.addWidget(self._bank_box(), 2, 0)
        grid.addWidget(self._printer_box(), 0, 1)
        grid.addWidget(self._devices_box(), 1, 1)
        grid.addWidget(self._sync_box(), 2, 1)
        grid.setRowStretch(3, 1)
        scroll.setWidget(body)
        root.addWidget(scroll, 1)

        self.notice = Notice()
        root.addWidget(self.notice)
        bar = QHBoxLayout()
        self.save_btn = BigButton(self.tr("Save"), "F8", primary=True)
        self.save_btn.clicked.connect(self.save)
        self.revert_btn = BigButton(self.tr("Undo changes"), "F5")
        self.revert_btn.clicked.connect(self.load)
        bar.addWidget(self.revert_btn)
        bar.addWidget(self.save_btn)
        root.addLayout(bar)
        self._loaded_once = False

    def showEvent(self, event):
        """Load when first shown, and again after a visit elsewhere unless edits are pending."""
        super().showEvent(event)
        if not self._loaded_once or not self.has_edits():
            self.load()

    def has_edits(self) -> bool:
        if not self.loaded:
            return False
        values, _ = self.collect()
        return any(self.loaded.get(k) != v for k, v in values.items())

    # -- building -----------------------------------------------------------------------
    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        err = ErrorLabel()
        self.errors[key] = err
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        lay.addWidget(err)
        form.addRow(label, box)
        return widget

    def _identity_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Kiosk"))
        form = QFormLayout(box)
        self._add(form, "device_code", self.tr("Device code"), _line("HN01"))
        self._add(form, "store_name", self.tr("Store name"), _line())
        self._add(form, "location_name", self.tr("Location name"), _line())
        kinds = [(self.tr("Tourist site"), "tourist_site"), (self.tr("Supermarket"), "supermarket"),
                 (self.tr("Hanoi booth"), "hanoi_booth"), (self.tr("Fair"), "fair")]
        self._add(form, "location_kind", self.tr("Kind of location"), _combo(kinds))
        return box

    def _receipt_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receipt"))
        form = QFormLayout(box)
        self._add(form, "receipt_header", self.tr("Header"), _line())
        self._add(form, "receipt_footer", self.tr("Footer"), _line())
        self._add(form, "tax_code", self.tr("Tax code"), _line())
        self._add(form, "address", self.tr("Address"), _line())
        self._add(form, "phone", self.tr("Phone"), _line())
        return box

    def _bank_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bank for VietQR"))
        form = QFormLayout(box)
        self.bank_search = _line(self.tr("Bank name or BIN"))
        self.bank_search.setToolTip(self.tr("Name, short name or BIN (no tones needed)"))
        self.bank_search.textChanged.connect(self._filter_banks)
        self.bank_search.returnPressed.connect(lambda: self.fields["bank_bin"].setFocus())
        form.addRow(self.tr("Find bank"), self.bank_search)
        banks = _combo([])
        banks.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        banks.setMinimumContentsLength(18)
        self._fill_banks(banks, self._bank_items(ALL_BANKS, with_none=True))
        self._add(form, "bank_bin", self.tr("Bank"), banks)
        self._add(form, "bank_account", self.tr("Account number"), _line())
        self._add(form, "bank_account_name", self.tr("Account name"), _line("CONG TY ..."))
        return box

    def _bank_items(self, banks, with_none: bool) -> list[tuple[str, str, str]]:
        """(label, BIN, legal name for the tooltip): short names keep the form narrow at 1024 px."""
        items = [(self.tr("(no VietQR)"), "", "")] if with_none else []
        return items + [(f"{b.short_name} ({b.bin})", b.bin, b.name) for b in banks]

    def _fill_banks(self, combo: QComboBox, items) -> None:
        combo.clear()
        for i, (label, data, name) in enumerate(items):
            combo.addItem(label, data)
            if name:
                combo.setItemData(i, name, Qt.ItemDataRole.ToolTipRole)

    def _filter_banks(self, text: str) -> None:
        """The bank list narrowed to what was typed (every NAPAS member bank when empty); the bank
        chosen stays chosen while it still matches, else the first match is taken."""
        combo = self.fields["bank_bin"]
        chosen = combo.currentData()
        found = find_banks(text)
        if text.strip() and not found:
            self.errors["bank_bin"].show_error(self.tr("No bank matches “%1”.").replace("%1", text.strip()))
            return
        self.errors["bank_bin"].clear_error()
        combo.blockSignals(True)
        self._fill_banks(combo, self._bank_items(found, with_none=not text.strip()))
        combo.blockSignals(False)
        _select(combo, chosen if combo.findData(chosen) >= 0 else combo.itemData(0))

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receipt printer"))
        form = QFormLayout(box)
        kinds = [(self.tr("None"), "none"), (self.tr("Network (host:port)"), "network"),
                 (self.tr("Serial port"), "serial"), (self.tr("USB"), "usb"), (self.tr("File / device file"), "file")]
        kind = self._add(form, "printer.kind", self.tr("Connection"), _combo(kinds))
        self._add(form, "printer.host", self.tr("Host:port"), _line("192.168.1.50:9100"))
        self._add(form, "printer.port", self.tr("Serial port"), _line("/dev/ttyUSB0"))
        self._add(form, "printer.baudrate", self.tr("Baud rate"),
                  _combo([(str(b), b) for b in BAUDRATES]))
        self._add(form, "printer.usb", self.tr("USB vendor:product"), _line("0416:5011"))
        self._add(form, "printer.path", self.tr("File"), _line("/dev/usb/lp0"))
        self._add(form, "printer_width_px", self.tr("Paper width"),
                  _combo([(self.tr("%1 dots (58 mm)").replace("%1", "384"), 384),
                          (self.tr("%1 dots (72 mm)").replace("%1", "512"), 512),
                          (self.tr("%1 dots (80 mm)").replace("%1", "576"), 576)]))
        self._printer_form = form
        kind.currentIndexChanged.connect(self._printer_kind_changed)
        return box

    def _devices_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Scanner and customer display"))
        form = QFormLayout(box)
        sk = self._add(form, "scanner.kind", self.tr("Scanner"),
                       _combo([(self.tr("Keyboard (USB)"), "keyboard"), (self.tr("Serial port"), "serial")]))
        self._add(form, "scanner.port", self.tr("Scanner port"), _line("/dev/ttyACM0"))
        self._add(form, "scanner.baudrate", self.tr("Scanner baud rate"), _combo([(str(b), b) for b in BAUDRATES]))
        # a keyboard scanner: what it was programmed to send around a code (README: scanner set-up)
        self._add(form, "scanner.prefix", self.tr("Scanner prefix"), _line(self.tr("none (e.g. §)")))
        self._add(form, "scanner.suffix", self.tr("Scanner suffix"), _line(self.tr("none")))
        self._add(form, "scanner.max_gap_ms", self.tr("Scanner pace (ms between keys)"), _line("30"))
        dk = self._add(form, "customer_display.kind", self.tr("Customer display"),
                       _combo([(self.tr("None"), "none"), (self.tr("Serial port"), "serial")]))
        self._add(form, "customer_display.port", self.tr("Display port"), _line("/dev/ttyUSB1"))
        self._add(form, "customer_display.baudrate", self.tr("Display baud rate"),
                  _combo([(str(b), b) for b in BAUDRATES]))
        # a second monitor facing the customer (ui/customer_screen.py): any screen Qt sees, or none
        self._add(form, "customer_screen", self.tr("Customer screen"), _combo([]))
        self._devices_form = form
        sk.currentIndexChanged.connect(self._device_kinds_changed)
        dk.currentIndexChanged.connect(self._device_kinds_changed)
        return box

    def _sync_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Central server"))
        form = QFormLayout(box)
        self._add(form, "server_url", self.tr("Server URL"), _line("https://ocop.example.vn"))
        self.einvoice_label = QLabel()  # set up at the office, shown here (docs/einvoice.md)
        self.einvoice_label.setWordWrap(True)
        form.addRow(self.tr("E-invoices"), self.einvoice_label)
        # a fair without internet: the centre's files and this kiosk's sales on a USB stick
        self.fair_btn = BigButton(self.tr("Fair without internet: USB stick"), "F6")
        self.fair_btn.clicked.connect(self.open_fair)
        form.addRow(self.fair_btn)
        return box

    def open_fair(self) -> None:
        from .fair import FairDialog

        self.fair_dialog = FairDialog(self.ctx, self)
        self.fair_dialog.open()

    def _show_einvoice(self, status: dict) -> None:
        state, n = status.get("state"), len(status.get("sellers") or [])
        text = {
            "on": self.tr("Issued with every sale at this kiosk (%1 sellers)").replace("%1", str(n)),
            "off": self.tr("Not issued: switched off at the office"),
            "no_operator": self.tr("Not issued: the office has not set up the booth operator"),
        }.get(state, self.tr("Not issued: no setup received from the office yet"))
        self.einvoice_label.setText(text)

    def _show_row(self, form: QFormLayout, key: str, visible: bool) -> None:
        form.setRowVisible(self.fields[key].parentWidget(), visible)

    def _printer_kind_changed(self, *_):
        kind = self.fields["printer.kind"].currentData()
        f = self._printer_form
        self._show_row(f, "printer.host", kind == "network")
        self._show_row(f, "printer.port", kind == "serial")
        self._show_row(f, "printer.baudrate", kind == "serial")
        self._show_row(f, "printer.usb", kind == "usb")
        self._show_row(f, "printer.path", kind == "file")
        self._show_row(f, "printer_width_px", kind != "none")

    def _device_kinds_changed(self, *_):
        f = self._devices_form
        serial_scanner = self.fields["scanner.kind"].currentData() == "serial"
        serial_display = self.fields["customer_display.kind"].currentData() == "serial"
        self._show_row(f, "scanner.port", serial_scanner)
        self._show_row(f, "scanner.baudrate", serial_scanner)
        for key in ("scanner.prefix", "scanner.suffix", "scanner.max_gap_ms"):
            self._show_row(f, key, not serial_scanner)
        self._show_row(f, "customer_display.port", serial_display)
        self._show_row(f, "customer_display.baudrate", serial_display)

    # -- loading ------------------------------------------------------------------------
    def load(self, *_):
        self.ctx.worker.submit(settings_ops.load, on_done=self.show_settings,
                               on_error=lambda e: self.notice.error(error_text(e)))
        self.ctx.worker.submit(settings_ops.einvoice_status, on_done=self._show_einvoice,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def show_settings(self, s: dict) -> None:
        self._loaded_once = True
        self.loaded = dict(s)
        for key in ("device_code", "store_name", "location_name", "receipt_header", "receipt_footer",
                    "tax_code", "address", "phone", "bank_account", "bank_account_name", "server_url"):
            self.fields[key].setText(str(s.get(key) or ""))
            self.fields[key].setCursorPosition(0)  # a long address reads from its start, not its end
        _select(self.fields["location_kind"], s.get("location_kind"))
        self.bank_search.clear()  # the whole list again, so the saved bank can be shown
        _select(self.fields["bank_bin"], s.get("bank_bin") or "")
        printer = s.get("printer") or {"kind": "none"}
        _select(self.fields["printer.kind"], printer.get("kind", "none"))
        host = printer.get("host", "")
        self.fields["printer.host"].setText(f"{host}:{printer.get('port', 9100)}" if host else "")
        self.fields["printer.port"].setText(str(printer.get("port", "")) if printer.get("kind") == "serial" else "")
        _select(self.fields["printer.baudrate"], printer.get("baudrate", 19200))
        vid, pid = printer.get("vendor_id"), printer.get("product_id")
        self.fields["printer.usb"].setText(f"{vid:04x}:{pid:04x}" if isinstance(vid, int) and isinstance(pid, int)
                                           else "")
        self.fields["printer.path"].setText(str(printer.get("path", "")))
        _select(self.fields["printer_width_px"], s.get("printer_width_px", 576))
        for dev in ("scanner", "customer_display"):
            conf = s.get(dev) or {}
            _select(self.fields[f"{dev}.kind"], conf.get("kind"))
            self.fields[f"{dev}.port"].setText(str(conf.get("port", "")))
            _select(self.fields[f"{dev}.baudrate"], conf.get("baudrate", 9600))
        self._fill_screens(str(s.get("customer_screen") or ""))
        scanner = s.get("scanner") or {}
        for key in ("prefix", "suffix", "max_gap_ms"):
            self.fields[f"scanner.{key}"].setText(str(scanner.get(key) or ""))
        self._printer_kind_changed()
        self._device_kinds_changed()
        self.clear_errors()

    def _fill_screens(self, chosen: str) -> None:
        """The monitors connected now (by ui.customer_screen.screen_keys), the kiosk's own marked;
        a chosen one not plugged in stays in the list, said to be missing."""
        combo = self.fields["customer_screen"]
        combo.clear()
        combo.addItem(self.tr("None (the pole display, if any)"), "")
        screens = QGuiApplication.screens()
        own = key_of(self.window().screen())
        for screen, key in zip(screens, screen_keys(screens)):
            label = screen_label(screen, key)
            combo.addItem(self.tr("%1 — the kiosk's own screen").replace("%1", label) if key == own else label, key)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(self.tr("%1 (not connected)").replace("%1", chosen), chosen)
        _select(combo, chosen)

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.clear_error()

    # -- collecting and checking ----------------------------------------------------------
    def collect(self) -> tuple[dict, dict[str, str]]:
        """The values to save and the problems found, keyed by field."""
        f = self.fields
        text = lambda k: f[k].text().strip()  # noqa: E731
        problems: dict[str, str] = {}
        values: dict[str, object] = {}

        code = text("device_code").upper()
        if not DEVICE_CODE.match(code):
            problems["device_code"] = self.tr("2 to 12 capital letters or digits, e.g. HN01.")
        values["device_code"] = code
        for key in ("store_name", "location_name"):
            if not text(key):
                problems[key] = self.tr("Required.")
            values[key] = text(key)
        values["location_kind"] = f["location_kind"].currentData()
        for key in ("receipt_header", "receipt_footer", "tax_code", "address", "phone"):
            values[key] = text(key)
        if values["tax_code"] and not re.fullmatch(r"[0-9]{10}(-[0-9]{3})?", values["tax_code"]):
            problems["tax_code"] = self.tr("A tax code has 10 digits (or 10-3 for a branch).")

        self._collect_bank(values, problems)

        values["printer"] = self._collect_printer(problems)
        values["printer_width_px"] = f["printer_width_px"].currentData()

        self._collect_devices(values, problems)
        values["customer_screen"] = f["customer_screen"].currentData() or ""
        if values["customer_screen"] and values["customer_screen"] == key_of(self.window().screen()):
            problems["customer_screen"] = self.tr("This is the kiosk's own screen: the customer window would cover "
                                                  "the sell screen. Choose the customer's monitor, or None.")

        url = text("server_url")
        if url:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                problems["server_url"] = self.tr("A web address starting with http:// or https://.")
        values["server_url"] = url
        return values, problems

    def _text(self, key: str) -> str:
        return self.fields[key].text().strip()

    def _collect_bank(self, values: dict, problems: dict[str, str]) -> None:
        """The VietQR account: a bank and an account number go together."""
        bank = self.fields["bank_bin"].currentData()
        account = self._text("bank_account").replace(" ", "")
        name = self._text("bank_account_name")
        values.update(bank_bin=bank, bank_account=account, bank_account_name=name)
        if bank:
            if not account:
                problems["bank_account"] = self.tr("Required for VietQR.")
            elif not (account.isascii() and account.isalnum()) or len(account) > 19:
                problems["bank_account"] = self.tr("Letters and digits only, at most 19.")
        elif account:
            problems["bank_bin"] = self.tr("Choose the bank of this account.")

    def _collect_printer(self, problems: dict[str, str]) -> dict:
        """The receipt printer's connection, checked for its kind."""
        printer_kind = self.fields["printer.kind"].currentData()
        printer: dict[str, object] = {"kind": printer_kind}
        if printer_kind == "network":
            host, sep, port = self._text("printer.host").rpartition(":")
            if not sep:
                host, port = self._text("printer.host"), "9100"
            port_ok = port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535
            if not host or not _HOST.match(host) or not port_ok:
                problems["printer.host"] = self.tr("Write the printer's address as host:port, e.g. 192.168.1.50:9100.")
            else:
                printer.update(host=host, port=int(port))
        elif printer_kind == "serial":
            port = self._text("printer.port")
            if not _serial_port_ok(port):
                problems["printer.port"] = self.tr("A serial port such as /dev/ttyUSB0 or COM3.")
            printer.update(port=port, baudrate=self.fields["printer.baudrate"].currentData())
        elif printer_kind == "usb":
            vid, sep, pid = self._text("printer.usb").partition(":")
            if not (sep and _HEX_ID.match(vid) and _HEX_ID.match(pid)):
                problems["printer.usb"] = self.tr("Vendor and product id in hex, e.g. 0416:5011.")
            else:
                printer.update(vendor_id=int(vid, 16), product_id=int(pid, 16))
        elif printer_kind == "file":
            path = self._text("printer.path")
            if not path:
                problems["printer.path"] = self.tr("Required.")
            printer.update(path=path)
        return printer

    def _collect_devices(self, values: dict, problems: dict[str, str]) -> None:
        """The scanner's and the customer display's connections; two devices cannot share one serial port."""
        for dev in ("scanner", "customer_display"):
            kind = self.fields[f"{dev}.kind"].currentData()
            conf: dict[str, object] = {"kind": kind}
            if kind == "serial":
                port = self._text(f"{dev}.port")
                if not _serial_port_ok(port):
                    problems[f"{dev}.port"] = self.tr("A serial port such as /dev/ttyUSB0 or COM3.")
                conf.update(port=port, baudrate=self.fields[f"{dev}.baudrate"].currentData())
            values[dev] = conf
        self._collect_wedge(values["scanner"], problems)
        if (values["scanner"].get("kind") == "serial" and values["customer_display"].get("kind") == "serial"
                and values["scanner"].get("port") == values["customer_display"].get("port")):
            problems["customer_display.port"] = self.tr("The scanner already uses this port.")

    def _collect_wedge(self, conf: dict, problems: dict[str, str]) -> None:
        """A keyboard scanner's prefix, suffix and pace (kept when the scanner is serial)."""
        low, high = SCANNER_GAP_MS
        for key in ("prefix", "suffix"):
            text = self.fields[f"scanner.{key}"].text().strip()
            if len(text) > SCANNER_AFFIX_MAX or not text.isprintable() or any(ch.isspace() for ch in text):
                problems[f"scanner.{key}"] = self.tr("At most %1 signs, no spaces.").replace("%1", str(SCANNER_AFFIX_MAX))
            if text:
                conf[key] = text
        prefix = conf.get("prefix", "")
        if prefix and (prefix[0].isalnum() or prefix[0] == "-"):
            problems["scanner.prefix"] = self.tr("Start with a sign that is in no barcode, e.g. § or ~.")
        gap = self.fields["scanner.max_gap_ms"].text().strip()
        if gap:
            if not (gap.isascii() and gap.isdigit() and low <= int(gap) <= high):
                problems["scanner.max_gap_ms"] = self.tr("A whole number from %1 to %2.").replace(
                    "%1", str(low)).replace("%2", str(high))
            else:
                conf["max_gap_ms"] = int(gap)

    def save(self):
        self.clear_errors()
        values, problems = self.collect()
        if problems:
            for key, text in problems.items():
                self.errors[key].show_error(text)
            self.notice.error(self.tr("Nothing was saved: correct the fields marked in red."))
            first = next(iter(problems))
            self.fields[first].setFocus()
            return
        self.ctx.worker.submit(settings_ops.save, values, on_done=self._saved, on_error=self._refused)

    def _saved(self, settings: dict):
        self.show_settings(settings)
        self.notice.ok(self.tr("Settings saved."))
        self.ctx.set_settings(settings)

    def _refused(self, exc: Exception):
        field = (getattr(exc, "details", None) or {}).get("field")
        target = {"printer": "printer.kind", "scanner": "scanner.kind",
                  "customer_display": "customer_display.kind"}.get(field, field)
        if target in self.errors:
            self.errors[target].show_error(error_text(exc))
        self.notice.error(self.tr("Nothing was saved: %1").replace("%1", error_text(exc)))


def _serial_port_ok(port: str) -> bool:
    return bool(re.fullmatch(r"(/dev/[A-Za-z0-9_./-]+|COM[0-9]{1,3}|\\\\\.\\COM[0-9]{1,3})", port))
