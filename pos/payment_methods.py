"""Payment methods: the one place that says what each way of paying is and how it behaves.

Why a registry: the store, the shift report, the receipt, the screens and the sync all used to
switch on the codes 'cash', 'vietqr' and 'card' (and the database refused any other with a CHECK
constraint), so a new method meant edits in nine files. Now each of them asks this module.

Adding a method (MoMo, ZaloPay, a voucher …) is ONE entry in ENTRIES. Only if it needs an
interaction the payment screen does not have yet (ui/payment.py), add a mode there; the modes it
has today:
  cash       the amount keypad and quick notes; more may be handed over, change is given back
  vietqr     the kiosk shows a dynamic VietQR code for the amount; the clerk confirms its arrival
  reference  the clerk types the reference from a card terminal slip or the bank's app
  voucher    the clerk scans or types a voucher code; the kiosk checks it (pos/vouchers.py), online
             first when it is not allotted to this kiosk

Labels are data here, in both languages, because the receipt is printed in the sale's language
whatever the screen shows; the screens show `name(ctx.lang)`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import checks, voucher_codes
from .errors import InvalidAmount, ValidationError
from .money import MAX_AMOUNT

MODES = ("cash", "vietqr", "reference", "voucher")
REFERENCE_MAX = 64  # stored and printed length of a reference


@dataclass(frozen=True)
class Words:
    """A text in Vietnamese and in English; calling it with a language picks one (vi by default)."""
    vi: str
    en: str

    def __call__(self, lang: str | None = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class PaymentMethod:
    code: str                           # payments.method on the kiosk
    name: Words                         # on screens: buttons, lists, shift report
    receipt: Words                      # on the printed receipt and the printed X/Z report
    mode: str                           # the payment-screen mode (MODES)
    key: str = ""                       # its key on the payment screen ("" for cash: the screen opens in it)
    gives_change: bool = False          # more may be handed over; the difference goes back as change
    in_drawer: bool = False             # the money lands in the cash drawer: expected cash, drawer opens
    asks_reference: bool = False        # the payment screen takes no part of it without a reference
    reference_required: bool = False    # the store refuses a payment of it without one (not a refund)
    reference_pattern: str = ""         # a reference must match this whole (after NFKC, trimmed); "" = any
    reference_prompt: Words | None = None   # what to type, in the reference field
    confirm: Words | None = None        # the payment screen's confirm button in this method
    refund: Words | None = None         # "Give back %1 …" in the refund dialog; None: no refunds this way
    wire: str = ""                      # its code towards the central office ("" = code)
    on_shift_report: bool = False       # listed on every shift report, even when nothing came in by it
    qr_code: bool = False               # paid by a VietQR the kiosk makes; the first receipt carries it
    redeems_voucher: bool = False       # spends a voucher use (pos/vouchers.py), checked in the sale's transaction

    @property
    def wire_code(self) -> str:
        return self.wire or self.code

    @property
    def refundable(self) -> bool:
        return self.refund is not None

    def name_in_sentence(self, lang: str | None = "vi") -> str:
        """The name inside a sentence ("50.000 ₫ card"): lower case first, but a brand written
        with inner capitals (VietQR, MoMo) keeps them."""
        word = self.name(lang)
        first = word.split(" ")[0]
        return word if any(c.isupper() for c in first[1:]) else word[:1].lower() + word[1:]


ENTRIES = (
    PaymentMethod(
        "cash", Words("Tiền mặt", "Cash"), Words("Tiền mặt", "Cash"), "cash",
        gives_change=True, in_drawer=True, on_shift_report=True,
        refund=Words("Hoàn lại %1 bằng tiền mặt", "Give back %1 in cash")),
    PaymentMethod(
        "vietqr", Words("VietQR", "VietQR"), Words("Chuyển khoản VietQR", "Bank transfer (VietQR)"), "vietqr",
        key="F8", qr_code=True, on_shift_report=True,
        confirm=Words("Đã nhận tiền", "Money received"),
        refund=Words("Hoàn lại %1 bằng chuyển khoản", "Give back %1 by bank transfer")),
    PaymentMethod(
        "card", Words("Thẻ", "Card"), Words("Thẻ", "Card"), "reference",
        key="F12", asks_reference=True, on_shift_report=True,
        reference_prompt=Words("Mã giao dịch máy POS thẻ (trên phiếu)",
                               "Card terminal reference (on the terminal slip)"),
        confirm=Words("Thẻ đã thanh toán", "Card payment approved"),
        refund=Words("Hoàn lại %1 vào thẻ", "Give back %1 to the card")),
    PaymentMethod(
        "transfer", Words("Chuyển khoản", "Bank transfer"), Words("Chuyển khoản", "Bank transfer"), "reference",
        key="Shift+F8", asks_reference=True, reference_required=True,
        reference_pattern=r"[0-9A-Za-z][0-9A-Za-z./-]{3,39}",
        reference_prompt=Words("Mã giao dịch chuyển khoản (trong ứng dụng ngân hàng)",
                               "Transfer reference (in the bank's app)"),
        confirm=Words("Đã nhận chuyển khoản", "Transfer received"),
        refund=Words("Hoàn lại %1 bằng chuyển khoản", "Give back %1 by bank transfer")),
    PaymentMethod(  # no refund this way: a refund restores the voucher's use instead (pos.vouchers.refund_split)
        "voucher", Words("Phiếu quà tặng", "Voucher"), Words("Phiếu quà tặng", "Voucher"), "voucher",
        key="Shift+F12", redeems_voucher=True, confirm=Words("Dùng phiếu", "Use the voucher")),
)

METHODS: dict[str, PaymentMethod] = {m.code: m for m in ENTRIES}


def all_methods() -> list[PaymentMethod]:
    """Every method, in the order screens list them."""
    return list(METHODS.values())


def codes() -> tuple[str, ...]:
    return tuple(METHODS)


def get(code) -> PaymentMethod:
    """The method `code`; anything else is refused (nothing is written with an unknown method)."""
    method = METHODS.get(code) if isinstance(code, str) else None
    if method is None:
        raise InvalidAmount("unknown payment method {method!r}", method=checks.shown(code))
    return method


def lookup(code: str) -> PaymentMethod:
    """For showing a stored payment: its method, or a stand-in named by its code (a method that
    left the registry, or one a newer kiosk sent the central office) that does nothing special."""
    found = METHODS.get(code)
    if found is not None:
        return found
    label = Words(str(code), str(code))
    return PaymentMethod(str(code), label, label, "reference")


def by_wire(code: str) -> PaymentMethod:
    """The method a wire code stands for (the central office reads the kiosks' codes with it)."""
    return next((m for m in METHODS.values() if m.wire_code == code), None) or lookup(code)


def names_by_wire(lang: str = "vi") -> dict[str, str]:
    """{wire code: name}: the central office's words for what kiosks send."""
    return {m.wire_code: m.name(lang) for m in METHODS.values()}


def in_drawer(code: str) -> bool:
    return lookup(code).in_drawer


def first_with_mode(mode: str) -> PaymentMethod | None:
    return next((m for m in METHODS.values() if m.mode == mode), None)


def _amount(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_AMOUNT


def check_reference(method: PaymentMethod, reference) -> str:
    """The reference as stored: text, NFKC (full-width digits become digits), trimmed, at most
    REFERENCE_MAX characters; refused when the method requires one and it is missing or does not
    look like one."""
    text = unicodedata.normalize("NFKC", checks.text(reference, "reference")).strip()
    if not text:
        if method.reference_required:
            raise ValidationError("this payment needs its reference", field="reference", method=method.code)
        return ""
    if method.reference_pattern and not re.fullmatch(method.reference_pattern, text):
        raise ValidationError("{reference!r} does not look like this payment's reference", field="reference",
                              reference=checks.shown(text), method=method.code)
    return text[:REFERENCE_MAX]


def check_part(part) -> dict:
    """One payment as asked (a dict), checked against its method: {method, amount, reference,
    qr_payload}; for a method that gives change, `amount` is what was handed over (the caller
    settles the change against the total)."""
    p = checks.record(part, "payments")
    method = get(p.get("method"))
    if method.gives_change:
        tendered = p.get("tendered", p.get("amount"))
        if not _amount(tendered):
            raise InvalidAmount("cash tendered must be a positive whole number of đồng: {tendered!r}",
                                tendered=checks.shown(tendered))
        return {"method": method.code, "amount": tendered, "reference": "", "qr_payload": ""}
    amount = p.get("amount")
    if method.redeems_voucher:
        return _voucher_part(method, p, amount)
    if not _amount(amount):
        raise InvalidAmount("a payment amount must be a positive whole number of đồng: {amount!r}",
                            method=method.code, amount=checks.shown(amount))
    reference = check_reference(method, p.get("reference", ""))
    qr_payload = checks.text(p.get("qr_payload", ""), "qr_payload", 512)
    return {"method": method.code, "amount": amount, "reference": reference,
            "qr_payload": qr_payload if method.qr_code else ""}


def _voucher_part(method: PaymentMethod, p: dict, amount) -> dict:
    """A voucher payment: its code (check character right), the reservation it spends if the
    centre made one; the reference kept and printed is the masked code."""
    if not _amount(amount):
        raise InvalidAmount("a payment amount must be a positive whole number of đồng: {amount!r}",
                            method=method.code, amount=checks.shown(amount))
    code = voucher_codes.canonical(p.get("voucher_code", p.get("reference")))
    if not code:
        raise ValidationError("this is not a voucher code (check the characters)", field="voucher")
    rid = p.get("redemption_id") or ""
    if rid:
        checks.ident(rid, "redemption_id")
    return {"method": method.code, "amount": amount, "reference": voucher_codes.masked(code), "qr_payload": "",
            "voucher_code": code, "redemption_id": rid}


def check_entry(method: PaymentMethod) -> PaymentMethod:
    """A registry entry that the rest of the kiosk can rely on (run over ENTRIES by the tests)."""
    problems = []
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,23}", method.code):
        problems.append("code must be 2-24 lower-case letters, digits or _")
    if method.mode not in MODES:
        problems.append(f"mode must be one of {MODES}")
    if method.gives_change and method.mode != "cash":
        problems.append("only the cash mode can give change")
    if method.reference_required and not method.asks_reference:
        problems.append("a required reference must be asked for on the payment screen")
    if method.asks_reference and (method.reference_prompt is None or method.mode != "reference"):
        problems.append("a reference is typed in the reference mode, with a prompt")
    if method.mode != "cash" and (not method.key or method.confirm is None):
        problems.append("a method besides cash needs a key and a confirm text on the payment screen")
    if (method.mode == "voucher") != method.redeems_voucher:
        problems.append("the voucher mode is the mode of a method that redeems vouchers")
    if method.refund is not None and not ("%1" in method.refund.vi and "%1" in method.refund.en):
        problems.append("the refund text shows the amount as %1")
    if problems:
        raise ValueError(f"payment method {method.code!r}: " + "; ".join(problems))
    return method
