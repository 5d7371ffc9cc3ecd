"""The wire protocol between kiosks and the central server, defined once for both sides: every
request and reply of /api/v1's kiosk endpoints, the event envelope, each event type's payload and
the limits. The kiosk (sync/) and the server (central/) both import it; it imports neither.

Why msgspec and not pydantic: a push of 500 sales is ~2.5 MB of JSON, and msgspec decodes it in
C straight into these structs (a payload stays the raw bytes the kiosk sent until its event is
prepared, so each byte is parsed once and the text is stored as sent), several times faster than
pydantic. msgspec also writes JSON Schema for the same structs, which the server puts into its
OpenAPI document (central/api/bodies.py), so no second, pydantic description is needed.

Strict types: "5" is not 5, true is not 1, 1.0 is not 1; a kiosk that sends the wrong shape gets
a 422 and nothing changes. Unknown fields are refused in requests (a typo is not ignored) but
ignored in the rows inside payloads (a newer kiosk may send columns the centre does not know yet).
Row fields are the kiosk's column names (pos/schema.py); the server adds device, location and
event columns itself, so a payload cannot set them (tests/sync/test_protocol.py checks the rows
against the kiosk's and the centre's tables).

larger on purpose: the one wire format both sides import as a contract, read top to bottom (the
limits, the rows, the payloads, then each endpoint's request and reply); split, a reader of one
struct would need to know which half holds the rows it is made of."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

import msgspec
from msgspec import Meta, Struct

from pos.settings import DEVICE_CODE_PATTERN

API = "/api/v1"
MAX_PUSH_EVENTS = 5000     # events in one POST /events (the server may set a lower limit: 413)
MAX_CHECK_ITEMS = 5000     # (seq, event id) pairs, and receipt numbers, in one POST /events/check
MAX_RECONCILE_DAYS = 400   # days in one POST /reconcile
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EVENT_ID_PATTERN = r"^[0-9a-fA-F-]{32,36}$"
BIG = 2**62                # the largest integer either side stores (a BIGINT with headroom)

EVENT_TYPES = (
    "sale.completed", "refund.completed", "sale.voided", "shift.opened", "shift.closed", "cash.moved",
    "stock.received", "stock.moved", "stock_count.approved", "product.local_upsert",
    "invoice.issued", "buyer.saved", "stock.returned", "stock.transferred", "stock.transfer_received",
)

DeviceCode = Annotated[str, Meta(pattern=DEVICE_CODE_PATTERN)]
Day = Annotated[str, Meta(pattern=DAY_PATTERN)]
EventId = Annotated[str, Meta(pattern=EVENT_ID_PATTERN)]
Seq = Annotated[int, Meta(ge=1, le=BIG)]
Count = Annotated[int, Meta(ge=0)]
Amount = int
Int = Annotated[int, Meta(gt=-BIG, lt=BIG)]
Text = str
OptText = Optional[str]
OptInt = Optional[Int]


# -- rows inside event payloads (kiosk column names; missing NOT NULL columns take the default) --
class Row(Struct, kw_only=True):
    """Base of the payload rows: unknown columns are ignored, not refused."""


class SaleRow(Row):
    id: Text
    business_day: Text
    receipt_no: Text = ""
    kind: Text = "sale"
    status: Text = "completed"
    shift_id: Text = ""
    staff_id: Text = ""
    created_at: Text = ""
    lang: Text = "vi"
    subtotal: Int = 0
    line_discount_total: Int = 0
    order_discount: Int = 0
    order_discount_reason: Text = ""
    total: Int = 0
    vat_total: Int = 0
    paid_total: Int = 0
    change_due: Int = 0
    approved_by: OptText = None
    original_sale_id: OptText = None
    reason: Text = ""
    voided_at: OptText = None
    voided_by: OptText = None
    void_reason: OptText = None


class LineRow(Row):
    id: Text
    sale_id: Text
    product_id: Text
    producer_id: Text
    line_no: Int = 0
    sku: Text = ""
    barcode: Text = ""
    name_vi: Text = ""
    name_en: Text = ""
    unit: Text = ""
    sold_by_weight: Int = 0
    qty: Int = 0
    unit_price: Int = 0
    gross: Int = 0
    line_discount: Int = 0
    line_discount_reason: Text = ""
    order_discount_share: Int = 0
    net: Int = 0
    vat_rate: Int = 0
    vat_amount: Int = 0
    ocop_stars: OptInt = None
    original_line_id: OptText = None
    lot_id: OptText = None           # the kiosk's lot the line was drawn from (pos/lots.py); None without one
    lot_no: Text = ""                # the producer's lot number, GS1 AI (10): one sale line per lot
    use_by: OptText = None
    promo_discount: Int = 0          # the promotions' part of line_discount (pos/promotions.py); 0 from older kiosks


class SetComponentRow(Row):
    """One component of a gift set's sale line (pos/sets.py): what it gave (per lot) and its share
    of the line's money, the producer credited with it; refunds name the row they give back."""
    id: Text
    sale_id: Text
    sale_line_id: Text
    product_id: Text
    producer_id: Text
    n: Int = 0
    name_vi: Text = ""
    name_en: Text = ""
    unit: Text = ""
    per_set: Int = 0
    qty: Int = 0
    regular_price: Int = 0
    net: Int = 0
    vat_rate: Int = 0
    vat_amount: Int = 0
    source: Text = "counter"         # 'counter': drawn at the sale; 'stock': a box made ahead (pos/set_assembly.py)
    lot_id: OptText = None
    lot_no: Text = ""
    use_by: OptText = None
    original_id: OptText = None


