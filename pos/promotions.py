"""Promotions decided by the kiosk itself, offline: which apply to a cart, and how much each gives.

Pure: no database, no Qt, no clock of its own. The centre defines promotions (central/catalog/
promotions.py), the pull brings them (pos/promotion_store.py keeps them), and this module is the one
evaluator both the sell screen (after every cart change) and pos.sales.complete_sale (again, at
payment, on the promotions and the clock of that moment) run. Why one evaluator: the customer is
promised on screen what the receipt charges; two implementations would drift.

Kinds
- ``percent_off`` / ``amount_off``: off a product, a category, a producer (or everything). An
  amount is per unit, per kilogram for goods sold by weight (pro rata), per piece for a price label.
- ``buy_get``: buy ``buy_qty`` of a product, get ``get_qty`` of the same or another product
  (``get_product_id``) at ``percent`` % off (100: free). Counted in units, on unit lines only.
- ``spend_gift``: a sale of at least ``min_total`` gets ``gift_qty`` of ``gift_product_id`` free
  (the gift is scanned into the cart, so its stock moves; the threshold excludes the gift itself).
- ``spend_amount``: a sale of at least ``min_total`` gets ``amount`` off.

Validity: ``start_day``/``end_day`` (inclusive, '' open), ``weekdays`` (ISO digits, "67" is Saturday
and Sunday), ``start_minute``/``end_minute`` (minutes of the day, end exclusive; a start after the
end runs past midnight), all read in VIETNAM time from the caller's clock (`moment`), never the
machine's zone. Locations are chosen at the centre: a kiosk is only sent the promotions of its
location (central/catalog/promotions.py), so nothing here asks where it is.

THE RULE (deterministic; docs/promotions.md says the same):
1. Each line takes at most ONE line-level promotion (percent_off, amount_off, buy_get): the one
   giving the customer the largest discount on that line; equal discounts go to the smaller id.
2. A line with a manual line discount takes no line-level promotion (the clerk set that line's
   price; removing the manual discount gives the promotion back). It still counts as bought
   towards a "buy X", and towards spend thresholds at its discounted value.
3. Order level, after the line promotions, on the discounted total: at most one ``spend_gift``
   (the largest gift, ties by id) then at most one ``spend_amount`` (the largest amount, ties by
   id), the amount shared over the lines in proportion to what is left of each (largest remainder).
4. A manual order discount applies last, on what the promotions leave (pos/cart.py).
5. Rounding: a percentage rounds DOWN to the đồng (never more off than the rule says); an amount
   per kilogram rounds down too. Every discount is capped at what is left of its line, so no line
   is ever negative and the total never exceeds the undiscounted total.
6. "Buy X get Y": groups are counted over every unit line of the product; the discounted units are
   the cheapest units of the get product (then by lot, barcode), so the result does not depend on
   the order the lines were scanned in.
A promotion the clerk removed from the sale (`removed`) is not considered at all.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .clock import VN_TZ
from .errors import ValidationError
from .money import MAX_AMOUNT, allocate
from .text import fmt_vnd

KINDS = ("percent_off", "amount_off", "buy_get", "spend_gift", "spend_amount")
LINE_KINDS = ("percent_off", "amount_off", "buy_get")
TARGETS = ("all", "product", "category", "producer")
CARRIERS = ("booth", "producer")  # who carries the discount in settlement
DAY_MINUTES = 1440


@dataclass(frozen=True, slots=True)
class Moment:
    """An instant as a promotion's window reads it: the Vietnam date, ISO weekday, minute of day."""

    day: str
    weekday: int
    minute: int


def moment(when: dt.datetime) -> Moment:
    """The Vietnam calendar day, weekday and minute of an aware instant (naive is refused)."""
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValidationError("the clock gave a time without a time zone: {when}", when=repr(when))
    local = when.astimezone(VN_TZ)
    return Moment(local.date().isoformat(), local.isoweekday(), local.hour * 60 + local.minute)


