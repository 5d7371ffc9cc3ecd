"""Price changes by day (/office/catalog/prices): new prices per product or by a percentage, for
every location or one, from a Vietnam day; the schedule, a batch's items, cancelling a batch."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.clock import vn_today
from central.figures import reports as rp
from central.figures import settlement as st
from central.office import render
from central.office.deps import Editor, engine
from central.office.formats import day_vi, percent_bp
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)


def parse_items(text: str) -> list[dict]:
    """'Mã hàng; giá' per line (a tab works as the separator too, as pasted from a spreadsheet)."""
    items = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [x.strip() for x in line.replace("\t", ";").split(";")]
        if len(parts) != 2 or not parts[0]:
            raise ca.CatalogError(_("dòng {n}: cần dạng 'Mã hàng; giá', nhận được {line}")
                                  .format(n=n, line=repr(line.strip())), "items")
        items.append({"sku": parts[0], "price": parts[1]})
    return items


@router.get("/catalog/prices")
def prices_page(request: Request, user: Editor, msg: str = ""):
    with engine(request).begin() as conn:
        ca.apply_due_price_changes(conn)
    with engine(request).connect() as conn:
        batches = ca.price_change_batches(conn)
        producers = ca.list_producers(conn)
        locs = rp.locations(conn)
    return render.page(request, "prices.html", user=user, msg=msg, batches=batches, producers=producers,
                       locations=[(x["code"], x["name"] or x["code"]) for x in locs],
                       day=(vn_today() + dt.timedelta(days=1)).isoformat())


def plan_from_form(conn, form) -> dict:
    """The planned change: typed items if any, else a percentage over a producer's goods (or all)."""
    items = parse_items(str(form.get("items") or ""))
    loc = str(form.get("location_code") or "")
    if items:
        return ca.plan_bulk_change(conn, items=items, location_code=loc)
    return ca.plan_bulk_change(conn, percent_bp=percent_bp(str(form.get("percent") or "")),
                               producer_id=str(form.get("producer_id") or ""),
                               round_to=str(form.get("round_to") or "1000"), location_code=loc)


@router.post("/catalog/prices")
async def prices_save(request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            plan = plan_from_form(conn, form)
            res = ca.schedule_price_change(conn, plan, form.get("effective_day"), user.username,
                                           str(form.get("note") or ""), location_code=str(form.get("location_code") or ""))
        msg = (_("Đã lưu {n} giá mới từ ngày {day}").format(n=res["items"], day=day_vi(res["effective_day"]))
               + (_("; đã áp dụng ngay {n} giá.").format(n=res["applied"]) if res["applied"] else "."))
    except ca.CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"/office/catalog/prices?msg={quote(msg)}", status_code=303)


def change(it: dict) -> str:
    """The change of one item's price, '+2,7 %' ('—' without an old price)."""
    if it["old_price"] is None or not it["old_price"]:
        return "—"
    bp = (it["price"] - it["old_price"]) * 10_000 // it["old_price"]
    return ("+" if bp >= 0 else "") + st.fmt_bp(bp)


@router.get("/catalog/prices/{batch_id}")
def prices_batch(batch_id: str, request: Request, user: Editor):
    with engine(request).connect() as conn:
        items = ca.batch_items(conn, batch_id)
    if not items:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có lịch đổi giá này")
    return render.page(request, "price_batch.html", user=user, first=items[0],
                       items=[{**it, "change": change(it)} for it in items])


@router.post("/catalog/prices/{batch_id}/cancel")
def prices_cancel(batch_id: str, request: Request, user: Editor):
    with engine(request).begin() as conn:
        n = ca.cancel_batch(conn, batch_id)
    msg = _("Đã hủy {n} giá chờ áp dụng.").format(n=n)
    return RedirectResponse("/office/catalog/prices?msg=" + quote(msg), status_code=303)
