"""A central database with producers, products and hand-written sale lines and stock movements:
enough for settlement periods without kiosks (the figures themselves are tested against kiosks in
test_commission_history.py and the office tests)."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from central import db
from central import models as m

TODAY = dt.date(2026, 12, 7)
_ids = itertools.count(1)


@pytest.fixture
def centre_db(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(m.locations), [{"code": "HN-BOOTH", "name": "Gian hàng Hà Nội"},
                                              {"code": "BL-SITE", "name": "Điểm bán Bạc Liêu"}])
        conn.execute(sa.insert(m.producers), [
            {"id": "p-tra", "code": "HTX01", "name": "Hợp tác xã Chè Tân Cương", "kind": "cooperative",
             "commission_bp": 1500, "rev": 1, "address": "Xã Tân Cương, Thái Nguyên"},
            {"id": "p-muoi", "code": "HKD02", "name": "Hộ Nguyễn Thị Đường (muối tôm)", "kind": "household",
             "commission_bp": 1000, "rev": 1, "address": ""}])
        conn.execute(sa.insert(m.products), [
            {"id": "tra", "sku": "TRA-01", "name_vi": "Chè búp Tân Cương 200g", "unit": "gói", "producer_id": "p-tra",
             "price": 120_000, "vat_rate": 8, "rev": 1},
            {"id": "muoi", "sku": "MUOI-01", "name_vi": "Muối tôm Tây Ninh", "unit": "hũ", "producer_id": "p-muoi",
             "price": 45_000, "vat_rate": 8, "rev": 1}])
    yield engine
    engine.dispose()


def sell(conn, day: str, product: str, producer: str, qty: int, price: int, kind: str = "sale",
         loc: str = "HN-BOOTH", status: str = "completed") -> str:
    """One receipt of one line, dated `day` (a Vietnam day), with its stock movement."""
    n = next(_ids)
    sid = f"sale-{n:06d}"
    conn.execute(sa.insert(m.sales).values(id=sid, device_code="HN01", location_code=loc, receipt_no=f"R{n}",
                                           kind=kind, status=status, business_day=day, total=qty * price,
                                           event_id=f"ev-{n}"))
    conn.execute(sa.insert(m.sale_lines).values(id=f"line-{n:06d}", sale_id=sid, device_code="HN01",
                                                location_code=loc, business_day=day, product_id=product,
                                                producer_id=producer, qty=qty, unit_price=price, gross=qty * price,
                                                net=qty * price, vat_rate=8, vat_amount=qty * price * 8 // 108))
    move(conn, f"{day}T03:00:00.000+00:00", product, qty if kind == "refund" else -qty, kind, loc)
    return sid


def move(conn, at: str, product: str, qty: int, kind: str, loc: str = "HN-BOOTH") -> None:
    conn.execute(sa.insert(m.stock_moves).values(id=f"mv-{next(_ids):06d}", device_code="HN01", location_code=loc,
                                                 product_id=product, qty=qty, kind=kind, at=at))
