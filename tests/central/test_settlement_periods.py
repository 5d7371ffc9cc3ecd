"""Settlement periods at the centre (issue 15 item 2), on SQLite and PostgreSQL: closing freezes a
statement, later lines of a closed period are carried to the next one, no reopening, one of two
concurrent closes wins, and payouts follow the owed / advance rule."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from central import models as m
from central.figures import payouts, settlement_close as sc, statements
from central.figures.reports import Filters, ReportError
from central.figures.settlement import settlement
from central.figures.settlement_pdf import statement_pdf
from settlerig import TODAY, centre_db, move, sell  # noqa: F401 - centre_db is a fixture

OCT, NOV = ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30")


def _october(conn):
    move(conn, "2026-09-20T02:00:00.000+00:00", "tra", 50, "receive")           # before: opening 50
    move(conn, "2026-10-02T02:00:00.000+00:00", "tra", 30, "receive")
    sell(conn, "2026-10-05", "tra", "p-tra", 4, 120_000)
    sell(conn, "2026-10-06", "tra", "p-tra", 1, 120_000, kind="refund")
    sell(conn, "2026-10-07", "muoi", "p-muoi", 3, 45_000, loc="BL-SITE")
    move(conn, "2026-10-20T02:00:00.000+00:00", "tra", -5, "return_to_producer")
    move(conn, "2026-10-21T02:00:00.000+00:00", "tra", -2, "damaged")
    move(conn, "2026-10-25T02:00:00.000+00:00", "tra", -1, "count_adjust")      # a count: "other"
    move(conn, "2026-10-31T16:59:59.999+00:00", "tra", -1, "expired")          # 23:59 in Vietnam: October
    move(conn, "2026-10-31T17:00:00.000+00:00", "tra", 9, "receive")           # 00:00 1 Nov in Vietnam


def test_close_freezes_and_is_idempotent(centre_db):
    with centre_db.begin() as conn:
        _october(conn)
    with centre_db.begin() as conn:
        got = sc.close_period(conn, *OCT, by="ketoan", role="accountant", today=TODAY, issuer="Trung tâm OCOP")
        live = {r["producer_id"]: r for r in settlement(conn, Filters.make(*OCT))}
    assert sorted(x["code"] for x in got["closed"]) == ["HKD02", "HTX01"] and got["already"] == []
    with centre_db.begin() as conn:
        again = sc.close_period(conn, *OCT, by="ketoan", role="accountant", today=TODAY)
        tra = statements.statements_of(conn, "p-tra")
        audit = conn.execute(sa.select(m.admin_actions.c.action).where(
            m.admin_actions.c.action == "settlement.close")).all()
    assert again == {"closed": [], "already": ["p-muoi", "p-tra"]} and len(audit) == 1  # nothing done, nothing audited
    assert len(tra) == 1 and tra[0]["net"] == live["p-tra"]["net"] == 3 * 120_000
    assert tra[0]["commission"] == live["p-tra"]["commission"] == 54_000 and tra[0]["due"] == 306_000
    with centre_db.connect() as conn:
        body = statements.statement(conn, tra[0]["id"], "p-tra")["body"]
        assert statements.statement(conn, tra[0]["id"], "p-muoi") is None  # another producer's: missing
    (loc,) = body["stock"]
    (p,) = loc["products"]
    assert {k: p[k] for k in ("opening", "received", "sold", "refunded", "returned", "transferred", "written_off",
                              "counted", "closing")} == {"opening": 50, "received": 30, "sold": 4, "refunded": 1,
                                                         "returned": 5, "transferred": 0, "written_off": 3,
                                                         "counted": -1, "closing": 68}


def _page(s: dict) -> str:
    from central.figures.settlement import statement_html

    b = s["body"]
    return statement_html(b["row"], Filters(b["start"], b["end"]), issuer=b["issuer"], closed={**b, "id": s["id"]})


def test_late_refund_goes_to_the_next_statement(centre_db):
    with centre_db.begin() as conn:
        _october(conn)
        sc.close_period(conn, *OCT, by="admin", today=TODAY)
    with centre_db.connect() as conn:
        (oct_row,) = statements.statements_of(conn, "p-tra")
        before = statement_pdf(statements.statement(conn, oct_row["id"]))
        frozen = statements.statement(conn, oct_row["id"])["body"]
        page = _page(statements.statement(conn, oct_row["id"]))
    with centre_db.begin() as conn:  # synced after the close, dated in October
        sell(conn, "2026-10-30", "tra", "p-tra", 2, 120_000, kind="refund")
        sell(conn, "2026-11-03", "tra", "p-tra", 1, 120_000)
    with centre_db.connect() as conn:
        assert statement_pdf(statements.statement(conn, oct_row["id"])) == before  # byte for byte
        assert statements.statement(conn, oct_row["id"])["body"] == frozen
        assert _page(statements.statement(conn, oct_row["id"])) == page
    with centre_db.begin() as conn:
        sc.close_period(conn, *NOV, producer_id="p-tra", by="admin", today=TODAY)
        nov = statements.statements_of(conn, "p-tra")[0]
        adj = statements.statement(conn, nov["id"])["body"]["adjustments"]
    assert adj == [{"start": OCT[0], "end": OCT[1], "gross": 0, "refunds": 240_000, "net": -240_000,
                    "vat": adj[0]["vat"], "commission": -36_000, "payable": -204_000}]
    assert nov["payable"] == 102_000 and nov["adjustment_payable"] == -204_000 and nov["due"] == -102_000
    with centre_db.begin() as conn:  # carried once: December sees no October difference left
        sc.close_period(conn, "2026-12-01", "2026-12-06", producer_id="p-tra", by="admin", today=TODAY)
        dec = statements.statements_of(conn, "p-tra")[0]
        assert dec["adjustment_payable"] == 0
        assert statements.balance_of(conn, "p-tra")["owed"] == 306_000 - 102_000


def test_no_reopening_no_gaps_no_future(centre_db):
    with centre_db.begin() as conn:
        _october(conn)
        sc.close_period(conn, *OCT, by="admin", today=TODAY)
    for start, end in (("2026-10-15", "2026-11-15"), ("2026-11-02", "2026-11-30"), ("2026-10-01", "2026-10-15")):
        with pytest.raises(ReportError, match="nối tiếp"), centre_db.begin() as conn:
            sc.close_period(conn, start, end, by="admin", today=TODAY)
    with pytest.raises(ReportError, match="chưa kết thúc"), centre_db.begin() as conn:
        sc.close_period(conn, "2026-12-01", "2026-12-07", by="admin", today=TODAY)
    for role in ("manager", "viewer"):
        with pytest.raises(ReportError, match="kế toán"), centre_db.begin() as conn:
            sc.close_period(conn, *NOV, by="x", role=role, today=TODAY)
    with centre_db.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(m.settlement_statements)).scalar() == 2


def test_two_concurrent_closes_one_wins(centre_db, monkeypatch):
    """Both read 'not closed yet' (the plan), then write: the unique constraint refuses the second."""
    with centre_db.begin() as conn:
        _october(conn)
        sc.close_period(conn, *OCT, producer_id="p-tra", by="first", today=TODAY)
    monkeypatch.setattr(sc, "_plan", lambda conn, ids, start, end, prods: (list(ids), []))
    with pytest.raises(sc.CloseConflict, match="cùng lúc"), centre_db.begin() as conn:
        sc.close_period(conn, *OCT, producer_id="p-tra", by="second", today=TODAY)
    with centre_db.connect() as conn:
        (only,) = statements.statements_of(conn, "p-tra")
        assert only["closed_by"] == "first"


def test_payouts_rule(centre_db):
    with centre_db.begin() as conn:
        _october(conn)
        sc.close_period(conn, *OCT, by="admin", today=TODAY)
    pay = dict(paid_on="2026-11-05", by="ketoan", role="accountant", today=TODAY)
    with centre_db.begin() as conn:
        payouts.record_payout(conn, "p-tra", amount=200_000, method="cash", **pay)
    bad = [({"amount": 106_001, "method": "cash"}, "vượt quá"), ({"amount": "12,5", "method": "cash"}, "nguyên"),
           ({"amount": 0, "method": "cash"}, "nguyên"), ({"amount": 1.5, "method": "cash"}, "nguyên"),
           ({"amount": 1000, "method": "momo"}, "hình thức"), ({"amount": 1000, "method": "bank_transfer"}, "tham chiếu"),
           ({"amount": 1000, "method": "cash", "paid_on": "2026-12-08"}, "chưa tới"),
           ({"amount": 1000, "method": "cash", "role": "manager"}, "kế toán")]
    for kw, msg in bad:
        with pytest.raises(ReportError, match=msg), centre_db.begin() as conn:
            payouts.record_payout(conn, "p-tra", **{**pay, **kw})
    with centre_db.begin() as conn:
        done = payouts.record_payout(conn, "p-tra", amount="106.000", method="bank_transfer", reference="VCB 123", **pay)
        assert done["balance"] == {"owed": 306_000, "paid": 306_000, "still_owed": 0} and done["advance"] == 0
        adv = payouts.record_payout(conn, "p-tra", amount=50_000, method="cash", advance=True, **pay)
        assert adv["advance"] == 1 and adv["balance"]["still_owed"] == -50_000
        listed = statements.payouts_of(conn, "p-tra")
        assert [p["amount"] for p in listed] == [50_000, 106_000, 200_000]
        assert statements.payouts_of(conn, "p-muoi") == []
        assert conn.execute(sa.select(sa.func.count()).select_from(m.admin_actions)
                            .where(m.admin_actions.c.action == "settlement.payout")).scalar() == 3


def test_two_closes_at_the_same_time_in_two_transactions(centre_db):
    """A real race: the first close holds its transaction open while a second one runs in another
    thread. PostgreSQL: the second read 'not closed' in its snapshot, its insert waits on the unique
    index and fails when the first commits. SQLite: the second waits for the write lock, then finds
    the period closed. Either way exactly one statement, the first one's."""
    import threading

    with centre_db.begin() as conn:
        _october(conn)
    outcome = {}

    def second():
        try:
            with centre_db.begin() as conn:
                outcome["got"] = sc.close_period(conn, *OCT, producer_id="p-tra", by="second", today=TODAY)
        except sc.CloseConflict as exc:
            outcome["conflict"] = exc

    with centre_db.connect() as conn:
        tx = conn.begin()
        sc.close_period(conn, *OCT, producer_id="p-tra", by="first", today=TODAY)
        t = threading.Thread(target=second)
        t.start()
        t.join(1.0)  # give it the chance to read and wait; the outcome does not depend on it
        tx.commit()
    t.join(60)
    assert not t.is_alive()
    assert "conflict" in outcome or outcome["got"] == {"closed": [], "already": ["p-tra"]}
    with centre_db.connect() as conn:
        (only,) = statements.statements_of(conn, "p-tra")
        assert only["closed_by"] == "first"
