"""Replenishment (/office/replenish): what each producer should bring to each location, from the
sell rate of recent weeks and the stock on hand (central/figures/replenish.py holds the rule). Every
signed-in user sees it; the weekly list per producer downloads as CSV or Excel to send.

Without a producer chosen the page shows one line per producer (what it has to bring, in how many
lines): the full list of a chain can be 750,000 rows, too many for a page but fine for a file."""
from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from central import models as m
from central.clock import vn_today
from central.figures import replenish as rp
from central.figures.reports import ReportError, locations
from central.office import render
from central.office.deps import User, download, engine
from central.office.formats import qs
from central.office.i18n import error_text

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE_ROWS = 2000  # one producer's list on the page; the file always has all of it


def _params(request: Request) -> dict:
    q = request.query_params
    return {"producer": q.get("producer", ""), "location": q.get("location", ""),
            "weeks": q.get("weeks", "") or str(rp.DEFAULT_WEEKS), "cover": q.get("cover", "") or str(rp.DEFAULT_COVER_DAYS),
            "all": q.get("all", "")}


def _rows(conn, p: dict) -> list[dict]:
    return rp.suggestions(conn, producer_id=p["producer"] or None, location=p["location"] or None, today=vn_today(),
                          weeks=p["weeks"], cover_days=p["cover"], only_orders=not p["all"])


def _producers(conn) -> list[tuple[str, str]]:
    pr = m.producers
    return [(r.id, f"{r.code} · {r.name}") for r in conn.execute(sa.select(pr.c.id, pr.c.code, pr.c.name)
                                                                 .order_by(pr.c.code))]


def summary(rows: list[dict]) -> list[dict]:
    """Per producer: lines to order, units to order, locations concerned."""
    out = []
    for pid, items in rp.by_producer(rows).items():
        orders = [r for r in items if r["suggested"] > 0]
        out.append({"producer_id": pid, "producer_code": items[0]["producer_code"],
                    "producer_name": items[0]["producer_name"], "lines": len(orders),
                    "units": sum(r["suggested"] for r in orders if not r["sold_by_weight"]),
                    "grams": sum(r["suggested"] for r in orders if r["sold_by_weight"]),
                    "locations": len({r["location_code"] for r in orders})})
    return out


@router.get("/replenish")
def replenish_page(request: Request, user: User):
    p = _params(request)
    err, rows, meta = "", [], None
    with engine(request).connect() as conn:
        producers, locs = _producers(conn), [(x["code"], x["name"] or x["code"]) for x in locations(conn)]
        try:
            weeks, cover = rp.check_params(p["weeks"], p["cover"])
            meta = rp.describe(vn_today(), weeks, cover)
            rows = _rows(conn, p)
        except ReportError as exc:
            err = error_text(exc)
    listed = rows[:PAGE_ROWS] if p["producer"] else []
    query = qs(producer=p["producer"], location=p["location"], weeks=p["weeks"], cover=p["cover"], all=p["all"])
    return render.page(request, "replenish.html", user=user, p=p, err=err, meta=meta, producers=producers,
                       locations=locs, rows=listed, more=len(rows) - len(listed) if p["producer"] else 0,
                       summary=[] if p["producer"] else summary(rows), query=query,
                       link=lambda pid: "/office/replenish?" + qs(producer=pid, location=p["location"],
                                                                  weeks=p["weeks"], cover=p["cover"]))


def _file(request: Request, kind: str):
    p = _params(request)
    with engine(request).connect() as conn:
        try:
            weeks, cover = rp.check_params(p["weeks"], p["cover"])
            rows = _rows(conn, p)
        except ReportError as exc:
            return Response(error_text(exc), status_code=422, media_type="text/plain; charset=utf-8")
        name = dict(_producers(conn)).get(p["producer"], "") if p["producer"] else ""
    meta = rp.describe(vn_today(), weeks, cover)
    return download(*rp.export_file(rows, meta, name, name.split(" · ")[0] if name else "tat-ca", kind))


@router.get("/replenish.csv")
def replenish_csv(request: Request, user: User):
    return _file(request, "csv")


@router.get("/replenish.xlsx")
def replenish_xlsx(request: Request, user: User):
    return _file(request, "xlsx")
