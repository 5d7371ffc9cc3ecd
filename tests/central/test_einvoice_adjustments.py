"""The adjustment invoices beyond a refund's decrease, at the centre, on SQLite and PostgreSQL and
against both fake providers on loopback: an adjustment of the buyer's details only (no lines, zero
totals: a buyer corrected on a refunded sale, pos.einvoice.issue.correct_buyer) is stored without
being held, waits for its original, and is accepted with the provider's information-adjustment
shape; an increasing adjustment is sent with positive amounts and "Điều chỉnh tăng ..."."""
from __future__ import annotations

import pytest

from einvoice_fakes import FakeMisa, FakeViettel, Served
from einvoice_rig import OPERATOR, SimClock, central, deliveries, invoice_payload, push, register_seller, sender

FAKES = {"viettel": FakeViettel, "misa": FakeMisa}
RIGHT = {"buyer_company": "Công ty TNHH An Phát", "buyer_tax_code": "0100233488", "buyer_address": "5 Lê Lợi, Hà Nội"}


@pytest.fixture(params=["viettel", "misa"])
def provider(request):
    served = Served(FAKES[request.param](OPERATOR))
    served.name = request.param
    yield served
    served.stop()


@pytest.fixture
def engine(database_url):
    eng = central(database_url)
    yield eng
    eng.dispose()


def _info(orig: dict, number: int) -> dict:
    pl = invoice_payload(number, lines=[], kind="adjustment", related=orig["invoice"]["id"], buyer=RIGHT)
    pl["invoice"]["total_words"] = "Không đồng"
    return pl


def test_an_adjustment_of_the_buyer_only_is_accepted_after_its_original(engine, provider):
    register_seller(engine, provider.name, provider.url)
    orig = invoice_payload(1)
    info = _info(orig, 3)
    push(engine, [info, orig])
    assert deliveries(engine)[info["invoice"]["id"]].state == "queued"  # not held: no lines is right here
    clock = SimClock()
    sender(engine, clock).run_once()
    clock.advance(61)
    sender(engine, clock).run_once()
    assert {r.state for r in deliveries(engine).values()} == {"accepted"}
    body = provider.fake.invoices[info["invoice"]["id"]]["body"]
    if provider.name == "viettel":
        gen = body["generalInvoiceInfo"]
        assert (gen["adjustmentType"], gen["adjustmentInvoiceType"]) == ("5", "2")
        assert gen["additionalReferenceDesc"] == ("Điều chỉnh thông tin người mua cho hóa đơn Mẫu số 1 ký hiệu "
                                                  "C26MBL số 1 ngày 2026-11-17")
        assert body["itemInfo"] == [] and body["taxBreakdowns"] == []
        assert body["summarizeInfo"]["totalAmountWithTax"] == 0 and body["buyerInfo"]["buyerTaxCode"] == "0100233488"
    else:
        assert (body["ReferenceType"], body["OrgInvNo"], body["OriginalInvoiceDetail"]) == (2, "1", [])
        assert "AdjustmentType" not in body and body["TotalAmount"] == 0
        assert body["InvoiceNote"] == ("Điều chỉnh thông tin người mua cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 "
                                       "ngày 17/11/2026")


def test_an_invoice_without_lines_that_is_not_a_buyer_adjustment_is_held(engine):
    orig = invoice_payload(1)
    empty = invoice_payload(2, lines=[])  # an original with nothing on it
    money = _info(orig, 3)
    money["invoice"]["total"] = 5_000  # says money moved, carries no line
    push(engine, [orig, empty, money])
    rows = deliveries(engine)
    assert rows[empty["invoice"]["id"]].state == "issued" and rows[money["invoice"]["id"]].state == "issued"


def test_an_increasing_adjustment_is_sent_with_positive_amounts_and_its_words(engine, provider):
    """A line billed 20.000 below its price, 3 units: + 60.000 at 8 % (VAT 60.000 x 8/108 = 4.444)."""
    register_seller(engine, provider.name, provider.url)
    orig = invoice_payload(1)
    up = invoice_payload(2, lines=[("Tôm khô Gành Hào 200g", "gói", 20_000, 3, 0, 0, 8)], kind="adjustment",
                         related=orig["invoice"]["id"])
    assert (up["invoice"]["total"], up["invoice"]["vat_total"], up["invoice"]["pre_vat_total"]) == (60_000, 4_444,
                                                                                                   55_556)
    push(engine, [orig, up])
    clock = SimClock()
    sender(engine, clock).run_once()
    clock.advance(61)
    sender(engine, clock).run_once()
    assert {r.state for r in deliveries(engine).values()} == {"accepted"}
    body = provider.fake.invoices[up["invoice"]["id"]]["body"]
    if provider.name == "viettel":
        gen, (item,) = body["generalInvoiceInfo"], body["itemInfo"]
        assert (gen["adjustmentType"], gen["adjustmentInvoiceType"]) == ("5", "1")
        assert gen["additionalReferenceDesc"].startswith("Điều chỉnh tăng cho hóa đơn Mẫu số 1 ký hiệu C26MBL số 1")
        assert (item["isIncreaseItem"], item["itemTotalAmountWithTax"], item["taxAmount"]) == (True, 60_000, 4_444)
        assert body["summarizeInfo"]["isTotalAmountPos"] is True
    else:
        assert (body["ReferenceType"], body["AdjustmentType"], body["TotalAmount"]) == (2, 1, 60_000)
        assert body["InvoiceNote"] == "Điều chỉnh tăng cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 17/11/2026"
