"""Manager screens: deliveries, returns to producers, stock counts, stock on hand, staff, local catalog, settings.

`screens(ctx)` hands the main window its list of (key, title, widget). Each screen sits behind a
gate: a manager or admin who is logged in goes straight in; anyone else sees a lock with one
button that asks for a manager PIN (ctx.approve). Whoever opened the gate is the manager the
screen's actions are recorded against.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from .common import BigButton, is_manager


class ManagerGate(QStackedWidget):
    """Shows `inner` only to a manager: the logged-in one, or one who typed a PIN."""

    def __init__(self, ctx, inner: QWidget, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inner = inner
        self.approved: dict | None = None
        inner.access = self
        lock = QWidget()
        lay = QVBoxLayout(lock)
        lay.addStretch(1)
        msg = QLabel(self.tr("This screen is for managers."))
        msg.setAlignment(Qt.AlignCenter)
        msg.setStyleSheet("font-size:20px;font-weight:bold")
        lay.addWidget(msg)
        self.unlock_btn = BigButton(self.tr("Manager PIN"), "F2", primary=True)
        self.unlock_btn.clicked.connect(self.unlock)
        lay.addWidget(self.unlock_btn, 0, Qt.AlignCenter)
        lay.addStretch(1)
        self.addWidget(lock)
        self.addWidget(inner)
        ctx.staff_changed.connect(self._staff_changed)
        self._update()

    def manager(self) -> dict | None:
        staff = self.ctx.staff
        if is_manager(staff):
            return staff
        return self.approved

    def _staff_changed(self, *_):
        self.approved = None  # a PIN opens the screen for this visit, not for the next person
        self._update()

    def _update(self):
        self.setCurrentIndex(1 if self.manager() else 0)

    def unlock(self):
        manager = self.ctx.approve(self, "manager_screen")
        if manager:
            self.approved = manager
            self._update()

    # the main window's screen protocol, passed on to the screen behind the gate
    def activated(self):
        self._update()
        if self.currentIndex() == 1 and hasattr(self.inner, "activated"):
            self.inner.activated()

    def handle_scan(self, code: str) -> bool:
        if self.currentIndex() == 1 and hasattr(self.inner, "handle_scan"):
            return bool(self.inner.handle_scan(code))
        return False

    def hideEvent(self, event):
        if self.approved and not is_manager(self.ctx.staff):
            self.approved = None
            self._update()
        super().hideEvent(event)

    def showEvent(self, event):
        self._update()
        super().showEvent(event)


def screen_factories() -> list[tuple[str, str, object]]:
    """(key, title, class) of the manager screens in menu order, so the window can build them
    one at a time while the clerk is idle."""
    from .catalog import CatalogScreen
    from .count import CountScreen
    from .gift_sets import GiftSetScreen
    from .receive import ReceiveScreen
    from .returns import ReturnScreen
    from .settings import SettingsScreen
    from .staff import StaffScreen
    from .stock import StockScreen
    from .transfers import TransferScreen

    return [
        ("manager_receive", QCoreApplication.translate("ManagerMenu", "Receive delivery"), ReceiveScreen),
        ("manager_return", QCoreApplication.translate("ManagerMenu", "Return to producer"), ReturnScreen),
        ("manager_transfer", QCoreApplication.translate("ManagerMenu", "Transfers"), TransferScreen),
        ("manager_count", QCoreApplication.translate("ManagerMenu", "Stock count"), CountScreen),
        ("manager_stock", QCoreApplication.translate("ManagerMenu", "Stock on hand"), StockScreen),
        ("manager_staff", QCoreApplication.translate("ManagerMenu", "Staff and PINs"), StaffScreen),
        ("manager_catalog", QCoreApplication.translate("ManagerMenu", "Local products"), CatalogScreen),
        ("manager_settings", QCoreApplication.translate("ManagerMenu", "Settings"), SettingsScreen),
        ("manager_sets", QCoreApplication.translate("ManagerMenu", "Gift boxes"), GiftSetScreen),
    ]


def gated(ctx, widget: QWidget) -> QWidget:
    return ManagerGate(ctx, widget)


def screens(ctx) -> list[tuple[str, str, QWidget]]:
    """The manager screens, each behind a ManagerGate, in menu order."""
    return [(key, title, gated(ctx, make(ctx))) for key, title, make in screen_factories()]

