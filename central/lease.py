"""Leases: one server process at a time does a job that every worker process could run.

`main.py server --workers N` starts N processes with the same lifespan, so each would run the
loop that applies scheduled prices and commission rates. The loop works only while its process
holds the lease row (migration 0005 seeds it): taken when free or expired, renewed each round,
released on a clean shutdown; a process that dies loses it after `ttl` seconds and another
takes over. Taking or renewing happens in the transaction that then does the work, and the
UPDATE locks the row until that transaction ends, so a second process cannot slip in between
(on SQLite every write transaction here is BEGIN IMMEDIATE). Times are the processes' own
clocks (epoch seconds): workers of one server share a clock; across hosts, keep ttl well above
any clock skew.
"""
from __future__ import annotations

import os
import socket
import time
import uuid

import sqlalchemy as sa

from central import models as m

L = m.server_leases


def new_holder() -> str:
    """A name for this app instance: host, process and a random part (two apps in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def hold(conn, name: str, holder: str, ttl: float, now: float | None = None) -> bool:
    """Take or renew the lease inside the caller's transaction; False when another holds it."""
    now = time.time() if now is None else now
    row = conn.execute(sa.select(L.c.holder, L.c.expires_at).where(L.c.name == name)).first()
    if row is None:
        raise RuntimeError(f"lease row {name!r} missing: run `main.py server migrate`")
    if row.holder != holder and row.expires_at > now:
        return False  # cheap check first: no row lock taken while someone else holds it
    res = conn.execute(sa.update(L).where(L.c.name == name, sa.or_(L.c.holder == holder, L.c.expires_at <= now))
                       .values(holder=holder, expires_at=now + ttl))
    return res.rowcount == 1


def release(conn, name: str, holder: str) -> None:
    conn.execute(sa.update(L).where(L.c.name == name, L.c.holder == holder).values(expires_at=0))


def holder_of(conn, name: str) -> tuple[str, float] | None:
    row = conn.execute(sa.select(L.c.holder, L.c.expires_at).where(L.c.name == name)).first()
    return (row.holder, row.expires_at) if row else None
