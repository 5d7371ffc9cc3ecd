"""Settlement periods, follow-ups of issue 15 item 2 (SQLite and PostgreSQL): late sales dated
before the first closed period are carried to the next statement (and never change a closed
one); lines without a known producer are shown and flagged, never silently left out; the stock
section has its own columns for transfers, write-offs and count adjustments, so each row adds up
(checked against figures worked out by hand)."""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from central import models as m
from central.catalog.rates import BEGINNING
from central.figures import settlement as st
from central.figures import settlement_close as sc
from central.figures import settlement_stock as ss
from central.figures import statements
from central.figures.reports import Filters
from central.figures.settlement_pdf import statement_pdf
from settlerig import TODAY, centre_db, move, sell  # noqa: F401 - centre_db is a fixture

OCT, NOV, DEC = ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30"), ("2026-12-01", "2026-12-06")
MONEY = ("gross", "refunds", "net", "vat", "commission", "payable")


def _page(s: dict) -> str:
    b = s["body"]
    return st.statement_html(b["row"], Filters(b["start"], b["end"]), issuer=b["issuer"], closed={**b, "id": s["id"]})


def _printed(conn, producer_id: str) -> tuple[int, bytes, str, dict]:
    (row,) = statements.statements_of(conn, producer_id)
    s = statements.statement(conn, row["id"])
    return row["id"], statement_pdf(s), _page(s), s["body"]


def _adjustments(conn, producer_id: str) -> list[dict]:
    s = statements.statement(conn, statements.statements_of(conn, producer_id)[0]["id"])
    return [{k: a[k] for k in ("start", "end", *MONEY)} for a in s["body"]["adjustments"]]


def test_late_sales_before_the_first_period_go_to_the_next_statement(centre_db):
    with centre_db.begin() as conn:
        sell(conn, "2026-09-10", "tra", "p-tra", 1, 120_000)  # known when October closes: the baseline
        sell(conn, "2026-10-05", "tra", "p-tra", 2, 120_000)
        sell(conn, "2026-10-07", "muoi", "p-muoi", 3, 45_000)
        sc.close_period(conn, *OCT, by="admin", today=TODAY)
    with centre_db.connect() as conn:
        tra_id, tra_pdf, tra_page, tra_body = _printed(conn, "p-tra")
        muoi_id, muoi_pdf, _p, _b = _printed(conn, "p-muoi")
        base = {r.producer_id: r for r in conn.execute(sa.select(m.settlement_baselines))}
    assert base["p-tra"].upto == "2026-09-30" and base["p-tra"].net == 120_000 and base["p-tra"].commission == 18_000
    assert base["p-tra"].statement_id == tra_id and base["p-muoi"].net == 0
    with centre_db.begin() as conn:  # a kiosk offline since August syncs its weeks-old receipts
        sell(conn, "2026-08-20", "tra", "p-tra", 3, 120_000)
        sell(conn, "2026-09-28", "tra", "p-tra", 1, 120_000, kind="refund")
        sell(conn, "2026-09-29", "muoi", "p-muoi", 2, 45_000)
        sell(conn, "2026-10-15", "muoi", "p-muoi", 1, 45_000)  # and one of the closed October
    with centre_db.connect() as conn:  # the closed statements: the same bytes, the same page
        assert _printed(conn, "p-tra") == (tra_id, tra_pdf, tra_page, tra_body)
        assert _printed(conn, "p-muoi")[:2] == (muoi_id, muoi_pdf)
    with centre_db.begin() as conn:
        sc.close_period(conn, *NOV, by="admin", today=TODAY)
        tra, muoi = _adjustments(conn, "p-tra"), _adjustments(conn, "p-muoi")
        nov_tra = statements.statements_of(conn, "p-tra")[0]
    # by hand: tra 3 x 120,000 sold, 1 refunded, 15 %; muoi 2 x 45,000 before October and 1 in it, 10 %
    assert tra == [{"start": BEGINNING, "end": "2026-09-30", "gross": 360_000, "refunds": 120_000, "net": 240_000,
                    "vat": 26_666 - 8_888, "commission": 36_000, "payable": 204_000}]
    assert muoi == [{"start": BEGINNING, "end": "2026-09-30", "gross": 90_000, "refunds": 0, "net": 90_000,
                     "vat": 6_666, "commission": 9_000, "payable": 81_000},
                    {"start": OCT[0], "end": OCT[1], "gross": 45_000, "refunds": 0, "net": 45_000, "vat": 3_333,
                     "commission": 4_500, "payable": 40_500}]
    assert nov_tra["payable"] == 0 and nov_tra["due"] == 204_000
    with centre_db.connect() as conn:
        s = statements.statement(conn, nov_tra["id"])
        assert "Trước kỳ chốt đầu tiên (đến 30/09/2026)" in _page(s)
        assert statement_pdf(s).startswith(b"%PDF")
    with centre_db.begin() as conn:  # carried once
        sc.close_period(conn, *DEC, by="admin", today=TODAY)
        assert _adjustments(conn, "p-tra") == [] and _adjustments(conn, "p-muoi") == []
        assert statements.balance_of(conn, "p-tra")["owed"] == 204_000 + 204_000  # October's and November's


