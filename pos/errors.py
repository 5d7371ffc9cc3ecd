"""Typed errors: every refusal the kiosk can give, so the UI can show the right words and tests
can check that bad input changed nothing. Each carries a stable `code` for translation.

The detail is a message TEMPLATE, a plain string literal with named placeholders, and the values
come as keyword details: `InvalidBarcode("wrong check digit in {code}: expected {expected}",
code=code, expected=7)`. pos renders the English text (str(exc), logs, tests) from them; the UI
translates the template itself (ui/errors.py, ui/i18n/pos_vi.ts) and fills in the same details,
so a clerk reads the whole refusal in Vietnamese without pos knowing about Qt. tests/ui checks
that every template in pos is a literal with a finished translation.

Two format specs beyond Python's: `{total:vnd}` is money (integer đồng, shown 1.250.000 ₫) and
`{limit:num}` a grouped whole number (1,000,000 in English, 1.000.000 in Vietnamese).
"""
from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from .text import fmt_vnd


class TemplateFormatter(string.Formatter):
    """str.format for templates that only names details: no positional fields, no attribute or
    index look-ups (a translated template cannot reach into objects), and the vnd/num specs."""

    def __init__(self, money: Callable[[int], str] = fmt_vnd,
                 number: Callable[[int], str] = lambda n: f"{n:,}") -> None:
        self.money = money
        self.number = number

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        if format_spec in ("vnd", "num"):
            if not isinstance(value, int) or isinstance(value, bool):
                return repr(value)  # a bad amount is shown as given, never formatted as money
            return self.money(value) if format_spec == "vnd" else self.number(value)
        return super().format_field(value, format_spec)


ENGLISH = TemplateFormatter()


def render(template: str, details: Mapping, formatter: TemplateFormatter = ENGLISH) -> str:
    """The template filled with the details; raises KeyError/ValueError/IndexError on a mismatch."""
    return formatter.vformat(template, (), dict(details))


def placeholders(template: str) -> set[str]:
    """The detail names a template uses (for the checks on templates and their translations)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class PosError(Exception):
    code = "pos_error"

    def __init__(self, template: str, **details):
        try:
            message = render(template, details)
        except (KeyError, IndexError, ValueError, TypeError):
            message = template  # a message built elsewhere (not a template): keep it as given
        super().__init__(message)
        self.template = template
        self.message = message
        self.details = details


class DatabaseProblem(PosError):
    """Something is wrong with the database FILE (not with what was asked of it): the kiosk cannot
    work until someone fixes the disk, the file or the software. Every one carries `path`; the
    screen shows what to do for its code. When opening refuses a file, nothing was written to it."""

    code = "database_problem"


class NotAPosDatabase(DatabaseProblem):
    code = "not_a_pos_database"


class DatabaseTooNew(DatabaseProblem):
    code = "database_too_new"


class DiskFull(DatabaseProblem):
    """SQLITE_FULL / ENOSPC, or too little free space to open safely."""

    code = "disk_full"


class DatabaseReadOnly(DatabaseProblem):
    """The file, its -wal/-shm companions or its folder cannot be written (permissions, a
    read-only or immutable file, a write-protected disk)."""

    code = "database_read_only"


class DatabaseCorrupt(DatabaseProblem):
    """SQLITE_CORRUPT / SQLITE_NOTADB, or the integrity check at opening failed (a damaged or
    truncated file): restore a backup."""

    code = "database_corrupt"


class DatabaseLocked(DatabaseProblem):
    """Another program holds the database's write lock longer than the kiosk waits."""

    code = "database_locked"


class DatabaseUnavailable(DatabaseProblem):
    """The file cannot be reached at all: a missing folder, a folder where the file should be,
    a disk that reports I/O errors."""

    code = "database_unavailable"


class UnknownBarcode(PosError):
    code = "unknown_barcode"


class InvalidBarcode(PosError):
    code = "invalid_barcode"


class InvalidGs1Code(InvalidBarcode):
    """A 2D / GS1 code that cannot be read (pos/gs1.py): the message says which part is wrong."""

    code = "invalid_gs1"


class ExpiredItem(PosError):
    """The scanned item's own use-by date (GS1 AI 17) is past: it must not be sold."""

    code = "expired_item"


class RecalledLot(PosError):
    """The lot was recalled at the centre (pos/recalls.py): it must not be sold, no override."""

    code = "recalled_lot"


class UnknownProduct(PosError):
    code = "unknown_product"


class InvalidQuantity(PosError):
    code = "invalid_quantity"


class InvalidAmount(PosError):
    code = "invalid_amount"


class InvalidDiscount(PosError):
    code = "invalid_discount"


class ApprovalRequired(PosError):
    """A manager must approve (discount above threshold, void, refund ...)."""

    code = "approval_required"


class PaymentShort(PosError):
    code = "payment_short"


class EmptyCart(PosError):
    code = "empty_cart"


class RefundTooLarge(PosError):
    code = "refund_too_large"


class InvalidState(PosError):
    """The action does not fit the current state (void from a closed shift, no open shift ...)."""

    code = "invalid_state"


class NoOpenShift(InvalidState):
    code = "no_open_shift"


class PromotionsChanged(InvalidState):
    """At payment the promotions came out differently from what the screen showed (a window
    closed, a promotion was pulled or ended): the cart now carries the new result and the clerk
    tells the customer the new total before taking the payment again (pos.sales.complete_sale)."""

    code = "promotions_changed"


class WrongPin(PosError):
    code = "wrong_pin"


class StaffLocked(PosError):
    code = "staff_locked"


class PermissionDenied(PosError):
    code = "permission_denied"


class ValidationError(PosError):
    """Bad field values on catalog / settings / staff records."""

    code = "validation_error"
