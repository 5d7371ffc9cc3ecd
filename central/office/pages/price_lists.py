"""A fair's price lists (/office/catalog/price-lists): make one (name, days, optional daily hours in
Vietnam time, the points of sale, "Mã hàng; giá" per line), see and edit it, end it. Administrators
and managers (Editor). Kiosks pull each list and apply it themselves within its window, over
their regular and scheduled prices (central/catalog/price_lists.py, pos/prices.py)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import price_lists as pl
from central.catalog.rules import CatalogError
from central.clock import vn_today
from central.figures import reports as rp
from central.office import render
from central.office.deps import Editor, engine
from central.office.i18n import _, error_text
from central.office.pages.prices import parse_items

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/catalog/price-lists"


def _locations(conn) -> list[tuple[str, str]]:
    return [(x["code"], x["name"] or x["code"]) for x in rp.locations(conn)]


def _from_form(form) -> dict:
    return {"name": form.get("name"), "start_day": form.get("start_day"), "end_day": form.get("end_day"),
            "from_time": form.get("from_time"), "to_time": form.get("to_time"), "note": form.get("note"),
            "locations": form.getlist("locations"), "items": parse_items(str(form.get("items") or ""))}


def _items_text(items: list[dict]) -> str:
    return "\n".join(f"{it['sku']}; {it['price']}" for it in items)


@router.get("/catalog/price-lists")
def lists_page(request: Request, user: Editor, msg: str = ""):
    with engine(request).connect() as conn:
        lists = pl.listing(conn)
        locations = _locations(conn)
    today = vn_today().isoformat()
    blank = {"name": "", "start_day": today, "end_day": today, "from_time": "", "to_time": "", "note": "",
             "locations": [], "items_text": ""}
    return render.page(request, "price_lists.html", user=user, msg=msg, lists=lists, locations=locations, form=blank)


@router.post("/catalog/price-lists")
async def lists_save(request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            res = pl.save(conn, _from_form(form), user.username)
        msg = _("Đã lưu bảng giá với {n} sản phẩm; các ki-ốt nhận ở lần đồng bộ tới.").format(n=res["items"])
        return RedirectResponse(f"{PAGE}/{res['id']}?msg={quote(msg)}", status_code=303)
    except CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)


@router.get("/catalog/price-lists/{list_id}")
def list_page(list_id: str, request: Request, user: Editor, msg: str = ""):
    with engine(request).connect() as conn:
        row = pl.get(conn, list_id)
        locations = _locations(conn)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có bảng giá này")
    row["items_text"] = _items_text(row["items"])
    return render.page(request, "price_list.html", user=user, msg=msg, row=row, form=row, locations=locations)


@router.post("/catalog/price-lists/{list_id}")
async def list_save(list_id: str, request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            res = pl.save(conn, _from_form(form), user.username, list_id=list_id)
        msg = _("Đã lưu bảng giá với {n} sản phẩm; các ki-ốt nhận ở lần đồng bộ tới.").format(n=res["items"])
    except CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}/{quote(list_id)}?msg={quote(msg)}", status_code=303)


@router.post("/catalog/price-lists/{list_id}/end")
def list_end(list_id: str, request: Request, user: Editor):
    try:
        with engine(request).begin() as conn:
            pl.end(conn, list_id, user.username)
        msg = _("Đã kết thúc bảng giá; các ki-ốt bỏ bảng giá này ở lần đồng bộ tới.")
    except CatalogError as exc:
        msg = _("Không kết thúc được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}/{quote(list_id)}?msg={quote(msg)}", status_code=303)
