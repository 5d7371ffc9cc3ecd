"""The kiosk window: a nav bar of F-keys over a stack of screens, and the status bar.

Plugging screens in (for the shift and manager screens, built separately):
  - `ui.shift.ShiftScreen(ctx)` -> a QWidget, shown to everyone (F10).
  - `ui.manager.screen_factories()` -> list of (key, title, class) and `ui.manager.gated(ctx, w)`;
    shown to managers/admins only, on Alt+1 .. Alt+9 in list order.
Ctrl+P (or a click on the printer in the status bar) lists the receipts the printer did not
confirm (ui/print_problems.py).
The window is never larger than the screen it is on (1024×768 included): its size is the
screen's, not what its screens ask for, and the top bar puts the manager screens on a row of
their own. Kiosks often run without a window manager: nobody then gives the keys back to the
window when a dialog closes, so the window takes them back itself (`take_keys_back`).
A screen widget may define:
  - `activated()`            called each time it is shown;
  - `handle_scan(code) -> bool`  receives barcode scans while it is shown (return True when
    used); screens without it send scans to the sell screen, which comes to the front.
A modal dialog that defines `handle_scan` gets the scans while it is open.
Screens are rebuilt when the language changes (the open sale is carried over).
The open sale is also kept in the database after every change (ui.open_cart.CartKeeper): it comes
back after a restart, and closing the window with a sale open asks first.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QButtonGroup, QFrame, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from pos.money import fmt_vnd

from .context import AppContext
from .login import LoginScreen
from .open_cart import CartKeeper
from .ops import settings as settings_ops, shifts as shift_ops
from .problem import ProblemScreen
from .scanner import WedgeScanner
from .status import StatusBar
from .window_keys import KeysKeeper, WindowKeys

log = logging.getLogger(__name__)


def _optional(name: str):
    """Import a screen module that may not be part of this build; its own errors still raise."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


