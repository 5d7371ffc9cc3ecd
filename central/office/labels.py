"""The Vietnamese words the office pages show for codes stored in English (roles, payment methods,
states), and the navigation. Tag labels are (text, CSS class of the tag). The words are msgids of
the office's catalogs (N_ marks them): the templates show them through `_()` in the page's
language."""
from __future__ import annotations

from pos import payment_methods

from central.figures.settlement import KIND_VI  # noqa: F401 - producers' legal forms, shared with the statements
from central.office.i18n import N_, current, gettext

# msgids of KIND_VI's words (the statements keep their own Vietnamese): Babel extracts them from here
_KIND_MSGIDS = (N_("Hộ kinh doanh"), N_("Hợp tác xã"), N_("Tổ hợp tác"), N_("Doanh nghiệp"))

NAV = [("/office", "overview", N_("Tổng quan")), ("/office/stock", "stock", N_("Tồn kho")),
       ("/office/consignment", "consignment", N_("Hàng ký gửi")),
       ("/office/sync", "sync", N_("Đồng bộ")), ("/office/settlement", "settlement", N_("Quyết toán")),
       ("/office/catalog", "catalog", N_("Danh mục")), ("/office/catalog/import", "import", N_("Nhập từ tệp")),
       ("/office/catalog/prices", "prices", N_("Đổi giá")), ("/office/catalog/vat", "vat", N_("Thuế suất")),
       ("/office/catalog/price-lists", "price_lists", N_("Bảng giá hội chợ")),
       ("/office/recalls", "recalls", N_("Thu hồi lô")), ("/office/promotions", "promotions", N_("Khuyến mãi")),
       ("/office/vouchers", "vouchers", N_("Phiếu quà tặng")),
       ("/office/replenish", "replenish", N_("Đề nghị giao hàng")),
       ("/office/marketplaces", "marketplaces", N_("Sàn thương mại điện tử")),
       ("/office/einvoices", "einvoices", N_("Hóa đơn điện tử")),
       ("/office/deliveries", "deliveries", N_("Hàng báo giao"))]  # its page links the producers' logins
EDITOR_NAV = ("import", "prices", "vat", "price_lists", "marketplaces", "promotions")  # links only editors see
ADMIN_NAV = ("vat",)  # links only administrators see
ROLE_VI = {"admin": N_("Quản trị"), "manager": N_("Quản lý"), "accountant": N_("Kế toán"), "viewer": N_("Xem báo cáo"),
           "producer": N_("Nhà sản xuất")}
METHOD_VI = payment_methods.names_by_wire("vi")  # the kiosks' payment methods, by the code they send
PRESETS = [("today", N_("Hôm nay")), ("yesterday", N_("Hôm qua")), ("7d", N_("7 ngày")),
           ("month", N_("Tháng này")), ("last_month", N_("Tháng trước"))]
WARN_VI = {"out": (N_("Hết hàng"), "bad"), "low": (N_("Sắp hết"), "warn"),
           "cert_expired": (N_("Chứng nhận OCOP hết hạn"), "bad"),
           "cert_expiring": (N_("Chứng nhận OCOP sắp hết hạn"), "warn")}
STATE_VI = {"ok": (N_("Bình thường"), "ok"), "stale": (N_("Lâu chưa đồng bộ"), "warn"),
            "gap": (N_("Thiếu sự kiện"), "bad"), "mismatch": (N_("Lệch số liệu"), "bad"),
            "flagged": (N_("Có hóa đơn bị gắn cờ"), "bad"),
            "einvoice": (N_("Hóa đơn điện tử không khớp đơn bán"), "bad"),
            "not_enrolled": (N_("Chưa kích hoạt"), "mute"), "revoked": (N_("Đã thu hồi"), "mute")}
IMPORT_ACTION_VI = {"create": (N_("Thêm mới"), "ok"), "update": (N_("Cập nhật"), "warn"),
                    "unchanged": (N_("Không đổi"), "mute")}
PRICE_LIST_STATE_VI = {"waiting": (N_("Chờ đến ngày"), "warn"), "running": (N_("Đang áp dụng"), "ok"),
                       "active": (N_("Đang dùng"), "ok"), "over": (N_("Đã hết hạn"), "mute"),
                       "ended": (N_("Đã kết thúc"), "mute")}
BATCH_STATUS_VI = {"pending": (N_("Chờ đến ngày"), "warn"), "applied": (N_("Đã áp dụng"), "ok"),
                   "cancelled": (N_("Đã hủy"), "mute")}
FLAG_KIND_VI = {"arithmetic": (N_("Số liệu hóa đơn lệch với các dòng"), "bad"),
                "conflict": (N_("Bị từ chối: mã bản ghi đã có ở máy khác (409)"), "bad"),
                "voucher_reuse": (N_("Voucher dùng trùng: phiếu đã hết lượt khi được dùng"), "bad")}
EINVOICE_STATE_VI = {"issued": (N_("Giữ lại: số liệu lệch"), "bad"), "queued": (N_("Chờ gửi"), "warn"),
                     "sent": (N_("Đang gửi"), "warn"), "accepted": (N_("Đã được chấp nhận"), "ok"),
                     "refused": (N_("Bị từ chối"), "bad")}
EINVOICE_CHECK_VI = {"no_invoice": N_("Đơn bán chưa có hóa đơn điện tử"),
                     "no_sale": N_("Hóa đơn điện tử không có đơn bán"),
                     "two_chains": N_("Hai hóa đơn cho cùng một người bán"),
                     "total_differs": N_("Tổng tiền hóa đơn khác đơn bán")}
PROBLEM_KIND_VI = {"products": N_("Sản phẩm"), "location_prices": N_("Giá theo điểm bán"),
                   "producers": N_("Nhà sản xuất"), "categories": N_("Nhóm hàng"), "staff": N_("Nhân viên"),
                   "settings": N_("Cài đặt")}
VAT_OPTIONS = [(str(v), f"{v} %") for v in (0, 5, 8, 10)]
OCOP_STARS = [("3", N_("3 sao")), ("4", N_("4 sao")), ("5", N_("5 sao"))]


def tag(table: dict, code: str) -> tuple[str, str]:
    """(label, class) of a code in the page's language, or the code itself greyed out when the table
    does not know it."""
    return translated_tag(table[code]) if code in table else (code, "mute")


def translated(pairs) -> list[tuple[str, str]]:
    """(value, label) pairs (or a dict of them) with the labels in the page's language."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [(v, gettext(label)) for v, label in items]


def translated_tag(pair: tuple[str, str]) -> tuple[str, str]:
    return gettext(pair[0]), pair[1]


def method(code: str) -> str:
    """A payment method's name in the page's language (pos/payment_methods.py names them in both)."""
    return payment_methods.names_by_wire(current()).get(code, code)
