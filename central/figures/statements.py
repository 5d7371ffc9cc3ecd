"""What the centre has closed with and paid to each producer: the read side of settlement
periods, one API for the office pages and the producer portal.

    statements_of(conn, producer_id)          -> [{id, period_start, period_end, closed_at, due, ...}]
    statement(conn, statement_id, producer_id) -> the frozen statement with its body, or None
    payouts_of(conn, producer_id)             -> [{id, paid_on, amount, method, reference, advance, ...}]
    balance_of(conn, producer_id)             -> {owed, paid, still_owed}
    balances(conn)                            -> producer id -> {owed, paid, still_owed}

Every function that takes a producer_id answers only that producer's rows: the portal passes the
signed-in producer's own id, so a statement id of another producer reads as missing (None).
owed is the sum of the closed statements' `due`; paid the sum of payouts; still_owed = owed - paid
(negative: the producer holds an advance)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from central import models as m

S, P = m.settlement_statements, m.settlement_payouts
_LIST = (S.c.id, S.c.producer_id, S.c.period_start, S.c.period_end, S.c.closed_at, S.c.closed_by, S.c.gross,
         S.c.refunds, S.c.net, S.c.vat, S.c.commission, S.c.payable, S.c.adjustment_net, S.c.adjustment_commission,
         S.c.adjustment_payable, S.c.due)
_MONEY = ("gross", "refunds", "net", "vat", "commission", "payable", "adjustment_net", "adjustment_commission",
          "adjustment_payable", "due", "amount")


def _d(r) -> dict:
    d = dict(r._mapping)
    for k in _MONEY:
        if k in d:
            d[k] = int(d[k] or 0)
    return d


def statements_of(conn, producer_id: str) -> list[dict]:
    """A producer's closed statements, newest period first (without the printed body)."""
    q = sa.select(*_LIST).where(S.c.producer_id == producer_id).order_by(S.c.period_start.desc())
    return [_d(r) for r in conn.execute(q)]


def statements_between(conn, start: str, end: str) -> list[dict]:
    """Every producer's statements whose period lies within [start, end] (the office's list)."""
    q = sa.select(*_LIST).where(S.c.period_start >= start, S.c.period_end <= end).order_by(S.c.period_start,
                                                                                          S.c.producer_id)
    return [_d(r) for r in conn.execute(q)]


def statement(conn, statement_id, producer_id: str | None = None) -> dict | None:
    """One frozen statement with its body decoded; None when missing or another producer's."""
    try:
        sid = int(statement_id)
    except (TypeError, ValueError):
        return None
    q = sa.select(*_LIST, S.c.body).where(S.c.id == sid)
    if producer_id is not None:
        q = q.where(S.c.producer_id == producer_id)
    r = conn.execute(q).first()
    if r is None:
        return None
    d = _d(r)
    d["body"] = json.loads(d["body"])
    return d


def payouts_of(conn, producer_id: str) -> list[dict]:
    q = sa.select(P).where(P.c.producer_id == producer_id).order_by(P.c.paid_on.desc(), P.c.id.desc())
    return [_d(r) for r in conn.execute(q)]


def balances(conn, producer_ids=None) -> dict[str, dict]:
    owed = sa.select(S.c.producer_id, sa.func.sum(S.c.due)).group_by(S.c.producer_id)
    paid = sa.select(P.c.producer_id, sa.func.sum(P.c.amount)).group_by(P.c.producer_id)
    if producer_ids is not None:
        owed = owed.where(S.c.producer_id.in_(list(producer_ids)))
        paid = paid.where(P.c.producer_id.in_(list(producer_ids)))
    out: dict[str, dict] = {}
    for pid, v in conn.execute(owed):
        out.setdefault(pid, {"owed": 0, "paid": 0})["owed"] = int(v or 0)
    for pid, v in conn.execute(paid):
        out.setdefault(pid, {"owed": 0, "paid": 0})["paid"] = int(v or 0)
    for b in out.values():
        b["still_owed"] = b["owed"] - b["paid"]
    return out


def balance_of(conn, producer_id: str) -> dict:
    return balances(conn, [producer_id]).get(producer_id, {"owed": 0, "paid": 0, "still_owed": 0})
