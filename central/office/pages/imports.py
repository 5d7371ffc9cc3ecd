"""Catalog import from a CSV or Excel file (/office/catalog/import): upload, a preview with each
row's errors, then apply (nothing changes before that)."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Request, UploadFile, status
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.catalog import imports as catalog_imports
from central.office import labels, render
from central.office.deps import Editor, engine
from central.office.i18n import N_, _, error_text, message_text

router = APIRouter(prefix="/office", include_in_schema=False)
COLUMNS = N_("sku (Mã hàng), name_vi (Tên hàng), producer_code (Mã NSX), producer_name (Nhà sản xuất, để tạo NSX "
              "mới), unit, price (Giá bán), vat_rate, ocop_stars, ocop_cert_no, ocop_cert_issued, "
              "ocop_cert_expires, barcodes (Mã vạch), sold_by_weight, low_stock, origin")


@router.get("/catalog/import")
def import_form(request: Request, user: Editor, msg: str = ""):
    return render.page(request, "import.html", user=user, msg=msg, columns=_(COLUMNS))


@router.post("/catalog/import")
async def import_upload(request: Request, user: Editor, file: Annotated[UploadFile, File()]):
    data = await file.read()
    try:
        with engine(request).begin() as conn:
            imp = catalog_imports.create_import(conn, file.filename or "", data, user.username)
    except ca.CatalogError as exc:
        msg = _("Không đọc được tệp: {error}").format(error=error_text(exc))
        return RedirectResponse("/office/catalog/import?msg=" + quote(msg), status_code=303)
    return RedirectResponse(f"/office/catalog/import/{imp['id']}", status_code=303)


@router.get("/catalog/import/{import_id}")
def import_preview(import_id: str, request: Request, user: Editor, msg: str = ""):
    with engine(request).connect() as conn:
        imp = catalog_imports.get_import(conn, import_id)
    if imp is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _("không có lần nhập này"))
    prev = [{**p, "errors": shown_errors(p)} for p in imp["preview"]]
    counts = {k: sum(1 for p in prev if p["action"] == k) for k in labels.IMPORT_ACTION_VI}
    return render.page(request, "import_preview.html", user=user, msg=msg, imp=imp, import_id=import_id,
                       rows=prev, counts=counts, bad=sum(1 for p in prev if p["errors"]))


def shown_errors(row: dict) -> list[str]:
    """A preview row's refusals in the reader's language (a preview stored before refusals kept
    their templates has the Vietnamese text only)."""
    keys = row.get("error_keys")
    if keys is None:
        return row["errors"]
    return [message_text(k["msgid"], k["params"]) for k in keys]


@router.post("/catalog/import/{import_id}/apply")
def import_apply(import_id: str, request: Request, user: Editor):
    try:
        with engine(request).begin() as conn:
            res = catalog_imports.apply_import(conn, import_id)
        msg = _("Đã áp dụng: {created} thêm mới, {updated} cập nhật, {producers} nhà sản xuất mới.").format(
            created=res["created"], updated=res["updated"], producers=res["producers_created"])
    except ca.CatalogError as exc:
        msg = _("Chưa áp dụng: {error}").format(error=error_text(exc))
    return RedirectResponse(f"/office/catalog/import/{quote(import_id)}?msg={quote(msg)}", status_code=303)
