"""What every screen shares: the DB worker, who is logged in, the open shift, settings, devices.

Screens talk to each other only through these signals, so a screen that changes stock or the
catalog does not need to know which other screens show it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Signal

from pos import clock as clocks
from pos import promotions
from pos.store import OpChanges

from .ops import promotions as promotion_ops, settings as settings_ops, shifts as shift_ops
from .worker import DbWorker


class AppContext(QObject):
    staff_changed = Signal(object)  # staff dict or None (locked / logged out)
    shift_changed = Signal(object)  # shift dict or None
    settings_changed = Signal(dict)
    stock_changed = Signal(set)  # product ids whose on-hand changed
    catalog_changed = Signal()
    promotions_changed = Signal()  # ctx.pricing has a new book: re-evaluate the cart
    sales_changed = Signal()  # a sale / refund / void was recorded
    lang_changed = Signal(str)
    scanned = Signal(str)  # every barcode scan (keyboard wedge or serial), after routing
    device_scan = Signal(str)  # thread-safe entry for serial scanners (see scan_from_device)
    device_state = Signal(dict)  # printers.hub.DeviceHub state snapshots (thread-safe entry below)
    sync_status = Signal(dict)  # sync.client.SyncWorker status (thread-safe entry below)
    message = Signal(str, str)  # (level: info|warn|error, text) for the status line

    def __init__(self, worker: DbWorker, settings: dict | None = None, lang: str = "vi",
                 devices: Any = None, parent=None, clock: clocks.Clock | None = None):
        super().__init__(parent)
        self.worker = worker
        # The kiosk's one clock, the same callable the DB worker's Store runs on: a screen never
        # asks the operating system for the date (its zone may be UTC; the business day is Vietnam's).
        self.clock: clocks.Clock = clock or clocks.utc_now
        self.staff: dict | None = None
        self.shift: dict | None = None
        self.settings: dict = dict(settings or {})
        self.lang = lang
        self.devices = devices
        self.sync = None  # sync.client.SyncWorker when a server is configured
        self.pictures = None  # ui.pictures.PictureLoader: product pictures from the on-disk cache
        self.db_problem: BaseException | None = None  # why the database did not open (ui.problem)
        self.cart_keeper = None  # ui.open_cart.CartKeeper, set by the main window
        self.customer = None  # ui.customer_screen.CustomerScreen (the customer's monitor), set by create_kiosk
        # what every cart re-evaluates its promotions with (pos/promotions.py), on this clock
        self.pricing = promotions.Pricing(promotions.EMPTY, self.clock)
        self.sync_status.connect(self._after_sync)
        worker.changed.connect(self.apply_changes)

    # -- state setters: one place that emits ------------------------------------------------
    def set_staff(self, staff: dict | None) -> None:
        self.staff = staff
        self.staff_changed.emit(staff)

    def set_shift(self, shift: dict | None) -> None:
        self.shift = shift
        self.shift_changed.emit(shift)

    def set_settings(self, settings: dict) -> None:
        self.settings = dict(settings)
        self.settings_changed.emit(self.settings)

    # -- time: the store's clock ----------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.clock()

    def business_date(self) -> dt.date:
        """Today as the shop counts it: the Vietnam date of the store's clock."""
        return clocks.business_date(self.clock())

    @property
    def is_manager(self) -> bool:
        return bool(self.staff) and self.staff.get("role") in ("manager", "admin")

    def apply_changes(self, changes: OpChanges) -> None:
        """Emit the signals an OpChanges calls for. Connected once to the DB worker's `changed`:
        every op's changes reach every screen that listens, and no screen calls this itself."""
        if changes.stock:
            self.stock_changed.emit(set(changes.stock))
        if changes.catalog:
            self.catalog_changed.emit()
        if changes.sales:
            self.sales_changed.emit()
        if changes.shift:
            self.refresh_shift()
        if changes.settings:
            self.refresh_settings()
        if changes.print_jobs:
            self.devices_call("job_queued")
        if changes.outbox and self.sync is not None:
            self.sync.trigger()  # push the sale now rather than at the next interval

    def refresh_shift(self) -> None:
        self.worker.submit(shift_ops.current_shift, on_done=self.set_shift)

    def refresh_settings(self) -> None:
        self.worker.submit(settings_ops.load, on_done=self.set_settings)

    def _after_sync(self, state: dict) -> None:
        """Settings the sync thread pulled from the centre (receipt header, bank, thresholds...)
        apply in the running kiosk, not only after a restart."""
        if state.get("online") and not state.get("syncing"):
            self.worker.submit(settings_ops.load, on_done=self._settings_pulled)
            self.load_promotions()

    def load_promotions(self) -> None:
        """Read the promotions held (on the DB thread); a new book wakes the sell screen."""
        self.worker.submit(promotion_ops.book, on_done=self._promotions_loaded)

    def _promotions_loaded(self, book) -> None:
        if book is not self.pricing.book:
            self.pricing.book = book
            self.promotions_changed.emit()

    def _settings_pulled(self, settings: dict) -> None:
        own = lambda d: {k: v for k, v in d.items() if not k.startswith("sync_")}  # noqa: E731 - bookkeeping
        if own(settings) != own(self.settings):
            self.set_settings(settings)

    def device_state_from_thread(self, state: dict) -> None:
        """DeviceHub on_state callback: safe from any thread (queued signal)."""
        self.device_state.emit(dict(state))

    def sync_status_from_thread(self, status) -> None:
        """SyncWorker on_status callback: safe from any thread (queued signal)."""
        self.sync_status.emit(status.as_dict() if hasattr(status, "as_dict") else dict(status))

    def devices_call(self, name: str, *args) -> None:
        """Call a DeviceHub method when there is a hub (they never block: devices have threads)."""
        fn = getattr(self.devices, name, None) if self.devices is not None else None
        if fn is not None:
            try:
                fn(*args)
            except Exception:  # a device is a state to show, never a reason to stop selling
                pass

    def scan_from_device(self, code: str) -> None:
        """Callback for serial scanners: safe to call from any thread (queued signal)."""
        self.device_scan.emit(code)

    # -- manager approval ----------------------------------------------------------------------
    def approve(self, parent, action: str, detail: str = "", audit: dict | None = None) -> dict | None:
        """Ask for a manager PIN (modal; the event loop keeps running) -> manager dict or None.

        The PIN is checked on the DB worker by pos.staff.approve; a logged-in manager still
        types the PIN, so every approval is a fresh, deliberate act recorded with its action.
        `detail` (translated text) tells the manager what exactly they approve; `audit` (ref_type,
        ref_id and plain values) goes into the approval's audit row, with the staff asking."""
        from .approval import ApprovalDialog

        if audit is not None and self.staff:
            audit = {"staff_id": self.staff.get("id"), **audit}
        dlg = ApprovalDialog(self, action, parent, detail=detail, audit=audit)
        dlg.exec()
        return dlg.manager
