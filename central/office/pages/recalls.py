"""Lot recalls (/office/recalls): recall a producer's lot (administrators and managers), see every
recall, and for each the receipts that sold the lot, per kiosk, on the page and as CSV. Kiosks
receive the recall with their next catalog pull and refuse the lot from then on. A recall is lifted
(with a reason) on its page: kiosks sell the lot again after their next pull; the recall, its lift
and any earlier ones stay on the page."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.catalog import recalls
from central.catalog.rules import N_, CatalogError
from central.figures import recalls as sold
from central.office import render
from central.office.deps import Editor, User, download, engine
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
PAGE = "/office/recalls"


def _one(product_id: str, lot_no: str) -> str:
    return f"{PAGE}/{quote(product_id, safe='')}/{quote(lot_no, safe='')}"


@router.get("/recalls")
def recalls_page(request: Request, user: User, msg: str = ""):
    with engine(request).connect() as conn:
        rows = recalls.all_recalls(conn)
    for r in rows:
        r["href"] = _one(r["product_id"], r["lot_no"])
    return render.page(request, "recalls.html", user=user, msg=msg, rows=rows)


@router.post("/recalls")
async def recall_save(request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            sku = str(form.get("sku") or "").strip()
            product = ca.find_sku(conn, sku) if sku else None
            if product is None:
                raise CatalogError(N_("không có sản phẩm mã {sku}"), "sku", sku=sku)
            row = recalls.recall(conn, product["id"], form.get("lot_no"), form.get("reason"), user.username)
    except CatalogError as exc:
        msg = _("Không thu hồi được: {error}").format(error=error_text(exc))
        return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)
    msg = _("Đã thu hồi lô {lot}; các ki-ốt từ chối bán lô này từ lần đồng bộ tới.").format(lot=row["lot_no"])
    return RedirectResponse(f"{_one(row['product_id'], row['lot_no'])}?msg={quote(msg)}", status_code=303)


def _missing() -> RedirectResponse:
    msg = _("Không có lệnh thu hồi này")
    return RedirectResponse(f"{PAGE}?msg={quote(msg)}", status_code=303)


def _found(request: Request, product_id: str, lot_no: str, earlier: list | None = None):
    with engine(request).connect() as conn:
        recall = recalls.get(conn, product_id, lot_no)
        rows = sold.receipts(conn, product_id, lot_no) if recall else []
        if recall and earlier is not None:
            earlier.extend(recalls.history(conn, product_id, lot_no))
    return recall, rows


@router.post("/recalls/{product_id}/{lot_no}/lift")
async def recall_lift(product_id: str, lot_no: str, request: Request, user: Editor):
    form = await request.form()
    try:
        with engine(request).begin() as conn:
            recalls.lift(conn, product_id, lot_no, form.get("reason"), user.username)
    except CatalogError as exc:
        msg = _("Không gỡ được lệnh thu hồi: {error}").format(error=error_text(exc))
    else:
        msg = _("Đã gỡ lệnh thu hồi lô {lot}; các ki-ốt bán lại lô này từ lần đồng bộ tới.").format(lot=lot_no)
    return RedirectResponse(f"{_one(product_id, lot_no)}?msg={quote(msg)}", status_code=303)


@router.get("/recalls/{product_id}/{lot_no}.csv")
def recall_csv(product_id: str, lot_no: str, request: Request, user: User):
    recall, rows = _found(request, product_id, lot_no)
    if recall is None:
        return _missing()
    name = f"thu-hoi_{recall['sku'] or product_id}_{lot_no}.csv".replace('"', "")
    return download(sold.csv_text(rows).encode("utf-8-sig"), quote(name, safe="._-"), "text/csv; charset=utf-8")


@router.get("/recalls/{product_id}/{lot_no}")
def recall_page(product_id: str, lot_no: str, request: Request, user: User, msg: str = ""):
    earlier: list = []
    recall, rows = _found(request, product_id, lot_no, earlier)
    if recall is None:
        return _missing()
    href = _one(product_id, lot_no)
    return render.page(request, "recall.html", user=user, msg=msg, recall=recall, kiosks=sold.per_kiosk(rows),
                       csv_href=href + ".csv", lift_href=href + "/lift", earlier=earlier)
