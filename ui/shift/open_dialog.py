"""The open-shift question: offered right after login when no shift is open, and again at payment
if the clerk chose "later", so a sale is never recorded outside a shift."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from ..manager.common import AmountEdit, ErrorLabel, error_text, title_label
from ..ops import shifts as shift_ops


class OpenShiftDialog(QDialog):
    """Offered right after login when no shift is open, and again at payment if the clerk chose
    "later": one field for the float, Enter opens the shift, Esc leaves it for later."""

    opened = Signal(dict)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setWindowTitle(self.tr("Open the shift"))
        self.setModal(True)
        head = title_label(self.tr("No shift is open"))
        text = QLabel(self.tr("Count the cash in the drawer and type the opening float (0 if the drawer "
                              "is empty). Sales are recorded in this shift."))
        text.setWordWrap(True)
        self.float_edit = AmountEdit()
        self.float_edit.setObjectName("opening_float")
        self.error = ErrorLabel()
        buttons = QDialogButtonBox()
        self.open_btn = buttons.addButton(self.tr("Open shift (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_btn.setProperty("role", "primary")
        self.open_btn.setDefault(True)  # Enter in the float field opens the shift
        self.later_btn = buttons.addButton(self.tr("Later (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_btn.setAutoDefault(False)
        for b in (self.open_btn, self.later_btn):
            b.setMinimumHeight(52)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(text)
        lay.addWidget(self.float_edit)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)
        self.float_edit.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        self.error.clear_error()
        try:
            amount = self.float_edit.amount()
        except ValueError:
            self.error.show_error(self.tr("Enter the opening float, e.g. 1.000.000 (0 if the drawer is empty)."))
            self.float_edit.setFocus()
            return
        staff = self.ctx.staff or {}
        self.busy = True
        self.open_btn.setEnabled(False)
        self.ctx.worker.submit(shift_ops.open_unless_open, staff.get("id"), amount, on_done=self._opened,
                               on_error=self._failed)

    def _opened(self, shift: dict) -> None:
        self.busy = False
        self.ctx.set_shift(shift)
        self.opened.emit(shift)
        self.accept()

    def _failed(self, exc) -> None:
        self.busy = False
        self.open_btn.setEnabled(True)
        self.error.show_error(error_text(exc))
        self.float_edit.setFocus()
        self.float_edit.selectAll()


def offer_open_shift(ctx, parent, on_opened=None, on_later=None) -> OpenShiftDialog:
    """Show the open-shift dialog over `parent` (one at a time) without waiting for it."""
    for dlg in parent.window().findChildren(OpenShiftDialog):
        if dlg.isVisible():
            return dlg
    dlg = OpenShiftDialog(ctx, parent)
    if on_opened is not None:
        dlg.opened.connect(on_opened)
    if on_later is not None:
        dlg.rejected.connect(on_later)
    window = parent.window()
    dlg.finished.connect(lambda _r: (window.activateWindow(), dlg.deleteLater()))  # keys go back to the till
    dlg.open()
    dlg.float_edit.setFocus()
    return dlg
