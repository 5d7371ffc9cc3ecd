"""Every use of a promotion a report or a settlement counts, with what refunds took back of it.

One list, read the same way by the cost report (central/figures/promotions.py) and by settlement
(central/figures/settlement.py, settlement_close.py), so the promotions' cost in the report and
the promotions a statement charges or pays are the same đồng.

A use is a `sale_promotions` row of a completed sale (level line or order; a promotion the clerk
removed gave nothing), dated the sale's business day. A refund takes back its share of each
promotion of the line it refunds, dated the refund's business day (as the refund's money is), by
the rule the kiosk gives the money back with (pos.promo_share.taken_back, as pos.sales.refund_net):
a refund of q of the Q units sold takes back round_div(amount x q, Q) (half away from zero, whole
đồng); the refund that brings the refunded units to Q takes the rest exactly, so refunding a line
whole, in one go or in parts, takes back the whole promotion. Refunds of one line are taken in the order they were made
(created_at, then id), which is the kiosk's order.

Who a use belongs to is the producer of its line; a gift set's line is credited to the producers of
its components (central/figures/set_shares.py), so its promotion is shared among them in
proportion to each component's net (pos.promo_share.shared: largest remainder, adding up exactly).
The kiosk's own settlement reads its own database by the same rules (pos/promo_settlement.py).
"""
from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from pos import promo_share

from central import models as m
from central.figures.reports import Filters

sp, s_, l_, c_ = m.sale_promotions, m.sales, m.sale_lines, m.sale_line_components


class Use(NamedTuple):
    promotion_id: str
    carrier: str      # "booth" or "producer"
    location_code: str
    producer_id: str
    sale_id: str      # the sale, or the refund taking back
    amount: int       # negative: taken back by a refund
    business_day: str


def _sold(f: Filters):
    q = (sa.select(sp.c.promotion_id, sp.c.carrier, sp.c.location_code, l_.c.producer_id, sp.c.sale_id,
                   sp.c.amount, sp.c.business_day, sp.c.line_id)
         .select_from(sp.join(s_, s_.c.id == sp.c.sale_id).join(l_, l_.c.id == sp.c.line_id))
         .where(sp.c.business_day.between(f.start, f.end), s_.c.kind == "sale", s_.c.status == "completed",
                sp.c.level != "removed"))
    if f.location:
        q = q.where(sp.c.location_code == f.location)
    if f.device:
        q = q.where(sp.c.device_code == f.device)
    return q


def _refund_lines(conn, f: Filters) -> list:
    """The period's completed refund lines of lines that carried a promotion (none asked for when
    no promotion was used up to the period's end: one probe, the usual case before promotions)."""
    promoted = sa.select(sp.c.line_id).where(sp.c.level != "removed", sp.c.line_id.is_not(None))
    if conn.execute(promoted.where(sp.c.business_day <= f.end).limit(1)).first() is None:
        return []
    q = (sa.select(l_.c.id, l_.c.original_line_id, l_.c.location_code, l_.c.sale_id, l_.c.business_day)
         .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(l_.c.business_day.between(f.start, f.end), s_.c.kind == "refund", s_.c.status == "completed",
                l_.c.original_line_id.in_(promoted)))
    if f.location:
        q = q.where(l_.c.location_code == f.location)
    if f.device:
        q = q.where(l_.c.device_code == f.device)
    return conn.execute(q).all()


def _taken_back(conn, f: Filters) -> list[tuple]:
    """(Use without its producer split, original line id) for each promotion of each refunded line."""
    wanted = _refund_lines(conn, f)
    if not wanted:
        return []
    orig_ids = sorted({r.original_line_id for r in wanted})
    sold_qty = dict(conn.execute(sa.select(l_.c.id, l_.c.qty).where(l_.c.id.in_(orig_ids))).all())
    producer = dict(conn.execute(sa.select(l_.c.id, l_.c.producer_id).where(l_.c.id.in_(orig_ids))).all())
    promos: dict[str, list] = {}
    for r in conn.execute(sa.select(sp.c.line_id, sp.c.promotion_id, sp.c.carrier, sp.c.amount)
                          .select_from(sp.join(s_, s_.c.id == sp.c.sale_id))
                          .where(sp.c.line_id.in_(orig_ids), sp.c.level != "removed", s_.c.status == "completed")
                          .order_by(sp.c.id)):
        promos.setdefault(r.line_id, []).append(r)
    history: dict[str, list] = {}  # every completed refund of those lines, in the order made
    for r in conn.execute(sa.select(l_.c.original_line_id, l_.c.id, l_.c.qty)
                          .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
                          .where(l_.c.original_line_id.in_(orig_ids), s_.c.kind == "refund",
                                 s_.c.status == "completed")
                          .order_by(s_.c.created_at, s_.c.id, l_.c.id)):
        history.setdefault(r.original_line_id, []).append((r.id, int(r.qty)))
    back: dict[tuple[str, int], int] = {}  # (refund line id, promotion row index) -> taken back
    for oid, refunds in history.items():
        rows = promos.get(oid, [])
        taken = promo_share.taken_back(int(sold_qty.get(oid) or 0), [int(p.amount) for p in rows],
                                       [qty for _rid, qty in refunds])
        for (rid, _qty), parts in zip(refunds, taken):
            for i, part in enumerate(parts):
                back[(rid, i)] = part
    out = []
    for r in wanted:
        oid = r.original_line_id
        for i, p in enumerate(promos.get(oid, [])):
            if back.get((r.id, i)):
                out.append((Use(p.promotion_id, promo_share.carrier(p.carrier), r.location_code, producer[oid],
                                r.sale_id, -back[(r.id, i)], r.business_day), oid))
    return out


def _components(conn, line_ids: set[str]) -> dict[str, list[tuple[str, int]]]:
    """Gift set lines among `line_ids`: [(component producer, component net)] in the kiosk's order."""
    out: dict[str, list[tuple[str, int]]] = {}
    ids = sorted(line_ids)
    for i in range(0, len(ids), 500):
        for r in conn.execute(sa.select(c_.c.sale_line_id, c_.c.producer_id, c_.c.net)
                              .where(c_.c.sale_line_id.in_(ids[i:i + 500])).order_by(c_.c.sale_line_id, c_.c.n)):
            out.setdefault(r.sale_line_id, []).append((r.producer_id, int(r.net)))
    return out


def uses(conn, f: Filters) -> list[Use]:
    """The period's uses (positive) and what refunds took back (negative), a gift set's split among
    its components' producers; narrowed to f.producer when given."""
    raw = [(Use(r.promotion_id, promo_share.carrier(r.carrier), r.location_code, r.producer_id, r.sale_id,
                int(r.amount), r.business_day), r.line_id) for r in conn.execute(_sold(f))]
    raw += _taken_back(conn, f)
    sets = _components(conn, {line for _u, line in raw}) if raw else {}
    out = []
    for u, line in raw:
        split = promo_share.shared(u.amount, sets.get(line) or [])
        out += [u._replace(producer_id=p, amount=a) for p, a in split] if split else [u]
    if f.producer:
        out = [u for u in out if u.producer_id == f.producer]
    return out


def carried(conn, f: Filters, by_day: bool = False) -> dict[tuple, dict]:
    """(producer id,) or (producer id, business day) -> {"booth": .., "producer": ..}: the promotions
    on the producer's lines by who carries them, net of what refunds took back."""
    out: dict[tuple, dict] = {}
    for u in uses(conn, f):
        key = (u.producer_id, u.business_day) if by_day else (u.producer_id,)
        d = out.setdefault(key, {"booth": 0, "producer": 0})
        d[u.carrier] += u.amount
    return out
