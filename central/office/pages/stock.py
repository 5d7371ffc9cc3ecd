"""Stock on hand per location (from the movements kiosks synced), with low-stock and OCOP
certificate warnings."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.figures import reports as rp
from central.office import render
from central.office.deps import User, engine

router = APIRouter(prefix="/office", include_in_schema=False)


@router.get("/stock")
def stock(request: Request, user: User, location: str = "", only: str = ""):
    with engine(request).connect() as conn:
        rows = rp.stock_on_hand(conn, location or None)
        certs = rp.cert_warnings(conn)
        locs = rp.locations(conn)
    if only == "warn":
        rows = [r for r in rows if r["warnings"]]
    return render.page(request, "stock.html", user=user, rows=rows, certs=certs, location=location, only=only,
                       locations=[(x["code"], x["name"] or x["code"]) for x in locs],
                       warn_count=sum(1 for r in rows if r["warnings"]), cert_days=rp.CERT_WARN_DAYS)
