"""Settlement periods (/office/settlement/periods): close a period for one producer or all,
each producer's closed statements (printable page and PDF, both from the frozen body), payouts,
and what is owed, paid and still owed. Closing and payouts: administrators and accountants."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from central.catalog import edit as ca
from central.figures import payouts, statements
from central.figures import settlement as st
from central.figures import settlement_close as sc
from central.figures.reports import Filters, ReportError
from central.figures.settlement_pdf import statement_pdf
from central.office import period, render
from central.office.deps import Settler, User, engine
from central.office.formats import parse_day_vi
from central.office.i18n import _, error_text
from central.office.pages.settlement import issuer_name

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/settlement/periods"


def _producer_page(pid: str) -> str:
    return f"/office/settlement/producers/{quote(pid, safe='')}"


@router.get("/settlement/periods")
def periods_page(request: Request, user: User, msg: str = "", err: str = ""):
    f, preset, bad = period.filters_from(request, default="last_month")
    with engine(request).connect() as conn:
        prods = ca.list_producers(conn)
        bal = statements.balances(conn)
        closed = statements.statements_between(conn, f.start, f.end)
    names = {p["id"]: p for p in prods}
    for s in closed:
        s["code"], s["name"] = names.get(s["producer_id"], {}).get("code", ""), names.get(s["producer_id"], {}).get("name", "")
    rows = [{**p, **bal.get(p["id"], {"owed": 0, "paid": 0, "still_owed": 0}), "href": _producer_page(p["id"])}
            for p in prods]
    return render.page(request, "settlement_periods.html", user=user, msg=msg, err=err or bad, f=f, rows=rows,
                       closed=closed, period_text=period.period_text(f),
                       choices=[(p["id"], f"{p['code']} · {p['name']}") for p in prods])


@router.post("/settlement/periods")
async def close(request: Request, user: Settler):
    form = await request.form()
    pid = str(form.get("producer_id") or "") or None
    try:
        start, end = parse_day_vi(form.get("start"), _("ngày bắt đầu")), parse_day_vi(form.get("end"), _("ngày kết thúc"))
        with engine(request).begin() as conn:
            got = sc.close_period(conn, start, end, pid, by=user.username, role=user.role, issuer=issuer_name(conn))
    except ReportError as exc:
        return RedirectResponse(f"{PAGE}?err={quote(_('Không chốt được kỳ: {error}').format(error=error_text(exc)))}",
                                status_code=303)
    msg = _("Đã chốt {n} bảng quyết toán; {k} nhà sản xuất đã chốt kỳ này từ trước (không đổi).").format(
        n=len(got["closed"]), k=len(got["already"]))
    left = got.get("unassigned") or {"products": 0}
    if left["products"]:
        msg += " " + _("{n} mặt hàng bán trong kỳ không có nhà sản xuất đã biết (thực thu {net}) không vào bảng nào: "
                       "xem trang Quyết toán.").format(n=left["products"],
                                                        net=f"{left['net']:,} ₫".replace(",", "."))
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}&start={start}&end={end}", status_code=303)


@router.get("/settlement/producers/{producer_id}")
def producer_page(producer_id: str, request: Request, user: User, msg: str = "", err: str = ""):
    with engine(request).connect() as conn:
        prod = ca.get_producer(conn, producer_id)
        if prod is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có nhà sản xuất này"))
        rows = statements.statements_of(conn, producer_id)
        paid = statements.payouts_of(conn, producer_id)
        bal = statements.balance_of(conn, producer_id)
    return render.page(request, "settlement_producer.html", user=user, msg=msg, err=err, prod=prod, rows=rows,
                       paid=paid, bal=bal, action=_producer_page(producer_id) + "/payouts")


@router.post("/settlement/producers/{producer_id}/payouts")
async def payout(producer_id: str, request: Request, user: Settler):
    form = await request.form()
    back = _producer_page(producer_id)
    try:
        day = parse_day_vi(form.get("paid_on"), _("ngày chi trả"))
        with engine(request).begin() as conn:
            row = payouts.record_payout(conn, producer_id, day, str(form.get("amount") or ""), str(form.get("method") or ""),
                                        str(form.get("reference") or ""), by=user.username, role=user.role,
                                        advance=form.get("advance") == "1", note=str(form.get("note") or ""))
    except ReportError as exc:
        return RedirectResponse(f"{back}?err={quote(_('Không ghi được khoản chi: {error}').format(error=error_text(exc)))}",
                                status_code=303)
    msg = _("Đã ghi khoản chi {amount}.").format(amount=f"{row['amount']:,} ₫".replace(",", "."))
    return RedirectResponse(f"{back}?msg={quote(msg)}", status_code=303)


def _frozen(request: Request, statement_id: str) -> dict:
    with engine(request).connect() as conn:
        s = statements.statement(conn, statement_id)
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có bảng quyết toán này"))
    return s


@router.get("/settlement/statements/{statement_id}.pdf")
def statement_file(statement_id: str, request: Request, user: User):
    s = _frozen(request, statement_id)
    name = f"quyet-toan_{s['body']['row']['code']}_{s['period_start']}_{s['period_end']}.pdf"
    return Response(statement_pdf(s), media_type="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=\"{quote(name, safe='._-')}\"", **render.NO_STORE})


@router.get("/settlement/statements/{statement_id}")
def statement_page(statement_id: str, request: Request, user: User):
    s = _frozen(request, statement_id)
    b = s["body"]
    return HTMLResponse(st.statement_html(b["row"], Filters(b["start"], b["end"]), issuer=b.get("issuer") or st.ISSUER,
                                          closed={**b, "id": s["id"]}), headers=render.NO_STORE)
