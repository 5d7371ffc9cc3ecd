"""Marketplace listings (/office/marketplaces, administrators and managers): the catalog as each
marketplace's bulk-upload sheet (central/marketplaces/), the stock-sync CSV, which marketplace
category each of our categories goes to, and a product's pack and parcel (product_logistics).

The page shows, per marketplace, how many products the file will list and, row by row, what keeps
the others out (a missing category, picture, parcel weight ...), so the office fixes the catalog
instead of uploading a file the marketplace refuses."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central import marketplaces as mk
from central.catalog import edit as ca
from central.catalog import logistics
from central.catalog.rules import N_, CatalogError
from central.clock import vn_today
from central.figures.reports import locations
from central.marketplaces import categories, listings, stock_sync
from central.office import render
from central.office.deps import Editor, download, engine
from central.office.formats import qs
from central.office.i18n import _, error_text, message_text

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/marketplaces"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 300  # per marketplace on the page


def base_url(request: Request) -> str:
    """The server's public address (the marketplaces fetch the pictures from it)."""
    return (request.app.state.settings.public_url or str(request.base_url)).rstrip("/")


def _location(request: Request) -> str:
    loc = request.query_params.get("location", "")
    return loc if len(loc) <= 32 else ""


def _checks(conn, items: list[dict]) -> list[dict]:
    out = []
    for name, exp in mk.REGISTRY.items():
        ready, errors = exp.check(items, categories.of(conn, name))
        out.append({"name": name, "title": exp.title, "ready": len(ready), "errors": errors[:SHOWN_ERRORS],
                    "error_count": len(errors)})
    return out


@router.get("/marketplaces")
def marketplaces_page(request: Request, user: Editor, msg: str = "", err: str = "", sku: str = ""):
    loc = _location(request)
    with engine(request).connect() as conn:
        items = listings.listings(conn, base_url(request), loc or None)
        checks = _checks(conn, items)
        cats = ca.list_categories(conn)
        maps = {name: categories.of(conn, name) for name in mk.REGISTRY}
        product = ca.find_sku(conn, sku) if sku else None
        pack = logistics.get(conn, product["id"]) if product else None
        locs = [(x["code"], x["name"] or x["code"]) for x in locations(conn)]
    return render.page(request, "marketplaces.html", user=user, msg=msg, err=err, location=loc, locations=locs,
                       checks=checks, products=len(items), cats=cats, maps=maps, names=list(mk.REGISTRY),
                       heads=[(e.title, "") for e in mk.REGISTRY.values()], sku=sku, product=product, pack=pack,
                       fields=logistics.FIELDS, query=qs(location=loc), problem=_problem)


def _problem(p: dict) -> str:
    """One problem of a left-out product, in the page's language (called while the page renders)."""
    return message_text(p["msgid"], p["params"])


@router.get("/marketplaces/stock.csv")
def stock_csv(request: Request, user: Editor):
    loc = _location(request)
    with engine(request).connect() as conn:
        data = stock_sync.to_csv(conn, loc or None)
    return download(data, f"ton-kho-dong-bo_{loc or 'tat-ca'}_{vn_today().isoformat()}.csv",
                    "text/csv; charset=utf-8")


@router.get("/marketplaces/{name}.xlsx")
def listing_xlsx(name: str, request: Request, user: Editor):
    exp = mk.get(name)
    if exp is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có sàn này")
    loc = _location(request)
    with engine(request).connect() as conn:
        result = exp.export(listings.listings(conn, base_url(request), loc or None), categories.of(conn, name))
    fname = quote(f"{exp.layout['file_name']}_{loc or 'tat-ca'}_{vn_today().isoformat()}.xlsx", safe="._-")
    resp = download(result.data, fname, XLSX)
    resp.headers["X-Listed"], resp.headers["X-Left-Out"] = str(result.listed), str(len(result.errors))
    return resp


def _back(msg: str = "", err: str = "", **extra) -> RedirectResponse:
    return RedirectResponse(f"{PAGE}?{qs(msg=msg, err=err, **extra)}", status_code=303)


@router.post("/marketplaces/categories")
async def save_categories(request: Request, user: Editor):
    """Every (marketplace, category) field of the form: `code:<marketplace>:<category id>`."""
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            n = 0
            for key, value in form.multi_items():
                parts = key.split(":", 2)
                if len(parts) == 3 and parts[0] == "code" and parts[1] in mk.REGISTRY:
                    categories.set_code(conn, parts[1], parts[2], str(value), user.username)
                    n += 1
    except CatalogError as exc:
        return _back(err=_("Không lưu được: {error}").format(error=error_text(exc)))
    return _back(msg=_("Đã lưu ngành hàng trên sàn ({n} ô).").format(n=n))


@router.post("/marketplaces/logistics")
async def save_logistics(request: Request, user: Editor):
    form = await request.form()
    sku = str(form.get("sku") or "").strip()
    try:
        with engine(request).begin() as conn:
            product = ca.find_sku(conn, sku) if sku else None
            if product is None:
                raise CatalogError(N_("không có sản phẩm mã {sku}"), "sku", sku=sku)
            logistics.save(conn, product["id"], logistics.parse(form), user.username)
    except CatalogError as exc:
        return _back(err=_("Không lưu được: {error}").format(error=error_text(exc)), sku=sku)
    return _back(msg=_("Đã lưu quy cách và kiện hàng của {sku}.").format(sku=sku), sku=sku)