class PaymentRow(Row):
    id: Text
    sale_id: Text
    method: Text = ""
    amount: Int = 0
    tendered: Int = 0
    change_given: Int = 0
    reference: Text = ""
    qr_payload: Text = ""


class MoveRow(Row):
    id: Text
    product_id: Text
    qty: Int = 0
    kind: Text = ""
    ref_type: Text = ""
    ref_id: Text = ""
    reason: Text = ""
    staff_id: OptText = None
    at: Text = ""
    lot_id: OptText = None           # the lot moved (its number: DeliveryLotRow / LineRow.lot_no)


class VoucherRedemptionRow(Row):
    """A voucher use the sale spent (pos/vouchers.py); `id` is the redemption id, the one an
    online reservation was made under when `online` is 1."""
    id: Text
    voucher_code: Text
    sale_id: OptText = None
    payment_id: OptText = None
    amount: Int = 0
    online: Int = 0
    at: Text = ""
    business_day: Text = ""


class VoucherRestoreRow(Row):
    """A voucher use given back by a refund or a void (`restored_by`: that refund's or sale's id)."""
    id: Text
    restored_by: Text = ""


class ShiftRow(Row):
    id: Text
    number: Int = 0
    opened_at: Text = ""
    opened_by: Text = ""
    opening_float: Int = 0
    closed_at: OptText = None
    closed_by: OptText = None
    expected_cash: OptInt = None
    counted_cash: OptInt = None
    counted_detail: OptText = None   # JSON {denomination: count}, as the kiosk stores it
    status: Text = "open"


class CashMoveRow(Row):
    id: Text
    shift_id: Text = ""
    direction: Text = ""
    amount: Int = 0
    reason: Text = ""
    staff_id: Text = ""
    at: Text = ""


class DeliveryRow(Row):
    id: Text
    producer_id: Text = ""
    note_no: Text = ""
    received_at: Text = ""
    staff_id: Text = ""
    note: Text = ""
    announcement_id: Text = ""  # the producer's announcement it was received against ("" none; older kiosks)


class DeliveryLineRow(Row):
    delivery_id: Text
    product_id: Text
    qty: Int = 0
    expires: OptText = None


class DeliveryLotRow(Row):
    """One lot a delivery brought: the producer's lot number and dates, as the kiosk received it."""
    delivery_id: Text
    lot_id: Text
    product_id: Text
    lot_no: Text = ""
    produced_on: OptText = None
    use_by: OptText = None
    qty: Int = 0


class ReturnRow(Row):
    """A return of goods to their producer (pos/producer_returns.py); its lines are the event's
    movements (kind return_to_producer, ref_id = this id, one per product and lot)."""
    id: Text
    return_no: Text = ""
    producer_id: Text = ""
    reason: Text = ""
    note: Text = ""
    staff_id: Text = ""
    returned_at: Text = ""


class TransferRow(Row):
    """A transfer between points of sale (pos/transfers.py), as the sending ('out') or the taking-in
    ('in') kiosk booked it: both carry the same id, the centre keeps one of each."""
    id: Text
    direction: Text
    transfer_no: Text = ""
    from_device: Text = ""
    to_location: Text = ""
    reason: Text = ""
    staff_id: Text = ""
    at: Text = ""


class TransferLineRow(Row):
    """One product and lot of a transfer; lot_id is the booking kiosk's own lot."""
    transfer_id: Text
    product_id: Text
    lot_id: OptText = None
    lot_no: Text = ""
    produced_on: OptText = None
    use_by: OptText = None
    qty: Int = 0


