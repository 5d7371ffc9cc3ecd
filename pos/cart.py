"""The cart being rung up: pure Python, no database.

A line keeps the price it was rung up at, so a price pushed from the centre mid-sale changes the
next sale, never this one. Totals are computed, never stored on the cart, so they cannot drift.

Every operation checks before it changes anything: one that raises leaves the cart exactly as it
was (a line refused for its price never stays in the cart and gets paid for).

A manager's approval of a discount is a promise about an amount, not a percentage that floats:
it records who approved how many đồng off which base (the line's gross, or the order's subtotal).
It covers the discount while the discount is no more money AND no bigger share of its base than
that. Lowering a quantity or removing a line makes the same đồng a bigger share, so the approval
stops covering it; pos.sales.complete_sale re-checks every discount against the store's threshold
at payment (`unapproved()`), and `approve()` records a manager's new approval of what changed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields as dataclass_fields

from collections.abc import Mapping

from . import checks
from .errors import ApprovalRequired, EmptyCart, InvalidDiscount, InvalidQuantity, ValidationError
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
    discount_approved_amount: int = 0  # the approval: this many đồng off ...
    discount_approved_base: int = 0  # ... a line worth this much (its gross when approved)
    lot: str = ""  # the producer's lot the scanned code named (GS1 AI 10); '' draws by FEFO (pos/lots.py)
    use_by: str = ""  # the scanned code's use-by (GS1 AI 17), YYYY-MM-DD, for a lot the kiosk never received
    expired_ok_by: str | None = None  # manager who let an expired lot be sold on this line (audited)
    category_id: str = ""  # what category promotions match (pos/promotions.py)
    promo_discount: int = 0  # the promotions' discount on this line, apart from the manual one
    promos: list = field(default_factory=list)  # pos.promotions.Applied.as_dict() of each, for screen and receipt

    @property
    def gross(self) -> int:
        return line_amount(self.unit_price, self.qty, self.sold_by_weight)

    @property
    def after_discount(self) -> int:
        return self.gross - self.discount - self.promo_discount


@dataclass
class LineTotals:
    gross: int
    line_discount: int  # manual + promotions: everything off this line before the order discount
    order_share: int
    net: int
    vat_amount: int
    promo: int = 0  # the promotions' part of line_discount


@dataclass
class Totals:
    subtotal: int  # after line discounts and promotions
    line_discount_total: int  # manual line discounts + promotions (as sale_lines.line_discount adds up)
    order_discount: int
    total: int
    vat_total: int
    vat_by_rate: dict[int, tuple[int, int]]  # rate -> (net amount incl. VAT, VAT part)
    lines: list[LineTotals]
    item_count: int
    promo_total: int = 0  # the promotions' part of line_discount_total


VAT_RATES = (0, 5, 8, 10)


def _is_int(value) -> bool:
    return type(value) is int  # not a bool, not a float that happens to be whole


def _check_qty(qty, by_weight: bool) -> int:
    if not _is_int(qty):
        raise InvalidQuantity("quantity must be a whole number, not {qty!r}", qty=qty)
    limit = MAX_GRAMS if by_weight else MAX_UNITS
    if qty <= 0:
        raise InvalidQuantity("quantity must be more than zero", qty=qty)
    if qty > limit and by_weight:
        raise InvalidQuantity("quantity {qty:num} g is too large (at most {limit:num} g)", qty=qty, limit=limit)
    if qty > limit:
        raise InvalidQuantity("quantity {qty:num} is too large (at most {limit:num} units)", qty=qty, limit=limit)
    return qty


def _check_threshold(threshold_pct) -> int:
    if not _is_int(threshold_pct) or not 0 <= threshold_pct <= 100:
        raise ValidationError("discount approval threshold must be 0-100 %", field="threshold_pct")
    return threshold_pct


def _check_approver(approved_by) -> str | None:
    if approved_by is None:
        return None
    if not isinstance(approved_by, str) or not approved_by.strip() or len(approved_by) > 64:
        raise ValidationError("the approving manager must be given by id", field="approved_by")
    return approved_by


def needs_approval(amount: int, base: int, threshold_pct: int) -> bool:
    """A discount above threshold_pct % of its base needs a manager."""
    return amount * 100 > base * threshold_pct


def covers(approved: int, approved_base: int, amount: int, base: int) -> bool:
    """An approval of `approved` đồng off `approved_base` covers `amount` off `base` when it is no
    more money and no bigger share (amount/base <= approved/approved_base, in integers)."""
    return approved_base > 0 and 0 <= amount <= approved and amount * approved_base <= approved * base


def _check_discount(amount, base: int, reason) -> str:
    """The discount's own rules (not the approval); returns the cleaned reason."""
    if not _is_int(amount) or amount < 0:
        raise InvalidDiscount("discount must be a whole number of đồng, zero or more")
    if amount > base:
        raise InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}", amount=amount, base=base)
    if not isinstance(reason, str):
        raise ValidationError("{field} must be text, not {kind}", field="reason", kind=type(reason).__name__)
    if amount and not reason.strip():
        raise InvalidDiscount("a discount needs a reason")
    return reason.strip() if amount else ""


