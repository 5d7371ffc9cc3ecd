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
        "invalid_gs1": QCoreApplication.translate("Errors", "This 2D code cannot be used"),
        "expired_item": QCoreApplication.translate("Errors", "Past its use-by date: not sold"),
        "recalled_lot": QCoreApplication.translate("Errors", "Recalled lot: not sold"),
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
        "database_problem": QCoreApplication.translate("Errors", "Problem with the database file"),
        "disk_full": QCoreApplication.translate("Errors", "The disk is full"),
        "database_read_only": QCoreApplication.translate("Errors", "The database cannot be written"),
        "database_corrupt": QCoreApplication.translate("Errors", "The database is damaged"),
        "database_locked": QCoreApplication.translate("Errors", "The database is in use by another program"),
        "database_unavailable": QCoreApplication.translate("Errors", "The database cannot be opened"),
    }
    head = messages.get(code) if code else None
    detail = detail_text(exc)
    if head is None:
        return QCoreApplication.translate("Errors", "Error") + ": " + detail
    text = f"{head}\n{detail}" if detail else head
    todo = advice(exc)
    return f"{text}\n{todo}" if todo else text


def is_database_problem(exc: BaseException) -> bool:
    """The database FILE is the trouble (disk full, read-only, damaged ...), not what was asked."""
    from pos.errors import DatabaseProblem

    return isinstance(exc, DatabaseProblem)


def advice(exc: BaseException) -> str:
    """What the clerk (or the technician they call) should do about a database problem; "" for
    other errors, whose heading already says what to change."""
    if not is_database_problem(exc):
        return ""
    code = getattr(exc, "code", "")
    if code == "disk_full":
        return QCoreApplication.translate(
            "Errors", "Free up space on this computer's disk: empty the recycle bin, delete old "
            "downloads or backup copies that are no longer needed. Do not delete the database file.")
    if code == "database_read_only":
        return QCoreApplication.translate(
            "Errors", "The kiosk must be able to write its database file and its folder. Check "
            "that the disk is not write-protected or mounted read-only, and that this user may "
            "write the file and the folder (ask the technician).")
    if code == "database_corrupt":
        return QCoreApplication.translate(
            "Errors", "The file is damaged, for example by a power cut or a failing disk. Do not "
            "delete it: call the manager or the technician to restore the latest backup.")
    if code == "database_too_new":
        return QCoreApplication.translate(
            "Errors", "It was written by a newer version of OCOP POS. Update the software on this "
            "kiosk (ask the technician); this version must not change it.")
    if code == "database_locked":
        return QCoreApplication.translate(
            "Errors", "Another program is using the database, perhaps a second copy of OCOP POS "
            "or a backup in progress. Close it or wait until it has finished.")
    if code == "not_a_pos_database":
        return QCoreApplication.translate(
            "Errors", "Check that the kiosk is started with the right file (the --db option), or "
            "restore the database from a backup.")
    if code == "database_unavailable":
        return QCoreApplication.translate(
            "Errors", "Check that the disk or USB drive holding the database is connected and "
            "that the folder is right.")
    return QCoreApplication.translate("Errors", "Note what this screen says and call the technician.")
