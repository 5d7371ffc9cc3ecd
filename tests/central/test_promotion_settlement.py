"""Who carries a promotion is charged in settlement, and a refund takes back its share of the
promotion (docs/promotions.md, "Settlement: the carrier pays"), on SQLite and PostgreSQL, with
hand-computed figures: the live settlement, a closed statement (page and PDF, which the producer
portal serves), a late refund carried into the next statement, and the cost report.

p-tra (Chè Tân Cương) has 15 % commission, p-muoi (muối tôm) 10 %."""
from __future__ import annotations

import csv
import io
import itertools
import shutil
import subprocess

import sqlalchemy as sa

from central import models as m
from central.figures import promotions as promo_costs
from central.figures import settlement_close as sc, statements
from central.figures.reports import Filters
from central.figures.settlement import statement_html, settlement
from central.figures.settlement_pdf import statement_pdf
from central.catalog.rates import BEGINNING
from settlerig import TODAY, centre_db  # noqa: F401 - centre_db is a fixture

OCT, NOV = ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30")
_n = itertools.count(1)


def promo(conn, pid: str, carrier: str) -> None:
    conn.execute(sa.insert(m.promotions).values(id=pid, kind="percent_off", name_vi=f"KM {pid}", carrier=carrier,
                                                created_at="2026-10-01T00:00:00+00:00", rev=1))


