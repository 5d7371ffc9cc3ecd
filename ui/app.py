"""Start the kiosk: the Qt application, the DB worker, translations, the main window."""
from __future__ import annotations

import functools
import logging
import signal
import socket
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("ocop-pos", "OCOP")) / "kiosk.db"


def _open_seeded(path, clock):
    """The Store, seeded when new: part of opening, so Try again on the problem screen (a folder
    made, space freed) seeds too, and a seed that fails shows there like any opening problem."""
    from pos import demo
    from pos.store import Store

    store = Store(path, clock=clock)
    try:
        demo.seed_if_new(store)
    except BaseException:
        store.close()
        raise
    return store


def open_devices(ctx):
    """The printer / pole display / serial scanner hub (printers.hub), started on its threads."""
    try:
        from printers.hub import DeviceHub
    except ImportError:
        return None
    try:
        hub = DeviceHub(ctx.worker.db_path, ctx.settings, on_state=ctx.device_state_from_thread,
                        on_scan=ctx.scan_from_device)
        return hub.start()
    except Exception:  # a device problem is a state to show, never a reason not to start
        log.exception("device hub failed to start")
        return None


def start_sync(ctx):
    """The background sync thread (sync.client.SyncWorker) when a server URL is configured."""
    if ctx.sync is not None or not ctx.settings.get("server_url"):
        return ctx.sync
    try:
        from sync.client import SyncWorker
    except ImportError:
        return None
    worker = SyncWorker(ctx.worker.db_path, on_status=ctx.sync_status_from_thread, clock=ctx.clock)
    if ctx.pictures is not None:  # pictures come on their own thread, told to fetch after each pull
        from sync.pictures import PictureFetcher

        fetcher = PictureFetcher(ctx.worker.db_path, ctx.pictures.cache, on_fetched=ctx.pictures.fetched_from_thread)
        fetcher.start()
        ctx.pictures.fetcher = worker.pictures = fetcher
    worker.start()
    ctx.sync = worker
    return worker


def make_pictures(db_path):
    """The picture loader over the cache beside the database (the folder is read on first use, off
    this thread; its bound is set from the setting picture_cache_mb by the fetcher)."""
    from pos.picture_cache import PictureCache, cache_dir_for

    from .pictures import PictureLoader

    return PictureLoader(PictureCache(cache_dir_for(db_path)))


def create_kiosk(db_path, lang: str = "vi", seed: bool = False, app: QApplication | None = None, clock=None):
    """Build the context and main window on `db_path` (tests and the bench use this too).

    `clock` (default: the wall clock, pos.clock.utc_now) is the kiosk's one clock: the Store on the
    DB thread, the screens (ctx.clock) and the sync thread all read it. Tests pass one they move."""
    from . import i18n, theme
    from .context import AppContext
    from .customer_screen import CustomerScreen
    from .main_window import MainWindow
    from .manager import cert_notice, price_notice, vat_notice
    from .scanner import WedgeScanner
    from .worker import DbWorker

    app = app or QApplication.instance()
    theme.apply(app)
    i18n.install(app, lang)
    from pos.clock import utc_now

    clock = clock or utc_now
    worker = DbWorker(db_path, store_factory=functools.partial(_open_seeded, clock=clock) if seed else None,
                      clock=clock)
    ctx = AppContext(worker, lang=lang, clock=clock)
    ctx.pictures = make_pictures(db_path)
    worker.opened.connect(lambda s: ctx.set_settings(s) if isinstance(s, dict) else None)
    ctx.customer = CustomerScreen(ctx)  # before the window: its sell screen is followed from the start
    ctx.refresh_settings()
    scanner = WedgeScanner()
    window = MainWindow(ctx, scanner)
    cert_notice.watch(ctx)
    vat_notice.watch(ctx)
    price_notice.watch(ctx)
    scanner.setParent(window)
    scanner.install(app)
    return ctx, window


