"""What the customer screen shows of a cart (pos/customer_view.py): each line with its quantity and
amount before its discount, the discount under it, the order's discount, the total; and any list
of records a line or the cart carries (promotions, a gift set's components, vouchers: kinds this
module does not know) shown under their line by their names and amounts. Totals by hand."""
from __future__ import annotations

from dataclasses import dataclass, field

from pos import customer_view
from pos.cart import Cart, CartLine
from pos.customer_view import Row, cart_view

HONEY = {"id": "p1", "sku": "MO1", "name_vi": "Mật ong rừng U Minh", "name_en": "U Minh forest honey", "unit": "chai",
         "producer_id": "h1", "producer_name": "HTX", "price": 185_000, "vat_rate": 8, "sold_by_weight": False}
FISH = {**HONEY, "id": "p2", "sku": "KC1", "name_vi": "Khô cá lóc", "name_en": "Dried snakehead", "unit": "kg",
        "price": 600_000, "sold_by_weight": True}


def test_lines_discounts_and_total_in_the_sale_language():
    cart = Cart()
    cart.add(HONEY, qty=2)
    cart.add(FISH, grams=350)  # 600.000 ₫/kg × 0,35 kg = 210.000 ₫
    cart.set_line_discount(0, 20_000, "Khuyến mãi hội chợ")
    cart.set_order_discount(10_000, "Khách quen")
    view = cart_view(cart, "vi")
    assert view.rows == (
        Row("line", "Mật ong rừng U Minh", "2 chai", 370_000),
        Row("detail", "Khuyến mãi hội chợ", "", -20_000),
        Row("line", "Khô cá lóc", "350 g", 210_000),
        Row("order", "Khách quen", "", -10_000),
    )
    assert view.total == 370_000 - 20_000 + 210_000 - 10_000 == 550_000
    assert view.discount_total == 30_000 and view.item_count == 3
    english = cart_view(cart, "en")
    assert english.rows[0] == Row("line", "U Minh forest honey", "2 bottles", 370_000)
    assert english.rows[2].text == "Dried snakehead"


def test_a_discount_without_a_reason_is_named_by_the_screen_word():
    cart = Cart()
    cart.add(HONEY)
    cart.set_line_discount(0, 5_000, "x")
    cart.lines[0].discount_reason = ""
    assert cart_view(cart, "vi", "Giảm giá / Discount").rows[1] == Row("detail", "Giảm giá / Discount", "", -5_000)


@dataclass
class PromoLine(CartLine):
    """A kind of line this module never heard of: a line carrying its promotions and a gift set's parts."""

    promotions: list = field(default_factory=list)
    components: list = field(default_factory=list)


class VoucherCart(Cart):
    """A cart carrying records at the order's level (vouchers) in its dict."""

    vouchers: list = []

    def to_dict(self) -> dict:
        return {**super().to_dict(), "vouchers": self.vouchers}


def test_records_of_kinds_it_does_not_know_show_under_their_line():
    cart = VoucherCart()
    cart.vouchers = [{"code": "TET2027", "amount_off": 50_000}, "not a record"]
    cart.add(HONEY)
    line = cart.lines[0]
    cart.lines[0] = PromoLine(**{**vars(line), "promotions": [
        {"name_vi": "Mua 2 tặng 1", "name_en": "Buy 2 get 1", "discount": 18_500},
        {"label": "Quà tặng: túi trà", "amount": 0},
        {"amount": 1}]})  # a record without a name shows nothing
    cart.lines[0].components = [{"name_vi": "Hũ muối", "qty": 2, "unit": "hũ"}]
    view = cart_view(cart, "en")
    assert view.rows == (
        Row("line", "U Minh forest honey", "1 bottle", 185_000),
        Row("detail", "Buy 2 get 1", "", -18_500),
        Row("detail", "Quà tặng: túi trà", "", 0),
        Row("detail", "Hũ muối", "2 jars", None),
        Row("order", "TET2027", "", -50_000),
    )


def test_names_of_records():
    assert customer_view.record_name({"name_vi": "Trà", "name_en": ""}, "en") == "Trà"
    assert customer_view.record_name({"title": "  "}, "vi") == ""
    assert customer_view.record_row({"reason": "Voucher", "off": -7_000}, "vi") == Row("detail", "Voucher", "", -7_000)
