"""Catalog rows kiosks would refuse (central/catalog/check.py), shown to the central office:
a banner with the count on the overview and catalog pages, and the list with a Vietnamese reason
per row at /office/catalog/problems. The pull withholds these rows, so until someone fixes them
kiosks silently lack them; the office is who can fix them."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from central.catalog import check as catalog_check
from central.office import auth
from central.office.auth import OfficeUser
from central.office.html import e, num, page, table

router = APIRouter(prefix="/office", include_in_schema=False)
User = Annotated[OfficeUser, Depends(auth.page_user)]


PROBLEM_KIND_VI = {"products": "Sản phẩm", "location_prices": "Giá theo điểm bán", "producers": "Nhà sản xuất",
                   "categories": "Nhóm hàng", "staff": "Nhân viên", "settings": "Cài đặt"}
PROBLEM_VI = {  # (kind or "*", field) -> why kiosks refuse the row, in Vietnamese
    ("*", "sku"): "thiếu mã hàng (SKU)", ("*", "name_vi"): "thiếu tên tiếng Việt",
    ("*", "producer_id"): "thiếu nhà sản xuất",
    ("*", "price"): "giá bán phải là số nguyên đồng từ 0 đến mức tối đa",
    ("*", "vat_rate"): "thuế GTGT phải là 0, 5, 8 hoặc 10 %", ("*", "ocop_stars"): "số sao OCOP phải là 3, 4 hoặc 5",
    ("*", "sold_by_weight"): "ô 'bán theo cân' phải là 0 hoặc 1",
    ("*", "low_stock"): "ngưỡng tồn thấp phải là số nguyên không âm",
    ("*", "barcodes"): "mã vạch không hợp lệ", ("producers", "code"): "thiếu mã nhà sản xuất",
    ("producers", "name"): "thiếu tên nhà sản xuất", ("producers", "kind"): "loại hình nhà sản xuất không hợp lệ",
    ("producers", "commission_bp"): "hoa hồng phải từ 0 đến 10000 phần vạn",
    ("categories", "name_vi"): "thiếu tên nhóm hàng", ("categories", "sort"): "thứ tự phải là số nguyên",
    ("staff", "code"): "mã nhân viên chỉ gồm 1-20 chữ, số, _ . -", ("staff", "name"): "thiếu tên nhân viên",
    ("staff", "role"): "vai trò nhân viên không hợp lệ", ("staff", "pin_hash"): "mã PIN lưu sai dạng",
    ("settings", "value"): "giá trị cài đặt không hợp lệ",
}


def problem_reason_vi(p: dict) -> str:
    reason = PROBLEM_VI.get((p["kind"], p["field"])) or PROBLEM_VI.get(("*", p["field"]))
    if p["field"] == "barcodes" and str(p.get("reason", "")).startswith("barcode "):
        code = str(p["reason"])[8:].split(":", 1)[0]
        reason = f"mã vạch {code} không hợp lệ (sai số kiểm tra hoặc sai độ dài)"
    return reason or f"trường {p['field']} không hợp lệ"


def scan(conn) -> list[dict]:
    """catalog_check.scan: the rows kiosk pulls withhold (whole tables, read on each page view:
    the catalog is thousands of rows, not millions)."""
    return catalog_check.scan(conn)


def problems_banner(problems: list[dict]) -> str:
    if not problems:
        return ""
    return (f'<div class="notice bad" id="catalog-problems"><b>{num(len(problems))} dòng danh mục bị lỗi</b> — máy bán '
            f'không nhận được các dòng này cho đến khi sửa. <a href="/office/catalog/problems">Xem danh sách và lý do</a>'
            f'</div>')


@router.get("/catalog/problems")
def problems_page(request: Request, user: User):
    with request.app.state.engine.connect() as conn:
        probs = scan(conn)
    rows = []
    for p in probs:
        ident = p.get("sku") or p.get("code") or p.get("id") or ""
        link = ""
        if p["kind"] in ("products", "location_prices") and p.get("id"):
            link = f'<a href="/office/catalog/product/{quote(p["id"])}">{"Sửa" if user.can_edit else "Xem"}</a>'
        elif p["kind"] == "producers" and p.get("id"):
            link = f'<a href="/office/catalog/producer/{quote(p["id"])}">{"Sửa" if user.can_edit else "Xem"}</a>'
        rows.append([e(PROBLEM_KIND_VI.get(p["kind"], p["kind"])), e(str(ident)), e(p.get("location_code") or "—"),
                     e(problem_reason_vi(p)) + f'<div class="muted">chi tiết: {e(str(p["reason"]))}</div>', link])
    tbl = table([("Loại", ""), ("Mã", ""), ("Điểm bán", ""), ("Lý do", ""), ("", "")], rows, cls="problems",
                empty="Không có dòng nào bị lỗi: máy bán nhận đủ danh mục.")
    body = (f'<p class="muted">Các dòng dưới đây có trong danh mục trung tâm nhưng máy bán sẽ từ chối (thường do sửa '
            f'thẳng trong cơ sở dữ liệu hoặc nhập từ nguồn khác). Máy chủ giữ lại, không gửi các dòng này; phần còn '
            f'lại của danh mục vẫn được gửi. Sửa dòng thì lần đồng bộ sau máy bán sẽ nhận.</p>'
            f'<p>{num(len(probs))} dòng bị lỗi.</p>{tbl}')
    return HTMLResponse(page("Dòng danh mục bị lỗi", body, user, "catalog"), headers={"Cache-Control": "no-store"})