class CountRow(Row):
    id: Text
    started_at: Text = ""
    started_by: Text = ""
    status: Text = "approved"
    approved_at: OptText = None
    approved_by: OptText = None
    note: Text = ""


class CountLineRow(Row):
    count_id: Text
    product_id: Text
    counted: Int = 0
    expected: OptInt = None
    counted_at: Text = ""


# -- event payloads, one per type ----------------------------------------------------------------
class SalePromotionRow(Row):
    """One promotion's use on one sale line (pos/sale_promotions.py), or one the clerk removed
    from the sale (level "removed", line_id None, removed_by)."""
    id: Text
    sale_id: Text
    promotion_id: Text
    line_id: OptText = None
    amount: Int = 0
    level: Text = "line"             # line | order | removed
    carrier: Text = "booth"          # who carries it in settlement: booth | producer
    text_vi: Text = ""
    removed_by: OptText = None


class SalePayload(Struct):
    """sale.completed and refund.completed."""
    sale: SaleRow
    lines: list[LineRow] = []
    payments: list[PaymentRow] = []
    stock_moves: list[MoveRow] = []
    sale_line_components: list[SetComponentRow] = []  # gift sets only; kiosks from before sets send none
    voucher_redemptions: list[VoucherRedemptionRow] = []  # absent from kiosks before vouchers
    voucher_restores: list[VoucherRestoreRow] = []       # a refund's uses given back
    promotions: list[SalePromotionRow] = []  # additive: absent from older kiosks and sales without any


class VoidPayload(Struct):
    """sale.voided (the payload's receipt_no is for people reading the log; the sale id decides)."""
    sale_id: Text
    voided_at: OptText = None
    voided_by: OptText = None
    void_reason: OptText = None
    stock_moves: list[MoveRow] = []
    voucher_restores: list[VoucherRestoreRow] = []


class ShiftPayload(Struct):
    """shift.opened, and shift.closed with the Z report as the kiosk printed it."""
    shift: ShiftRow
    report: Any = None


class CashPayload(Struct):
    cash_move: CashMoveRow


class DeliveryPayload(Struct):
    delivery: DeliveryRow
    lines: list[DeliveryLineRow] = []
    stock_moves: list[MoveRow] = []
    lots: list[DeliveryLotRow] = []  # kiosks from before lots send none


class MovesPayload(Struct):
    """stock.moved: damaged, expired, transfers."""
    stock_moves: list[MoveRow] = []


class ReturnPayload(Struct):
    """stock.returned: the return note and its movements."""
    producer_return: ReturnRow
    stock_moves: list[MoveRow] = []


class TransferPayload(Struct):
    """stock.transferred (out) and stock.transfer_received (in)."""
    transfer: TransferRow
    lines: list[TransferLineRow] = []
    stock_moves: list[MoveRow] = []


class CountPayload(Struct):
    count: CountRow
    lines: list[CountLineRow] = []
    stock_moves: list[MoveRow] = []


class LocalProductPayload(Struct):
    """A product made on the kiosk (kept centrally as the kiosk has it, keyed by its id)."""
    product: dict[str, Any]
    barcodes: list[Any] = []

    def __post_init__(self):
        if not isinstance(self.product.get("id"), str):
            raise ValueError("product.id must be text")


class InvoiceRow(Row):
    """One cash-register e-invoice as the kiosk issued it (Decree 254/2026, Circular 91/2026): a
    snapshot of everything printed, so the centre never reconstructs it."""
    id: Text
    sale_id: Text
    kind: Text = "original"          # original | replacement | adjustment
    related_invoice_id: OptText = None   # the invoice a replacement/adjustment refers to
    template: Text = "1"             # 1 VAT invoice (credit method), 2 sales invoice (direct method)
    symbol: Text = ""                # 6 characters, e.g. C26MBL (printed with the template: 1C26MBL)
    year: Int = 0
    number: Int = 0                  # gapless per (seller tax code, template, symbol, year) on this kiosk
    authority_code: Text = ""        # M{template}-{YY}-{XXXXX}-{11 digits}
    issued_at: Text = ""             # ISO 8601 with +07:00
    business_day: Text = ""
    seller_tax_code: Text = ""
    seller_name: Text = ""
    seller_address: Text = ""
    place_code: Text = ""            # business location (địa điểm kinh doanh)
    place_name: Text = ""
    place_address: Text = ""
    delegate_tax_code: Text = ""     # the booth operator invoicing on a producer's behalf (ủy nhiệm)
    delegate_name: Text = ""
    delegate_address: Text = ""
    buyer_name: Text = ""            # person; "" -> printed "Người mua không lấy hóa đơn"/"Bán cho người tiêu dùng"
    buyer_company: Text = ""
    buyer_address: Text = ""
    buyer_tax_code: Text = ""
    buyer_id_no: Text = ""           # CCCD / passport
    buyer_email: Text = ""
    buyer_phone: Text = ""
    pre_vat_total: Int = 0
    vat_total: Int = 0
    discount_total: Int = 0
    total: Int = 0                   # what the buyer pays (VAT inclusive), negative for a reducing adjustment
    total_words: Text = ""
    lookup_url: Text = ""
    lookup_code: Text = ""


