"""The cart being rung up: pure Python, no database.

A line keeps the price it was rung up at, so a price pushed from the centre mid-sale changes the
next sale, never this one. Totals are computed, never stored on the cart, so they cannot drift.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .errors import ApprovalRequired, EmptyCart, InvalidDiscount, InvalidQuantity
from .money import MAX_AMOUNT, allocate, line_amount, vat_part

MAX_UNITS = 9_999
MAX_GRAMS = 999_999  # just under a tonne: a scale label cannot hold more


@dataclass
class CartLine:
    product_id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    producer_id: str
    producer_name: str
    unit_price: int
    vat_rate: int
    sold_by_weight: bool
    qty: int  # units, or grams when sold_by_weight
    ocop_stars: int | None = None
    barcode: str = ""
    fixed_price: bool = False  # price-embedded label: the line is one unit at the label's price
    discount: int = 0
    discount_reason: str = ""
    discount_approved_by: str | None = None

    @property
    def gross(self) -> int:
        return line_amount(self.unit_price, self.qty, self.sold_by_weight)

    @property
    def after_discount(self) -> int:
        return self.gross - self.discount


@dataclass
class LineTotals:
    gross: int
    line_discount: int
    order_share: int
    net: int
    vat_amount: int


@dataclass
class Totals:
    subtotal: int  # after line discounts
    line_discount_total: int
    order_discount: int
    total: int
    vat_total: int
    vat_by_rate: dict[int, tuple[int, int]]  # rate -> (net amount incl. VAT, VAT part)
    lines: list[LineTotals]
    item_count: int


def _check_qty(qty, by_weight: bool) -> int:
    if not isinstance(qty, int) or isinstance(qty, bool):
        raise InvalidQuantity("quantity must be a whole number, not {qty!r}", qty=qty)
    limit = MAX_GRAMS if by_weight else MAX_UNITS
    if qty <= 0:
        raise InvalidQuantity("quantity must be more than zero", qty=qty)
    if qty > limit and by_weight:
        raise InvalidQuantity("quantity {qty:num} g is too large (at most {limit:num} g)", qty=qty, limit=limit)
    if qty > limit:
        raise InvalidQuantity("quantity {qty:num} is too large (at most {limit:num} units)", qty=qty, limit=limit)
    return qty


def _check_discount(amount, base: int, reason: str, approved_by, threshold_pct: int) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidDiscount("discount must be a whole number of đồng, zero or more")
    if amount > base:
        raise InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}", amount=amount, base=base)
    if amount and not (reason or "").strip():
        raise InvalidDiscount("a discount needs a reason")
    if amount * 100 > base * threshold_pct and not approved_by:
        raise ApprovalRequired("a discount above {threshold_pct} % needs a manager", threshold_pct=threshold_pct)


class Cart:
    def __init__(self) -> None:
        self.lines: list[CartLine] = []
        self.order_discount = 0
        self.order_discount_reason = ""
        self.order_discount_approved_by: str | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, product: dict, qty: int | None = None, grams: int | None = None,
            price: int | None = None, barcode: str = "") -> int:
        """Add a product; returns the index of the line it went to.

        Unit goods scanned again increase the line's quantity; weighed goods and price labels
        always make a new line (each label is a different piece)."""
        by_weight = bool(product["sold_by_weight"]) and price is None
        if grams is not None and not product["sold_by_weight"]:
            # a weight label (prefix 21) on a product sold per unit: its PLU is set up wrongly,
            # and ringing up one unit for a label that says 750 g would be a wrong price
            raise InvalidQuantity("{name} is sold per unit, not by weight: a weight label cannot ring it up",
                                  name=product["name_vi"], grams=grams)
        if by_weight:
            amount = grams if grams is not None else qty
            if amount is None:
                raise InvalidQuantity("{name} is sold by weight: enter the grams", name=product["name_vi"])
            qty = _check_qty(amount, True)
        else:
            qty = _check_qty(1 if qty is None else qty, False)
        if price is not None and (not isinstance(price, int) or not 0 < price <= MAX_AMOUNT):
            raise InvalidQuantity("label price {price!r} is not valid", price=price)
        if not by_weight and price is None:
            for i, line in enumerate(self.lines):
                if line.product_id == product["id"] and not line.sold_by_weight and not line.fixed_price and not line.discount:
                    self.set_qty(i, line.qty + qty)
                    return i
        self.lines.append(CartLine(
            product_id=product["id"], sku=product["sku"], name_vi=product["name_vi"],
            name_en=product.get("name_en") or "", unit=product.get("unit") or "",
            producer_id=product["producer_id"], producer_name=product.get("producer_name") or "",
            unit_price=price if price is not None else int(product["price"]),
            vat_rate=int(product["vat_rate"]), sold_by_weight=by_weight, qty=qty,
            ocop_stars=product.get("ocop_stars"), barcode=barcode, fixed_price=price is not None,
        ))
        self._check_total()
        return len(self.lines) - 1

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise InvalidQuantity("no line {line_no} in the cart", line_no=index + 1)
        return self.lines[index]

    def set_qty(self, index: int, qty: int) -> None:
        line = self._line(index)
        if line.fixed_price and qty != 1:
            raise InvalidQuantity("a price-labelled piece is sold as it is labelled")
        old = line.qty
        line.qty = _check_qty(qty, line.sold_by_weight)
        if line.discount > line.gross:
            line.qty = old
            raise InvalidDiscount("remove the line discount before lowering the quantity below it")
        try:
            self._check_total()
        except InvalidQuantity:
            line.qty = old
            raise

    def remove(self, index: int) -> CartLine:
        line = self._line(index)
        del self.lines[index]
        if self.order_discount > self.subtotal():
            self.order_discount = 0
            self.order_discount_reason = ""
            self.order_discount_approved_by = None
        return line

    def set_line_discount(self, index: int, amount: int, reason: str = "", approved_by: str | None = None,
                          threshold_pct: int = 10) -> None:
        line = self._line(index)
        _check_discount(amount, line.gross, reason, approved_by, threshold_pct)
        line.discount = amount
        line.discount_reason = reason.strip() if amount else ""
        line.discount_approved_by = approved_by if amount else None

    def set_order_discount(self, amount: int, reason: str = "", approved_by: str | None = None,
                           threshold_pct: int = 10) -> None:
        _check_discount(amount, self.subtotal(), reason, approved_by, threshold_pct)
        self.order_discount = amount
        self.order_discount_reason = reason.strip() if amount else ""
        self.order_discount_approved_by = approved_by if amount else None

    def clear(self) -> None:
        self.__init__()

    def subtotal(self) -> int:
        return sum(line.after_discount for line in self.lines)

    def _check_total(self) -> None:
        if self.subtotal() > MAX_AMOUNT:
            raise InvalidQuantity("the sale would be larger than 10 billion đồng")

    def totals(self) -> Totals:
        grosses = [line.gross for line in self.lines]
        afters = [g - line.discount for g, line in zip(grosses, self.lines)]
        subtotal = sum(afters)
        shares = allocate(self.order_discount, afters) if self.order_discount else [0] * len(afters)
        lines: list[LineTotals] = []
        vat_by_rate: dict[int, tuple[int, int]] = {}
        for line, gross, after, share in zip(self.lines, grosses, afters, shares):
            net = after - share
            vat = vat_part(net, line.vat_rate)
            lines.append(LineTotals(gross, line.discount, share, net, vat))
            base, amount = vat_by_rate.get(line.vat_rate, (0, 0))
            vat_by_rate[line.vat_rate] = (base + net, amount + vat)
        return Totals(
            subtotal=subtotal,
            line_discount_total=sum(line.discount for line in self.lines),
            order_discount=self.order_discount,
            total=subtotal - self.order_discount,
            vat_total=sum(lt.vat_amount for lt in lines),
            vat_by_rate=dict(sorted(vat_by_rate.items())),
            lines=lines,
            item_count=sum(1 if line.sold_by_weight else line.qty for line in self.lines),
        )

    def require_lines(self) -> None:
        if not self.lines:
            raise EmptyCart("the cart is empty")

    def approvers(self) -> set[str]:
        ids = {line.discount_approved_by for line in self.lines if line.discount_approved_by}
        if self.order_discount_approved_by:
            ids.add(self.order_discount_approved_by)
        return ids

    def to_dict(self) -> dict:
        return {
            "lines": [asdict(line) for line in self.lines],
            "order_discount": self.order_discount,
            "order_discount_reason": self.order_discount_reason,
            "order_discount_approved_by": self.order_discount_approved_by,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Cart":
        cart = cls()
        cart.lines = [CartLine(**line) for line in data.get("lines", [])]
        cart.order_discount = int(data.get("order_discount", 0))
        cart.order_discount_reason = data.get("order_discount_reason", "")
        cart.order_discount_approved_by = data.get("order_discount_approved_by")
        return cart
