"""A gift set's components (/office/catalog/product/{id}/set): which products the box holds and how
many of each, edited as one list (one line per component: SKU and quantity). Saving takes a
catalog revision, so every kiosk's next pull carries the set whole (central/catalog/sets.py); an
empty list makes the product an ordinary one again. The page warns when a component's own VAT
rate differs from the set's (the set is sold at its own rate, docs/gift_sets.md)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.catalog import edit as ca
from central.catalog import sets
from central.catalog.rules import N_, CatalogError
from central.office import render
from central.office.deps import Editor, User, engine
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)


def _href(product_id: str) -> str:
    return f"/office/catalog/product/{quote(product_id, safe='')}/set"


def parse_lines(text: str) -> list[dict]:
    """'MUOI-500 2' per line (SKU, then the quantity; a missing quantity is 1) -> rows for sets.save."""
    rows = []
    for n, line in enumerate(str(text or "").splitlines(), start=1):
        words = line.replace("×", " ").replace(";", " ").split()
        if not words:
            continue
        if len(words) > 2:
            raise CatalogError(N_("dòng {n}: ghi mã hàng rồi số lượng"), "components", n=n)
        rows.append({"sku": words[0], "qty": words[1] if len(words) == 2 else 1})
    return rows


@router.get("/catalog/product/{product_id}/set")
def set_page(product_id: str, request: Request, user: User, msg: str = "", error: str = "", text: str | None = None):
    with engine(request).connect() as conn:
        p = ca.get_product(conn, product_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có sản phẩm này")
        comps = sets.components_of(conn, product_id)
        vat_differs = sets.differing_vat(conn, product_id)
    for c in comps:
        c["line_value"] = (c["price"] or 0) * c["qty"]
    if text is None:
        text = "\n".join(f"{c['sku']} {c['qty']}" for c in comps)
    return render.page(request, "product_set.html", 422 if error else 200, user=user, p=p, comps=comps,
                       vat_differs=vat_differs, text=text, msg=msg, error=error,
                       title=_("Hộp quà {sku}: thành phần").format(sku=p["sku"]),
                       regular=sum(c["line_value"] for c in comps))


@router.post("/catalog/product/{product_id}/set")
async def set_save(product_id: str, request: Request, user: Editor):
    form = await request.form()
    text = str(form.get("components") or "")
    try:
        with engine(request).begin() as conn:
            rev = sets.save(conn, product_id, parse_lines(text), user.username)
    except CatalogError as exc:
        return set_page(product_id, request, user, error=error_text(exc), text=text)
    msg = _("Đã lưu thành phần hộp quà (phiên bản danh mục {rev}); máy bán sẽ nhận ở lần đồng bộ tới.").format(rev=rev)
    return RedirectResponse(f"{_href(product_id)}?msg={quote(msg)}", status_code=303)
