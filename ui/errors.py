"""Clerk-facing words for every pos.errors code (translated), with the domain's detail kept."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def error_text(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    messages = {
        "unknown_barcode": QCoreApplication.translate("Errors", "Unknown barcode"),
        "invalid_barcode": QCoreApplication.translate("Errors", "Invalid barcode"),
        "unknown_product": QCoreApplication.translate("Errors", "Unknown product"),
        "invalid_quantity": QCoreApplication.translate("Errors", "Invalid quantity"),
        "invalid_amount": QCoreApplication.translate("Errors", "Invalid amount"),
        "invalid_discount": QCoreApplication.translate("Errors", "Invalid discount"),
        "approval_required": QCoreApplication.translate("Errors", "A manager must approve this"),
        "payment_short": QCoreApplication.translate("Errors", "The payment does not cover the total"),
        "empty_cart": QCoreApplication.translate("Errors", "The cart is empty"),
        "refund_too_large": QCoreApplication.translate("Errors", "More than was sold cannot be refunded"),
        "invalid_state": QCoreApplication.translate("Errors", "Not possible now"),
        "no_open_shift": QCoreApplication.translate("Errors", "No open shift: open a shift first"),
        "wrong_pin": QCoreApplication.translate("Errors", "Wrong PIN"),
        "staff_locked": QCoreApplication.translate("Errors", "Locked after too many wrong PINs; try again later"),
        "permission_denied": QCoreApplication.translate("Errors", "Not allowed for this staff member"),
        "validation_error": QCoreApplication.translate("Errors", "Please check the values"),
        "not_a_pos_database": QCoreApplication.translate("Errors", "This file is not a kiosk database"),
        "database_too_new": QCoreApplication.translate("Errors", "The database is from a newer version"),
    }
    head = messages.get(code) if code else None
    detail = getattr(exc, "message", None) or str(exc)
    if head is None:
        return QCoreApplication.translate("Errors", "Error") + ": " + detail
    return f"{head}\n{detail}" if detail else head
