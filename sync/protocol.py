"""The wire protocol shared by the kiosk client and the server: envelope and request shapes.

Strict types (no "5" for 5): a kiosk that sends the wrong shape gets a 422 and nothing changes,
instead of the server guessing."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

API = "/api/v1"

EVENT_TYPES = (
    "sale.completed", "refund.completed", "sale.voided", "shift.opened", "shift.closed", "cash.moved",
    "stock.received", "stock.moved", "stock_count.approved", "product.local_upsert",
)

DeviceCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{2,12}$")]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Seq = Annotated[int, Field(strict=True, ge=1, le=2**62)]
Count = Annotated[int, Field(strict=True, ge=0)]
Amount = Annotated[int, Field(strict=True)]


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    seq: Seq
    device_code: DeviceCode
    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    created_at: Annotated[str, Field(min_length=10, max_length=40)]
    business_day: Day
    payload: dict


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: Annotated[list[Envelope], Field(max_length=5000)]


class EventResult(BaseModel):
    event_id: str
    seq: int
    status: Literal["applied", "pending", "duplicate", "conflict"]
    result: dict = {}


class PushResponse(BaseModel):
    ack: int  # highest contiguous seq the server holds for this device
    max_seq: int
    missing: list[tuple[int, int]]  # inclusive seq ranges the server has not got below max_seq
    applied: int
    duplicates: int
    results: list[EventResult]


class Progress(BaseModel):
    device_code: str
    ack: int
    max_seq: int
    missing: list[tuple[int, int]]


class EnrollRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device_code: DeviceCode
    enrollment_code: Annotated[str, Field(min_length=4, max_length=64)]
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class EnrollResponse(BaseModel):
    device_code: str
    location_code: str
    location_name: str
    location_kind: str
    token: str


class DayFigures(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: Count = 0
    sales: Count = 0
    sales_total: Amount = 0
    refunds: Count = 0
    refunds_total: Amount = 0
    voids: Count = 0


class ReconcileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: Annotated[dict[Day, DayFigures], Field(max_length=400)]


class DayResult(BaseModel):
    business_day: str
    status: Literal["match", "mismatch"]
    kiosk: DayFigures
    server: DayFigures


class ReconcileResponse(BaseModel):
    days: list[DayResult]


# -- a kiosk checking its outbox against what the server holds (after a restore) -----------------
EventId = Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]


class SeqClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seq: Seq
    event_id: EventId


class ReceiptClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sale_id: Annotated[str, Field(min_length=1, max_length=64)]
    receipt_no: Annotated[str, Field(min_length=1, max_length=40)]


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: Annotated[list[SeqClaim], Field(max_length=5000)] = []
    receipts: Annotated[list[ReceiptClaim], Field(max_length=5000)] = []


class SeqVerdict(BaseModel):
    seq: int
    event_id: str
    # held: this event under this seq; other: a different event holds the seq; moved: this event
    # is held under another seq; absent: neither the seq nor the event is held
    status: Literal["held", "other", "moved", "absent"]


class CheckResponse(BaseModel):
    device_code: str
    ack: int                      # highest contiguous seq held
    max_seq: int                  # highest seq held (events stored behind a gap included)
    max_receipt_no: str | None    # the device's highest receipt number the server holds
    max_receipt_counter: int      # its number part (0 when none)
    events: list[SeqVerdict]
    receipts_taken: list[str]     # claimed receipt numbers the server holds for ANOTHER sale id