def test_a_producer_closed_before_baselines_gets_one_at_its_next_close(centre_db):
    """Statements closed before settlement_baselines existed: the days before them are frozen at the
    next close (nothing carried then), and what comes later is carried."""
    with centre_db.begin() as conn:
        sell(conn, "2026-10-05", "tra", "p-tra", 2, 120_000)
        sc.close_period(conn, *OCT, producer_id="p-tra", by="admin", today=TODAY)
        conn.execute(sa.delete(m.settlement_baselines))  # as a database upgraded with October closed
        sell(conn, "2026-09-01", "tra", "p-tra", 1, 120_000)  # arrived before the upgrade: not carried
    with centre_db.begin() as conn:
        sc.close_period(conn, *NOV, producer_id="p-tra", by="admin", today=TODAY)
        assert _adjustments(conn, "p-tra") == []
        (b,) = conn.execute(sa.select(m.settlement_baselines)).all()
        assert (b.upto, b.net) == ("2026-09-30", 120_000)
        sell(conn, "2026-09-02", "tra", "p-tra", 1, 120_000)
    with centre_db.begin() as conn:
        sc.close_period(conn, *DEC, producer_id="p-tra", by="admin", today=TODAY)
        (adj,) = _adjustments(conn, "p-tra")
    assert (adj["start"], adj["net"], adj["commission"], adj["payable"]) == (BEGINNING, 120_000, 18_000, 102_000)


def _unassigned_october(conn):
    sell(conn, "2026-10-05", "tra", "p-tra", 2, 120_000)
    sell(conn, "2026-10-06", "kiosk-own", "", 4, 10_000)          # a kiosk's own product, no producer
    sell(conn, "2026-10-07", "ghost", "p-gone", 1, 50_000)        # a producer the centre does not know
    sell(conn, "2026-10-08", "ghost", "p-gone", 1, 50_000, kind="refund")
    sell(conn, "2026-10-09", "ghost", "p-gone", 3, 50_000)


def test_lines_without_a_known_producer_are_flagged_not_dropped(centre_db):
    with centre_db.begin() as conn:
        _unassigned_october(conn)
        rows = st.settlement(conn, Filters.make(*OCT))
    assert [(r["producer_id"], r.get("unassigned")) for r in rows] == [("p-tra", None), ("", "none"),
                                                                       ("p-gone", "unknown")]
    flagged = {r["producer_id"]: r for r in rows if r.get("unassigned")}
    assert flagged[""]["net"] == 40_000 and flagged["p-gone"]["net"] == 150_000
    assert flagged["p-gone"]["refunds"] == 50_000
    assert all(r["commission"] == 0 and r["payable"] == 0 for r in flagged.values())
    t = st.totals(rows)
    assert t["net"] == 240_000 + 40_000 + 150_000 and st.unassigned(rows) == {"products": 2, "net": 190_000}
    assert t["commission"] == 36_000 and t["payable"] == 204_000  # nobody is owed what has no producer
    text = st.to_csv(rows, Filters.make(*OCT)).decode("utf-8-sig")
    body = list(csv.reader(io.StringIO(text)))
    assert any("2 mặt hàng" in c and "190.000" in c for r in body for c in r)
    summary = {r[1]: r for r in body if len(r) == 11}
    assert summary["CHƯA GÁN NHÀ SẢN XUẤT"][6:] == ["40000", "2962", "", "", ""]
    assert summary["NHÀ SẢN XUẤT KHÔNG CÓ TRONG DANH MỤC (p-gone)"][4:7] == ["200000", "50000", "150000"]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(st.to_xlsx(rows, Filters.make(*OCT))))
    names = [r[1] for r in wb["Tổng hợp"].iter_rows(min_row=2, values_only=True)]
    assert "CHƯA GÁN NHÀ SẢN XUẤT" in names and "NHÀ SẢN XUẤT KHÔNG CÓ TRONG DANH MỤC (p-gone)" in names
    detail = [r for r in wb["Chi tiết"].iter_rows(min_row=2, values_only=True) if r[1] == "CHƯA GÁN NHÀ SẢN XUẤT"]
    assert [(r[5], r[6], r[10]) for r in detail] == [("HN-BOOTH", 4, 40_000)]


