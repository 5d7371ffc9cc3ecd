"""A product's content page (/office/catalog/product/…/content): descriptions, net quantity,
ingredients, shelf life and storage in Vietnamese and English, its pictures and its OCOP
certificate document; kiosks receive it at their next sync, the public page (/01/<GTIN-14>) at once."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import content as co
from central.catalog import edit as ca
from central.catalog import media
from central.catalog.rules import CatalogError
from central.office import render
from central.office.deps import Editor, User, engine
from central.office.i18n import _, error_text
from central.public import gtin as public_gtin

router = APIRouter(prefix="/office", include_in_schema=False)


def _back(product_id: str, msg: str) -> RedirectResponse:
    return RedirectResponse(f"/office/catalog/product/{quote(product_id)}/content?msg={quote(msg)}", status_code=303)


def content_page(request: Request, user, product_id: str, status_code: int = 200, error: str = "", msg: str = "",
                 typed: dict | None = None):
    with engine(request).connect() as conn:
        p = ca.get_product(conn, product_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có sản phẩm này")
        c = co.get(conn, product_id)
    public = [public_gtin.trace_path(code) for code in p.get("barcodes") or [] if public_gtin.trace_path(code)]
    settings = request.app.state.settings
    return render.page(request, "product_content.html", status_code, user=user, p=p, c={**c, **(typed or {})},
                       title=_("Nội dung sản phẩm {sku}").format(sku=p["sku"]), error=error, msg=msg,
                       public=public[:1], max_mb=settings.media_max_bytes // (1024 * 1024),
                       max_total=settings.max_body_bytes // (1024 * 1024),
                       max_photos=settings.media_max_per_product)


@router.get("/catalog/product/{product_id}/content")
def content_view(product_id: str, request: Request, user: User, msg: str = ""):
    return content_page(request, user, product_id, msg=msg)


@router.post("/catalog/product/{product_id}/content")
async def content_save(product_id: str, request: Request, user: Editor):
    form = await request.form()
    data = {k: str(form.get(k) or "") for k in (*co.TEXTS, "net_qty", "net_unit", "shelf_life_days")}
    try:
        with engine(request).begin() as conn:
            rev = co.save(conn, product_id, data, user.username)
    except CatalogError as exc:
        return content_page(request, user, product_id, 422, error=error_text(exc), typed=data)
    return _back(product_id, _("Đã lưu (phiên bản danh mục {rev}); máy bán sẽ nhận ở lần đồng bộ tới.").format(rev=rev))


async def _upload(request: Request, user, product_id: str, kind: str):
    form = await request.form()
    files = [f for f in form.getlist("file") if hasattr(f, "read") and f.filename]
    if not files:
        return _back(product_id, _("Chưa chọn tệp nào."))
    settings = request.app.state.settings
    done, refused = 0, []
    for upload in files[:settings.media_max_per_product]:
        data = await upload.read(settings.media_max_bytes + 1)
        try:
            stored = media.store_document(data, settings) if kind == "certificate" else media.store_picture(data, settings)
            with engine(request).begin() as conn:
                co.add_media(conn, product_id, kind, stored, settings, user.username)
            done += 1
        except CatalogError as exc:
            refused.append(f"{upload.filename}: {error_text(exc)}")
    msg = _("Đã thêm {n} tệp.").format(n=done)
    if refused:
        msg += " " + _("Không nhận: {files}").format(files="; ".join(refused))
    return _back(product_id, msg)


@router.post("/catalog/product/{product_id}/photos")
async def photos_add(product_id: str, request: Request, user: Editor):
    return await _upload(request, user, product_id, "photo")


@router.post("/catalog/product/{product_id}/certificate")
async def certificate_add(product_id: str, request: Request, user: Editor):
    return await _upload(request, user, product_id, "certificate")


@router.post("/catalog/product/{product_id}/media/{media_id}/{action}")
async def media_action(product_id: str, media_id: str, action: str, request: Request, user: Editor):
    actions = {"remove": (co.remove_media, _("Đã gỡ tệp.")), "first": (co.make_first, _("Đã đặt làm ảnh chính."))}
    if action not in actions:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có thao tác này")
    fn, done = actions[action]
    try:
        with engine(request).begin() as conn:
            fn(conn, product_id, media_id, user.username)
    except CatalogError as exc:
        done = _("Không lưu được: {error}").format(error=error_text(exc))
    return _back(product_id, done)
