"""The producer announces a delivery on the portal (/portal/deliveries): products of its own
catalog, lots and quantities, for one point of sale; then sees it received by the kiosk there,
announced against received line by line (central/catalog/announcements.py). Another producer's
announcement id reads as missing (404), and cancelling it changes nothing."""
from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central import models as m
from central.catalog import announcements as an
from central.catalog.rules import CatalogError
from central.figures import reports as rp
from central.office import render
from central.office.deps import engine
from central.office.i18n import _, error_text
from central.portal.auth import Producer

router = APIRouter(prefix="/portal", include_in_schema=False)
FORM_LINES = 8  # empty rows of the form (rows left empty are ignored)
LINE_FIELDS = ("product_id", "lot_no", "produced_on", "use_by", "qty")


def _choices(conn, producer_id: str) -> dict:
    p = m.products
    products = [(r.id, f"{r.sku} · {r.name_vi} ({r.unit})") for r in conn.execute(
        sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.unit).where(p.c.producer_id == producer_id, p.c.active == 1)
        .order_by(p.c.sku))]
    return {"products": products, "locations": [(x["code"], x["name"] or x["code"]) for x in rp.locations(conn)]}


@router.get("/deliveries")
def delivery_list(request: Request, user: Producer, msg: str = ""):
    with engine(request).connect() as conn:
        rows = an.list_of(conn, user.producer_id)
    return render.page(request, "portal/deliveries.html", user=user, rows=rows, msg=msg)


def _form(request: Request, user, typed: dict, lines: list[dict], error: str = "", status_code: int = 200):
    with engine(request).connect() as conn:
        choices = _choices(conn, user.producer_id)
    lines = lines + [dict.fromkeys(LINE_FIELDS, "") for _i in range(max(0, FORM_LINES - len(lines)))]
    typed = {"location_code": "", "planned_on": "", "note": "", **typed}
    return render.page(request, "portal/delivery_new.html", status_code, user=user, typed=typed, lines=lines,
                       error=error, **choices)


@router.get("/deliveries/new")
def delivery_new(request: Request, user: Producer):
    return _form(request, user, {}, [])


def _typed_lines(form) -> list[dict]:
    """The form's rows that have anything typed in them (product or quantity)."""
    rows = []
    for i in range(200):
        if f"qty_{i}" not in form and f"product_id_{i}" not in form:
            break
        row = {k: str(form.get(f"{k}_{i}") or "").strip() for k in LINE_FIELDS}
        if row["product_id"] or row["qty"] or row["lot_no"]:
            rows.append(row)
    return rows


@router.post("/deliveries")
async def delivery_create(request: Request, user: Producer):
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("location_code", "planned_on", "note")}
    lines = _typed_lines(form)
    try:
        with engine(request).begin() as conn:
            aid = an.announce(conn, user.producer_id, typed["location_code"], lines, typed["planned_on"] or None,
                              typed["note"], by=user.username)
    except CatalogError as exc:
        return _form(request, user, typed, lines, error_text(exc), 422)
    msg = _("Đã gửi thông báo giao hàng. Điểm bán sẽ nhận khi đồng bộ.")
    return RedirectResponse(f"/portal/deliveries/{aid}?msg={quote(msg)}", status_code=303)


@router.get("/deliveries/{announcement_id}")
def delivery_page(announcement_id: str, request: Request, user: Producer, msg: str = ""):
    with engine(request).connect() as conn:
        a = an.get(conn, announcement_id, user.producer_id)
        names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    if a is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có thông báo giao hàng này"))
    return render.page(request, "portal/delivery.html", user=user, a=a, msg=msg,
                       location_name=names.get(a["location_code"], a["location_code"]))


@router.post("/deliveries/{announcement_id}/cancel")
def delivery_cancel(announcement_id: str, request: Request, user: Producer):
    with engine(request).begin() as conn:
        a = an.get(conn, announcement_id, user.producer_id)
        if a is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có thông báo giao hàng này"))
        done = an.cancel(conn, a["id"], user.producer_id, user.username)
    msg = _("Đã hủy thông báo.") if done else _("Không hủy được: điểm bán đã nhận hàng hoặc thông báo đã hủy.")
    return RedirectResponse(f"/portal/deliveries/{a['id']}?msg={quote(msg)}", status_code=303)
