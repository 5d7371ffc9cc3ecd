"""Vouchers (/office/vouchers): issue one or a batch (administrators and managers), move a
voucher's offline uses to other kiosks or withdraw it, print a batch (codes with their QR, one
card each, the browser prints it to paper or PDF) or take it as CSV; the uses per location and
day and the outstanding liability (page and CSV); "Voucher dùng trùng": vouchers used more often
than they allow (two kiosks offline), with every use. docs/vouchers.md states the policy."""
from __future__ import annotations

import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from central.catalog.rules import CatalogError
from central.clock import utc_now
from central.figures import vouchers as fig
from central.office import period, render
from central.office.deps import Editor, User, download, engine
from central.office.i18n import _, error_text
from central.vouchers import issue

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/vouchers"
BATCH_CSV = ("code", "name", "kind", "value", "cap", "uses", "expires_on", "locations", "allot", "batch_no", "qr")


def _back(msg: str, to: str = PAGE) -> RedirectResponse:
    return RedirectResponse(f"{to}?msg={quote(msg)}", status_code=303)


@router.get("/vouchers")
def vouchers_page(request: Request, user: User, msg: str = ""):
    with engine(request).connect() as conn:
        rows = issue.recent(conn)
    return render.page(request, "vouchers.html", user=user, msg=msg, rows=rows)


@router.post("/vouchers")
async def vouchers_issue(request: Request, user: Editor):
    form = dict(await request.form())
    form["batch_no"] = form.get("batch_no") or utc_now().strftime("PQT-%Y%m%d-%H%M%S")
    try:
        with engine(request).begin() as conn:
            rows = issue.issue(conn, form, user.username)
    except CatalogError as exc:
        return _back(_("Không phát hành được: {error}").format(error=error_text(exc)))
    msg = _("Đã phát hành {n} phiếu, lô {batch}.").format(n=len(rows), batch=rows[0]["batch_no"])
    return _back(msg, f"{PAGE}/batch/{quote(rows[0]['batch_no'], safe='')}")


@router.post("/vouchers/allot")
async def vouchers_allot(request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            v = issue.reallot(conn, form.get("code"), form.get("allot"), user.username)
    except CatalogError as exc:
        return _back(_("Không phân lại được: {error}").format(error=error_text(exc)))
    return _back(_("Đã phân lại phiếu {code}; các ki-ốt biết ở lần đồng bộ tới.").format(code=v["code"]))


@router.post("/vouchers/void")
async def vouchers_void(request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            v = issue.void(conn, form.get("code"), user.username)
    except CatalogError as exc:
        return _back(_("Không thu hồi được phiếu: {error}").format(error=error_text(exc)))
    return _back(_("Đã thu hồi phiếu {code}.").format(code=v["code"]))


def _qr_svg(text: str) -> Markup:
    """The code as an inline SVG QR (no picture files, prints sharp at any size)."""
    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode("utf-8")
    return Markup(svg[svg.index("<svg"):])


def _batch(request: Request, batch_no: str) -> list[dict]:
    with engine(request).connect() as conn:
        rows = issue.batch(conn, batch_no)
        for r in rows:
            r["allot"] = ", ".join(f"{d}:{n}" for d, n in issue.allotments(conn, r["id"]).items())
            r["locations"] = r["locations"].strip(",")
            r["qr"] = r["code"]
    return rows


@router.get("/vouchers/batch/{batch_no}.csv")
def batch_csv(batch_no: str, request: Request, user: User):
    rows = _batch(request, batch_no)
    return download(fig.csv_text(BATCH_CSV, rows).encode("utf-8-sig"), quote(f"phieu_{batch_no}.csv", safe="._-"),
                    "text/csv; charset=utf-8")


@router.get("/vouchers/batch/{batch_no}")
def batch_page(batch_no: str, request: Request, user: User, msg: str = ""):
    rows = _batch(request, batch_no)
    for r in rows:
        r["svg"] = _qr_svg(r["code"])
    return render.page(request, "voucher_batch.html", user=user, msg=msg, rows=rows, batch_no=batch_no,
                       csv_href=f"{PAGE}/batch/{quote(batch_no, safe='')}.csv")


@router.get("/vouchers/double")
def double_page(request: Request, user: User):
    with engine(request).connect() as conn:
        rows = fig.double_uses(conn)
    return render.page(request, "voucher_double.html", user=user, rows=rows)


@router.get("/vouchers/report")
def report_page(request: Request, user: User):
    back = period.iso_redirect(request)
    if back is not None:
        return back
    f, preset, err = period.filters_from(request, "month")
    with engine(request).connect() as conn:
        uses = fig.uses_by_location_day(conn, f.start, f.end)
        owed = fig.liability(conn)
    return render.page(request, "voucher_report.html", user=user, f=f, err=err, uses=uses, owed=owed,
                       query=f"start={f.start}&end={f.end}")


@router.get("/vouchers/report/{what}.csv")
def report_csv(what: str, request: Request, user: User):
    f, _preset, _err = period.filters_from(request, "month")
    with engine(request).connect() as conn:
        if what == "uses":
            text = fig.csv_text(fig.USES_HEADER, fig.uses_by_location_day(conn, f.start, f.end))
        else:
            text = fig.csv_text(fig.LIABILITY_HEADER, fig.liability(conn))
    name = f"phieu-da-dung_{f.start}_{f.end}.csv" if what == "uses" else "phieu-con-no.csv"
    return download(text.encode("utf-8-sig"), name, "text/csv; charset=utf-8")
