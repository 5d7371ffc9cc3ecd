"""What the producer should bring next (/portal/orders): the weekly replenishment list of
central/figures/replenish.py for the signed-in producer only, on the page and as CSV or Excel, the
same list and rule the office sends (/office/replenish). The producer id comes from the session,
never from the address, so no parameter reaches another producer's rows."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.clock import vn_today
from central.figures import replenish as rp
from central.office import render
from central.office.deps import download, engine
from central.portal.auth import Producer

router = APIRouter(prefix="/portal", include_in_schema=False)


def _rows(request: Request, user, every: bool) -> tuple[list[dict], dict]:
    """Own rows (those with something to bring, or every row with `every`) and the rule's dates."""
    today = vn_today()
    with engine(request).connect() as conn:
        rows = rp.suggestions(conn, producer_id=user.producer_id, today=today, only_orders=not every)
    return rows, rp.describe(today, rp.DEFAULT_WEEKS, rp.DEFAULT_COVER_DAYS)


@router.get("/orders")
def orders_page(request: Request, user: Producer):
    every = bool(request.query_params.get("all"))
    rows, meta = _rows(request, user, every)
    return render.page(request, "portal/orders.html", user=user, rows=rows, meta=meta, every=every)


def _file(request: Request, user, kind: str):
    rows, meta = _rows(request, user, every=True)
    name = f"{user.producer_code} · {user.producer_name}"
    return download(*rp.export_file(rows, meta, name, user.producer_code, kind))


@router.get("/orders.csv")
def orders_csv(request: Request, user: Producer):
    return _file(request, user, "csv")


@router.get("/orders.xlsx")
def orders_xlsx(request: Request, user: Producer):
    return _file(request, user, "xlsx")
