"""The kiosks' sync health (/office/sync): when each last called, events still missing, and the
nightly reconciliation of its figures with the server's."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.figures import reports as rp
from central.office import render
from central.office.deps import User, engine

router = APIRouter(prefix="/office", include_in_schema=False)


@router.get("/sync")
def sync_health(request: Request, user: User):
    with engine(request).connect() as conn:
        rows = rp.sync_health(conn)
    return render.page(request, "devices.html", user=user, rows=rows)
