"""Manager approval: a PIN dialog that asks pos.staff.approve on the DB worker.

Used for discounts above the threshold, refunds and voids, an expired lot at the scan or at payment
(and by the manager screens)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from .ops import staff as staff_ops
from .pinpad import PinPad

DETAIL_WIDTH = 380  # px: the detail wraps at this width, so its height is known before showing


class ApprovalDialog(QDialog):
    def __init__(self, ctx, action: str, parent=None, detail: str = "", audit: dict | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.action = action
        self.audit = dict(audit or {})  # what the audit row names (pos.staff.approve's keywords)
        self.manager: dict | None = None
        self.setWindowTitle(self.tr("Manager approval"))
        self.setModal(True)
        title = QLabel(self.tr("A manager must approve: %1").replace("%1", self.describe(action)))
        title.setObjectName("title")
        title.setWordWrap(True)
        self.detail = QLabel(detail)  # what exactly is approved (a discount as the sale is now ...)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-size:16px")
        self.detail.setVisible(bool(detail))
        self.error = QLabel("")
        self.error.setObjectName("alert")
        self.error.hide()
        self.pad = PinPad(self)
        self.pad.submitted.connect(self._check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)  # Enter approves (the pad's OK is the default button); Esc cancels
        cancel.setDefault(False)
        self.pad.buttons["OK"].setDefault(True)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.detail)
        if detail:  # Qt sizes a dialog before wrapped labels know their height: tell them theirs
            for label in (title, self.detail):
                label.ensurePolished()
                label.setMinimumWidth(DETAIL_WIDTH)
                label.setMinimumHeight(label.heightForWidth(DETAIL_WIDTH))
        lay.addWidget(self.error)
        lay.addWidget(self.pad)
        lay.addWidget(buttons)
        self.pad.edit.setFocus()

    def describe(self, action: str) -> str:
        names = {
            "discount": self.tr("discount"),
            "refund": self.tr("refund"),
            "void": self.tr("void a receipt"),
            "cash_out": self.tr("take cash out"),
            "close_shift_variance": self.tr("close the shift with a cash variance"),
            "reprint": self.tr("reprint"),
            "sell_expired_lot": self.tr("sell from a lot past its use-by date"),
            "invoice_buyer_correction": self.tr("correct the buyer on an issued e-invoice"),
        }
        return names.get(action, action)

    def _check(self, pin: str) -> None:
        self.pad.setEnabled(False)
        self.ctx.worker.submit(staff_ops.approve, pin, self.action, self.audit,
                               on_done=self._approved, on_error=self._refused)

    def _approved(self, manager: dict) -> None:
        self.manager = manager
        self.accept()

    def _refused(self, exc: Exception) -> None:
        from .errors import error_text

        self.pad.setEnabled(True)
        self.pad.clear()
        self.error.setText(error_text(exc))
        self.error.show()


def allow_expired_lot(ctx, parent, exc, cart_dict: dict) -> bool:
    """The sale was refused for an expired lot (pos/lots.py raises ExpiredItem naming the product):
    a manager's PIN lets the lines of that product draw from it (CartLine.expired_ok_by, audited
    by the sale). True when allowed: the caller tries the sale again; False leaves the refusal."""
    from .errors import error_text

    product_id = (getattr(exc, "details", None) or {}).get("product_id")
    if getattr(exc, "code", "") != "expired_item" or not product_id:
        return False
    manager = ctx.approve(parent, "sell_expired_lot", detail=error_text(exc),
                          audit={"ref_type": "product", "ref_id": product_id, "at": "payment"})
    if manager is None:
        return False
    for line in cart_dict.get("lines", []):
        if line.get("product_id") == product_id:
            line["expired_ok_by"] = manager["id"]
    return True
