"""The overview (/office): sales figures of a period by day, location, device, producer, payment
method and product, with charts; and the period's sale lines as a CSV file."""
from __future__ import annotations

import io

from fastapi import APIRouter, Request

from central.clock import vn_today
from central.einvoice import listing
from central.figures import cells, nightly
from central.figures import reports as rp
from central.office import charts, period, render
from central.office.deps import User, download, engine
from central.office.formats import day_vi, qs
from central.office.i18n import _
from central.office.pages.problems import scan as catalog_problems

router = APIRouter(prefix="/office", include_in_schema=False)


def figures(conn, f: rp.Filters) -> dict:
    """Every figure the overview shows, from one cube of the period's lines."""
    c = rp.cube(conn, f)
    known = rp.producer_names(conn)
    return {"summary": rp.summary(conn, f), "trend": rp.by_day(conn, f), "locations": rp.by_location(conn, f, c),
            "devices": rp.by_device(conn, f, c), "products": rp.by_product(conn, f, c=c),
            "producers": [{**x, "unassigned": x["producer_id"] not in known} for x in rp.by_producer(conn, f, c)],
            "payments": rp.by_payment(conn, f),
            "vat_rates": rp.vat_rate_totals(rp.by_vat_rate(conn, f)), "unassigned": unassigned(c, known)}


def unassigned(c: dict, known: dict) -> dict:
    """How many products sold in the period name no producer the centre knows (none, or an unknown
    id), and their net: counted in the sales, never in a settlement statement, so shown here."""
    keys = [k for k in c if k[0] not in known]
    return {"products": len({k[1] for k in keys}), "net": sum(c[k]["net"] for k in keys)}


def chart_data(fig: dict) -> dict:
    trend = [(day_vi(d["business_day"])[:5], d["net"]) for d in fig["trend"]]
    return {"trend": charts.columns(trend, _("Thực thu theo ngày"), width=1240, height=280),
            "top": charts.bars([(p["name_vi"], p["net"]) for p in fig["products"][:10]],
                               _("10 sản phẩm bán chạy (thực thu)")),
            "by_location": charts.bars([(x["location_name"], x["net"]) for x in fig["locations"]],
                                       _("Thực thu theo điểm bán"))}


@router.get("")
def overview(request: Request, user: User):
    if (back := period.iso_redirect(request)) is not None:
        return back
    f, preset, err = period.filters_from(request)
    with engine(request).connect() as conn:
        fig = figures(conn, f)
        choices = period.form_choices(conn)
        problems = catalog_problems(conn)
        late = listing.late_days(conn, vn_today().isoformat())
    return render.page(request, "overview.html", user=user, f=f, preset=preset, err=err, choices=choices,
                       problems=problems, late=late, period_text=period.period_text(f), charts=chart_data(fig),
                       download=qs(start=f.start, end=f.end, location=f.location, device=f.device,
                                   producer=f.producer), **fig)


@router.get("/lines.csv")
def lines_csv(request: Request, user: User):
    """Every counted sale line of the filtered period (refunds negative), as the nightly file."""
    f, _p, _e = period.filters_from(request)
    with engine(request).connect() as conn:
        lines = rp.sale_lines(conn, f, limit=500_000)
    buf = io.StringIO()
    w = cells.SafeWriter(buf)
    w.writerow([h for _, h in nightly.LINE_COLS])
    for ln in lines:
        ln["kind"] = nightly.KIND_VI.get(ln["kind"], ln["kind"])
        w.writerow([ln[k] for k, _ in nightly.LINE_COLS])
    return download(("\ufeff" + buf.getvalue()).encode("utf-8"), f"dong-ban_{f.start}_{f.end}.csv",
                    "text/csv; charset=utf-8")
