"""Receipts on the DB thread: the document and its picture, as the printer will get it."""
from __future__ import annotations

import io

from pos import receipts, sales

PREVIEW_WIDTH = 576


def render(store, sale_id: str, reprint: bool = False) -> dict:
    """-> {"doc": receipt document, "png": bytes or None} (PNG from printers.receipt)."""
    doc = sales.receipt_doc(store, sale_id, reprint=reprint)
    png = None
    try:
        from printers import receipt
    except ImportError:
        receipt = None
    if receipt is not None:
        width = int(store.settings().get("printer_width_px") or PREVIEW_WIDTH)
        img = receipt.render(doc, width=width)
        buf = io.BytesIO()
        img.convert("L").save(buf, format="PNG")
        png = buf.getvalue()
    return {"doc": doc, "png": png}


def trace_code(store, sale_id: str) -> dict | None:
    """The customer screen's code after a sale (pos.receipts.trace_code)."""
    return receipts.trace_code(store, sale_id)
