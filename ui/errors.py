"""Clerk-facing words for every pos.errors code (translated), with the domain's detail translated too.

The heading comes from the error's code (context Errors); the detail is the error's message
template translated (context PosErrors, ui/i18n/pos_vi.ts) and filled with its details: money as
1.250.000 ₫, counts grouped the way the current language groups them. A translation that does not
fit the details (a placeholder the error did not send) must not take the screen down: the English
text pos rendered is shown instead.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from pos.errors import TemplateFormatter, render
from pos.money import fmt_vnd

POS_CONTEXT = "PosErrors"


def _number(n: int) -> str:
    """1000000 -> 1.000.000 in Vietnamese, 1,000,000 in English (any size, no Qt int overflow)."""
    return f"{n:,}".replace(",", QLocale().groupSeparator())


def detail_text(exc: BaseException) -> str:
    """The error's detail in the current language (English text if it cannot be translated)."""
    english = getattr(exc, "message", None) or str(exc)
    template = getattr(exc, "template", None)
    details = getattr(exc, "details", None)
    if not isinstance(template, str) or not isinstance(details, dict):
        return english
    translated = QCoreApplication.translate(POS_CONTEXT, template)
    try:
        return render(translated, details, TemplateFormatter(money=fmt_vnd, number=_number))
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return english


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
        "no_open_shift": QCoreApplication.translate("Errors", "No open shift"),
        "wrong_pin": QCoreApplication.translate("Errors", "Wrong PIN"),
        "staff_locked": QCoreApplication.translate("Errors", "Locked after too many wrong PINs; try again later"),
        "permission_denied": QCoreApplication.translate("Errors", "Not allowed for this staff member"),
        "validation_error": QCoreApplication.translate("Errors", "Please check the values"),
        "not_a_pos_database": QCoreApplication.translate("Errors", "This file is not a kiosk database"),
        "database_too_new": QCoreApplication.translate("Errors", "The database is from a newer version"),
    }
    head = messages.get(code) if code else None
    detail = detail_text(exc)
    if head is None:
        return QCoreApplication.translate("Errors", "Error") + ": " + detail
    return f"{head}\n{detail}" if detail else head
