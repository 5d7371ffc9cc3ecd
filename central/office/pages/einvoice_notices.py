"""Form 04/SS-HĐĐT notices of erroneous e-invoices (/office/einvoices/notices, administrators make
them): pick a seller's invoices of a day, say what is wrong and how it is corrected; the centre
records the notice with its XML (central/einvoice/notices.py), offers the XML to download (to sign
and send from the provider's portal) and shows the notice on each invoice it names."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog.rules import N_
from central.clock import utc_now_iso, vn_today
from central.einvoice import listing, notices
from central.einvoice.settings import Invalid
from central.office import render
from central.office.deps import Editor, User, download, engine
from central.office.formats import parse_day_vi
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/einvoices/notices"


def _admin(user) -> None:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("chỉ quản trị viên được lập thông báo sai sót"))


def _day(value: str) -> str:
    try:
        return parse_day_vi(value) if value else vn_today().isoformat()
    except ValueError:
        return vn_today().isoformat()


@router.get("/einvoices/notices")
def notices_page(request: Request, user: User, msg: str = ""):
    with engine(request).connect() as conn:
        rows = notices.recent(conn)
    return render.page(request, "einvoice_notices.html", user=user, rows=rows, msg=msg)


@router.get("/einvoices/notices/new")
def notice_form(request: Request, user: Editor):
    _admin(user)
    q = request.query_params
    day, seller = _day(q.get("day", "")), q.get("seller", "")
    picked = set(q.getlist("invoice"))
    with engine(request).connect() as conn:
        _devices, sellers = listing.choices(conn)
        seller = seller or (sellers[0][0] if sellers else "")
        rows = listing.rows(conn, day, "", seller) if seller else []
        marks = notices.of_invoices(conn, [r["id"] for r in rows])
        last = notices.last_header(conn, seller) if seller else {}
    return render.page(request, "einvoice_notice_form.html", user=user, day=day, seller=seller, sellers=sellers,
                       rows=rows, picked=picked, marks=marks, last=last, errors=notices.ERRORS,
                       actions=notices.ACTION_LABELS, msg=q.get("msg", ""))


@router.post("/einvoices/notices")
async def notice_save(request: Request, user: Editor):
    _admin(user)
    form = await request.form()
    data = {k: str(v) for k, v in form.items() if k != "invoice"}
    ids = [str(v) for v in form.getlist("invoice")]
    try:
        if data.get("authority_notice_day"):
            data["authority_notice_day"] = _authority_day(data["authority_notice_day"])
        with engine(request).begin() as conn:
            notice_id = notices.make(conn, data, ids, user.username, vn_today().isoformat(), utc_now_iso())
    except Invalid as exc:
        msg = _("Chưa lập được thông báo: {error}").format(error=error_text(exc))
        back = urlencode([("day", data.get("day", "")), ("seller", data.get("seller", "")), ("msg", msg)]
                         + [("invoice", i) for i in ids])
        return RedirectResponse(f"{PAGE}/new?{back}", status_code=303)
    msg = _("Đã lập thông báo sai sót. Tải tệp XML, ký và gửi từ cổng của nhà cung cấp hóa đơn.")
    return RedirectResponse(f"{PAGE}/{quote(notice_id, safe='')}?msg={quote(msg)}", status_code=303)


def _authority_day(value: str) -> str:
    try:
        return parse_day_vi(value)
    except ValueError:
        raise Invalid(N_("ngày thông báo của cơ quan thuế phải là ngày/tháng/năm"), "authority_notice_day") from None


def _found(request: Request, notice_id: str):
    with engine(request).connect() as conn:
        notice = notices.get(conn, notice_id)
    if notice is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có thông báo này"))
    return notice


@router.get("/einvoices/notices/{notice_id}.xml")
def notice_xml(notice_id: str, request: Request, user: User):
    notice = _found(request, notice_id)
    name = f"04SS-HDDT_{notice['seller_tax_code']}_{notice['notice_day']}_{notice_id[:8]}.xml"
    return download(notice["xml"].encode("utf-8"), name, "application/xml")


@router.get("/einvoices/notices/{notice_id}")
def notice_page(notice_id: str, request: Request, user: User, msg: str = ""):
    notice = _found(request, notice_id)
    return render.page(request, "einvoice_notice.html", user=user, notice=notice, msg=msg,
                       errors=notices.ERRORS, actions=notices.ACTION_LABELS)
