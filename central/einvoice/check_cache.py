"""The e-invoice check (check.py) for sync health, remembered per day and kiosk until it can change.

Why: /office/sync counts each kiosk's findings over the last 7 days, and checking a day reads every
sale and invoice of it (2 million sales on a national day). Checking 7 days on every view of the
page would make it take minutes; most of those days have not changed since the last view.

When can kiosk K's findings for day D change? The check of D for K reads only rows that K's own
events wrote (its sales of D, the invoices of those sales, its invoices of D, its first invoicing
day). Those rows change only when an event of K is applied, and applying one advances
devices.contiguous_seq in the same transaction. So every refresh first reads all kiosks'
contiguous_seq (before anything is checked, so a push committed meanwhile is looked at again next
time, never missed) and, for a kiosk whose seq moved, its newly applied events that can touch the
check, each giving the earliest day it can change:
  sale.completed / refund.completed (sale of day S)      -> S (its day; later days' invoices of it)
  invoice.issued (day E, for a sale of day S)             -> min(E, S) (it may be the kiosk's first
                                                             invoice: its sales from then on are due)
  sale.voided (day E, of a sale of day S)                 -> min(E, S)
K is checked again on every cached day from that earliest day on; shifts, stock, buyers and the
like change nothing the check reads. A kiosk whose seq went back (its database restored) is checked
again on every day. MAX_AGE_S is the backstop for changes that bypass events (a database restored
under a running server, a hand edit): a day older than that is checked again in full.

Each server process keeps its own cache (per engine, in memory): a worker at worst checks what
another already did. The checks go kiosks of up to GROUP_SALES sales at a time (check.problems_by_group)."""
from __future__ import annotations

import threading
import time
import weakref

import msgspec
import sqlalchemy as sa

from central import models as m
from central.einvoice import check

MAX_AGE_S = 600.0
CHUNK = 200  # kiosks per events query, sale ids per IN (...) list
WATCHED = ("sale.completed", "refund.completed", "invoice.issued", "sale.voided")
ALL_DAYS = ""  # an earliest day before every day


class _Sale(msgspec.Struct):
    id: str = ""
    business_day: str = ""
    sale_id: str = ""


class _Payload(msgspec.Struct):
    """The parts of the watched payloads that name a sale (unknown fields skipped unread)."""
    sale: _Sale | None = None       # sale.completed, refund.completed
    invoice: _Sale | None = None    # invoice.issued: its business_day and sale_id
    sale_id: str = ""               # sale.voided


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.seqs: dict[str, int] = {}                 # kiosk -> contiguous_seq when last looked at
        self.days: dict[str, dict[str, int]] = {}      # day -> kiosk -> findings
        self.at: dict[str, float] = {}                 # day -> when it was checked in full
        self.marks: tuple[int, int] = (0, 0)           # (count, highest id) of einvoice_check_marks


_STATES: "weakref.WeakKeyDictionary[sa.Engine, _State]" = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def findings(conn, days: list[str], clock=time.monotonic) -> dict[str, dict[str, int]]:
    """day -> kiosk -> number of findings of the check, for each of `days` (kiosks without any left
    out), checking again only what can have changed since the last call. Days not asked for are
    forgotten."""
    with _STATES_LOCK:
        state = _STATES.setdefault(conn.engine, _State())
    with state.lock:
        seqs = dict(conn.execute(sa.select(m.devices.c.code, m.devices.c.contiguous_seq)).all())
        now = clock()
        _forget_marked(conn, state)
        fresh = {d for d in days if d in state.days and now - state.at[d] <= MAX_AGE_S}
        earliest = _earliest_changes(conn, state.seqs, seqs) if fresh else {}
        for day in days:
            if day not in fresh:
                state.days[day] = _count(check.problems_by_group(conn, day))
                state.at[day] = now
                continue
            stale = sorted(k for k, first in earliest.items() if first <= day)
            if stale:
                counts = state.days[day]
                for k in stale:
                    counts.pop(k, None)
                counts.update(_count(check.problems_by_group(conn, day, stale)))
        state.seqs = seqs
        for day in set(state.days) - set(days):
            del state.days[day], state.at[day]
        return {day: dict(state.days[day]) for day in days}


def _forget_marked(conn, state: _State) -> None:
    """Findings an administrator marked handled (central/einvoice/marks.py, insert-only) stop
    counting at once: the days of marks made since the last look are checked again in full. Should
    the count grow by more than the new ids explain (an id given out earlier committed later),
    every day is."""
    mk = m.einvoice_check_marks
    count, top = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.max(mk.c.id), 0))).one()
    if (count, top) == state.marks:
        return
    new = conn.execute(sa.select(mk.c.day).where(mk.c.id > state.marks[1])).scalars().all()
    days = set(state.at) if count - state.marks[0] > len(new) else set(new)
    for day in days & set(state.at):
        state.at[day] = float("-inf")
    state.marks = (count, top)


def _count(found) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in found:
        out[f["device_code"]] = out.get(f["device_code"], 0) + 1
    return out


def _earliest_changes(conn, old: dict[str, int], new: dict[str, int]) -> dict[str, str]:
    """kiosk -> the earliest day its events applied since `old` can have changed (ALL_DAYS: any)."""
    out = {k: ALL_DAYS for k in old if k not in new or new[k] < old[k]}
    moved = {k: (old.get(k, 0), seq) for k, seq in new.items() if seq > old.get(k, 0)}
    e = m.events
    found: list[tuple[str, str, str, str]] = []  # kiosk, event day, sale id to look up, day in the payload
    codes = sorted(moved)
    for i in range(0, len(codes), CHUNK):
        ranges = [sa.and_(e.c.device_code == k, e.c.seq > moved[k][0], e.c.seq <= moved[k][1])
                  for k in codes[i:i + CHUNK]]
        for r in conn.execute(sa.select(e.c.device_code, e.c.type, e.c.business_day, e.c.payload)
                              .where(e.c.type.in_(WATCHED), sa.or_(*ranges))):
            found.append((r.device_code, r.business_day, *_named_sale(r.type, r.payload)))
    sale_days = _sale_days(conn, {sid for _k, _d, sid, _p in found if sid})
    for kiosk, day, sale_id, named_day in found:
        days = [day, named_day or day] + ([sale_days[sale_id]] if sale_id in sale_days else [])
        first = ALL_DAYS if named_day is None else min(days)
        out[kiosk] = min(out.get(kiosk, first), first)
    return out


def _named_sale(etype: str, payload: str | None) -> tuple[str, str | None]:
    """(sale id to look the day up of, day the payload states; None when it cannot be read)."""
    try:
        pl = msgspec.json.decode(payload or "", type=_Payload)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return "", None
    if etype in ("sale.completed", "refund.completed"):
        return "", pl.sale.business_day if pl.sale else None
    if etype == "invoice.issued":
        return (pl.invoice.sale_id, pl.invoice.business_day) if pl.invoice else ("", None)
    return pl.sale_id, ""


def _sale_days(conn, ids: set[str]) -> dict[str, str]:
    s, out, ids_l = m.sales, {}, sorted(ids)
    for i in range(0, len(ids_l), CHUNK):
        out.update(conn.execute(sa.select(s.c.id, s.c.business_day).where(s.c.id.in_(ids_l[i:i + CHUNK]))).all())
    return out
