"""The receipt as the customer will get it, rendered by printers.receipt on the DB thread.

Why the real renderer: the preview is then exactly what the printer gets (same font, same
layout), which also makes it the fallback when no printer is configured."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea

from .errors import error_text
from .ops import receipts as receipt_ops


def doc_text(doc: dict) -> str:
    """A plain-text receipt (when the image renderer is not part of this build)."""
    from pos.money import fmt_vnd

    lines = [doc["store"].get("name", ""), doc.get("receipt_no", ""), doc.get("local_time", ""), ""]
    for ln in doc.get("lines", []):
        lines.append(f"{ln['name']}  {ln['qty_text']} x {fmt_vnd(ln['unit_price'])} = {fmt_vnd(ln['net'])}")
    lines += ["", f"= {fmt_vnd(doc['total'])}"]
    return "\n".join(lines)


class ReceiptPreview(QScrollArea):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setStyleSheet("background: white; padding: 8px;")
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        self.doc: dict | None = None
        self.source: QPixmap | None = None
        self._want = None

    def load(self, sale_id: str) -> None:
        self._want = sale_id
        self.label.setText(self.tr("Loading the receipt…"))
        self.ctx.worker.submit(receipt_ops.render, sale_id, on_done=lambda r, s=sale_id: self._show(s, r),
                               on_error=lambda e: self.label.setText(error_text(e)))

    def clear(self) -> None:
        self._want = None
        self.doc = None
        self.label.clear()

    def _show(self, sale_id: str, result: dict) -> None:
        if sale_id != self._want:
            return
        self.doc = result["doc"]
        if result["png"]:
            self.source = QPixmap()
            self.source.loadFromData(result["png"], "PNG")
            self._fit()
        else:
            self.source = None
            self.label.setText(doc_text(self.doc))

    def _fit(self) -> None:
        """The receipt as wide as the preview allows (at most 420 px): all of it in sight, no
        sideways scrolling on a 1024 px screen."""
        if self.source is None or self.source.isNull():
            return
        target = max(200, min(self.source.width(), 420, self.viewport().width() - 20))
        if self.label.pixmap() is None or self.label.pixmap().width() != target:
            self.label.setPixmap(self.source.scaledToWidth(target, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()
