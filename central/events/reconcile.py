"""Per-day figures of one device as the server holds them, compared with the kiosk's."""
from __future__ import annotations

import json

import sqlalchemy as sa

from sync.protocol import DayFigures

from central import models as m
from central.clock import utc_now_iso

FIGURES = DayFigures.__struct_fields__  # ("events", "sales", "sales_total", ...): the protocol's figures


def server_figures(conn, device_code: str, days: list[str]) -> dict[str, dict]:
    out = {d: dict.fromkeys(FIGURES, 0) for d in days}
    if not days:
        return out
    dev = conn.execute(sa.select(m.devices.c.contiguous_seq).where(m.devices.c.code == device_code)).scalar() or 0
    for day, n in conn.execute(
        sa.select(m.events.c.business_day, sa.func.count())
        .where(m.events.c.device_code == device_code, m.events.c.business_day.in_(days), m.events.c.seq <= dev)
        .group_by(m.events.c.business_day)
    ):
        out[day]["events"] = n
    s = m.sales
    for day, kind, status, n, total in conn.execute(
        sa.select(s.c.business_day, s.c.kind, s.c.status, sa.func.count(), sa.func.coalesce(sa.func.sum(s.c.total), 0))
        .where(s.c.device_code == device_code, s.c.business_day.in_(days))
        .group_by(s.c.business_day, s.c.kind, s.c.status)
    ):
        fig = out[day]
        if status == "voided":
            fig["voids"] += n
        elif kind == "sale":
            fig["sales"] += n
            fig["sales_total"] += int(total)
        else:
            fig["refunds"] += n
            fig["refunds_total"] += int(total)
    i = m.invoices
    for day, n, total in conn.execute(
        sa.select(i.c.business_day, sa.func.count(), sa.func.coalesce(sa.func.sum(i.c.total), 0))
        .where(i.c.device_code == device_code, i.c.business_day.in_(days)).group_by(i.c.business_day)
    ):
        out[day]["invoices"], out[day]["invoices_total"] = n, int(total)
    return out


def compare(conn, device_code: str, kiosk_days: dict[str, dict]) -> list[dict]:
    server = server_figures(conn, device_code, sorted(kiosk_days))
    now = utc_now_iso()
    results, rows = [], []
    for day in sorted(kiosk_days):
        k = {f: kiosk_days[day].get(f, 0) for f in FIGURES}
        status = "match" if k == server[day] else "mismatch"
        results.append({"business_day": day, "status": status, "kiosk": k, "server": server[day]})
        rows.append({"device_code": device_code, "business_day": day, "at": now, "status": status,
                     "kiosk": json.dumps(k), "server": json.dumps(server[day])})
    if rows:
        conn.execute(sa.insert(m.reconciliations), rows)
    return results
