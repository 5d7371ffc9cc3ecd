"""The kiosk window's size and keys, as kiosks really run: often without a window manager.

Nobody then activates a dialog that opens (it got no keys unless the mouse pointer happened to
be over it) nor gives the keys back to the window when it closes (F-keys did nothing until the
clerk clicked), and a window whose widest screen asks for more than the screen grows past it
(1734 px once a manager logged in) and never shrinks. `WindowKeys` is mixed into
ui.main_window.MainWindow; `KeysKeeper` is the application event filter that calls it."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication


class KeysKeeper(QObject):
    """Watches dialogs open and close (an application event filter) and has the main window give
    the keys to the right window right after (MainWindow.take_keys_back)."""

    DIALOGS = (Qt.WindowType.Dialog, Qt.WindowType.Sheet)

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        etype = event.type()
        if (etype == QEvent.Type.Show or etype == QEvent.Type.Hide) and obj.isWidgetType() and obj.isWindow() \
                and obj.windowType() in self.DIALOGS:
            if etype == QEvent.Type.Show:
                obj.activateWindow()  # the keys go to the dialog just opened, wherever the pointer is
            QTimer.singleShot(0, self._settle)  # and once it is closed, back to the window below it
        return False

    def _settle(self) -> None:
        try:
            self.window.take_keys_back()
        except RuntimeError:  # the window is being deleted
            pass



class WindowKeys:
    """Size and keys for the kiosk's main window (a QMainWindow with login/problem/sell screens)."""

    PREFERRED = QSize(1366, 768)
    SMALLEST = QSize(640, 480)

    def fit_to(self, area: QRect | None = None) -> None:
        """Take at most `area` (default: the screen's available area), 1366×768 at most.

        Why a fixed minimum: a window's layout otherwise raises the window's minimum size to what
        its widest screen asks for, and a window without a window manager then grows past the
        screen (1734 px once a manager logged in) and never shrinks. The screens are laid out to
        fit 1024×768 (tests/ui/test_screen_fit.py checks each one)."""
        if area is None:
            screen = self.screen() or QApplication.primaryScreen()
            area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)
        handle = self.windowHandle()
        frame = handle.frameMargins() if handle is not None else QMargins()  # none without a window manager
        room = area.marginsRemoved(frame)
        self.setMinimumSize(self.SMALLEST.boundedTo(room.size()))
        self.setMaximumSize(room.size())
        if self.isFullScreen() or self.isMaximized():
            return
        size = self.size().boundedTo(room.size()) if self.isVisible() else self.PREFERRED.boundedTo(room.size())
        geo = QRect(self.geometry().topLeft(), size)
        if not room.contains(geo):
            geo.moveTopLeft(room.topLeft())
        self.setGeometry(geo)

    def _first_shown(self) -> None:
        self.fit_to()
        self.take_keys_back()

    def take_keys_back(self) -> None:
        """Make the open dialog, else this window, the active one, with the focus where scans and
        keys belong (the sell screen's cart). Without a window manager nobody else does: a new
        dialog got no keys unless the mouse pointer happened to be over it, and after a dialog
        closed no window was active, so F-keys did nothing until the clerk clicked."""
        if not self.isVisible():
            return
        modal = QApplication.activeModalWidget()
        target = modal if modal is not None else self
        active = QApplication.activeWindow()
        if active is not target:
            target.activateWindow()
        focus = QApplication.focusWidget()
        if modal is None and (focus is None or not focus.isVisible() or focus.window() is not self):
            self.focus_home()

    def focus_home(self) -> None:
        """Focus where the shown screen takes keys and scans (the cart on the sell screen)."""
        key = self.current_key()
        if key == "login":
            self.login.focus_home()
        elif key == "problem":
            self.problem.retry_button.setFocus()
        elif key == "sell":
            self.sell.focus_home()
        else:
            w = self.current_screen()
            (w or self).setFocus()
