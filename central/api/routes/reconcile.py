"""Nightly reconciliation: the kiosk sends its per-day figures, the centre answers with its own
and stores the comparison (visible to the central office)."""
from __future__ import annotations

import json
import logging
from typing import Annotated

import msgspec
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from sync.protocol import ReconcileRequest, ReconcileResponse

from central import models as m
from central.api import bodies
from central.api.deps import CurrentDevice, CurrentUser
from central.events import reconcile

router = APIRouter(tags=["reconcile"])
log = logging.getLogger("ocop.server.reconcile")


@router.post("/reconcile", **bodies.documented(ReconcileRequest, ReconcileResponse))
def reconcile_days(device: CurrentDevice, body: Annotated[ReconcileRequest, Depends(bodies.body(ReconcileRequest))],
                   request: Request) -> Response:
    with request.app.state.engine.begin() as conn:
        days = reconcile.compare(conn, device.code, {d: msgspec.structs.asdict(f) for d, f in body.days.items()})
    bad = [d["business_day"] for d in days if d["status"] != "match"]
    log.info("reconcile", extra={"device_code": device.code, "days": len(days), "mismatch": bad})
    return bodies.reply({"days": days}, ReconcileResponse)


@router.get("/reconciliations")
def list_reconciliations(user: CurrentUser, request: Request,
                         device_code: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    r = m.reconciliations
    q = sa.select(r).order_by(r.c.id.desc()).limit(limit)
    if device_code:
        q = q.where(r.c.device_code == device_code)
    with request.app.state.engine.connect() as conn:
        rows = [dict(x._mapping) for x in conn.execute(q)]
    for row in rows:
        row["kiosk"], row["server"] = json.loads(row["kiosk"]), json.loads(row["server"])
    return rows
