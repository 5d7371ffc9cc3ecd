"""Delivering each invoice to its seller's provider exactly once, however long the provider is away.

Why it cannot double or lose one:
- A try is CLAIMED before the request leaves: in a committed transaction the delivery row goes to
  `sent`, attempts + 1, and its next try is set (exponential backoff, capped). If the process dies
  mid-call, the row is simply due again later.
- A row that was ever tried is LOOKED UP by our own transaction id (the invoice id) before anything
  is sent again: a reply lost after the provider committed is found, not resent. A create the
  provider answers with "already have this transaction id" is looked up too.
- Only a verdict moves a row on: `accepted` (the provider's number and reference kept) or `refused`
  (the provider examined it and said no; the office sees its reason and may queue it again). Any
  other answer — network, provider down, login refused, server error — leaves it `queued` with the
  readable reason and its next try time; nothing is dropped after any number of tries.
- One process sends at a time: the `einvoice` lease (central/lease.py, migration 0009) is taken in
  the claiming transaction and renewed every round.
Every HTTP reply (logins included) is kept in invoice_replies. Requests run on a thread pool: the
provider's latency, not ours, bounds the rate (bench `einvoice_send_per_s`).
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

import requests
import sqlalchemy as sa

from central import lease
from central import models as m
from central.clock import utc_now_iso
from central.einvoice import settings
from central.einvoice.providers import REGISTRY
from central.einvoice.providers.base import Client, Doc, Outcome, Reply

log = logging.getLogger("ocop.server.einvoice")
LEASE = "einvoice"
FIRST_RETRY_S = 60
MAX_RETRY_S = 3600
NOT_CONFIGURED_RETRY_S = 600
D = m.invoice_deliveries


def backoff(attempts: int) -> float:
    """Seconds before try number attempts + 1: 1, 2, 4 ... minutes, at most an hour."""
    return float(min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1)))


@dataclass
class Claimed:
    invoice_id: str
    seller: str
    attempts: int  # including this try
    doc: Doc


@dataclass
class Sender:
    engine: sa.Engine
    key: str
    holder: str = field(default_factory=lease.new_holder)
    clock: Callable[[], float] = time.time
    workers: int = 16
    batch: int = 200
    lease_ttl: float = 600.0
    timeout: float | None = None
    clients: dict[str, Client] = field(default_factory=dict)

    def run_once(self, max_rounds: int = 1000) -> dict:
        """Send everything due now; returns counts by outcome (`lease: False` when another holds it)."""
        totals: dict = {"claimed": 0, "accepted": 0, "refused": 0, "retry": 0, "waiting": 0, "lease": True}
        try:
            with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="einvoice") as pool:
                for _ in range(max_rounds):
                    done = self.round(pool)
                    if done is None:
                        totals["lease"] = False
                        return totals
                    for k, v in done.items():
                        totals[k] = totals.get(k, 0) + v
                    if not done.get("claimed"):
                        break
        finally:
            if totals["lease"]:  # done for now: another process (or the next run) may take over
                with self.engine.begin() as conn:
                    lease.release(conn, LEASE, self.holder)
        return totals

    def round(self, pool: ThreadPoolExecutor) -> dict | None:
        now = self.clock()
        with self.engine.begin() as conn:
            if not lease.hold(conn, LEASE, self.holder, self.lease_ttl, now):
                return None
            claimed, waiting = self._claim(conn, now)
        for client in self.clients.values():
            client.new_round()
        outcomes = list(pool.map(self._deliver, claimed))
        counts = {"claimed": len(claimed), "waiting": waiting}
        for out in outcomes:
            kind = out.kind if out.kind in ("accepted", "refused") else "retry"
            counts[kind] = counts.get(kind, 0) + 1
        if claimed:
            self._record(list(zip(claimed, outcomes)))
        return counts

    # -- claiming --------------------------------------------------------------------------------------
    def _claim(self, conn, now: float) -> tuple[list[Claimed], int]:
        rows = list(conn.execute(sa.select(D.c.invoice_id, D.c.seller_tax_code, D.c.attempts).where(
            D.c.state.in_(("queued", "sent")), D.c.next_attempt_at <= now)
            .order_by(D.c.next_attempt_at, D.c.queued_at, D.c.invoice_id).limit(self.batch)))
        ready, waiting = [], 0
        for r in rows:
            client = self._client(conn, r.seller_tax_code)
            if isinstance(client, str):  # not configured: wait, keep the reason, no attempt counted
                conn.execute(sa.update(D).where(D.c.invoice_id == r.invoice_id).values(
                    last_error=client, next_attempt_at=now + NOT_CONFIGURED_RETRY_S, updated_at=utc_now_iso()))
                waiting += 1
                continue
            doc = load_doc(conn, r.invoice_id)
            if doc.invoice["related_invoice_id"] and _related_state(conn, doc) != "accepted":
                conn.execute(sa.update(D).where(D.c.invoice_id == r.invoice_id).values(
                    last_error=f"waits for invoice {doc.invoice['related_invoice_id']} (which it replaces or "
                               "adjusts) to be accepted first", next_attempt_at=now + FIRST_RETRY_S,
                    updated_at=utc_now_iso()))
                waiting += 1
                continue
            attempts = r.attempts + 1
            conn.execute(sa.update(D).where(D.c.invoice_id == r.invoice_id).values(
                state="sent", attempts=attempts, provider=client.name, next_attempt_at=now + backoff(attempts),
                sent_at=utc_now_iso(), updated_at=utc_now_iso()))
            ready.append(Claimed(r.invoice_id, r.seller_tax_code, attempts, doc))
        return ready, waiting

    def _client(self, conn, tax_code: str) -> Client | str:
        if tax_code in self.clients:
            return self.clients[tax_code]
        seller = settings.seller_for_sending(conn, tax_code, self.key)
        if isinstance(seller, str):
            return seller
        client = REGISTRY[seller.provider](seller, requests.Session(), clock=self.clock, timeout=self.timeout)
        self.clients[tax_code] = client
        return client

    # -- one invoice ---------------------------------------------------------------------------------------
    def _deliver(self, item: Claimed) -> Outcome:
        client = self.clients[item.seller]
        before: tuple = ()
        if item.attempts > 1:  # tried before: the provider may hold it already
            found = client.lookup(item.doc)
            if found.kind != "missing":
                return found
            before = found.replies
        out = client.create(item.doc)
        if out.kind == "duplicate":  # the provider holds our transaction id already: take its record
            found = client.lookup(item.doc)
            if found.kind == "missing":
                out = Outcome("retry", f"{out.reason}; a lookup does not find it yet", replies=out.replies + found.replies)
            else:
                out = found.with_replies(list(out.replies))
        return out.with_replies(list(before))

    def _record(self, done: list[tuple[Claimed, Outcome]]) -> None:
        """The round's verdicts and replies, in one transaction (a row another process re-claimed
        meanwhile is left to it)."""
        now = utc_now_iso()
        replies = []
        with self.engine.begin() as conn:
            for item, out in done:
                conn.execute(sa.update(D).where(D.c.invoice_id == item.invoice_id, D.c.state == "sent",
                                                D.c.attempts == item.attempts).values(_verdict(out, now)))
                provider = self.clients[item.seller].name
                replies += [_reply_row(item.invoice_id, provider, r, now) for r in out.replies]
            if replies:
                conn.execute(sa.insert(m.invoice_replies), replies)
        for item, out in done:
            if out.kind != "accepted":
                log.warning("e-invoice not accepted", extra={"invoice": item.invoice_id, "outcome": out.kind,
                                                             "reason": out.reason[:300]})


def _verdict(out: Outcome, now: str) -> dict:
    """The delivery row's new values for an outcome."""
    values: dict = {"updated_at": now}
    if out.kind == "accepted":
        values.update(state="accepted", provider_invoice_no=out.invoice_no, provider_ref=out.ref, last_error="",
                      accepted_at=now)
    elif out.kind == "refused":
        values.update(state="refused", last_error=out.reason[:2000])
    else:
        values.update(state="queued", last_error=(out.reason or "no verdict from the provider")[:2000])
    if out.replies:
        values["last_reply"] = out.replies[-1].body
    return values


