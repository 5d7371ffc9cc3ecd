"""Typed errors: every refusal the kiosk can give, so the UI can show the right words and tests
can check that bad input changed nothing. Each carries a stable `code` for translation."""
from __future__ import annotations


class PosError(Exception):
    code = "pos_error"

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class NotAPosDatabase(PosError):
    code = "not_a_pos_database"


class DatabaseTooNew(PosError):
    code = "database_too_new"


class UnknownBarcode(PosError):
    code = "unknown_barcode"


class InvalidBarcode(PosError):
    code = "invalid_barcode"


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


class WrongPin(PosError):
    code = "wrong_pin"


class StaffLocked(PosError):
    code = "staff_locked"


class PermissionDenied(PosError):
    code = "permission_denied"


class ValidationError(PosError):
    """Bad field values on catalog / settings / staff records."""

    code = "validation_error"