def sale(conn, day: str, product: str, producer: str, qty: int, price: int, promos: dict[str, tuple[str, int]],
         loc: str = "HN-BOOTH") -> str:
    """One completed receipt of one line whose promotions are {promotion id: (carrier, amount)}."""
    n = next(_n)
    sid, lid = f"ps-{n:05d}", f"pl-{n:05d}"
    off = sum(a for _c, a in promos.values())
    conn.execute(sa.insert(m.sales).values(id=sid, device_code="HN01", location_code=loc, receipt_no=f"P{n}",
                                           kind="sale", status="completed", business_day=day,
                                           created_at=f"{day}T03:00:00.000+00:00", total=qty * price - off,
                                           event_id=f"pev-{n}"))
    conn.execute(sa.insert(m.sale_lines).values(
        id=lid, sale_id=sid, device_code="HN01", location_code=loc, business_day=day, product_id=product,
        producer_id=producer, qty=qty, unit_price=price, gross=qty * price, line_discount=off, promo_discount=off,
        net=qty * price - off, vat_rate=8, vat_amount=(qty * price - off) * 8 // 108))
    for k, (pid, (carrier, amount)) in enumerate(sorted(promos.items())):
        conn.execute(sa.insert(m.sale_promotions).values(
            id=f"{sid}-{k}", sale_id=sid, promotion_id=pid, line_id=lid, amount=amount, level="line",
            carrier=carrier, business_day=day, device_code="HN01", location_code=loc))
    return lid


def refund(conn, day: str, line_id: str, qty: int, net: int, at: str = "03:00") -> None:
    """A completed refund of `qty` units of `line_id` giving back `net` (the kiosk's refund_net)."""
    n = next(_n)
    sid = f"pr-{n:05d}"
    orig = conn.execute(sa.select(m.sale_lines).where(m.sale_lines.c.id == line_id)).one()
    conn.execute(sa.insert(m.sales).values(id=sid, device_code="HN01", location_code=orig.location_code,
                                           receipt_no=f"P{n}", kind="refund", status="completed", business_day=day,
                                           created_at=f"{day}T{at}:00.000+00:00", total=net, event_id=f"pev-{n}",
                                           original_sale_id=orig.sale_id))
    conn.execute(sa.insert(m.sale_lines).values(
        id=f"pl-{n:05d}", sale_id=sid, device_code="HN01", location_code=orig.location_code, business_day=day,
        product_id=orig.product_id, producer_id=orig.producer_id, qty=qty, unit_price=orig.unit_price,
        gross=qty * orig.unit_price, net=net, vat_rate=8, vat_amount=net * 8 // 108, original_line_id=line_id))


def _october(conn) -> str:
    promo(conn, "km-nsx", "producer")
    promo(conn, "km-gian", "booth")
    tra = sale(conn, "2026-10-05", "tra", "p-tra", 4, 120_000, {"km-nsx": ("producer", 48_000)})  # 10 % off
    sale(conn, "2026-10-06", "muoi", "p-muoi", 3, 45_000, {"km-gian": ("booth", 15_000)}, loc="BL-SITE")
    return tra


def _rows(conn, period=OCT) -> dict:
    return {r["producer_id"]: r for r in settlement(conn, Filters.make(*period))}


def _money(r: dict) -> tuple:
    return r["net"], r.get("promo_booth"), r.get("promo_producer"), r["commission"], r["payable"]


def test_the_carrier_pays_the_promotion_in_settlement(centre_db):
    with centre_db.begin() as conn:
        _october(conn)
        rows = _rows(conn)
    # producer-carried: basis 432.000 + 48.000 = 480.000; 15 % = 72.000; 480.000 - 72.000 - 48.000
    assert _money(rows["p-tra"]) == (432_000, 0, 48_000, 72_000, 360_000)
    # booth-carried: paid on the undiscounted 135.000: 10 % = 13.500; 135.000 - 13.500
    assert _money(rows["p-muoi"]) == (120_000, 15_000, 0, 13_500, 121_500)
    assert rows["p-tra"]["commission_rates"][0]["basis"] == 480_000


def test_a_settlement_without_promotions_keeps_its_shape(centre_db):
    with centre_db.begin() as conn:
        sale(conn, "2026-10-05", "tra", "p-tra", 2, 120_000, {})
        (row,) = _rows(conn).values()
    assert "promo_booth" not in row and "basis" not in row["commission_rates"][0]
    assert _money(row) == (240_000, None, None, 36_000, 204_000)


def test_a_partial_refund_takes_back_its_share_of_the_promotion(centre_db):
    with centre_db.begin() as conn:
        tra = _october(conn)
        refund(conn, "2026-10-07", tra, 1, 108_000)  # round_div(432.000 x 1, 4)
        rows = _rows(conn)
        cost = promo_costs.costs(conn, Filters.make(*OCT))
        only_refund_day = promo_costs.costs(conn, Filters.make("2026-10-07"))
    # 3 units left: net 324.000, promotion 48.000 - 12.000 = 36.000, basis 360.000, 15 % = 54.000
    assert _money(rows["p-tra"]) == (324_000, 0, 36_000, 54_000, 270_000)
    by_id = {r["id"]: r for r in cost["promotions"]}
    assert (by_id["km-nsx"]["amount"], by_id["km-nsx"]["refunded"], by_id["km-nsx"]["producer"],
            by_id["km-nsx"]["receipts"]) == (36_000, 12_000, 36_000, 1)
    assert (cost["total"], cost["booth"], cost["producer"]) == (51_000, 15_000, 36_000)
    assert {r["id"]: r["amount"] for r in cost["producers"]} == {"p-tra": 36_000, "p-muoi": 15_000}
    assert {r["id"]: r["amount"] for r in cost["locations"]} == {"HN-BOOTH": 36_000, "BL-SITE": 15_000}
    assert [(r["id"], r["amount"]) for r in only_refund_day["promotions"]] == [("km-nsx", -12_000)]


def test_refunds_in_parts_take_back_the_whole_promotion_exactly(centre_db):
    """1.000 ₫ of promotion on 3 units: 333 + 333 back, and the last unit takes the rest, 334."""
    with centre_db.begin() as conn:
        promo(conn, "km-nsx", "producer")
        line = sale(conn, "2026-10-05", "muoi", "p-muoi", 3, 45_000, {"km-nsx": ("producer", 1_000)})
        refund(conn, "2026-10-06", line, 1, 44_667, at="03:00")
        refund(conn, "2026-10-06", line, 1, 44_667, at="04:00")
        two = _rows(conn)["p-muoi"]
        refund(conn, "2026-10-08", line, 1, 44_666)
        all_back = _rows(conn)["p-muoi"]
        cost = promo_costs.costs(conn, Filters.make(*OCT))
    # net 134.000 - 89.334 = 44.666; promotion 1.000 - 666 = 334; basis 45.000; 10 % = 4.500
    assert _money(two) == (44_666, 0, 334, 4_500, 45_000 - 4_500 - 334)
    assert "promo_booth" not in all_back and _money(all_back)[::3] == (0, 0)
    assert cost["promotions"][0]["amount"] == 0 and cost["promotions"][0]["refunded"] == 1_000


def test_a_booth_carried_refund_lowers_what_the_booth_pays_back(centre_db):
    with centre_db.begin() as conn:
        promo(conn, "km-gian", "booth")
        line = sale(conn, "2026-10-06", "muoi", "p-muoi", 3, 45_000, {"km-gian": ("booth", 15_000)})
        refund(conn, "2026-10-09", line, 2, 80_000)  # round_div(120.000 x 2, 3)
        row = _rows(conn)["p-muoi"]
    # one unit kept: net 40.000, booth's promotion 15.000 - 10.000 = 5.000, basis 45.000, 10 % = 4.500
    assert _money(row) == (40_000, 5_000, 0, 4_500, 40_500)


def _closed(conn, producer: str) -> dict:
    (s,) = [x for x in statements.statements_of(conn, producer)][:1]
    return statements.statement(conn, s["id"], producer)


def test_a_closed_statement_charges_the_carrier_and_a_late_refund_is_carried(centre_db, tmp_path):
    with centre_db.begin() as conn:
        tra = _october(conn)
        sc.close_period(conn, *OCT, by="ketoan", role="accountant", today=TODAY, issuer="Trung tâm OCOP")
    with centre_db.connect() as conn:
        s = _closed(conn, "p-tra")
        muoi = _closed(conn, "p-muoi")
    assert (s["net"], s["commission"], s["payable"], s["due"]) == (432_000, 72_000, 360_000, 360_000)
    assert (muoi["commission"], muoi["payable"], muoi["due"]) == (13_500, 121_500, 121_500)
    b = s["body"]
    page = statement_html(b["row"], Filters(b["start"], b["end"]), issuer=b["issuer"], closed={**b, "id": s["id"]})
    assert "Khuyến mãi do nhà sản xuất chịu:</td><td class=n>48.000 ₫" in page
    assert "Giá trị bán trước khuyến mãi (cơ sở tính hoa hồng):</td><td class=n>480.000 ₫" in page
    assert "Trừ khuyến mãi do nhà sản xuất chịu:</td><td class=n>-48.000 ₫" in page
    assert "15 %):</td><td class=n>72.000 ₫" in page
    if shutil.which("pdftotext"):
        (tmp_path / "s.pdf").write_bytes(statement_pdf(s))
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "s.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Trừ khuyến mãi do nhà sản xuất chịu" in text and "-48.000 ₫" in text
        assert "480.000 ₫" in text and "360.000 ₫" in text
    with centre_db.begin() as conn:  # synced after the close, dated in October
        refund(conn, "2026-10-30", tra, 1, 108_000)
        sc.close_period(conn, *NOV, by="ketoan", role="accountant", today=TODAY)
    with centre_db.connect() as conn:
        nov = _closed(conn, "p-tra")
        assert _closed(conn, "p-muoi")["body"]["adjustments"] == []  # nothing of it changed
    (adj,) = nov["body"]["adjustments"]
    # October now: net 324.000, promotion 36.000, commission 54.000, payable 270.000
    assert (adj["start"], adj["net"], adj["commission"], adj["payable"]) == (OCT[0], -108_000, -18_000, -90_000)
    assert nov["due"] == -90_000


def test_statements_closed_with_promotions_carry_nothing_when_nothing_changed(centre_db):
    """The close's own figures and the recomputation agree to the đồng (no spurious adjustment),
    also over a rate change inside the period (commission per day's rate, rounded once)."""
    with centre_db.begin() as conn:
        conn.execute(sa.insert(m.commission_rates), [
            {"producer_id": "p-tra", "effective_from": BEGINNING, "commission_bp": 1500},
            {"producer_id": "p-tra", "effective_from": "2026-10-06", "commission_bp": 1234}])
        tra = _october(conn)
        sale(conn, "2026-10-08", "tra", "p-tra", 1, 120_001, {"km-gian": ("booth", 7)})
        refund(conn, "2026-10-09", tra, 1, 108_000)
        live = _rows(conn)["p-tra"]
        sc.close_period(conn, *OCT, by="ketoan", role="accountant", today=TODAY)
        sc.close_period(conn, *NOV, by="ketoan", role="accountant", today=TODAY)
        nov = _closed(conn, "p-tra")
    # 05/10 at 15 %: basis 432.000 + 48.000 = 480.000 -> 720.000.000; at 12,34 %: 08/10 basis
    # 119.994 + 7 = 120.001 and 09/10 -108.000 - 12.000 = -120.000 -> 1 x 1234; rounded once:
    # (720.000.000 + 1.234) / 10.000 = 72.000; payable = 480.001 - 72.000 - 36.000
    assert [(x["basis"], x["commission"]) for x in live["commission_rates"]] == [(480_000, 72_000), (1, 0)]
    assert (live["net"], live["promo_booth"], live["promo_producer"]) == (443_994, 7, 36_000)
    assert (live["commission"], live["payable"]) == (72_000, 372_001)
    assert nov["body"]["adjustments"] == [] and nov["due"] == 0


def test_the_files_show_who_carried_what(centre_db):
    from central.figures import settlement as st

    with centre_db.begin() as conn:
        _october(conn)
        rows = settlement(conn, Filters.make(*OCT))
    lines = list(csv.reader(io.StringIO(st.to_csv(rows, Filters.make(*OCT)).decode("utf-8-sig"))))
    at = lines.index(st.PROMO_HEADER)
    assert lines[at + 1:] == [["HKD02", "Hộ Nguyễn Thị Đường (muối tôm)", "120000", "15000", "0", "135000", "13500",
                               "121500"],
                              ["HTX01", "Hợp tác xã Chè Tân Cương", "432000", "0", "48000", "480000", "72000",
                               "360000"]]
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(st.to_xlsx(rows, Filters.make(*OCT))))["Khuyến mãi"]
    assert [c.value for c in ws[3]] == ["HTX01", "Hợp tác xã Chè Tân Cương", 432_000, 0, 48_000, 480_000, 72_000,
                                        360_000]


def test_a_gift_sets_promotion_is_shared_among_its_components_producers(centre_db):
    """A box (net 90.000 after 10.000 off, carried by the producers) of tea (60.000 of the net) and
    salt (30.000): 10.000 x 60/90 = 6.666,7 and 3.333,3, largest remainder: 6.667 and 3.333."""
    with centre_db.begin() as conn:
        promo(conn, "km-hop", "producer")
        line = sale(conn, "2026-10-05", "tra", "p-booth", 1, 100_000, {"km-hop": ("producer", 10_000)})
        for n, (product, producer, net) in enumerate((("tra", "p-tra", 60_000), ("muoi", "p-muoi", 30_000))):
            conn.execute(sa.insert(m.sale_line_components).values(
                id=f"c-{n}", sale_id=line.replace("pl-", "ps-"), sale_line_id=line, product_id=product,
                producer_id=producer, n=n, per_set=1, qty=1, regular_price=net, net=net, vat_rate=8,
                vat_amount=net * 8 // 108, business_day="2026-10-05", device_code="HN01", location_code="HN-BOOTH"))
        rows = _rows(conn)
        cost = promo_costs.costs(conn, Filters.make(*OCT))
    # tea: basis 66.667, 15 % = 10.000,05 -> 10.000; salt: basis 33.333, 10 % = 3.333,3 -> 3.333
    assert _money(rows["p-tra"]) == (60_000, 0, 6_667, 10_000, 66_667 - 10_000 - 6_667)
    assert _money(rows["p-muoi"]) == (30_000, 0, 3_333, 3_333, 33_333 - 3_333 - 3_333)
    assert "p-booth" not in rows
    assert {r["id"]: r["amount"] for r in cost["producers"]} == {"p-tra": 6_667, "p-muoi": 3_333}
