"""The Vietnamese words the office pages show for codes stored in English (roles, payment methods,
states), and the navigation. Tag labels are (text, CSS class of the tag)."""
from __future__ import annotations

from pos import payment_methods

from central.figures.settlement import KIND_VI  # noqa: F401 - producers' legal forms, shared with the statements

NAV = [("/office", "overview", "Tổng quan"), ("/office/stock", "stock", "Tồn kho"),
       ("/office/sync", "sync", "Đồng bộ"), ("/office/settlement", "settlement", "Quyết toán"),
       ("/office/catalog", "catalog", "Danh mục"), ("/office/catalog/import", "import", "Nhập từ tệp"),
       ("/office/catalog/prices", "prices", "Đổi giá")]
EDITOR_NAV = ("import", "prices")  # links only editors see
ROLE_VI = {"admin": "Quản trị", "manager": "Quản lý", "viewer": "Xem báo cáo"}
METHOD_VI = payment_methods.names_by_wire("vi")  # the kiosks' payment methods, by the code they send
PRESETS = [("today", "Hôm nay"), ("yesterday", "Hôm qua"), ("7d", "7 ngày"), ("month", "Tháng này"),
           ("last_month", "Tháng trước")]
WARN_VI = {"out": ("Hết hàng", "bad"), "low": ("Sắp hết", "warn"), "cert_expired": ("Chứng nhận OCOP hết hạn", "bad"),
           "cert_expiring": ("Chứng nhận OCOP sắp hết hạn", "warn")}
STATE_VI = {"ok": ("Bình thường", "ok"), "stale": ("Lâu chưa đồng bộ", "warn"), "gap": ("Thiếu sự kiện", "bad"),
            "mismatch": ("Lệch số liệu", "bad"), "not_enrolled": ("Chưa kích hoạt", "mute"),
            "revoked": ("Đã thu hồi", "mute")}
IMPORT_ACTION_VI = {"create": ("Thêm mới", "ok"), "update": ("Cập nhật", "warn"), "unchanged": ("Không đổi", "mute")}
BATCH_STATUS_VI = {"pending": ("Chờ đến ngày", "warn"), "applied": ("Đã áp dụng", "ok"),
                   "cancelled": ("Đã hủy", "mute")}
PROBLEM_KIND_VI = {"products": "Sản phẩm", "location_prices": "Giá theo điểm bán", "producers": "Nhà sản xuất",
                   "categories": "Nhóm hàng", "staff": "Nhân viên", "settings": "Cài đặt"}
VAT_OPTIONS = [(str(v), f"{v} %") for v in (0, 5, 8, 10)]
OCOP_STARS = [("3", "3 sao"), ("4", "4 sao"), ("5", "5 sao")]


def tag(table: dict, code: str) -> tuple[str, str]:
    """(label, class) of a code, or the code itself greyed out when the table does not know it."""
    return table.get(code, (code, "mute"))