@dataclass(frozen=True, slots=True)
class Promotion:
    id: str
    kind: str
    name_vi: str = ""
    name_en: str = ""
    target: str = "all"  # what percent_off / amount_off / buy_get (product) apply to
    target_id: str = ""
    percent: int = 0
    amount: int = 0
    buy_qty: int = 0
    get_qty: int = 0
    get_product_id: str = ""  # '' : the same product
    min_total: int = 0
    gift_product_id: str = ""
    gift_qty: int = 0
    start_day: str = ""
    end_day: str = ""
    weekdays: str = "1234567"
    start_minute: int = 0
    end_minute: int = DAY_MINUTES
    carrier: str = "booth"

    def active(self, at: Moment) -> bool:
        if self.start_day and at.day < self.start_day or self.end_day and at.day > self.end_day:
            return False
        if str(at.weekday) not in self.weekdays:
            return False
        s, e = self.start_minute, self.end_minute
        return s <= at.minute < e if s <= e else (at.minute >= s or at.minute < e)

    def text(self, names: Mapping[str, str] | None = None) -> tuple[str, str]:
        """(Vietnamese, English) explanation for the screen and the receipt: the office's name when
        it gave one, else what the rule does."""
        if self.name_vi:
            return self.name_vi, self.name_en or self.name_vi
        names = names or {}
        if self.kind == "percent_off":
            return f"Giảm {self.percent}%", f"{self.percent}% off"
        if self.kind == "amount_off":
            return f"Giảm {fmt_vnd(self.amount)}", f"{fmt_vnd(self.amount)} off"
        if self.kind == "buy_get":
            other = names.get(self.get_product_id, "") if self.get_product_id else ""
            if self.percent >= 100:
                return (f"Mua {self.buy_qty} tặng {self.get_qty} {other}".strip(),
                        f"Buy {self.buy_qty} get {self.get_qty} {other} free".replace("  ", " "))
            return (f"Mua {self.buy_qty}, {self.get_qty} {other} giảm {self.percent}%".replace("  ", " "),
                    f"Buy {self.buy_qty}, {self.get_qty} {other} at {self.percent}% off".replace("  ", " "))
        if self.kind == "spend_gift":
            gift = names.get(self.gift_product_id, "")
            return (f"Hóa đơn từ {fmt_vnd(self.min_total)} tặng {gift}".strip(),
                    f"Spend {fmt_vnd(self.min_total)}, get {gift} free".replace("  ", " "))
        return (f"Hóa đơn từ {fmt_vnd(self.min_total)} giảm {fmt_vnd(self.amount)}",
                f"Spend {fmt_vnd(self.min_total)}, get {fmt_vnd(self.amount)} off")


def _int(row: Mapping, key: str, low: int, high: int, default: int = 0) -> int:
    value = row.get(key, default)
    if value is None:
        value = default
    if type(value) is not int or not low <= value <= high:
        raise ValidationError("promotion {field} must be a whole number from {low} to {high}", field=key,
                              low=low, high=high)
    return value


def _text(row: Mapping, key: str, limit: int = 200) -> str:
    value = row.get(key) or ""
    if not isinstance(value, str) or len(value) > limit:
        raise ValidationError("promotion {field} must be text of at most {limit} characters", field=key,
                              limit=limit)
    return value.strip()


def _day(row: Mapping, key: str) -> str:
    value = _text(row, key, 10)
    if value:
        try:
            value = dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValidationError("{field}: not a date (YYYY-MM-DD): {value!r}", field=key, value=value) from None
    return value


def from_row(row: Mapping) -> Promotion:
    """A promotion from a stored or pulled row, every field checked (ValidationError names the
    first wrong one): the centre checks with this too before it saves, so a kiosk never refuses
    what the office was allowed to write."""
    if not isinstance(row, Mapping):
        raise ValidationError("a promotion must be a record of named values", field="promotion")
    pid, kind = _text(row, "id", 64), row.get("kind")
    if not pid:
        raise ValidationError("a promotion needs an id", field="id")
    if kind not in KINDS:
        raise ValidationError("promotion kind must be one of {kinds}", field="kind", kinds=", ".join(KINDS))
    target = row.get("target") or "all"
    if target not in TARGETS:
        raise ValidationError("promotion target must be one of {kinds}", field="target", kinds=", ".join(TARGETS))
    weekdays = _text(row, "weekdays", 7) or "1234567"
    if not set(weekdays) <= set("1234567"):
        raise ValidationError("promotion weekdays are ISO digits 1 (Monday) to 7 (Sunday)", field="weekdays")
    carrier = row.get("carrier") or "booth"
    if carrier not in CARRIERS:
        raise ValidationError("promotion carrier must be one of {kinds}", field="carrier", kinds=", ".join(CARRIERS))
    p = Promotion(
        id=pid, kind=kind, name_vi=_text(row, "name_vi"), name_en=_text(row, "name_en"), target=target,
        target_id=_text(row, "target_id", 64), percent=_int(row, "percent", 0, 100),
        amount=_int(row, "amount", 0, MAX_AMOUNT), buy_qty=_int(row, "buy_qty", 0, 9_999),
        get_qty=_int(row, "get_qty", 0, 9_999), get_product_id=_text(row, "get_product_id", 64),
        min_total=_int(row, "min_total", 0, MAX_AMOUNT), gift_product_id=_text(row, "gift_product_id", 64),
        gift_qty=_int(row, "gift_qty", 0, 9_999), start_day=_day(row, "start_day"), end_day=_day(row, "end_day"),
        weekdays="".join(sorted(set(weekdays))), start_minute=_int(row, "start_minute", 0, DAY_MINUTES),
        end_minute=_int(row, "end_minute", 0, DAY_MINUTES, DAY_MINUTES), carrier=carrier)
    _check_kind(p)
    return p


