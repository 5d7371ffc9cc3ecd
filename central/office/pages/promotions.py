"""Promotions (/office/promotions): create, edit and end the promotions kiosks evaluate offline
(administrators and managers). Products are typed by SKU, the category and producer chosen from
lists, the locations ticked (none: every location). Kiosks receive each change at their next
catalog pull; the rule that picks among promotions is pos/promotions.py (docs/promotions.md)."""
from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from central import models as m
from central.catalog import edit as ca
from central.catalog import promotions
from central.catalog.rules import N_, CatalogError
from central.clock import vn_today
from central.figures import promotions as promo_costs
from central.figures.reports import Filters
from central.office import render
from central.office.deps import Editor, engine
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/promotions"
KIND_VI = [("percent_off", N_("Giảm theo phần trăm")), ("amount_off", N_("Giảm số tiền mỗi đơn vị")),
           ("buy_get", N_("Mua X tặng Y")), ("spend_gift", N_("Hóa đơn từ N tặng quà")),
           ("spend_amount", N_("Hóa đơn từ N giảm tiền"))]
TARGET_VI = [("all", N_("Mọi sản phẩm")), ("product", N_("Một sản phẩm")), ("category", N_("Một nhóm hàng")),
             ("producer", N_("Một nhà sản xuất"))]
CARRIER_VI = [("booth", N_("Điểm bán chịu")), ("producer", N_("Nhà sản xuất chịu"))]
WEEKDAYS_VI = [("1", N_("T2")), ("2", N_("T3")), ("3", N_("T4")), ("4", N_("T5")), ("5", N_("T6")), ("6", N_("T7")),
               ("7", N_("CN"))]


def _tr(pairs) -> list[tuple[str, str]]:
    return [(k, _(v)) for k, v in pairs]


def _sku_id(conn, sku) -> str:
    sku = str(sku or "").strip()
    if not sku:
        return ""
    product = ca.find_sku(conn, sku)
    if product is None:
        raise CatalogError(N_("không có sản phẩm mã {sku}"), "sku", sku=sku)
    return product["id"]


def _data(conn, form) -> dict:
    """The form's fields as promotions.clean reads them (SKUs and lists turned into ids)."""
    data = {k: form.get(k) for k in ("kind", "name_vi", "name_en", "target", "percent", "amount", "buy_qty",
                                     "get_qty", "min_total", "gift_qty", "start_day", "end_day", "start_minute",
                                     "end_minute", "carrier")}
    target = str(form.get("target") or "all")
    data["target_id"] = {"product": lambda: _sku_id(conn, form.get("target_sku")),
                         "category": lambda: str(form.get("category_id") or ""),
                         "producer": lambda: str(form.get("producer_id") or "")}.get(target, lambda: "")()
    data["get_product_id"] = _sku_id(conn, form.get("get_sku"))
    data["gift_product_id"] = _sku_id(conn, form.get("gift_sku"))
    data["weekdays"] = "".join(form.getlist("weekdays"))
    data["locations"] = list(form.getlist("locations"))
    return data


def _page(request: Request, user, msg: str = "", editing: dict | None = None):
    today = vn_today()
    period = Filters.make(today.replace(day=1).isoformat(), today.isoformat())
    with engine(request).connect() as conn:
        rows = promotions.listing(conn, today)
        costs = promo_costs.costs(conn, period)
        skus = dict(conn.execute(sa.select(m.products.c.id, m.products.c.sku)).all())
        categories = [(c["id"], c["name_vi"]) for c in ca.list_categories(conn)]
        producers = [(p["id"], p["name"]) for p in ca.list_producers(conn)]
        locations = [(r.code, r.name or r.code) for r in conn.execute(sa.select(m.locations).order_by(m.locations.c.code))]
    for r in rows + ([editing] if editing else []):
        r["target_sku"] = skus.get(r["target_id"], "") if r["target"] == "product" else ""
        r["get_sku"], r["gift_sku"] = skus.get(r["get_product_id"], ""), skus.get(r["gift_product_id"], "")
        r["hours"] = f"{r['start_minute'] // 60:02d}:{r['start_minute'] % 60:02d}–" \
                     f"{r['end_minute'] // 60:02d}:{r['end_minute'] % 60:02d}"
    return render.page(request, "promotions.html", user=user, msg=msg, rows=rows, editing=editing,
                       kinds=_tr(KIND_VI), targets=_tr(TARGET_VI), carriers=_tr(CARRIER_VI),
                       weekdays=_tr(WEEKDAYS_VI), kind_names=dict(_tr(KIND_VI)),
                       categories=categories, producers=producers, locations=locations, costs=costs,
                       period=period)


@router.get("/promotions")
def promotions_page(request: Request, user: Editor, msg: str = ""):
    return _page(request, user, msg)


@router.get("/promotions/{promotion_id}")
def promotion_edit_page(promotion_id: str, request: Request, user: Editor, msg: str = ""):
    with engine(request).connect() as conn:
        row = promotions.get(conn, promotion_id)
    if row is None or row["status"] != "active":
        return RedirectResponse(f"{PAGE}?msg={quote(_('Không có khuyến mãi đang chạy này'))}", status_code=303)
    return _page(request, user, msg, editing=row)


async def _save(request: Request, user, promotion_id: str | None):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            row = promotions.save(conn, _data(conn, form), user.username, promotion_id)
    except CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
        back = f"{PAGE}/{quote(promotion_id, safe='')}" if promotion_id else PAGE
        return RedirectResponse(f"{back}?msg={quote(msg)}", status_code=303)
    msg = _("Đã lưu khuyến mãi “{name}”; các ki-ốt nhận ở lần đồng bộ tới.").format(name=row["name_vi"])
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)


@router.post("/promotions")
async def promotion_create(request: Request, user: Editor):
    return await _save(request, user, None)


@router.post("/promotions/{promotion_id}")
async def promotion_update(promotion_id: str, request: Request, user: Editor):
    return await _save(request, user, promotion_id)


@router.post("/promotions/{promotion_id}/end")
def promotion_end(promotion_id: str, request: Request, user: Editor):
    try:
        with engine(request).begin() as conn:
            promotions.end(conn, promotion_id, user.username)
        msg = _("Đã kết thúc khuyến mãi; các ki-ốt bỏ nó ở lần đồng bộ tới.")
    except CatalogError as exc:
        msg = _("Không kết thúc được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)
