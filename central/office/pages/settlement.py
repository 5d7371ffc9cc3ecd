"""Settlement with the producers (/office/settlement): what each is owed for a period, as a page,
CSV and Excel files, and each producer's print-ready statement."""
from __future__ import annotations

import json

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse

from central import models as m
from central.catalog import edit as ca
from central.clock import vn_today
from central.figures import reports as rp
from central.figures import settlement as st
from central.figures import settlement_close as sc
from central.office import period, render
from central.office.deps import User, download, engine
from central.office.formats import qs
from central.office.i18n import _

router = APIRouter(prefix="/office", include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def settle_filters(request: Request) -> tuple[rp.Filters, str, str]:
    return period.filters_from(request, default="last_month")


@router.get("/settlement")
def settlement_page(request: Request, user: User):
    if (back := period.iso_redirect(request)) is not None:
        return back
    f, preset, err = settle_filters(request)
    with engine(request).connect() as conn:
        rows = st.settlement(conn, f)
        choices = period.form_choices(conn, with_device=False, with_producer=False)
        note = st.flag_note(conn, f, _)  # the files keep the Vietnamese note
    return render.page(request, "settlement.html", user=user, f=f, preset=preset, err=err, choices=choices, note=note,
                       unassigned=st.unassigned_note(rows, _), label=lambda r: st.producer_label(r, _),
                       rows=rows, totals=st.totals(rows), period_text=period.period_text(f),
                       query=qs(start=f.start, end=f.end, location=f.location))


@router.get("/settlement.csv")
def settlement_csv(request: Request, user: User):
    f, _p, _e = settle_filters(request)
    with engine(request).connect() as conn:
        rows = st.settlement(conn, f)
        note = st.flag_note(conn, f)
    return download(st.to_csv(rows, f, note), f"quyet-toan_{f.start}_{f.end}.csv", "text/csv; charset=utf-8")


@router.get("/settlement.xlsx")
def settlement_xlsx(request: Request, user: User):
    f, _p, _e = settle_filters(request)
    with engine(request).connect() as conn:
        rows = st.settlement(conn, f)
        note = st.flag_note(conn, f)
    return download(st.to_xlsx(rows, f, note), f"quyet-toan_{f.start}_{f.end}.xlsx", XLSX)


@router.get("/settlement/{producer_id}/statement")
def statement(producer_id: str, request: Request, user: User):
    f, _p, _err = settle_filters(request)
    f = rp.Filters(f.start, f.end, f.location, None, producer_id)
    with engine(request).connect() as conn:
        rows = [r for r in st.settlement(conn, f) if not r.get("unassigned")]  # no statement for nobody
        if not rows:
            prod = ca.get_producer(conn, producer_id)
            if prod is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này")
            rows = [sc.empty_row(prod)]
        issuer = issuer_name(conn)
    return HTMLResponse(st.statement_html(rows[0], f, issuer=issuer, issued=vn_today()), headers=render.NO_STORE)


def issuer_name(conn) -> str:
    """Who issues statements: the chain-wide `store_name` setting, if the office set one."""
    raw = conn.execute(sa.select(m.settings.c.value).where(m.settings.c.location_code == "",
                                                           m.settings.c.key == "store_name")).scalar()
    try:
        name = json.loads(raw) if raw else ""
    except ValueError:
        name = ""
    return str(name or st.ISSUER)
