"""The producer portal's sign-in and its dashboard (/portal): the producer's sales of a period by
day, point of sale and product, its stock at each point of sale with days of cover, what the
centre still owes it; and the period's sales as CSV and XLSX (formula-safe, central/figures/cells.py).

Every figure comes from central/figures/portal.py with the signed-in producer's id
(central/portal/auth.py); the query string chooses only the period and a point of sale."""
from __future__ import annotations

import datetime as dt
import io
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central import signin, throttle, tls
from central.api.client_address import client_address
from central.clock import vn_today
from central.figures import cells, statements
from central.figures import portal as fp
from central.figures import reports as rp
from central.office import auth as office_auth
from central.office import charts, i18n, render
from central.office.deps import download, engine
from central.office.formats import day_vi, parse_day_vi, qs
from central.office.i18n import _
from central.portal import auth
from central.portal.auth import Producer

router = APIRouter(prefix="/portal", include_in_schema=False)
DEFAULT_DAYS = 30


def safe_next(value: str | None) -> str:
    return value if value and value.startswith("/portal") and "//" not in value else "/portal"


def login_page(request: Request, status_code: int = 200, error: str = "", next_: str = "/portal",
               username: str = ""):
    return render.page(request, "portal/login.html", status_code, user=None, error=error, next=next_,
                       username=username)


@router.get("/login")
def login_form(request: Request, next: str = "/portal"):
    return login_page(request, next_=safe_next(next))


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/portal"):
    """The same throttled sign-in as the office's; only a producer login opens the portal (an office
    account is told so, and its new session is ended at once)."""
    settings = request.app.state.settings
    i18n.set_lang(render.visitor_lang(request))
    try:
        got = signin.sign_in(engine(request), settings, client_address(request), username.strip(), password) \
            if username.strip() and password else None
    except throttle.Refused as exc:
        msg = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.").format(seconds=exc.retry_after)
        resp = login_page(request, 429, msg, safe_next(next), username)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if got is None:
        return login_page(request, 401, _("Sai tên đăng nhập hoặc mật khẩu."), safe_next(next), username)
    if auth.user_of(engine(request), got.token) is None:
        office_auth.logout(engine(request), got.token)
        return login_page(request, 403, _("Tài khoản này không phải tài khoản nhà sản xuất: "
                                          "đăng nhập văn phòng ở /office."), safe_next(next), username)
    resp = RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    resp.set_cookie(auth.COOKIE, got.token, max_age=settings.user_token_hours * 3600, httponly=True,
                    samesite="strict", path=auth.PATH, secure=tls.secure_cookies(settings, request.url.scheme))
    return resp


@router.post("/logout")
def logout(request: Request, user: Producer):
    office_auth.logout(engine(request), user.token)
    resp = RedirectResponse(auth.LOGIN_PATH, status_code=status.HTTP_303_SEE_OTHER)
    resp.delete_cookie(auth.COOKIE, path=auth.PATH)
    return resp


@router.post("/lang")
async def set_language(request: Request, user: Producer, lang: Annotated[str, Form()] = "",
                       next: Annotated[str, Form()] = "/portal"):
    """VI | EN, saved on the producer's login (as the office saves it on an office user's)."""
    import sqlalchemy as sa

    from central import models as m

    code = i18n.known(lang)
    if code is None:
        raise HTTPException(422, "lang must be one of " + ", ".join(i18n.LANGS))
    with engine(request).begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.id == user.id).values(lang=code))
    return RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)


def period_of(request: Request) -> tuple[rp.Filters, str]:
    """(filters, error) from start/end (dd/mm/yyyy or ISO) and location; by default the last
    DEFAULT_DAYS days. The producer is never read from the request."""
    q = request.query_params
    today = vn_today()
    try:
        if q.get("start"):
            start = parse_day_vi(q.get("start"), _("Từ ngày"))
            end = parse_day_vi(q.get("end"), _("Đến ngày")) if q.get("end") else start
        else:
            start, end = (today - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat(), today.isoformat()
        return rp.Filters.make(start, end, q.get("location") or None), ""
    except rp.ReportError as exc:
        start = (today - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        return rp.Filters.make(start, today.isoformat()), i18n.error_text(exc)


def _period_text(f: rp.Filters) -> str:
    return _("Từ {start} đến {end}").format(start=day_vi(f.start), end=day_vi(f.end))


@router.get("")
def dashboard(request: Request, user: Producer):
    f, err = period_of(request)
    with engine(request).connect() as conn:
        fig = fp.dashboard(conn, user.producer_id, f)
        cube = fig.pop("cube")  # all points of sale's sales of the period: the stock's recent sales too
        stock = fp.stock_cover(conn, user.producer_id, vn_today(), cube if not f.location else None, (f.start, f.end))
        balance = statements.balance_of(conn, user.producer_id)
        locations = rp.locations(conn)
    trend = [(day_vi(d["business_day"])[:5], d["net"]) for d in fig["trend"]]
    chart = charts.columns(trend, _("Thực thu theo ngày"), width=1240, height=260)
    return render.page(request, "portal/home.html", user=user, f=f, err=err, period_text=_period_text(f),
                       chart=chart, stock=stock, balance=balance, cover_days=fp.COVER_DAYS,
                       location_choices=[(x["code"], x["name"] or x["code"]) for x in locations],
                       download=qs(start=f.start, end=f.end, location=f.location), **fig)


SALES_HEAD = ("Ngày", "Mã điểm bán", "Điểm bán", "Mã hàng", "Tên hàng", "Đơn vị", "SL bán", "SL trả lại",
              "Doanh thu", "Hoàn trả", "Thực thu", "Thuế GTGT")


def _sales_table(rows: list[dict]) -> list[list]:
    return [[r["business_day"], r["location_code"], r["location_name"], r["sku"], r["name_vi"], r["unit"],
             r["qty_sold"], r["qty_refunded"], r["gross"], r["refunds"], r["net"], r["vat"]] for r in rows]


def _sales(request: Request, user) -> tuple[rp.Filters, list[list]]:
    f, err = period_of(request)
    if err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, err)
    with engine(request).connect() as conn:
        return f, _sales_table(fp.sales_rows(conn, user.producer_id, f))


@router.get("/sales.csv")
def sales_csv(request: Request, user: Producer):
    f, body = _sales(request, user)
    return download(cells.csv_bytes([list(SALES_HEAD), *body]), f"ban-hang_{user.producer_code}_{f.start}_{f.end}.csv",
                    "text/csv; charset=utf-8")


@router.get("/sales.xlsx")
def sales_xlsx(request: Request, user: Producer):
    from openpyxl import Workbook

    f, body = _sales(request, user)
    wb = Workbook()
    ws = wb.active
    ws.title = "Ban hang"
    cells.append(ws, SALES_HEAD)
    for row in body:
        cells.append(ws, row)
    for col in "IJKL":
        for c in ws[col][1:]:
            c.number_format = "#,##0"
    buf = io.BytesIO()
    wb.save(buf)
    return download(buf.getvalue(), f"ban-hang_{user.producer_code}_{f.start}_{f.end}.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