def _reply_row(invoice_id: str, provider: str, r: Reply, at: str) -> dict:
    return {"invoice_id": invoice_id, "at": at, "provider": provider, "action": r.action,
            "http_status": r.http_status, "outcome": r.outcome[:16], "body": r.body}


def _related_state(conn, doc: Doc) -> str:
    return conn.execute(sa.select(D.c.state).where(D.c.invoice_id == doc.invoice["related_invoice_id"])).scalar() or ""


def load_doc(conn, invoice_id: str) -> Doc:
    inv = dict(conn.execute(sa.select(m.invoices).where(m.invoices.c.id == invoice_id)).mappings().one())
    L = m.invoice_lines
    lines = [dict(r) for r in conn.execute(sa.select(L).where(L.c.invoice_id == invoice_id)
                                           .order_by(L.c.line_no, L.c.id)).mappings()]
    related = None
    if inv["related_invoice_id"]:
        row = conn.execute(sa.select(m.invoices).where(m.invoices.c.id == inv["related_invoice_id"])).mappings().first()
        related = dict(row) if row else None
    return Doc(inv, lines, related)


def requeue(conn, invoice_id: str) -> bool:
    """Queue a refused (or held) invoice again, e.g. after its seller's settings were corrected."""
    res = conn.execute(sa.update(D).where(D.c.invoice_id == invoice_id, D.c.state.in_(("refused", "issued")))
                       .values(state="queued", next_attempt_at=0, updated_at=utc_now_iso()))
    return res.rowcount == 1