def _approval(amount: int, base: int, approved_by: str | None, threshold_pct: int,
              old: tuple[str | None, int, int]) -> tuple[str | None, int, int]:
    """The approval record a discount of `amount` off `base` carries: a new one when a manager is
    named, the old one when it still covers the new amount, none when none is needed; else refused."""
    if not amount:
        return None, 0, 0
    if approved_by:
        return approved_by, amount, base
    old_by, old_amount, old_base = old
    if old_by and covers(old_amount, old_base, amount, base):
        return old
    if needs_approval(amount, base, threshold_pct):
        raise ApprovalRequired("a discount above {threshold_pct} % needs a manager", threshold_pct=threshold_pct)
    return None, 0, 0


@dataclass(frozen=True)
class Unapproved:
    """A discount above the threshold that no manager's approval covers (any more)."""

    line_no: int | None  # 1-based; None: the order discount
    name: str
    amount: int
    base: int
    approved: int  # what a manager approved (0: nothing), off approved_base
    approved_base: int
    approved_by: str | None

    def error(self, threshold_pct: int) -> ApprovalRequired:
        """The refusal that names what needs approving (translated by the UI like any other)."""
        d = {"line_no": self.line_no, "name": self.name, "amount": self.amount, "base": self.base,
             "approved": self.approved, "approved_base": self.approved_base, "threshold_pct": threshold_pct}
        if self.line_no is None and self.approved:
            return ApprovalRequired("the order discount is now {amount:vnd} on {base:vnd}; a manager approved "
                                    "{approved:vnd} on {approved_base:vnd}", **d)
        if self.line_no is None:
            return ApprovalRequired("the order discount of {amount:vnd} on {base:vnd} is above {threshold_pct} % "
                                    "and needs a manager", **d)
        if self.approved:
            return ApprovalRequired("line {line_no} ({name}): the discount is now {amount:vnd} on {base:vnd}; "
                                    "a manager approved {approved:vnd} on {approved_base:vnd}", **d)
        return ApprovalRequired("line {line_no} ({name}): a discount of {amount:vnd} on {base:vnd} is above "
                                "{threshold_pct} % and needs a manager", **d)


# A line's fields by kind: from_dict and complete_sale take nothing they cannot vouch for.
# (Plain loops over type() checks: complete_sale runs this on every sale.)
TEXT_FIELDS = ("product_id", "sku", "name_vi", "name_en", "unit", "producer_id", "producer_name", "barcode",
               "discount_reason", "lot", "use_by", "category_id")
MONEY_FIELDS = ("unit_price", "discount", "discount_approved_amount", "discount_approved_base", "promo_discount")
LINE_FIELDS = tuple(f.name for f in dataclass_fields(CartLine))
LINE_REQUIRED = ("product_id", "sku", "name_vi", "name_en", "unit", "producer_id", "producer_name", "unit_price",
                 "vat_rate", "sold_by_weight", "qty")


def _str(v) -> bool:
    return type(v) is str and len(v) <= 500


def _money(v) -> bool:
    return type(v) is int and 0 <= v <= MAX_AMOUNT


def _flag(v) -> bool:
    return type(v) is bool or type(v) is int and v in (0, 1)


def _bad_field(v: dict) -> str | None:
    """The first field of a line's values (a CartLine's vars) of the wrong type or range, or None."""
    for key in TEXT_FIELDS:
        if not _str(v[key]):
            return key
    for key in MONEY_FIELDS:
        if not _money(v[key]):
            return key
    qty, rate, stars, by = v["qty"], v["vat_rate"], v["ocop_stars"], v["discount_approved_by"]
    if type(qty) is not int or not 0 < qty <= MAX_GRAMS:
        return "qty"
    if type(rate) is not int or rate not in VAT_RATES:
        return "vat_rate"
    if not _flag(v["sold_by_weight"]):
        return "sold_by_weight"
    if not _flag(v["fixed_price"]):
        return "fixed_price"
    if stars is not None and (type(stars) is not int or not 0 <= stars <= 5):
        return "ocop_stars"
    if by is not None and not _str(by):
        return "discount_approved_by"
    if v["expired_ok_by"] is not None and not _str(v["expired_ok_by"]):
        return "expired_ok_by"
    if type(v["promos"]) is not list or not all(isinstance(a, Mapping) for a in v["promos"]):
        return "promos"
    return None


