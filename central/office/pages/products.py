"""A product's page (/office/catalog/product/…): the form that adds or edits it (sent down to the
kiosks at their next sync) and its own price at each location."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.catalog import vat
from central.clock import vn_today
from central.figures import reports as rp
from central.office import render
from central.office.deps import Editor, User, engine
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
FIELDS = ("sku", "name_vi", "name_en", "producer_id", "category_id", "unit", "price", "vat_rate", "ocop_stars",
          "ocop_cert_no", "ocop_cert_issued", "ocop_cert_expires", "barcodes", "low_stock", "origin", "trace_url")


def form_data(form) -> dict:
    """The product as the form sent it (strings; boxes as 0/1)."""
    data = {k: (form.get(k) or "").strip() for k in FIELDS}
    data["sold_by_weight"] = 1 if form.get("sold_by_weight") else 0
    data["active"] = 1 if form.get("active") else 0
    data["low_stock"] = data["low_stock"] or 0
    return data


def choices(conn) -> dict:
    return {"producers": ca.list_producers(conn), "categories": ca.list_categories(conn)}


def location_prices(conn, p: dict) -> list[dict] | None:
    """Each location with the product's own price there (None: the chain-wide price)."""
    if not p.get("id"):
        return None
    own = {r["location_code"]: r["price"] for r in ca.location_prices(conn, p["id"])}
    return [{"code": loc["code"], "name": loc["name"] or loc["code"], "price": own.get(loc["code"])}
            for loc in rp.locations(conn)]


def product_page(request: Request, user, conn, p: dict, title: str, status_code: int = 200, error: str = "",
                 msg: str = "", with_prices: bool = False):
    outlook = vat.outlook(conn, p, vn_today().isoformat()) if with_prices and p.get("id") else None
    return render.page(request, "product.html", status_code, user=user, p=p, title=title, error=error, msg=msg,
                       prices=location_prices(conn, p) if with_prices else None, vat_outlook=outlook,
                       **choices(conn))


@router.get("/catalog/product/new")
def product_new(request: Request, user: Editor):
    with engine(request).connect() as conn:
        return product_page(request, user, conn, {"vat_rate": 8, "active": 1}, _("Thêm sản phẩm"))


@router.get("/catalog/product/{product_id}")
def product_edit(product_id: str, request: Request, user: User, msg: str = ""):
    with engine(request).connect() as conn:
        p = ca.get_product(conn, product_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có sản phẩm này")
        return product_page(request, user, conn, p, _("Sản phẩm {sku}").format(sku=p["sku"]), msg=msg, with_prices=True)


@router.post("/catalog/product/{product_id}")
async def product_save(product_id: str, request: Request, user: Editor):
    data = form_data(await request.form())
    if product_id != "new":
        data["id"] = product_id
    try:
        with engine(request).begin() as conn:
            res = ca.save_product(conn, data)
    except ca.CatalogError as exc:
        with engine(request).connect() as conn:
            p = {**data, "id": None if product_id == "new" else product_id}
            return product_page(request, user, conn, p, _("Sửa sản phẩm"), 422, error=error_text(exc))
    msg = _("Đã lưu (phiên bản danh mục {rev}); máy bán sẽ nhận ở lần đồng bộ tới.").format(rev=res["rev"])
    return RedirectResponse(f"/office/catalog/product/{quote(res['id'])}?msg=" + quote(msg), status_code=303)


@router.post("/catalog/product/{product_id}/price")
async def product_price(product_id: str, request: Request, user: Editor):
    form = await request.form()
    price = None if form.get("clear") else str(form.get("price") or "").strip()
    if price == "":
        price = None if form.get("clear") else "?"
    try:
        with engine(request).begin() as conn:
            ca.set_location_price(conn, product_id, str(form.get("location_code") or ""), price)
        msg = _("Đã cập nhật giá theo điểm bán.")
    except ca.CatalogError as exc:
        msg = _("Không lưu được: {error}").format(error=error_text(exc))
    return RedirectResponse(f"/office/catalog/product/{quote(product_id)}?msg={quote(msg)}", status_code=303)