def _check_kind(p: Promotion) -> None:
    if p.target != "all" and not p.target_id:
        raise ValidationError("promotion: name the product, category or producer it applies to", field="target_id")
    if p.kind == "percent_off" and not 0 < p.percent <= 100:
        raise ValidationError("promotion: the percentage must be 1 to 100", field="percent")
    if p.kind in ("amount_off", "spend_amount") and p.amount <= 0:
        raise ValidationError("promotion: the amount off must be more than 0", field="amount")
    if p.kind == "buy_get" and p.target != "product":
        raise ValidationError("promotion: buy X get Y is for one product", field="target")
    if p.kind == "buy_get" and (p.buy_qty <= 0 or p.get_qty <= 0):
        raise ValidationError("promotion: buy and get quantities must be above 0", field="buy_qty")
    if p.kind == "buy_get" and not 0 < p.percent <= 100:
        raise ValidationError("promotion: the percentage must be 1 to 100", field="percent")
    if p.kind == "spend_gift" and (not p.gift_product_id or p.gift_qty <= 0):
        raise ValidationError("promotion: name the gift and its quantity", field="gift_product_id")
    if p.start_day and p.end_day and p.end_day < p.start_day:
        raise ValidationError("promotion: the end day is before the start day", field="end_day")
    if p.start_minute == p.end_minute:
        raise ValidationError("promotion: the hours window is empty", field="end_minute")


# -- the book: promotions indexed so a cart is evaluated in well under a millisecond ---------------
class Book:
    """The promotions a kiosk holds, indexed by what they apply to. Built once per catalog change
    (pos/promotion_store.py), read on every scan."""

    def __init__(self, promotions: Iterable[Promotion] = (), names: Mapping[str, str] | None = None) -> None:
        self.promotions: dict[str, Promotion] = {}
        self.by_target: dict[tuple[str, str], list[Promotion]] = {}
        self.buy_get: dict[str, list[Promotion]] = {}  # by the product bought
        self.gifts: list[Promotion] = []
        self.spend: list[Promotion] = []  # by id; _spend reads them largest amount first (spend_order)
        self.names = dict(names or {})  # product id -> Vietnamese name (texts of gifts and "get Y")
        self._texts: dict[str, tuple[str, str]] = {}
        self._active: tuple[Moment | None, dict[str, bool]] = (None, {})  # active_at's answers of one minute
        for p in sorted(promotions, key=lambda p: p.id):
            self.promotions[p.id] = p
            if p.kind in ("percent_off", "amount_off"):
                self.by_target.setdefault((p.target, p.target_id), []).append(p)
            elif p.kind == "buy_get":
                self.buy_get.setdefault(p.target_id, []).append(p)
            elif p.kind == "spend_gift":
                self.gifts.append(p)
            else:
                self.spend.append(p)

        self.spend_order = sorted(self.spend, key=lambda p: (-p.amount, p.id))

    def __len__(self) -> int:
        return len(self.promotions)

    def __repr__(self) -> str:
        return f"Book({list(self.promotions.values())!r})"

    def text(self, pid: str) -> tuple[str, str]:
        got = self._texts.get(pid)
        if got is None:
            got = self._texts[pid] = self.promotions[pid].text(self.names)
        return got

    def active_at(self, at: Moment) -> dict[str, bool]:
        """{promotion id: active at `at`} as far as asked so far, kept for the last moment asked:
        a promotion's window is a pure function of the minute, and the sell screen evaluates the
        cart after every scan with the same book, mostly within the same minute. Shared by the
        threads holding the book: each answer is the same whoever computes it first."""
        kept = self._active
        if kept[0] != at:
            kept = self._active = (at, {})
        return kept[1]

    def for_line(self, line) -> list[Promotion]:
        out = self.by_target.get(("all", ""), [])
        for key in (("product", line.product_id), ("category", getattr(line, "category_id", "")),
                    ("producer", line.producer_id)):
            more = self.by_target.get(key)
            if more:
                out = out + more
        return out