def main(args) -> int:
    """`python main.py [--db PATH] [--lang vi|en] [--fullscreen]`: run the kiosk until closed."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("OCOP POS")
    ctx, window = start(args, app)

    def stop_keeping_sale() -> None:  # SIGTERM (systemd, shutdown) / SIGINT (Ctrl+C): no question
        log.info("stop signal: closing with the open sale saved")
        window.close_keeping_sale()
        app.exit(0)  # not quit(): that asks every window again, and an open dialog could refuse

    watcher = install_stop_signals(app, stop_keeping_sale)
    code = app.exec()
    shutdown(ctx, window)
    watcher.uninstall()
    return code


class StopSignals(QObject):
    """SIGTERM and SIGINT handled inside the Qt event loop.

    Python runs a signal handler only when the interpreter gets control, and app.exec() keeps it in
    C++: the handler would wait for the next Python slot (forever on an idle kiosk). The C-level
    handler writes the signal number to a socket (signal.set_wakeup_fd); a QSocketNotifier on the
    other end wakes the loop, Python runs the handler, which schedules `on_stop` on the loop."""

    def __init__(self, app: QApplication, on_stop) -> None:
        super().__init__(app)
        self._on_stop = on_stop
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._old = {sig: signal.signal(sig, self._handler) for sig in (signal.SIGTERM, signal.SIGINT)}

    def _handler(self, signum, _frame) -> None:
        QTimer.singleShot(0, self._on_stop)

    def _drain(self, *_args) -> None:
        try:
            self._read.recv(64)
        except (BlockingIOError, InterruptedError):
            pass

    def uninstall(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()


def install_stop_signals(app: QApplication, on_stop) -> StopSignals:
    return StopSignals(app, on_stop)


def start(args, app: QApplication):
    """Open the database (seeding the demo on a new one), devices, sync and the window."""
    if getattr(args, "db", None):
        db = Path(args.db)  # a missing folder is the clerk's problem screen, not made on a typo
    else:
        db = default_db_path()
        db.parent.mkdir(parents=True, exist_ok=True)
    explicit_lang = getattr(args, "lang", None)
    ctx, window = create_kiosk(db, lang=explicit_lang or "vi", seed=True, app=app)

    device_keys = ("printer", "printer_width_px", "scanner", "customer_display", "lang")
    seen: dict = {}

    def settings_arrived(settings: dict) -> None:
        start_sync(ctx)
        wanted = {k: settings.get(k) for k in device_keys}
        if not seen:
            if explicit_lang is None and settings.get("lang") in ("vi", "en") and settings["lang"] != ctx.lang:
                window.set_language(settings["lang"], save=False)  # the language chosen last time
        elif wanted == seen:
            return
        seen.clear()
        seen.update(wanted)
        old, ctx.devices = ctx.devices, None
        if old is not None:  # stopping joins device threads: never on the UI thread
            threading.Thread(target=old.stop, name="devices-stop", daemon=True).start()
        ctx.devices = open_devices(ctx)

    ctx.settings_changed.connect(settings_arrived)
    if getattr(args, "fullscreen", False):
        window.showFullScreen()
    else:
        window.show()
    window.login.activated()
    return ctx, window


def shutdown(ctx, window) -> None:
    """Stop devices, sync and the DB worker; the open sale's last save is written first."""
    keeper = getattr(window, "cart_keeper", None)
    if keeper is not None:
        keeper.flush()
    window.scanner.uninstall()
    window.status.timer.stop()
    if ctx.customer is not None:
        ctx.customer.close()
    devices = ctx.devices
    if devices is not None and hasattr(devices, "stop"):
        devices.stop()
    if ctx.sync is not None:
        ctx.sync.stop(timeout=5)
    if ctx.pictures is not None:
        if ctx.pictures.fetcher is not None:
            ctx.pictures.fetcher.stop(timeout=5)
        ctx.pictures.pool.waitForDone(5000)
    ctx.worker.stop()