def _bad_cart(field: str) -> ValidationError:
    return ValidationError("the saved cart is damaged ({field}): it cannot be used", field=field)


def _product_fields(product) -> dict:
    """The fields a line takes from a catalog product, checked (a product is a catalog row)."""
    if not isinstance(product, Mapping):
        raise ValidationError("{field} must be a record of named values, not {kind}", field="product",
                              kind=type(product).__name__)
    get = product.get
    fields = {"product_id": get("id"), "sku": get("sku"), "name_vi": get("name_vi"),
              "name_en": get("name_en") or "", "unit": get("unit") or "", "producer_id": get("producer_id"),
              "producer_name": get("producer_name") or "", "unit_price": get("price"), "vat_rate": get("vat_rate"),
              "sold_by_weight": get("sold_by_weight"), "ocop_stars": get("ocop_stars"),
              "category_id": get("category_id") or ""}
    bad = _bad_field({**fields, "barcode": "", "discount_reason": "", "discount": 0, "discount_approved_amount": 0,
                      "discount_approved_base": 0, "qty": 1, "fixed_price": False, "discount_approved_by": None,
                      "lot": "", "use_by": "", "expired_ok_by": None, "promo_discount": 0, "promos": []})
    if bad is None and not fields["product_id"]:
        bad = "product_id"
    if bad is not None:
        raise ValidationError("the product's {field} is not valid: {value!r}", field=bad,
                              value=checks.shown(fields[bad]))
    fields["sold_by_weight"] = bool(fields["sold_by_weight"])
    return fields


