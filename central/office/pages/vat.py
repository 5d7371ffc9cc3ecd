"""VAT rates by day (/office/catalog/vat): schedule a rate (0, 5, 8 or 10 %) for one product or a
whole category from a Vietnam day (tomorrow or later), see the schedule, cancel a change not yet
begun. Administrators only: a rate is a tax decision (Decree 174/2025/NĐ-CP's 8 % ends
31/12/2026 unless extended), not a catalog edit. Kiosks receive the schedule with the catalog."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.catalog import vat_plan
from central.catalog.rules import N_, CatalogError
from central.clock import vn_today
from central.office import render
from central.office.deps import Editor, engine
from central.office.formats import day_vi
from central.office.i18n import _, error_text
from central.office.labels import VAT_OPTIONS

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/catalog/vat"


def _admin(user) -> None:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("chỉ quản trị viên được lên lịch thuế suất GTGT"))


@router.get("/catalog/vat")
def vat_page(request: Request, user: Editor, msg: str = ""):
    _admin(user)
    today = vn_today()
    with engine(request).connect() as conn:
        changes = vat_plan.listing(conn)
        categories = ca.list_categories(conn)
    for c in changes:
        c["waiting"] = c["status"] == "scheduled" and c["effective_day"] > today.isoformat()
    return render.page(request, "vat.html", user=user, msg=msg, changes=changes, rates=VAT_OPTIONS,
                       categories=[(c["id"], c["name_vi"]) for c in categories],
                       day=(today + dt.timedelta(days=1)).isoformat())


def _product_id(conn, sku: str) -> str | None:
    sku = sku.strip()
    if not sku:
        return None
    product = ca.find_sku(conn, sku)
    if product is None:
        raise CatalogError(N_("không có sản phẩm mã {sku}"), "sku", sku=sku)
    return product["id"]


@router.post("/catalog/vat")
async def vat_save(request: Request, user: Editor):
    _admin(user)
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            res = vat_plan.schedule(conn, str(form.get("vat_rate") or ""), form.get("effective_day"),
                                    product_id=_product_id(conn, str(form.get("sku") or "")),
                                    category_id=str(form.get("category_id") or ""), by=user.username,
                                    note=str(form.get("note") or ""))
        msg = _("Đã lên lịch thuế suất {rate} % từ ngày {day}; các ki-ốt nhận ở lần đồng bộ tới.").format(
            rate=res["vat_rate"], day=day_vi(res["effective_day"]))
    except CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)


@router.post("/catalog/vat/{change_id}/cancel")
def vat_cancel(change_id: str, request: Request, user: Editor):
    _admin(user)
    try:
        with engine(request).begin() as conn:
            vat_plan.cancel(conn, change_id, user.username)
        msg = _("Đã hủy thay đổi thuế suất.")
    except CatalogError as exc:
        msg = _("Không hủy được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)
