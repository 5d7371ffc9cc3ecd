"""Clerk-facing words for every pos.errors code (translated), with the domain's detail kept."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def error_text(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    messages = {
        "unknown_barcode": _t("Unknown barcode"),
        "invalid_barcode": _t("Invalid barcode"),
        "unknown_product": _t("Unknown product"),
        "invalid_quantity": _t("Invalid quantity"),
        "invalid_amount": _t("Invalid amount"),
        "invalid_discount": _t("Invalid discount"),
        "approval_required": _t("A manager must approve this"),
        "payment_short": _t("The payment does not cover the total"),
        "empty_cart": _t("The cart is empty"),
        "refund_too_large": _t("More than was sold cannot be refunded"),
        "invalid_state": _t("Not possible now"),
        "no_open_shift": _t("No open shift: open a shift first"),
        "wrong_pin": _t("Wrong PIN"),
        "staff_locked": _t("Locked after too many wrong PINs; try again later"),
        "permission_denied": _t("Not allowed for this staff member"),
        "validation_error": _t("Please check the values"),
        "not_a_pos_database": _t("This file is not a kiosk database"),
        "database_too_new": _t("The database is from a newer version"),
    }
    head = messages.get(code) if code else None
    detail = getattr(exc, "message", None) or str(exc)
    if head is None:
        return _t("Error") + ": " + detail
    return f"{head}\n{detail}" if detail else head