class InvoiceLineRow(Row):
    id: Text
    invoice_id: Text
    line_no: Int = 0
    sale_line_id: OptText = None
    product_id: Text = ""
    name: Text = ""
    unit: Text = ""
    qty: Int = 0                     # units, or grams when by_weight
    by_weight: Int = 0
    unit_price: Int = 0              # VAT-inclusive shelf price
    discount: Int = 0                # trade discount on this line (its own + share of the order discount)
    amount: Int = 0                  # VAT-inclusive net of the line (= what the line costs the buyer)
    vat_rate: Int = 0                # 0, 5, 8, 10
    pre_vat: Int = 0                 # amount - vat_amount
    vat_amount: Int = 0


class InvoicePayload(Struct):
    """invoice.issued: written by the kiosk in the same transaction as its sale (or refund)."""
    invoice: InvoiceRow
    lines: list[InvoiceLineRow] = []


class BuyerRow(Row):
    id: Text
    tax_code: Text = ""
    id_no: Text = ""
    name: Text = ""
    company: Text = ""
    address: Text = ""
    email: Text = ""
    phone: Text = ""
    updated_at: Text = ""


class BuyerPayload(Struct):
    """buyer.saved: a buyer profile made or edited at a kiosk (last updated_at wins centrally)."""
    buyer: BuyerRow


PAYLOADS: dict[str, type[Struct]] = {
    "sale.completed": SalePayload, "refund.completed": SalePayload, "sale.voided": VoidPayload,
    "shift.opened": ShiftPayload, "shift.closed": ShiftPayload, "cash.moved": CashPayload,
    "stock.received": DeliveryPayload, "stock.moved": MovesPayload, "stock_count.approved": CountPayload,
    "product.local_upsert": LocalProductPayload,
    "invoice.issued": InvoicePayload, "buyer.saved": BuyerPayload, "stock.returned": ReturnPayload,
    "stock.transferred": TransferPayload, "stock.transfer_received": TransferPayload,
}
assert set(PAYLOADS) == set(EVENT_TYPES)
Payload = Union[SalePayload, VoidPayload, ShiftPayload, CashPayload, DeliveryPayload, MovesPayload, CountPayload,
                LocalProductPayload, InvoicePayload, BuyerPayload, ReturnPayload, TransferPayload]


# -- the push ------------------------------------------------------------------------------------
class Envelope(Struct, forbid_unknown_fields=True):
    event_id: EventId
    seq: Seq
    device_code: DeviceCode
    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    created_at: Annotated[str, Meta(min_length=10, max_length=40)]
    business_day: Day
    payload: msgspec.Raw  # one of PAYLOADS[type]: decoded by decode_payload, stored as sent


class PushRequest(Struct, forbid_unknown_fields=True):
    events: Annotated[list[Envelope], Meta(max_length=MAX_PUSH_EVENTS)]


class EventResult(Struct):
    event_id: str
    seq: int
    status: Literal["applied", "pending", "duplicate", "conflict", "rejected"]
    # what the event made (sale id, receipt number, total ...; "flagged": [...] when its figures disagree
    # with its lines); {} when pending; "rejected": stored, not applied, {"code": 409, "error": ...}
    result: dict[str, Any] = {}


class PushResponse(Struct):
    ack: int  # highest contiguous seq the server holds for this device
    max_seq: int
    missing: list[tuple[int, int]]  # inclusive seq ranges the server has not got below max_seq
    applied: int
    duplicates: int
    results: list[EventResult]


class Progress(Struct):
    device_code: str
    ack: int
    max_seq: int
    missing: list[tuple[int, int]]


_push_decoder = msgspec.json.Decoder(PushRequest)
_payload_decoders = {t: msgspec.json.Decoder(cls) for t, cls in PAYLOADS.items()}