class Cart:
    def __init__(self) -> None:
        self.lines: list[CartLine] = []
        self.order_discount = 0
        self.order_discount_reason = ""
        self.order_discount_approved_by: str | None = None
        self.order_discount_approved_amount = 0  # the approval: this many đồng off ...
        self.order_discount_approved_base = 0  # ... a subtotal this large
        self.removed_promotions: dict[str, str] = {}  # promotion id -> staff who removed it from this sale
        self.pricing = None  # pos.promotions.Pricing: re-evaluates the promotions after every change
        self.gift_hints: list[str] = []  # spend_gift promotions reached whose gift is not scanned yet

    def reprice(self) -> None:
        """Re-evaluate the promotions (pos/promotions.py THE RULE) after a change; a manual order
        discount the promotions left larger than the sale is dropped, as when a line is removed."""
        if self.pricing is not None:
            self.set_promotions(self.pricing.result(self))

    def set_promotions(self, result) -> None:
        """Carry a pos.promotions.Result: each line's promotions and their sum."""
        for line, applied in zip(self.lines, result.lines):
            line.promos = [a.as_dict() for a in applied]
            line.promo_discount = sum(a.amount for a in applied)
        self.gift_hints = list(result.gift_hints)
        if self.order_discount > self.subtotal():
            self._set_order(0, "", (None, 0, 0))

    def remove_promotion(self, promotion_id: str, staff_id: str) -> None:
        """The clerk takes a promotion off this sale (stored and audited with the sale)."""
        if not _str(promotion_id) or not promotion_id or not _str(staff_id) or not staff_id:
            raise ValidationError("{field} must be text, not {kind}", field="promotion_id",
                                  kind=type(promotion_id).__name__)
        self.removed_promotions[promotion_id] = staff_id
        self.reprice()

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, product: dict, qty: int | None = None, grams: int | None = None,
            price: int | None = None, barcode: str = "", lot: str | None = None,
            use_by: str | None = None) -> int:
        """Add a product; returns the index of the line it went to.

        Unit goods scanned again increase the line's quantity (of the same lot, when the code named
        one); weighed goods and price labels always make a new line (each label is a different piece)."""
        fields = _product_fields(product)
        lot, use_by = lot or "", use_by or ""
        if not _str(lot) or len(lot) > 20 or not _str(use_by) or len(use_by) > 10:
            raise ValidationError("{field} must be text, not {kind}", field="lot", kind=type(lot).__name__)
        if not isinstance(barcode, str) or len(barcode) > 64:
            raise ValidationError("{field} must be text, not {kind}", field="barcode", kind=type(barcode).__name__)
        if price is not None and (not _is_int(price) or not 0 < price <= MAX_AMOUNT):
            raise InvalidQuantity("label price {price!r} is not valid", price=price)
        by_weight = fields["sold_by_weight"] and price is None
        if grams is not None and not fields["sold_by_weight"]:
            # a weight label (prefix 21) on a product sold per unit: its PLU is set up wrongly,
            # and ringing up one unit for a label that says 750 g would be a wrong price
            raise InvalidQuantity("{name} is sold per unit, not by weight: a weight label cannot ring it up",
                                  name=fields["name_vi"], grams=grams)
        if by_weight:
            amount = grams if grams is not None else qty
            if amount is None:
                raise InvalidQuantity("{name} is sold by weight: enter the grams", name=fields["name_vi"])
            qty = _check_qty(amount, True)
        else:
            qty = _check_qty(1 if qty is None else qty, False)
        if not by_weight and price is None:
            for i, line in enumerate(self.lines):
                if line.product_id == fields["product_id"] and not line.sold_by_weight and not line.fixed_price \
                        and not line.discount and line.lot == lot:
                    self.set_qty(i, line.qty + qty)
                    return i
        fields.update(unit_price=price if price is not None else fields["unit_price"], sold_by_weight=by_weight,
                      qty=qty, barcode=barcode, fixed_price=price is not None, lot=lot, use_by=use_by)
        line = CartLine(**fields)
        self._check_total(self.subtotal() + line.gross)
        self.lines.append(line)
        self.reprice()
        return len(self.lines) - 1

    def _line(self, index: int) -> CartLine:
        if not _is_int(index) or not 0 <= index < len(self.lines):
            raise InvalidQuantity("no line {line_no} in the cart",
                                  line_no=index + 1 if _is_int(index) else repr(index))
        return self.lines[index]

    def set_qty(self, index: int, qty: int) -> None:
        line = self._line(index)
        if line.fixed_price and qty != 1:
            raise InvalidQuantity("a price-labelled piece is sold as it is labelled")
        qty = _check_qty(qty, line.sold_by_weight)
        gross = line_amount(line.unit_price, qty, line.sold_by_weight)
        if line.discount > gross:
            raise InvalidDiscount("remove the line discount before lowering the quantity below it")
        subtotal = self.subtotal() - line.gross + gross
        self._check_total(subtotal)
        if self.order_discount > subtotal:
            raise InvalidDiscount("lower the order discount ({amount:vnd}) before lowering the sale below it",
                                  amount=self.order_discount)
        line.qty = qty
        self.reprice()

    def allow_expired(self, index: int, manager_id: str | None) -> None:
        """A manager lets this line be drawn from an expired lot (None takes it back). Checked and
        audited where the sale is written (pos.sales.complete_sale, pos.lots.draw)."""
        line = self._line(index)
        if manager_id is not None and (not _str(manager_id) or not manager_id):
            raise ValidationError("{field} must be text, not {kind}", field="manager_id", kind=type(manager_id).__name__)
        line.expired_ok_by = manager_id

    def remove(self, index: int) -> CartLine:
        line = self._line(index)
        del self.lines[index]
        self.reprice()
        if self.order_discount > self.subtotal():
            self._set_order(0, "", (None, 0, 0))
        return line

    def set_line_discount(self, index: int, amount: int, reason: str = "", approved_by: str | None = None,
                          threshold_pct: int = 10) -> None:
        """Refuses (ApprovalRequired) a discount above threshold_pct % of the line unless a manager
        is named or the line's approval still covers it; a named manager's approval is recorded as
        `amount` off the line's gross now."""
        line = self._line(index)
        approved_by = _check_approver(approved_by)
        threshold_pct = _check_threshold(threshold_pct)
        reason = _check_discount(amount, line.gross, reason)
        if self.subtotal() + line.discount + (line.promo_discount if amount else 0) - amount < self.order_discount:
            raise InvalidDiscount("lower the order discount ({amount:vnd}) before lowering the sale below it",
                                  amount=self.order_discount)
        old = (line.discount_approved_by, line.discount_approved_amount, line.discount_approved_base)
        by, approved, base = _approval(amount, line.gross, approved_by, threshold_pct, old)
        line.discount, line.discount_reason = amount, reason
        line.discount_approved_by, line.discount_approved_amount, line.discount_approved_base = by, approved, base
        if amount:  # a manual discount replaces the line's promotions (pos/promotions.py THE RULE 2)
            line.promo_discount, line.promos = 0, []
        self.reprice()

    def set_order_discount(self, amount: int, reason: str = "", approved_by: str | None = None,
                           threshold_pct: int = 10) -> None:
        """As set_line_discount, for the whole sale: the base is the subtotal after line discounts."""
        approved_by = _check_approver(approved_by)
        threshold_pct = _check_threshold(threshold_pct)
        subtotal = self.subtotal()
        reason = _check_discount(amount, subtotal, reason)
        old = (self.order_discount_approved_by, self.order_discount_approved_amount, self.order_discount_approved_base)
        self._set_order(amount, reason, _approval(amount, subtotal, approved_by, threshold_pct, old))

    def _set_order(self, amount: int, reason: str, approval: tuple[str | None, int, int]) -> None:
        self.order_discount, self.order_discount_reason = amount, reason
        (self.order_discount_approved_by, self.order_discount_approved_amount,
         self.order_discount_approved_base) = approval

    # -- approvals at payment ------------------------------------------------------------
    def unapproved(self, threshold_pct: int) -> list[Unapproved]:
        """Every discount above threshold_pct % of its base, as the cart is now, that no
        approval covers: what a manager must approve before the sale is paid."""
        threshold_pct = _check_threshold(threshold_pct)
        out = []
        for n, line in enumerate(self.lines, start=1):
            gross = line.gross
            if needs_approval(line.discount, gross, threshold_pct) and not (
                    line.discount_approved_by
                    and covers(line.discount_approved_amount, line.discount_approved_base, line.discount, gross)):
                out.append(Unapproved(n, line.name_vi, line.discount, gross, line.discount_approved_amount,
                                      line.discount_approved_base, line.discount_approved_by))
        subtotal = self.subtotal()
        if needs_approval(self.order_discount, subtotal, threshold_pct) and not (
                self.order_discount_approved_by
                and covers(self.order_discount_approved_amount, self.order_discount_approved_base,
                           self.order_discount, subtotal)):
            out.append(Unapproved(None, "", self.order_discount, subtotal, self.order_discount_approved_amount,
                                  self.order_discount_approved_base, self.order_discount_approved_by))
        return out

    def check_approvals(self, threshold_pct: int) -> None:
        """ApprovalRequired naming the first discount no approval covers; nothing changes."""
        missing = self.unapproved(threshold_pct)
        if missing:
            raise missing[0].error(threshold_pct)

    def approve(self, manager_id: str, threshold_pct: int) -> list[Unapproved]:
        """A manager approves every discount unapproved() lists, as it is now; returns them."""
        manager_id = _check_approver(manager_id)
        if manager_id is None:
            raise ValidationError("the approving manager must be given by id", field="approved_by")
        missing = self.unapproved(threshold_pct)
        for item in missing:
            if item.line_no is None:
                self.order_discount_approved_by = manager_id
                self.order_discount_approved_amount = item.amount
                self.order_discount_approved_base = item.base
            else:
                line = self.lines[item.line_no - 1]
                line.discount_approved_by = manager_id
                line.discount_approved_amount = item.amount
                line.discount_approved_base = item.base
        return missing

    def clear(self) -> None:
        pricing = self.pricing
        self.__init__()
        self.pricing = pricing

    def subtotal(self) -> int:
        return sum(line.after_discount for line in self.lines)

    def _check_total(self, subtotal: int) -> None:
        if subtotal > MAX_AMOUNT:
            raise InvalidQuantity("the sale would be larger than 10 billion đồng")

    def check_fields(self) -> None:
        if not isinstance(self.lines, list):
            raise _bad_cart("lines")
        for line in self.lines:
            if not isinstance(line, CartLine):
                raise _bad_cart("lines")
            bad = _bad_field(vars(line))
            if bad is not None:
                raise _bad_cart(bad)
            if line.sold_by_weight and line.fixed_price:
                raise _bad_cart("fixed_price")
            if not line.sold_by_weight and line.qty > MAX_UNITS:
                raise _bad_cart("qty")
        for key in ("order_discount", "order_discount_approved_amount", "order_discount_approved_base"):
            if not _money(getattr(self, key)):
                raise _bad_cart(key)
        if not _str(self.order_discount_reason):
            raise _bad_cart("order_discount_reason")
        if self.order_discount_approved_by is not None and not _str(self.order_discount_approved_by):
            raise _bad_cart("order_discount_approved_by")

    def validate(self) -> None:
        """The cart as a whole is sound (also one built or changed by hand, or from a saved dict):
        fields of the right types, discounts within their bases, the sale within 10 billion đồng."""
        self.check_fields()
        subtotal = 0
        for line in self.lines:
            gross = line.gross
            if gross > MAX_AMOUNT:
                raise InvalidQuantity("the sale would be larger than 10 billion đồng")
            if line.discount + line.promo_discount > gross:
                raise InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}",
                                      amount=line.discount + line.promo_discount, base=gross)
            subtotal += gross - line.discount - line.promo_discount
        self._check_total(subtotal)
        if self.order_discount > subtotal:
            raise InvalidDiscount("discount {amount:vnd} is more than the amount {base:vnd}",
                                  amount=self.order_discount, base=subtotal)

    def totals(self) -> Totals:
        grosses = [line.gross for line in self.lines]
        afters = [g - line.discount - line.promo_discount for g, line in zip(grosses, self.lines)]
        subtotal = sum(afters)
        shares = allocate(self.order_discount, afters) if self.order_discount else [0] * len(afters)
        lines: list[LineTotals] = []
        vat_by_rate: dict[int, tuple[int, int]] = {}
        for line, gross, after, share in zip(self.lines, grosses, afters, shares):
            net = after - share
            vat = vat_part(net, line.vat_rate)
            lines.append(LineTotals(gross, line.discount + line.promo_discount, share, net, vat, line.promo_discount))
            base, amount = vat_by_rate.get(line.vat_rate, (0, 0))
            vat_by_rate[line.vat_rate] = (base + net, amount + vat)
        return Totals(
            subtotal=subtotal,
            line_discount_total=sum(line.discount + line.promo_discount for line in self.lines),
            order_discount=self.order_discount,
            total=subtotal - self.order_discount,
            vat_total=sum(lt.vat_amount for lt in lines),
            vat_by_rate=dict(sorted(vat_by_rate.items())),
            lines=lines,
            item_count=sum(1 if line.sold_by_weight else line.qty for line in self.lines),
            promo_total=sum(line.promo_discount for line in self.lines),
        )

    def require_lines(self) -> None:
        if not self.lines:
            raise EmptyCart("the cart is empty")

    def approvers(self) -> set[str]:
        ids = {line.discount_approved_by for line in self.lines if line.discount_approved_by}
        ids |= {line.expired_ok_by for line in self.lines if line.expired_ok_by}
        if self.order_discount_approved_by:
            ids.add(self.order_discount_approved_by)
        return ids

    def to_dict(self) -> dict:
        return {
            "lines": [asdict(line) for line in self.lines],
            "order_discount": self.order_discount,
            "order_discount_reason": self.order_discount_reason,
            "order_discount_approved_by": self.order_discount_approved_by,
            "order_discount_approved_amount": self.order_discount_approved_amount,
            "order_discount_approved_base": self.order_discount_approved_base,
            "removed_promotions": dict(self.removed_promotions),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Cart":
        """A cart from to_dict(), also from before approvals recorded their amount: such an
        approval covers nothing (amount 0), so a discount above the threshold is asked again at
        payment. Unknown keys are ignored; values of the wrong type are refused (ValidationError).
        Money rules (the 10-billion cap, discounts within their base) are left to complete_sale,
        so a saved cart that breaks them still comes back to be corrected, never paid as it is."""
        if not isinstance(data, Mapping) or not isinstance(data.get("lines", []), (list, tuple)):
            raise _bad_cart("lines")
        cart = cls()
        for raw in data.get("lines", []):
            if not isinstance(raw, Mapping) or any(k not in raw for k in LINE_REQUIRED):
                raise _bad_cart("lines")
            cart.lines.append(CartLine(**{k: raw[k] for k in LINE_FIELDS if k in raw}))
        cart.order_discount = data.get("order_discount", 0)
        cart.order_discount_reason = data.get("order_discount_reason", "")
        cart.order_discount_approved_by = data.get("order_discount_approved_by")
        cart.order_discount_approved_amount = data.get("order_discount_approved_amount", 0)
        cart.order_discount_approved_base = data.get("order_discount_approved_base", 0)
        removed = data.get("removed_promotions") or {}
        if not isinstance(removed, Mapping) or not all(_str(k) and _str(v) for k, v in removed.items()):
            raise _bad_cart("removed_promotions")
        cart.removed_promotions = dict(removed)
        cart.check_fields()
        return cart
