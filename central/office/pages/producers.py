"""A producer's page (/office/catalog/producer/…): the form that adds or edits it, and its
commission rates by the day each takes effect (a new rate from today or a later day)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import commission as cm
from central.catalog import edit as ca
from central.catalog import rates as rh
from central.clock import vn_today
from central.figures import reports as rp
from central.figures import settlement as st
from central.office import render
from central.office.deps import Editor, User, engine
from central.office.formats import day_vi, parse_day_vi, percent_bp
from central.office.i18n import N_, _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
FIELDS = ("code", "name", "kind", "commission_bp", "tax_code", "province", "district", "commune", "address",
          "contact_name",
          "phone", "email")


def rate_rows(rates: list[dict]) -> list[dict]:
    """The producer's commission history (newest first), each with its state today."""
    today = vn_today().isoformat()
    current = next((r["id"] for r in rates if r["effective_from"] <= today), None)
    rows = []
    for r in rates:
        if r["effective_from"] > today:
            state = (N_("Chờ đến ngày"), "warn")
        elif r["id"] == current:
            state = (N_("Đang áp dụng"), "ok")
        else:
            state = (N_("Đã thay"), "mute")
        rows.append({**r, "state": state, "from_beginning": r["effective_from"] == rh.BEGINNING})
    return rows


def producer_page(request: Request, user, p: dict, title: str, status_code: int = 200, error: str = "",
                  msg: str = "", rates: list[dict] | None = None, rate_error: str = "", typed: dict | None = None):
    """The producer form; with `rates` (an existing producer) also its rates and the new-rate form."""
    return render.page(request, "producer.html", status_code, user=user, p=p, title=title, error=error, msg=msg,
                       rates=rate_rows(rates) if rates is not None else None, rate_error=rate_error,
                       typed=typed or {}, today=vn_today().isoformat())


@router.get("/catalog/producer/new")
def producer_new(request: Request, user: Editor):
    return producer_page(request, user, {"kind": "household"}, _("Thêm nhà sản xuất"))


@router.get("/catalog/producer/{producer_id}")
def producer_edit(producer_id: str, request: Request, user: User, msg: str = ""):
    with engine(request).connect() as conn:
        p = ca.get_producer(conn, producer_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này")
        rates = rh.list_rates(conn, producer_id)
    return producer_page(request, user, p, _("Nhà sản xuất {code}").format(code=p["code"]), msg=msg, rates=rates)


@router.post("/catalog/producer/{producer_id}/commission")
async def producer_commission(producer_id: str, request: Request, user: Editor):
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("percent", "effective_from", "note")}
    try:
        bp = percent_bp(typed["percent"]) if typed["percent"] else None
        if bp is None:
            raise ca.CatalogError(_("cần mức hoa hồng mới (%)"), "percent")
        day = parse_day_vi(typed["effective_from"], _("Ngày áp dụng")) if typed["effective_from"] else None
        with engine(request).begin() as conn:
            res = cm.set_rate(conn, producer_id, bp, day, user.username, typed["note"])
    except (ca.CatalogError, rp.ReportError) as exc:
        with engine(request).connect() as conn:
            p = ca.get_producer(conn, producer_id)
            if p is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này") from None
            rates = rh.list_rates(conn, producer_id)
        return producer_page(request, user, p, _("Nhà sản xuất {code}").format(code=p["code"]), 422, rates=rates,
                             rate_error=_("Không lưu được: {error}").format(error=error_text(exc)), typed=typed)
    msg = (_("Đã lưu mức hoa hồng {rate} từ ngày {day}").format(rate=st.fmt_bp(res["commission_bp"]),
                                                                   day=day_vi(res["effective_from"]))
           + (_("; máy bán nhận ở lần đồng bộ tới.") if res["applied"] else "."))
    return RedirectResponse(f"/office/catalog/producer/{quote(producer_id)}?msg={quote(msg)}#rates", status_code=303)


@router.post("/catalog/producer/{producer_id}")
async def producer_save(producer_id: str, request: Request, user: Editor):
    form = await request.form()
    data = {k: str(form.get(k) or "").strip() for k in FIELDS}
    data["active"] = 1 if form.get("active") else 0
    data["commission_bp"] = data["commission_bp"] or 0
    if producer_id != "new":
        data["id"] = producer_id
        del data["commission_bp"]  # an existing producer's rate changes only from a day (/commission)
    try:
        with engine(request).begin() as conn:
            res = ca.save_producer(conn, data, user.username)
    except ca.CatalogError as exc:
        p = {**data, "id": None if producer_id == "new" else producer_id}
        return producer_page(request, user, p, _("Sửa nhà sản xuất"), 422, error=error_text(exc))
    return RedirectResponse(f"/office/catalog/producer/{quote(res['id'])}?msg=" + quote(_("Đã lưu.")), status_code=303)
