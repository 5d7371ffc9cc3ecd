"""Catalog rows kiosks would refuse (central/catalog/check.py), shown to the central office:
a banner with the count on the overview and catalog pages, and the list with a Vietnamese reason
per row at /office/catalog/problems. The pull withholds these rows, so until someone fixes them
kiosks silently lack them; the office is who can fix them."""
from __future__ import annotations

from fastapi import APIRouter, Request

from central.catalog import check as catalog_check
from central.figures import reports as rp
from central.office import render
from central.office.deps import User, engine
from central.office.i18n import N_, _

router = APIRouter(prefix="/office", include_in_schema=False)

PROBLEM_VI = {  # (kind or "*", field) -> why kiosks refuse the row, in Vietnamese
    ("*", "sku"): N_("thiếu mã hàng (SKU)"), ("*", "name_vi"): N_("thiếu tên tiếng Việt"),
    ("*", "producer_id"): N_("thiếu nhà sản xuất"),
    ("*", "price"): N_("giá bán phải là số nguyên đồng từ 0 đến mức tối đa"),
    ("*", "vat_rate"): N_("thuế GTGT phải là 0, 5, 8 hoặc 10 %"),
    ("*", "ocop_stars"): N_("số sao OCOP phải là 3, 4 hoặc 5"),
    ("*", "sold_by_weight"): N_("ô 'bán theo cân' phải là 0 hoặc 1"),
    ("*", "low_stock"): N_("ngưỡng tồn thấp phải là số nguyên không âm"),
    ("*", "barcodes"): N_("mã vạch không hợp lệ"), ("producers", "code"): N_("thiếu mã nhà sản xuất"),
    ("producers", "name"): N_("thiếu tên nhà sản xuất"),
    ("producers", "kind"): N_("loại hình nhà sản xuất không hợp lệ"),
    ("producers", "commission_bp"): N_("hoa hồng phải từ 0 đến 10000 phần vạn"),
    ("categories", "name_vi"): N_("thiếu tên nhóm hàng"), ("categories", "sort"): N_("thứ tự phải là số nguyên"),
    ("staff", "code"): N_("mã nhân viên chỉ gồm 1-20 chữ, số, _ . -"), ("staff", "name"): N_("thiếu tên nhân viên"),
    ("staff", "role"): N_("vai trò nhân viên không hợp lệ"), ("staff", "pin_hash"): N_("mã PIN lưu sai dạng"),
    ("settings", "value"): N_("giá trị cài đặt không hợp lệ"),
}
EDIT_PAGE = {"products": "product", "location_prices": "product", "producers": "producer"}


def problem_reason_vi(p: dict) -> str:
    reason = PROBLEM_VI.get((p["kind"], p["field"])) or PROBLEM_VI.get(("*", p["field"]))
    if p["field"] == "barcodes" and str(p.get("reason", "")).startswith("barcode "):
        code = str(p["reason"])[8:].split(":", 1)[0]
        return _("mã vạch {code} không hợp lệ (sai số kiểm tra hoặc sai độ dài)").format(code=code)
    return _(reason) if reason else _("trường {field} không hợp lệ").format(field=p["field"])


def scan(conn) -> list[dict]:
    """catalog_check.scan: the rows kiosk pulls withhold (whole tables, read on each page view:
    the catalog is thousands of rows, not millions)."""
    return catalog_check.scan(conn)


def shown(p: dict) -> dict:
    """One problem as the list shows it: the row's code, the reason, the page that edits it."""
    page = EDIT_PAGE.get(p["kind"]) if p.get("id") else None
    return {**p, "ident": str(p.get("sku") or p.get("code") or p.get("id") or ""),
            "reason_vi": problem_reason_vi(p), "detail": str(p["reason"]), "page": page}


@router.get("/catalog/problems")
def problems_page(request: Request, user: User):
    with engine(request).connect() as conn:
        probs = scan(conn)
    return render.page(request, "problems.html", user=user, problems=[shown(p) for p in probs])


@router.get("/problems/sales")
def flagged_page(request: Request, user: User):
    """Sales whose totals, VAT or payments disagree with their lines (stored, summed by their
    lines, flagged) and events refused because their record id another device used."""
    with engine(request).connect() as conn:
        flags = rp.flagged_events(conn)
    return render.page(request, "flags.html", user=user, flags=flags)
