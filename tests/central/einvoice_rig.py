"""E-invoice test rig: a migrated central database with a kiosk and a seller whose provider is a
local fake (tests/central/einvoice_fakes.py), invoices pushed through the real ingest path (the
invoice.issued applier), and a simulated clock for the sender (no sleeping)."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import msgspec

from pos.money import line_amount, vat_part
from sync import protocol as p

from central import accounts, db
from central.einvoice import secrets, settings
from central.events import ingest

OPERATOR = "0100109106"  # a tax code with a valid check digit
KEY = secrets.new_key()
PASSWORD = "mat-khau-nha-cung-cap"
T0 = 1_795_000_000.0  # epoch seconds, 2026-11-17: the sender's simulated clock starts here


class SimClock:
    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def central(url: str, device: str = "HN01"):
    engine = db.make_engine(url)
    db.upgrade(engine)
    with engine.begin() as conn:
        accounts.create_device(conn, device, "HN-BOOTH", location_name="Gian hàng OCOP Hà Nội")
    return engine


def register_seller(engine, provider: str, url: str, tax_code: str = OPERATOR, **extra) -> None:
    data = {"tax_code": tax_code, "name": "Công ty TNHH Đặc sản OCOP Việt", "address": "12 Tràng Tiền, Hoàn Kiếm, Hà Nội",
            "template": "1", "authority_prefix": "AB12C", "provider": provider, "provider_url": url,
            "username": "api-user", "password": PASSWORD, "is_operator": True,
            "provider_options": {"app_id": "app-ocop"} if provider == "misa" else {"template_code": "1/001"}, **extra}
    with engine.begin() as conn:
        settings.save_seller(conn, data, KEY, "test")
        settings.set_symbol(conn, tax_code, "HN01", "C26MBL")


# (name, unit, price incl. VAT, qty (g when by weight), by_weight, discount, VAT %)
MIXED = [("Muối hầm Bạc Liêu 500g", "hũ", 45_000, 2, 0, 0, 0),
         ("Mật ong bạc hà", "chai", 180_000, 1, 0, 9_000, 5),
         ("Tôm khô Gành Hào 200g", "gói", 250_000, 3, 0, 15_500, 8),
         ("Chả cá Lã Vọng", "kg", 320_000, 1_250, 1, 2_001, 10)]


def invoice_payload(number: int, lines=MIXED, seller: str = OPERATOR, kind: str = "original",
                    related: str | None = None, symbol: str = "C26MBL", buyer: dict | None = None,
                    break_total: int = 0) -> dict:
    inv_id = str(uuid.uuid4())
    rows = []
    for i, (name, unit, price, qty, by_weight, discount, rate) in enumerate(lines, 1):
        amount = line_amount(price, qty, bool(by_weight)) - discount
        vat = vat_part(amount, rate)
        rows.append({"id": str(uuid.uuid4()), "invoice_id": inv_id, "line_no": i, "sale_line_id": None,
                     "product_id": f"P{i:03d}", "name": name, "unit": unit, "qty": qty, "by_weight": by_weight,
                     "unit_price": price, "discount": discount, "amount": amount, "vat_rate": rate,
                     "pre_vat": amount - vat, "vat_amount": vat})
    total = sum(r["amount"] for r in rows)
    inv = {"id": inv_id, "sale_id": str(uuid.uuid4()), "kind": kind, "related_invoice_id": related,
           "template": "1", "symbol": symbol, "year": 2026, "number": number,
           "authority_code": f"M1-26-AB12C-{number:011d}", "issued_at": "2026-11-17T10:15:00+07:00",
           "business_day": "2026-11-17", "seller_tax_code": seller, "seller_name": "Công ty TNHH Đặc sản OCOP Việt",
           "seller_address": "12 Tràng Tiền, Hoàn Kiếm, Hà Nội", "place_code": "BL01",
           "place_name": "Gian hàng OCOP Hà Nội", "place_address": "12 Tràng Tiền, Hà Nội",
           "pre_vat_total": sum(r["pre_vat"] for r in rows), "vat_total": sum(r["vat_amount"] for r in rows),
           "discount_total": sum(r["discount"] for r in rows), "total": total + break_total,
           "total_words": "Một triệu hai trăm nghìn đồng", "lookup_url": "https://tracuu.example.vn",
           "lookup_code": f"TC{number:08d}", "delegate_tax_code": "", "delegate_name": "", "delegate_address": "",
           **{f"buyer_{k}": "" for k in ("name", "company", "address", "tax_code", "id_no", "email", "phone")},
           **(buyer or {})}
    return {"invoice": inv, "lines": rows}


def push(engine, payloads: list[dict], device: str = "HN01", first_seq: int = 1, etype: str = "invoice.issued"):
    envs = [p.Envelope(uuid.uuid4().hex, first_seq + i, device, etype, "2026-11-17T03:15:00+00:00", "2026-11-17",
                       msgspec.Raw(msgspec.json.encode(pl))) for i, pl in enumerate(payloads)]
    with engine.begin() as conn:
        return ingest.ingest(conn, device, envs)


def sender(engine, clock: SimClock, **kw):
    from central.einvoice.sender import Sender

    return Sender(engine, KEY, clock=clock, timeout=5, **kw)


def deliveries(engine) -> dict[str, SimpleNamespace]:
    import sqlalchemy as sa

    from central import models as m

    with engine.connect() as conn:
        return {r.invoice_id: SimpleNamespace(**r._mapping) for r in conn.execute(sa.select(m.invoice_deliveries))}