def test_a_close_says_what_no_statement_takes(centre_db):
    with centre_db.begin() as conn:
        _unassigned_october(conn)
        got = sc.close_period(conn, *OCT, by="admin", today=TODAY)
    assert sorted(x["code"] for x in got["closed"]) == ["HKD02", "HTX01"]
    assert got["unassigned"] == {"products": 2, "net": 190_000}
    with centre_db.connect() as conn:
        assert {s["producer_id"] for s in statements.statements_between(conn, *OCT)} == {"p-tra", "p-muoi"}
        detail = conn.execute(sa.select(m.admin_actions.c.detail).where(
            m.admin_actions.c.action == "settlement.close")).scalar()
    assert '"unassigned_net": 190000' in detail


def _november_stock(conn):
    """The ledger of one product over November, at two locations (worked out by hand below)."""
    at = "2026-11-{:02d}T03:00:00.000+00:00".format
    move(conn, "2026-10-20T03:00:00.000+00:00", "tra", 40, "receive")   # opening 40
    move(conn, at(2), "tra", 20, "receive")
    sell(conn, "2026-11-03", "tra", "p-tra", 6, 120_000)                 # sale -6
    sell(conn, "2026-11-04", "tra", "p-tra", 2, 120_000, status="voided")  # sale -2 ...
    move(conn, at(4), "tra", 2, "void")                                  # ... voided: back on the shelf
    sell(conn, "2026-11-05", "tra", "p-tra", 1, 120_000, kind="refund")  # refund +1
    move(conn, at(10), "tra", -4, "return_to_producer")
    move(conn, at(11), "tra", -3, "transfer_out")
    move(conn, at(11), "tra", 3, "transfer_in", loc="BL-SITE")
    move(conn, at(12), "tra", -2, "damaged")
    move(conn, at(13), "tra", -1, "expired")
    move(conn, at(20), "tra", -1, "count_adjust")                       # one missing at a count
    move(conn, at(25), "tra", 3, "count_adjust")                        # three found at the next
    move(conn, at(26), "tra", -1, "sample")                             # a kind this code does not know
    move(conn, "2026-11-30T17:30:00.000+00:00", "tra", 9, "receive")    # 00:30 on 1 December in Vietnam


def test_the_stock_section_adds_up(centre_db):
    with centre_db.begin() as conn:
        _november_stock(conn)
        sc.close_period(conn, *NOV, producer_id="p-tra", by="admin", today=TODAY)
    with centre_db.connect() as conn:
        (s,) = [statements.statement(conn, x["id"]) for x in statements.statements_of(conn, "p-tra")]
    got = {loc["location_code"]: {k: p[k] for k in ss.FIELDS} for loc in s["body"]["stock"] for p in loc["products"]}
    assert got == {
        "HN-BOOTH": {"opening": 40, "received": 20, "sold": 6, "refunded": 1, "returned": 4, "transferred": -3,
                     "written_off": 3, "counted": 1, "closing": 46},
        "BL-SITE": {"opening": 0, "received": 0, "sold": 0, "refunded": 0, "returned": 0, "transferred": 3,
                    "written_off": 0, "counted": 0, "closing": 3}}
    # 40 + 20 - 6 + 1 - 4 - 3 - 3 + 1 = 46, the ledger's own closing (40+20-6-2+2+1-4-3-2-1-1+3-1)
    assert all(ss.balances(c) for c in got.values())
    assert s["body"]["row"]["net"] == 5 * 120_000  # the sales section: 6 sold - 1 refunded, the void not sold
    page = _page(s)
    assert "Điều chỉnh kiểm kê (±)" in page and "Xuất hủy (hỏng, hết hạn)" in page and ss.BALANCE_VI in page
    assert statement_pdf(s).startswith(b"%PDF")


def test_a_statement_frozen_with_the_old_stock_columns_prints_as_before():
    """A body written before the adjustment columns (damaged, other) keeps its layout."""
    from pathlib import Path
    import json

    here = Path(__file__).parent / "fixtures" / "settlement_old_stock"
    body = json.loads((here / "body.json").read_text(encoding="utf-8"))
    s = {"id": 7, "body": body}
    assert _page(s) == (here / "page.html").read_text(encoding="utf-8")
    assert ss.fields_of(body["stock"]) == ss.OLD_FIELDS