class MainWindow(WindowKeys, QMainWindow):
    def __init__(self, ctx: AppContext, scanner: WedgeScanner | None = None):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("OCOP POS"))
        self.fit_to()
        self.scanner = scanner or WedgeScanner(self)
        self.scanner.scanned.connect(self.route_scan)
        self.scanner.configure(ctx.settings)  # prefix / suffix / pace from the store's settings
        ctx.settings_changed.connect(self.scanner.configure)
        ctx.device_scan.connect(self.route_scan)
        self.nav_buttons: dict[str, QPushButton] = {}
        self.screens: dict[str, QWidget] = {}
        self._shortcuts: list[QShortcut] = []

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.scanner.on_activity = self._activity  # the scanner's app-wide filter sees all input

        self.status = StatusBar(ctx, self)
        self.setStatusBar(self.status)
        self.status.printer_label.clicked.connect(self.show_print_problems)
        self.print_problems = None
        self.cart_keeper = CartKeeper(ctx.worker, self)  # outlives the sell screens of language rebuilds
        ctx.cart_keeper = self.cart_keeper
        self.cart_keeper.failed.connect(lambda exc: self.sell.save_failed(exc))
        self.may_close = False  # set once the clerk answered the close question (or on SIGTERM)
        self.close_box: QMessageBox | None = None
        ctx.staff_changed.connect(self._staff_changed)
        ctx.settings_changed.connect(lambda s: self._arm_idle())
        ctx.lang_changed.connect(lambda lang: self.rebuild())
        self.db_problem: BaseException | None = None  # why the database did not open, if it did not
        self._retrying = False
        ctx.worker.opened.connect(self._db_opened)
        self._build()
        # The sell screen comes first; receipts, shift and manager screens are built when first
        # needed, when a manager logs in, or after the first login one screen at a time while
        # the clerk is idle (the UI thread spends ~1 s on them in all; a scan arriving during
        # that second would wait for it).
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(3000)
        self._rest_timer.timeout.connect(self._build_rest_step)
        self._last_input = time.monotonic()
        self._keys_keeper = KeysKeeper(self)
        QApplication.instance().installEventFilter(self._keys_keeper)
        screen = self.screen()
        if screen is not None:
            screen.availableGeometryChanged.connect(lambda _r: self.fit_to())

    # -- the screen and the keys: ui/window_keys.WindowKeys ---------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):  # the frame is known now; the keys are ours
            self._shown_once = True
            QTimer.singleShot(0, self._first_shown)

    def _activity(self) -> None:
        self._last_input = time.monotonic()
        if self.idle_timer.isActive():
            self.idle_timer.start()

    # -- building --------------------------------------------------------------------------
    def _build(self, carried_sale: dict | None = None) -> None:
        for sc in self._shortcuts:
            sc.setParent(None)
            sc.deleteLater()
        self._shortcuts = []
        old = self.centralWidget()
        root = QWidget()
        root.setObjectName("screen")
        outer = QVBoxLayout(root)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        bar, nav = self._build_navbar()
        self._build_first_screens(nav, carried_sale)
        self._build_bar_end(bar)

        outer.addWidget(self.navbar)
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        if old is not None:
            old.deleteLater()
        self._show_title()
        self.status.retranslate()
        self._staff_changed(self.ctx.staff)
        if self.db_problem is None and self.ctx.worker.open_failed:  # it failed before we listened
            self.db_problem = self.ctx.worker.open_result
        if self.db_problem is not None:
            self._show_problem()

    def _build_navbar(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The bar over every screen: (the bar, its row of screen buttons)."""
        self.navbar = QWidget()
        self.navbar.setObjectName("navbar")
        rows = QVBoxLayout(self.navbar)
        rows.setContentsMargins(8, 2, 8, 2)
        rows.setSpacing(0)
        bar = QHBoxLayout()
        rows.addLayout(bar)
        nav = self.nav_layout = QHBoxLayout()
        nav.setSpacing(0)
        bar.addLayout(nav)
        # the manager screens: a row of their own (shown to managers), so the bar fits 1024 px
        self.manager_row = QWidget()
        self.manager_nav = QHBoxLayout(self.manager_row)
        self.manager_nav.setContentsMargins(0, 0, 0, 0)
        self.manager_nav.setSpacing(0)
        self.manager_nav.addStretch(1)
        self.manager_row.hide()
        rows.addWidget(self.manager_row)
        return bar, nav

    def _build_first_screens(self, nav: QHBoxLayout, carried_sale: dict | None) -> None:
        """Login, the problem screen and the sell screen now; the others are built when the clerk
        is idle (_rest_screens), their keys answering already."""
        from .sell import SellScreen

        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons = {}
        self._early_keys: dict[str, str] = {}
        self.stack = QStackedWidget()
        self.screens = {}
        self.pages: dict[str, QWidget] = {}

        self.login = LoginScreen(self.ctx)
        self.login.logged_in.connect(self._logged_in)
        self.stack.addWidget(self.login)
        self.problem = ProblemScreen(self.ctx)
        self.problem.retry.connect(self.retry_open)
        self.problem.quit.connect(self.close)
        self.problem.switch_language.connect(self.toggle_language)
        self.stack.addWidget(self.problem)

        self.sell = SellScreen(self.ctx)
        if carried_sale:
            self.sell.restore_state(carried_sale)
        else:  # the first build: the sale left open when the kiosk last stopped comes back
            self.sell.restore_open_cart()
        self._add_screen("sell", self.tr("Sell"), self.sell, "F1", nav, scroll=False)
        self._early_keys = {"F9": "history", "F10": "shift"}  # work before those screens exist
        early_titles = {"history": self.tr("Receipts"), "shift": self.tr("Shift")}
        for seq, key in self._early_keys.items():
            self._shortcut(seq, lambda k=key: self.show_screen(k))
            if key != "shift" or importlib.util.find_spec("ui.shift") is not None:
                self._nav_button(key, early_titles[key], seq, nav)  # shown now; clicking builds the screen
        self.manager_keys: list[str] = []
        self._rest_built = False
        self._rest_steps = None
        self.history = None

    def _build_bar_end(self, bar: QHBoxLayout) -> None:
        """Who is logged in, the language switch and the lock, at the bar's right end."""
        bar.addStretch(1)
        self.staff_label = QLabel("")
        bar.addWidget(self.staff_label)
        self.lang_button = QPushButton("EN" if self.ctx.lang == "vi" else "VI")
        self.lang_button.setProperty("role", "nav")
        self.lang_button.setToolTip(self.tr("Switch language"))
        self.lang_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lang_button.clicked.connect(self.toggle_language)
        bar.addWidget(self.lang_button)
        self.lock_button = QPushButton(self.tr("Lock / switch staff") + "  F11")
        self.lock_button.setProperty("role", "nav")
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(self.lock)
        bar.addWidget(self.lock_button)
        self._shortcut("F11", self.lock)
        self._shortcut("Ctrl+P", self.show_print_problems)  # receipts the printer did not confirm

    IDLE_BEFORE_BUILD_S = 1.5  # no key, scan or click for this long: the clerk is not selling

    def _build_rest(self) -> None:
        """Every screen not built yet, now (someone needs one of them)."""
        self._rest_timer.stop()
        while self._build_one():
            pass

    def _build_rest_step(self) -> None:
        """One deferred screen, if the clerk is idle; then the next one a moment later."""
        if self._rest_built:
            return
        quiet = time.monotonic() - self._last_input
        busy = getattr(self.sell, "pending_scans", 0) or QApplication.activeModalWidget() is not None
        if busy or quiet < self.IDLE_BEFORE_BUILD_S:
            self._rest_timer.start(max(200, int((self.IDLE_BEFORE_BUILD_S - quiet) * 1000)))
            return
        if self._build_one():
            self._rest_timer.start(50)  # let queued scans and paints through between screens

    def _build_one(self) -> bool:
        """Build the next deferred screen; False when there is none left."""
        if self._rest_steps is None:
            self._rest_steps = self._rest_screens()
        with self.scanner.suspended():  # building sends thousands of events: skip the filter
            more = next(self._rest_steps, None) is not None
        if not more:
            self._rest_built = True
        self._update_nav()
        return more

    def _rest_screens(self):
        """The screens a clerk does not need for the first scan: receipts, shift, manager."""
        from .history import HistoryScreen

        nav = self.nav_layout
        self.history = HistoryScreen(self.ctx)
        self._add_screen("history", self.tr("Receipts"), self.history, "F9", nav, scroll=False)
        yield "history"
        shift_mod = _optional("ui.shift")
        if shift_mod is not None:
            self._add_screen("shift", self.tr("Shift"), shift_mod.ShiftScreen(self.ctx), "F10", nav)
            yield "shift"
        manager_mod = _optional("ui.manager")
        if manager_mod is not None:
            for i, (key, title, make) in enumerate(manager_mod.screen_factories()[:9]):
                self._add_screen(key, title, manager_mod.gated(self.ctx, make(self.ctx)), f"Alt+{i + 1}",
                                 self.manager_nav)
                self.manager_keys.append(key)
                yield key

    def _add_screen(self, key: str, title: str, widget: QWidget, shortcut: str, nav: QHBoxLayout,
                    scroll: bool = True) -> None:
        widget.setObjectName(widget.objectName() or f"screen_{key}")
        page = widget
        if scroll:  # a tall screen scrolls instead of making the window taller than the display
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(widget)
        self.stack.addWidget(page)
        self.screens[key] = widget
        self.pages[key] = page
        self._nav_button(key, title, shortcut, nav)
        if self._early_keys.get(shortcut) != key:
            self._shortcut(shortcut, lambda k=key: self.show_screen(k))

    def _nav_button(self, key: str, title: str, shortcut: str, nav: QHBoxLayout) -> QPushButton:
        """The screen's button in the top bar (made once: the early keys have theirs from the start)."""
        btn = self.nav_buttons.get(key)
        if btn is not None:
            return btn
        label = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        if nav is self.manager_nav:  # the manager row: the key under the title, narrower
            btn = QPushButton(f"{title}\n{label}".replace("&", "&&"))
            btn.setObjectName("manager_nav")
        else:
            btn = QPushButton(f"{title}  {label}".replace("&", "&&"))
        btn.setProperty("role", "nav")
        btn.setCheckable(True)
        btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        btn.clicked.connect(lambda _=False, k=key: self.show_screen(k))
        self.nav_group.addButton(btn)
        if nav is self.manager_nav:
            nav.insertWidget(nav.count() - 1, btn)  # before the stretch
        else:
            nav.addWidget(btn)
        self.nav_buttons[key] = btn
        return btn

    def _shortcut(self, seq: str, fn) -> None:
        sc = QShortcut(QKeySequence(seq), self)
        sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
        sc.activated.connect(fn)
        self._shortcuts.append(sc)

    # -- navigation ------------------------------------------------------------------------
    def current_key(self) -> str:
        w = self.stack.currentWidget()
        if w is self.login:
            return "login"
        if w is self.problem:
            return "problem"
        return next((k for k, v in self.pages.items() if v is w), "")

    def current_screen(self) -> QWidget | None:
        """The screen shown (the widget itself, not the scroll area around it)."""
        return self.screens.get(self.current_key())

    def show_screen(self, key: str) -> None:
        if self.ctx.staff is None or QApplication.activeModalWidget() is not None:
            return
        if key in self.manager_keys and not self.ctx.is_manager:
            self.ctx.message.emit("warn", self.tr("Only a manager can open this screen"))
            return
        if key not in self.screens:
            self._build_rest()
        widget = self.screens.get(key)
        if widget is None:
            return
        self.stack.setCurrentWidget(self.pages[key])
        self.nav_buttons[key].setChecked(True)
        if hasattr(widget, "activated"):
            widget.activated()

    def route_scan(self, code: str) -> None:
        """Every scan comes here: the open dialog, the current screen, or the sell screen."""
        self.ctx.scanned.emit(code)
        if self.db_problem is not None:  # nothing to look a code up in: the screen says why
            return
        modal = QApplication.activeModalWidget()
        if modal is not None:
            if hasattr(modal, "handle_scan"):
                modal.handle_scan(code)
            else:  # swallowed, never typed into the dialog: say so
                self.ctx.message.emit("warn", self.tr("Close the open window first, then scan again"))
            return
        if self.ctx.staff is None:
            self.login.handle_scan(code)  # a staff badge logs in; a product is refused there
            return
        w = self.current_screen()
        if w is not self.sell and hasattr(w, "handle_scan") and w.handle_scan(code):
            return
        if w is not self.sell:
            self.show_screen("sell")
        self.sell.handle_scan(code)

    def show_print_problems(self) -> None:
        """The receipts the printer did not confirm: Enter prints one again, Del dismisses it."""
        if self.ctx.staff is None or QApplication.activeModalWidget() is not None:
            return
        from .print_problems import PrintProblemsDialog

        dlg = PrintProblemsDialog(self.ctx, self)
        dlg.changed.connect(self.status.refresh)
        dlg.finished.connect(lambda _r: setattr(self, "print_problems", None))
        self.print_problems = dlg
        dlg.open()

    # -- the database did not open ------------------------------------------------------------
    def _db_opened(self, result) -> None:
        """The DB worker's answer to opening (at start or after Try again)."""
        self._retrying = False
        if isinstance(result, Exception):
            self.db_problem = result
            self.ctx.db_problem = result
            self._show_problem()
            return
        had_problem, self.db_problem = self.db_problem is not None, None
        self.ctx.db_problem = None
        if had_problem:  # fixed: the kiosk starts as it would have
            self.navbar.setEnabled(False)
            self.navbar.show()
            self.status.show()
            self.status.refresh()
            self.stack.setCurrentWidget(self.login)
            self.login.activated()
            self.ctx.refresh_shift()
            self.sell.restore_open_cart()  # the sale left open before the problem comes back too

    def _show_problem(self) -> None:
        if self.ctx.staff is not None:
            self.ctx.set_staff(None)
        self.navbar.setEnabled(False)
        self.navbar.hide()  # no keys to screens, no "0 unsynced" that could reassure: only the problem
        self.status.hide()
        self.problem.show_problem(self.db_problem, self.ctx.worker.db_path)
        self.stack.setCurrentWidget(self.problem)
        self.problem.retry_button.setFocus()

    def retry_open(self) -> None:
        if self.db_problem is None or self._retrying:
            return
        self._retrying = True
        self.problem.trying()
        self.ctx.worker.reopen()

    # -- staff / lock ------------------------------------------------------------------------
    def _update_nav(self) -> None:
        is_mgr = self.ctx.is_manager
        for key in self.manager_keys:
            self.nav_buttons[key].setVisible(is_mgr)
        self.manager_row.setVisible(is_mgr and bool(self.manager_keys))
        if self.ctx.staff is not None and self.stack.currentWidget() is not self.login:
            key = self.current_key()
            if key in self.nav_buttons:
                self.nav_buttons[key].setChecked(True)

    def _staff_changed(self, staff: dict | None) -> None:
        if staff is not None and not self._rest_built:
            if self.ctx.is_manager:
                self._build_rest()
            elif not self._rest_timer.isActive():
                self._rest_timer.start()
        self._update_nav()
        self.navbar.setEnabled(staff is not None)
        self.staff_label.setText(staff["name"] if staff else "")
        self._show_title()
        if staff is None and self.db_problem is None:
            self.stack.setCurrentWidget(self.login)
            self.login.activated()
            self.idle_timer.stop()
        elif staff is None:
            self.idle_timer.stop()
        self._arm_idle()

    def _show_title(self) -> None:
        """The window's title says who is logged in (a task bar, a remote screen, a test can read it)."""
        staff = self.ctx.staff
        self.setWindowTitle(self.tr("OCOP POS") + (f" · {staff['name']}" if staff else ""))

    def _logged_in(self, staff: dict) -> None:
        self.ctx.set_staff(staff)
        self.show_screen("sell")
        self.ctx.worker.submit(shift_ops.current_shift, on_done=self._shift_at_login)

    def _shift_at_login(self, shift: dict | None) -> None:
        """No shift open: offer to open one now, not at the first payment."""
        self.ctx.set_shift(shift)
        if shift is None and self.ctx.staff is not None:
            from .shift import offer_open_shift

            offer_open_shift(self.ctx, self)

    def _arm_idle(self) -> None:
        minutes = int(self.ctx.settings.get("idle_lock_minutes") or 0)
        if self.ctx.staff is not None and minutes > 0:
            self.idle_timer.start(minutes * 60_000)
        else:
            self.idle_timer.stop()

    def lock(self) -> None:
        """Back to the login screen; the open sale stays in the sell screen."""
        if QApplication.activeModalWidget() is not None and self.sender() is self.idle_timer:
            self.idle_timer.start()  # a dialog is mid-way; try again later
            return
        self.ctx.set_staff(None)

    # -- language ------------------------------------------------------------------------------
    def toggle_language(self) -> None:
        """The EN/VI button: switch, and remember it for the next start (settings `lang`)."""
        self.set_language("en" if self.ctx.lang == "vi" else "vi")

    def set_language(self, lang: str, save: bool = True) -> None:
        from . import i18n

        if save:
            self.ctx.worker.submit(settings_ops.save_lang, lang)
        if lang == self.ctx.lang:
            return
        i18n.install(QApplication.instance(), lang)
        self.ctx.lang = lang
        self.ctx.lang_changed.emit(lang)

    def rebuild(self) -> None:
        """Rebuild the screens in the new language, keeping the open sale and the screen."""
        key = self.current_key()
        carried = self.sell.save_state()
        self._build(carried)
        self._build_rest()
        if key and key != "login" and self.ctx.staff is not None:
            self.show_screen(key)
        elif self.ctx.staff is not None:
            self.show_screen("sell")


    # -- closing -------------------------------------------------------------------------------
    def close_keeping_sale(self) -> None:
        """Close without a question, the open sale saved for the next start (SIGTERM, shutdown)."""
        self.may_close = True
        if self.close_box is not None:
            self.close_box.done(0)
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.may_close or not self.sell.has_open_sale():
            self.cart_keeper.flush()  # written before the DB worker stops (it runs queued jobs first)
            event.accept()
            return
        event.ignore()
        self.ask_close()

    def ask_close(self) -> None:
        """Keep the open sale for the next start, discard it (asked again), or go on selling."""
        if self.close_box is not None:
            self.close_box.raise_()
            return
        sell = self.sell
        total = fmt_vnd(sell.cart.totals().total)
        text = self.tr("A sale is open: %1 lines, %2.").replace("%1", str(len(sell.cart.lines))).replace("%2", total)
        if sell.parts:
            text += "\n" + self.tr("Payments already taken: %1.").replace("%1", sell._parts_text())
        text += "\n\n" + self.tr("Keep it for the next start, or discard it?")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close the kiosk"), text, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        keep = box.addButton(self.tr("Keep the sale and close"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard the sale…"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Go on selling"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(stay)
        self.close_box = box

        def answered(_result) -> None:
            self.close_box = None
            clicked = box.clickedButton()
            box.deleteLater()
            if clicked is keep:
                self.close_keeping_sale()
            elif clicked is discard:
                self.ask_discard()

        box.finished.connect(answered)
        box.open()

    def ask_discard(self) -> None:
        """The second question: discarding loses the lines and (said plainly) payments taken."""
        sell = self.sell
        text = self.tr("Discard the open sale (%1 lines, %2)? This cannot be undone.").replace(
            "%1", str(len(sell.cart.lines))).replace("%2", fmt_vnd(sell.cart.totals().total))
        if sell.parts:
            text += "\n\n" + self.tr("Payments already taken (%1) must be given back to the customer. "
                                      "The discard is recorded.").replace("%1", sell._parts_text())
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Discard the sale"), text, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        yes = box.addButton(self.tr("Discard and close"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(self.tr("Do not discard"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        self.close_box = box

        def answered(_result) -> None:
            self.close_box = None
            clicked = box.clickedButton()
            box.deleteLater()
            if clicked is yes:
                self.sell.discard_open_sale()
                self.may_close = True
                self.close()

        box.finished.connect(answered)
        box.open()
