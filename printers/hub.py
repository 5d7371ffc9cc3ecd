"""DeviceHub: the one object the UI holds for all devices (printer queue, pole display, serial
scanner), built from the kiosk settings. Every device is optional; with none configured the hub
still works and its methods do nothing, so a kiosk without hardware sells normally.

Callbacks (on_state, on_scan) run on device threads: the UI wraps them in Qt signals."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .drawer import DrawerKicker
from .pole_display import PoleDisplay
from .queue import PrintQueueWorker
from .serial_scanner import SerialScanner


class DeviceHub:
    """on_state receives {"printer": {...}, "drawer": {...}, "display": {...}, "scanner": {...}}:
    printer: {"printer": ok/offline/paper_out/cover_open/error/unknown/none, "detail", "last_error",
              "pending" (jobs still to print), "attention" (unconfirmed or failed jobs waiting for the
              clerk), "job_id", "paper_near_end", "printed", "last_unconfirmed", "held" (jobs wait
              for the printer to answer again)};
    drawer: {"drawer": ok/uncertain/failed/none, "detail", "kicks", "failures"} (printers/drawer.py);
    display: {"display": ok/offline/none, "detail"}; scanner: {"scanner": ok/disconnected/none, ...}.

    drawer_options go to DrawerKicker, the rest of the keyword options to PrintQueueWorker."""

    def __init__(self, db_path: str | Path, settings: dict, on_state: Callable[[dict], None] | None = None,
                 on_scan: Callable[[str], None] | None = None, drawer_options: dict | None = None,
                 **queue_options):
        self.db_path = Path(db_path)
        self.settings = dict(settings)
        self.on_state = on_state
        self.on_scan = on_scan
        self._lock = threading.Lock()
        self._state: dict[str, dict] = {"printer": {"printer": "none"}, "drawer": {"drawer": "none"},
                                        "display": {"display": "none"}, "scanner": {"scanner": "none"}}
        printer = self.settings.get("printer") or {"kind": "none"}
        self.queue: PrintQueueWorker | None = None
        if printer.get("kind", "none") != "none":
            self.queue = PrintQueueWorker(
                self.db_path, printer, width=int(printer.get("width_px") or self.settings.get("printer_width_px", 576)),
                on_state=lambda s: self._update("printer", s), **queue_options)
        self.drawer: DrawerKicker | None = None
        if self.queue is not None:  # the drawer hangs off the receipt printer's kick connector
            self.drawer = DrawerKicker(printer, self.queue, on_state=lambda s: self._update("drawer", s),
                                       **(drawer_options or {}))
        disp = self.settings.get("customer_display") or {"kind": "none"}
        self.display: PoleDisplay | None = None
        if disp.get("kind") == "serial" and disp.get("port"):
            self.display = PoleDisplay(disp["port"], int(disp.get("baudrate", 9600)),
                                       lang=str(self.settings.get("lang", "vi")),
                                       codepage_slot=disp.get("codepage_slot"),
                                       on_state=lambda s: self._update("display", s))
        scan = self.settings.get("scanner") or {"kind": "keyboard"}
        self.scanner: SerialScanner | None = None
        if scan.get("kind") == "serial" and scan.get("port"):
            self.scanner = SerialScanner(scan["port"], self._scanned, int(scan.get("baudrate", 9600)),
                                         on_state=lambda s: self._update("scanner", s))

    def _scanned(self, code: str) -> None:
        if self.on_scan:
            self.on_scan(code)

    def _update(self, device: str, state: dict) -> None:
        with self._lock:
            self._state[device] = dict(state)
            snapshot = {k: dict(v) for k, v in self._state.items()}
        if self.on_state:
            try:
                self.on_state(snapshot)
            except Exception:
                pass

    @property
    def state(self) -> dict:
        with self._lock:
            return {k: dict(v) for k, v in self._state.items()}

    def start(self) -> "DeviceHub":
        if self.queue:
            self.queue.start()
        if self.drawer:
            self.drawer.start()
        if self.display:
            self.display.start()
        if self.scanner:
            self.scanner.start()
        return self

    def stop(self) -> None:
        for dev in (self.scanner, self.display, self.drawer, self.queue):
            if dev is not None:
                try:
                    dev.stop()
                except Exception:
                    pass

    # -- what the kiosk screen calls -----------------------------------------------------
    def job_queued(self) -> None:
        """Call after a sale/reprint wrote a print job: print it now rather than at the next poll."""
        if self.queue:
            self.queue.wake()

    def open_drawer(self) -> None:
        """Kick the cash drawer now (a cash sale, refund or void): tried at once, never later."""
        if self.drawer:
            self.drawer.kick()

    def show_item(self, name: str, price: int, qty_text: str = "", amount: int | None = None) -> None:
        if self.display:
            self.display.show_item(name, price, qty_text, amount)

    def show_total(self, total: int) -> None:
        if self.display:
            self.display.show_total(total)

    def show_change(self, paid: int, change: int) -> None:
        if self.display:
            self.display.show_change(paid, change)

    def show_welcome(self) -> None:
        if self.display:
            self.display.welcome()
