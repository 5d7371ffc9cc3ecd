"""E-invoices on the dashboard (/office/einvoices): a Vietnam day's invoices by kiosk, seller and
delivery state (held at the centre, queued, being sent, accepted, refused) with the provider's reason,
an alarm for past days not all accepted, and, for an administrator, queueing a refused or held
invoice again once its cause is fixed."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError

from central.clock import utc_now_iso, vn_today
from central.einvoice import check, listing, marks, notices, sender
from central.catalog.rules import CatalogError
from central.office import render
from central.figures import einvoice_list
from central.office.deps import Editor, User, download, engine
from central.office.formats import parse_day_vi
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(value: str) -> str:
    """The day typed (dd/mm/yyyy, or ISO from a link); today in Vietnam when none or unreadable."""
    try:
        return parse_day_vi(value) if value else vn_today().isoformat()
    except ValueError:
        return vn_today().isoformat()


@router.get("/einvoices")
def einvoices_page(request: Request, user: User):
    q = request.query_params
    day = _day(q.get("day", ""))
    device, seller = q.get("device", ""), q.get("seller", "")
    state = q.get("state", "") if q.get("state", "") in listing.STATES else ""
    with engine(request).connect() as conn:
        counts = listing.counts(conn, day, device, seller)
        rows = listing.rows(conn, day, device, seller, state)
        devices, sellers = listing.choices(conn)
        late = listing.late_days(conn, vn_today().isoformat())
        found = check.summary(conn, day, device or None)
        marks = notices.of_invoices(conn, [r["id"] for r in rows])
    keyless = not request.app.state.settings.einvoice_key
    return render.page(request, "einvoices.html", user=user, day=day, device=device, seller=seller, state=state,
                       counts=counts, rows=rows, devices=devices, sellers=sellers, late=late, keyless=keyless, check=found,
                       marks=marks, actions=notices.ACTION_LABELS, msg=q.get("msg", ""))


@router.get("/einvoices.xlsx")
def einvoices_xlsx(request: Request, user: User):
    """The bảng kê of a period (from/to, default the page's day), optionally one seller or kiosk."""
    q = request.query_params
    start = _day(q.get("from", "") or q.get("day", ""))
    end = max(start, _day(q.get("to", "") or start))
    with engine(request).connect() as conn:
        body = einvoice_list.rows(conn, start, end, q.get("seller", ""), q.get("device", ""))
    return download(einvoice_list.to_xlsx(body, start, end), f"bang-ke-hoa-don_{start}_{end}.xlsx", XLSX)


@router.post("/einvoices/{invoice_id}/requeue")
def requeue(invoice_id: str, request: Request, user: Editor, day: str = Form("")):
    """An administrator sends a refused (or held) invoice again after fixing what the provider said."""
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("chỉ quản trị viên được gửi lại hóa đơn"))
    with engine(request).begin() as conn:
        done = sender.requeue(conn, invoice_id)
    msg = _("Đã xếp hóa đơn vào hàng chờ gửi lại.") if done else _("Hóa đơn này không ở trạng thái bị từ chối hoặc giữ lại.")
    return RedirectResponse(f"/office/einvoices?{urlencode({'day': _day(day), 'msg': msg})}", status_code=303)


@router.post("/einvoices/check/mark")
async def mark_findings(request: Request, user: Editor):
    """An administrator marks findings of the day's check handled, with a reason (central/einvoice/
    marks.py): kept and shown with the reason, no longer counted as problems."""
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("chỉ quản trị viên được đánh dấu đã xử lý"))
    form = await request.form()
    day, device = _day(str(form.get("day") or "")), str(form.get("device") or "")
    try:
        with engine(request).begin() as conn:
            n = marks.mark(conn, check.problems(conn, day, device or None), [str(k) for k in form.getlist("finding")],
                           str(form.get("reason") or ""), user.username, utc_now_iso(), day)
        msg = _("Đã đánh dấu {n} điểm không khớp là đã xử lý.").format(n=n)
    except CatalogError as exc:
        msg = _("Chưa đánh dấu được: {error}").format(error=error_text(exc))
    except IntegrityError:  # another administrator marked the same finding meanwhile
        msg = _("Chưa đánh dấu được: điểm không khớp này vừa được đánh dấu.")
    return RedirectResponse(f"/office/einvoices?{urlencode({'day': day, 'device': device, 'msg': msg})}",
                            status_code=303)
