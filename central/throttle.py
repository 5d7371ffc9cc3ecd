"""Sign-in and enrollment throttling, per client address and per account, with lockout and audit.

Why counters in the database rather than the `limits` package: its storages are process memory,
Redis, Memcached or MongoDB. Memory is per process (`main.py server --workers N` would multiply
the allowance by N) and the others are a second server to run; the central database is already
shared by every worker, on SQLite and PostgreSQL alike.

Why an attempt is counted *before* the secret is checked: concurrent requests cannot all slip
through between "check" and "count". A right password gives its attempt back (`succeeded`).

An attempt refused while locked does not count against the account, so one address hammering an
account is stopped (per address) long before the account itself locks (per account): the real user
can still sign in from elsewhere, while many addresses together do lock the account.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from central import models as m
from central.clock import utc_now, utc_now_iso

t = m.auth_throttle
PRUNE_SHARE = 0.01  # about one attempt in a hundred also forgets quiet keys
# The throttle's clock, epoch seconds; tests replace it (central/throttle.py only reads it here).
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Rule:
    key: str
    limit: int


@dataclass(frozen=True)
class Refused(Exception):
    """Too many attempts: try again in `retry_after` seconds."""
    retry_after: int


def rules(settings, action: str, address: str, account: str) -> list[Rule]:
    """The keys an attempt counts against: its address first, then its account."""
    per_address = getattr(settings, f"{action}_per_address")
    per_account = getattr(settings, f"{action}_per_account")
    kind = "user" if action == "login" else "device"
    return [Rule(f"{action}-addr:{address}"[:200], per_address), Rule(f"{action}-{kind}:{account}"[:200], per_account)]


def _insert(conn):
    stmt = (postgresql.insert(t) if conn.dialect.name == "postgresql" else sqlite.insert(t))
    return stmt.on_conflict_do_nothing(index_elements=["key"])


def _take(conn, rule: Rule, settings, now: float) -> int:
    """Count one attempt on `rule.key`; the seconds to wait if it is (or now becomes) locked, else 0."""
    conn.execute(_insert(conn).values(key=rule.key, attempts=0, window_start=now, locked_until=0, lockouts=0))
    row = conn.execute(sa.select(t).where(t.c.key == rule.key).with_for_update()).one()
    if row.locked_until > now:
        return math.ceil(row.locked_until - now)
    attempts, start, lockouts = row.attempts, row.window_start, row.lockouts
    if now - start >= settings.throttle_window_s:
        attempts, start = 0, now
        if now - row.locked_until >= settings.lockout_max_s:  # quiet long enough: lockouts forgotten
            lockouts = 0
    if attempts >= rule.limit:
        wait = min(settings.lockout_s * 2 ** min(lockouts, 20), settings.lockout_max_s)
        conn.execute(sa.update(t).where(t.c.key == rule.key)
                     .values(attempts=0, window_start=now, locked_until=now + wait, lockouts=lockouts + 1))
        return wait
    conn.execute(sa.update(t).where(t.c.key == rule.key).values(attempts=attempts + 1, window_start=start))
    return 0


def attempt(engine, settings, action: str, address: str, account: str) -> None:
    """Count an attempt to sign in (`login`) or enroll (`enroll`); raises Refused (and keeps an
    audit row) when the address or the account is locked."""
    now = clock()
    with engine.begin() as conn:
        if random.random() < PRUNE_SHARE:
            prune(conn, settings, now)
        for rule in rules(settings, action, address, account):
            wait = _take(conn, rule, settings, now)
            if wait:
                _audit(conn, action, address, account, "locked", wait)
                break
    if wait:
        raise Refused(wait)


def prune(conn, settings, now: float) -> int:
    """Forget keys with no attempt in the window and no lockout for `lockout_max_s` (their next
    attempt starts afresh anyway), so names and addresses tried once do not pile up."""
    quiet = now - max(settings.throttle_window_s, settings.lockout_max_s)
    return conn.execute(sa.delete(t).where(t.c.window_start < quiet, t.c.locked_until < quiet)).rowcount


def prune_refusals(conn, settings, now: dt.datetime | None = None) -> int:
    """Forget refused attempts older than `auth_audit_days`: the audit answers "who tried what
    lately", and a server on the internet is tried every day, so the table would only grow
    (the scheduler runs this every round, central/scheduler.py)."""
    cutoff = ((now or utc_now()) - dt.timedelta(days=settings.auth_audit_days)).isoformat(timespec="milliseconds")
    return conn.execute(sa.delete(m.auth_refusals).where(m.auth_refusals.c.at < cutoff)).rowcount


def failed(engine, action: str, address: str, account: str) -> None:
    """The secret was wrong: keep the audit row (the attempt is already counted)."""
    with engine.begin() as conn:
        _audit(conn, action, address, account, "wrong", 0)


def succeeded(engine, settings, action: str, address: str, account: str) -> None:
    """The secret was right: the account starts afresh and the address gets its attempt back."""
    addr_rule, account_rule = rules(settings, action, address, account)
    with engine.begin() as conn:
        conn.execute(sa.delete(t).where(t.c.key == account_rule.key))
        conn.execute(sa.update(t).where(t.c.key == addr_rule.key, t.c.attempts > 0)
                     .values(attempts=t.c.attempts - 1))


def _audit(conn, action: str, address: str, account: str, reason: str, retry_after: int) -> None:
    conn.execute(sa.insert(m.auth_refusals).values(at=utc_now_iso(), action=action, address=address[:64],
                                                   account=account[:64], reason=reason, retry_after=retry_after))
