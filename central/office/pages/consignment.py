"""Consignment stock (/office/consignment): each producer's goods at each point of sale, per lot,
from the stock ledger (central/figures/consignment.py): received, sold, refunded, returned to the
producer, damaged or expired, other, on hand, up to a day; as a page, CSV and Excel (formula-safe
cells: names come from outside the office)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.figures import consignment as cs
from central.figures import reports as rp
from central.office import period, render
from central.office.deps import User, download, engine
from central.office.formats import parse_day_vi, qs
from central.office.i18n import _, error_text
from central.office.pages.settlement import XLSX

router = APIRouter(prefix="/office", include_in_schema=False)


def _filters(request: Request) -> tuple[dict, str]:
    """{producer, location, until (ISO day or '')} from the query string, and an error text: a day
    that cannot be read is dropped (the page says why), nothing else changes."""
    q = request.query_params
    f = {"producer": q.get("producer", ""), "location": q.get("location", ""), "until": ""}
    err = ""
    if q.get("until"):
        try:
            f["until"] = parse_day_vi(q.get("until"), _("Đến hết ngày"))
        except rp.ReportError as exc:
            err = error_text(exc)
    return f, err


def _rows(request: Request, f: dict) -> list[dict]:
    with engine(request).connect() as conn:
        return cs.stock(conn, f["producer"] or None, f["location"] or None, f["until"] or None)


@router.get("/consignment")
def consignment_page(request: Request, user: User):
    f, err = _filters(request)
    with engine(request).connect() as conn:
        rows = cs.stock(conn, f["producer"] or None, f["location"] or None, f["until"] or None)
        choices = period.form_choices(conn, with_device=False)
    producers: dict[str, dict] = {}
    for r in rows:
        producers.setdefault(r["producer_id"], {"name": r["producer_name"], "rows": []})["rows"].append(r)
    return render.page(request, "consignment.html", user=user, f=f, err=err, choices=choices,
                       producers=list(producers.values()), query=qs(**f))


@router.get("/consignment.csv")
def consignment_csv(request: Request, user: User):
    f, _e = _filters(request)
    return download(cs.to_csv(_rows(request, f)), f"hang-ky-gui_{f['until'] or 'hom-nay'}.csv",
                    "text/csv; charset=utf-8")


@router.get("/consignment.xlsx")
def consignment_xlsx(request: Request, user: User):
    f, _e = _filters(request)
    return download(cs.to_xlsx(_rows(request, f), f["until"] or None), f"hang-ky-gui_{f['until'] or 'hom-nay'}.xlsx",
                    XLSX)