def decode_push(body: bytes) -> PushRequest:
    """A POST /events body; raises msgspec.ValidationError (wrong shape) or DecodeError (not JSON)."""
    return _push_decoder.decode(body)


def decode_payload(event_type: str, raw: bytes | msgspec.Raw) -> Payload:
    """An event's payload as the typed struct for its type (raises as decode_push)."""
    return _payload_decoders[event_type].decode(raw)


# -- vouchers checked online (central/api/routes/vouchers.py) -------------------------------------
class VoucherRedeemRequest(Struct, forbid_unknown_fields=True):
    """Reserve one use of a voucher for this kiosk; the same redemption id again gets the same answer."""
    redemption_id: EventId
    total: Annotated[int, Meta(ge=0, le=BIG)] = 0   # the sale's total, for the log (the kiosk computes the value)


class VoucherRedeemResponse(Struct):
    redemption_id: str
    status: Literal["reserved", "redeemed"]
    id: str
    code: str
    kind: str
    value: int
    cap: int
    uses: int
    expires_on: str
    name: str = ""


class VoucherReleaseRequest(Struct, forbid_unknown_fields=True):
    redemption_id: EventId


# -- enrollment ------------------------------------------------------------------------------------
class EnrollRequest(Struct, forbid_unknown_fields=True):
    device_code: DeviceCode
    enrollment_code: Annotated[str, Meta(min_length=4, max_length=64)]
    public_key: Optional[Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]] = None


class EnrollResponse(Struct):
    device_code: str
    location_code: str
    location_name: str
    location_kind: str
    token: str
    centre_key: str = ""  # the centre's Ed25519 public key (hex): checks its fair bundles (sync/fair.py)


# -- nightly reconciliation ------------------------------------------------------------------------
class DayFigures(Struct, forbid_unknown_fields=True):
    events: Count = 0
    sales: Count = 0
    sales_total: Amount = 0
    refunds: Count = 0
    refunds_total: Amount = 0
    voids: Count = 0
    # e-invoices issued that day (issue 13): originals, replacements and adjustments, and the sum of
    # their totals (adjustments negative). Defaults keep a kiosk from before e-invoicing reconciling.
    invoices: Count = 0
    invoices_total: Amount = 0


class ReconcileRequest(Struct, forbid_unknown_fields=True):
    days: Annotated[dict[Day, DayFigures], Meta(max_length=MAX_RECONCILE_DAYS)]


class DayResult(Struct):
    business_day: str
    status: Literal["match", "mismatch"]
    kiosk: DayFigures
    server: DayFigures


class ReconcileResponse(Struct):
    days: list[DayResult]


# -- a kiosk checking its outbox against what the server holds (after a restore) -----------------
class SeqClaim(Struct, forbid_unknown_fields=True):
    seq: Seq
    event_id: EventId


class ReceiptClaim(Struct, forbid_unknown_fields=True):
    sale_id: Annotated[str, Meta(min_length=1, max_length=64)]
    receipt_no: Annotated[str, Meta(min_length=1, max_length=40)]


class CheckRequest(Struct, forbid_unknown_fields=True):
    events: Annotated[list[SeqClaim], Meta(max_length=MAX_CHECK_ITEMS)] = []
    receipts: Annotated[list[ReceiptClaim], Meta(max_length=MAX_CHECK_ITEMS)] = []


class SeqVerdict(Struct):
    seq: int
    event_id: str
    # held: this event under this seq; other: a different event holds the seq; moved: this event
    # is held under another seq; absent: neither the seq nor the event is held
    status: Literal["held", "other", "moved", "absent"]


class CheckResponse(Struct):
    device_code: str
    ack: int                      # highest contiguous seq held
    max_seq: int                  # highest seq held (events stored behind a gap included)
    max_receipt_no: Optional[str]  # the device's highest receipt number the server holds
    max_receipt_counter: int      # its number part (0 when none)
    events: list[SeqVerdict]
    receipts_taken: list[str]     # claimed receipt numbers the server holds for ANOTHER sale id


# Every struct a reply or request of the kiosk API is made of (the OpenAPI components).
DOCUMENTED = (PushRequest, PushResponse, Progress, EnrollRequest, EnrollResponse, ReconcileRequest,
              ReconcileResponse, CheckRequest, CheckResponse, VoucherRedeemRequest, VoucherRedeemResponse,
              VoucherReleaseRequest, *dict.fromkeys(PAYLOADS.values()))
