"""The e-invoices as the office reads them: per Vietnam day, kiosk, seller and delivery state, with
the provider's reason for a refusal or a retry, and the day's alarm (a day over whose invoices are
not all accepted)."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m

STATES = ("issued", "queued", "sent", "accepted", "refused")
I, D = m.invoices, m.invoice_deliveries


def _where(day: str, device: str = "", seller: str = "", state: str = "") -> list:
    cond = [I.c.business_day == day]
    if device:
        cond.append(I.c.device_code == device)
    if seller:
        cond.append(I.c.seller_tax_code == seller)
    if state:
        cond.append(D.c.state == state)
    return cond


def counts(conn, day: str, device: str = "", seller: str = "") -> dict:
    """{state: (invoices, total đồng)} for the day, every state present (0 when none)."""
    q = (sa.select(D.c.state, sa.func.count(), sa.func.coalesce(sa.func.sum(I.c.total), 0))
         .select_from(I.join(D, D.c.invoice_id == I.c.id)).where(*_where(day, device, seller)).group_by(D.c.state))
    got = {state: (int(n), int(total)) for state, n, total in conn.execute(q)}
    return {s: got.get(s, (0, 0)) for s in STATES}


def rows(conn, day: str, device: str = "", seller: str = "", state: str = "", limit: int = 1000) -> list[dict]:
    q = (sa.select(I.c.id, I.c.issued_at, I.c.device_code, I.c.seller_tax_code, I.c.seller_name, I.c.template,
                   I.c.symbol, I.c.number, I.c.kind, I.c.buyer_name, I.c.buyer_company, I.c.total, D.c.state,
                   D.c.attempts, D.c.provider, D.c.provider_invoice_no, D.c.last_error, D.c.updated_at)
         .select_from(I.join(D, D.c.invoice_id == I.c.id)).where(*_where(day, device, seller, state))
         .order_by(I.c.device_code, I.c.symbol, I.c.number).limit(limit))
    return [dict(r._mapping) for r in conn.execute(q)]


def choices(conn) -> tuple[list[str], list[tuple[str, str]]]:
    """The kiosks and sellers that have invoices, for the filters."""
    devices = list(conn.execute(sa.select(I.c.device_code).distinct().order_by(I.c.device_code)).scalars())
    sellers = [(t, n) for t, n in conn.execute(sa.select(I.c.seller_tax_code, sa.func.max(I.c.seller_name))
                                                .group_by(I.c.seller_tax_code).order_by(I.c.seller_tax_code))]
    return devices, sellers


def late_days(conn, today: str, limit: int = 31) -> list[tuple[str, int]]:
    """Past Vietnam days with invoices not yet accepted: (day, how many), latest first."""
    q = (sa.select(I.c.business_day, sa.func.count()).select_from(I.join(D, D.c.invoice_id == I.c.id))
         .where(I.c.business_day < today, D.c.state != "accepted").group_by(I.c.business_day)
         .order_by(I.c.business_day.desc()).limit(limit))
    return [(d, int(n)) for d, n in conn.execute(q)]