EMPTY = Book()


@dataclass(frozen=True, slots=True)
class Applied:
    """One promotion's discount on one line (an order-level one is shared over lines)."""

    promotion_id: str
    amount: int
    level: str  # 'line' | 'order'
    text_vi: str
    text_en: str
    carrier: str = "booth"

    def as_dict(self) -> dict:
        return {"promotion_id": self.promotion_id, "amount": self.amount, "level": self.level,
                "text_vi": self.text_vi, "text_en": self.text_en, "carrier": self.carrier}


@dataclass
class Result:
    lines: list[list[Applied]] = field(default_factory=list)  # per cart line, in the cart's order
    gift_hints: list[str] = field(default_factory=list)  # spend_gift ids reached whose gift is not scanned yet

    def line_total(self, i: int) -> int:
        return sum(a.amount for a in self.lines[i])

    @property
    def total(self) -> int:
        return sum(a.amount for applied in self.lines for a in applied)

    def by_promotion(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for applied in self.lines:
            for a in applied:
                out[a.promotion_id] = out.get(a.promotion_id, 0) + a.amount
        return out


def _units(line) -> bool:
    """A line counted in units (not weighed, not a price-labelled piece)."""
    return not line.sold_by_weight and not line.fixed_price


def line_amount(p: Promotion, line, gross: int) -> int:
    """percent_off / amount_off on one line, rounded down, capped at the line."""
    if p.kind == "percent_off":
        amount = gross * p.percent // 100
    elif line.sold_by_weight:
        amount = p.amount * line.qty // 1000  # per kilogram, pro rata
    else:
        amount = p.amount * line.qty
    return min(amount, gross)


def _canonical(lines: Sequence, indexes: Iterable[int]) -> list[int]:
    """Lines of one product in an order that does not depend on the scan order: cheapest first."""
    return sorted(indexes, key=lambda i: (lines[i].unit_price, lines[i].lot, lines[i].barcode, lines[i].qty, i))


def _spread(lines: Sequence, indexes: list[int], units: int) -> list[tuple[int, int]]:
    """(line index, units) taking `units` from the lines in canonical order."""
    out = []
    for i in _canonical(lines, indexes):
        if units <= 0:
            break
        take = min(units, lines[i].qty)
        out.append((i, take))
        units -= take
    return out


def evaluate(book: Book, lines: Sequence, at: Moment, removed: Iterable[str] = ()) -> Result:
    """The promotions for `lines` (CartLine-like: product_id, category_id, producer_id, unit_price,
    qty, sold_by_weight, fixed_price, gross, discount, lot, barcode) at `at`, by THE RULE above."""
    if not book.promotions:  # none held (most kiosks, most days): nothing to apply, on every scan and sale
        return Result([[] for _ in lines], [])
    removed = frozenset(removed)
    n = len(lines)
    grosses = [ln.gross for ln in lines]
    best: list[tuple[int, str] | None] = [None] * n  # (amount, promotion id)
    active = book.active_at(at)

    def ok(p: Promotion) -> bool:
        got = active.get(p.id)
        if got is None:
            got = active[p.id] = p.active(at)
        return got and p.id not in removed

    def consider(i: int, amount: int, p: Promotion) -> None:
        if amount <= 0:
            return
        b = best[i]
        if b is None or amount > b[0] or (amount == b[0] and p.id < b[1]):
            best[i] = (amount, p.id)

    units_of: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if _units(ln):
            units_of.setdefault(ln.product_id, []).append(i)
        if ln.discount or grosses[i] <= 0:
            continue
        for p in book.for_line(ln):
            if ok(p):
                consider(i, line_amount(p, ln, grosses[i]), p)
    for product_id, buy_lines in units_of.items():
        for p in book.buy_get.get(product_id, ()):
            if ok(p):
                _buy_get(p, lines, grosses, buy_lines, units_of, consider)
    applied: list[list[Applied]] = [[] for _ in range(n)]
    after = [g - ln.discount for g, ln in zip(grosses, lines)]
    for i, b in enumerate(best):
        if b is not None:
            p = book.promotions[b[1]]
            applied[i].append(Applied(p.id, b[0], "line", *book.text(p.id), p.carrier))
            after[i] -= b[0]
    hints = _gift(book, lines, after, applied, units_of, ok)
    _spend(book, after, applied, ok)
    return Result(applied, hints)


def _buy_get(p: Promotion, lines, grosses, buy_lines, units_of, consider) -> None:
    bought = sum(lines[i].qty for i in buy_lines)
    get_id = p.get_product_id or p.target_id
    takers = [i for i in units_of.get(get_id, ()) if not lines[i].discount]
    if not takers:
        return
    if get_id == p.target_id:
        units = bought // (p.buy_qty + p.get_qty) * p.get_qty
    else:
        units = min(bought // p.buy_qty * p.get_qty, sum(lines[i].qty for i in takers))
    for i, k in _spread(lines, takers, units):
        consider(i, min(lines[i].unit_price * k * p.percent // 100, grosses[i]), p)


def _gift(book: Book, lines, after: list[int], applied, units_of, ok) -> list[str]:
    """At most one spend_gift: the largest gift whose threshold the rest of the sale reaches.
    Returns the ids of those whose threshold the sale reaches but whose gift is not in the cart
    (the screen tells the clerk to scan it)."""
    best = None  # (value, id, [(i, amount)])
    total = sum(after)
    hints = []
    for p in book.gifts:
        takers = [i for i in units_of.get(p.gift_product_id, ()) if after[i] > 0]
        if not takers:
            if total >= p.min_total and ok(p):
                hints.append(p.id)
            continue
        if not ok(p):
            continue
        parts = [(i, min(lines[i].unit_price * k, after[i])) for i, k in _spread(lines, takers, p.gift_qty)]
        value = sum(a for _, a in parts)
        if value > 0 and total - value >= p.min_total and (best is None or value > best[0]):
            best = (value, p.id, parts)  # book.gifts is in id order: a tie keeps the smaller id
    if best is not None:
        p = book.promotions[best[1]]
        for i, amount in best[2]:
            applied[i].append(Applied(p.id, amount, "order", *book.text(p.id), p.carrier))
            after[i] -= amount
        hints = []  # one gift per sale: the one given
    return hints


def _spend(book: Book, after: list[int], applied, ok) -> None:
    """At most one spend_amount: the largest amount whose threshold the sale reaches, shared."""
    total = sum(after)
    if total <= 0:
        return
    best = None
    for p in book.spend_order:  # largest amount first: the first that applies wins, but for a tie at
        amount = min(p.amount, total)  # the sale's total, where the smallest id of those reaching it does
        if best is not None and amount < best[0]:
            break
        if total >= p.min_total and ok(p) and (best is None or p.id < best[1].id):
            best = (amount, p)
    if best is None:
        return
    amount, p = best
    text = book.text(p.id)
    for i, share in enumerate(allocate(amount, after)):
        if share:
            applied[i].append(Applied(p.id, share, "order", *text, p.carrier))
            after[i] -= share


class Pricing:
    """What a cart re-evaluates with after every change (pos.cart.Cart.pricing): the book and the
    clock (the Store's or the screen's; tests hand in one they move)."""

    def __init__(self, book: Book, clock) -> None:
        self.book, self.clock = book, clock

    def result(self, cart) -> Result:
        return evaluate(self.book, cart.lines, moment(self.clock()), cart.removed_promotions)


def carried(cart) -> list[list[tuple[str, int]]]:
    """What the cart's lines carry: [(promotion id, amount)] per line (compared at payment)."""
    return [[(a.get("promotion_id"), a.get("amount")) for a in line.promos] for line in cart.lines]


def as_carried(result: Result) -> list[list[tuple[str, int]]]:
    return [[(a.promotion_id, a.amount) for a in applied] for applied in result.lines]
