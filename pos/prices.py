"""Which price a product sells at here, now: a fair's price list, else a scheduled price change
whose Vietnam day has begun, else the catalog price. Decided by the kiosk on its own clock.

Why at the kiosk and not only at the centre: a kiosk at a fair may be offline for days. The centre
plans price changes and price lists ahead (central/catalog/edit.py, central/catalog/price_lists.py)
and the catalog pull brings them here before their day (pos/price_pull.py keeps them), so every
kiosk switches at its OWN Vietnam midnight (pos/clock.py), reachable or not. The centre still
writes a change into its own catalog when the day begins, and the pull then says the change is
applied: the kiosk forgets it and the catalog price it pulled is the same price.

The rule (PRICE_EXPR; AS_SOLD_SQL reads it with the VAT rate in one indexed statement on every scan,
search result, grid tile and product card):
1. a price list of this location whose window holds the moment (start_day <= day <= end_day and,
   when it has hours, from_time <= HH:MM < to_time, Vietnam time) wins over everything else; of
   two such lists, the one that started later wins, then the one made later;
2. else the latest scheduled change whose day has begun: this location's own change first
   (a location price overrides the chain's price at the centre too); a change of the chain-wide
   price counts only while this location has no price of its own for the product
   (products.location_priced); on the same day the change made later wins, as at the centre;
3. else products.price (the location's price when it has one: the pull sends that).

A cart is rung up at the prices of the moment it is scanned, and the customer is shown them. At
payment (`reprice`, called by pos.sales.complete_sale) a line pays the LOWER of the price it was
rung up at and the price in force then: a scanned price is honoured until payment when the price
went up (the customer agreed to it), and nobody is charged more than the price posted when the
sale is made when it went down (a fair starting at 08:00 for a cart rung up at 07:59, a price cut
at midnight). Every line whose price in force differs comes back, lowered or kept, so the clerk is
told. A price-labelled piece (fixed_price) keeps its label's price.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .cart import Cart
from .errors import InvalidAmount
from .clock import VN_TZ, business_day, vn_local
from .store import Store
from .vat_schedule import VAT_EXPR

# a product's price here at (:day, :hm); correlated on products p (p.id, p.location_priced, p.price).
# Each subquery reads its index backwards in ORDER BY order (price_list_items_product,
# price_schedule_product: m018), no join and no sort: this runs on every scan.
PRICE_EXPR = """coalesce(
 (SELECT i.price FROM price_list_items i
   WHERE i.product_id = p.id AND i.start_day <= :day AND i.end_day >= :day
     AND (i.from_time = '' OR (i.from_time <= :hm AND :hm < i.to_time))
   ORDER BY i.start_day DESC, i.list_created_at DESC, i.list_id DESC LIMIT 1),
 (SELECT s.price FROM price_schedule s
   WHERE s.product_id = p.id AND s.effective_day <= :day AND (s.local = 1 OR p.location_priced = 0)
   ORDER BY s.local DESC, s.effective_day DESC, s.created_at DESC, s.id DESC LIMIT 1),
 p.price)"""
PRICE_SQL = f"SELECT {PRICE_EXPR} FROM products p WHERE p.id = :pid"
# what the till needs on every scan, in ONE statement: a second statement for the VAT rate cost
# more than both subqueries together (statement overhead; bench/bench_prices.py)
AS_SOLD_SQL = f"SELECT {PRICE_EXPR}, {VAT_EXPR} FROM products p WHERE p.id = :pid"


def moment(when: dt.datetime) -> tuple[str, str]:
    """(Vietnam day 'YYYY-MM-DD', Vietnam time 'HH:MM') of an aware instant (a naive one is refused:
    it would be read in the machine's zone)."""
    return business_day(when), when.astimezone(VN_TZ).strftime("%H:%M")


def local_moment(when: dt.datetime) -> tuple[dt.date, str, str]:
    """(Vietnam date, its 'YYYY-MM-DD', Vietnam time 'HH:MM') of an aware instant, the zone read
    once: what moment() says, with the date a 2D scan checks a use-by against (pos.catalog)."""
    local = vn_local(when)
    today = local.date()
    return today, today.isoformat(), f"{local.hour:02d}:{local.minute:02d}"


def price_on(conn, product_id: str, day: str, hm: str, base: int) -> int:
    """The rule above for one product, read from this kiosk's copy of the centre's plans."""
    row = conn.execute(PRICE_SQL, {"pid": product_id, "day": day, "hm": hm}).fetchone()
    return row[0] if row else base


def as_sold(conn, product_id: str, day: str, hm: str) -> tuple[int, int] | None:
    """(price in force, VAT rate in force: pos/vat_schedule.py) of a product at `day` `hm`."""
    return conn.execute(AS_SOLD_SQL, {"pid": product_id, "day": day, "hm": hm}).fetchone()


def prices_on(conn, product_ids, day: str, hm: str) -> dict[str, int]:
    """product id -> price in force, for many products in one statement."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return {}
    marks = ",".join(f":p{n}" for n in range(len(ids)))
    return dict(conn.execute(f"SELECT p.id, {PRICE_EXPR} FROM products p WHERE p.id IN ({marks})",
                             {"day": day, "hm": hm, **{f"p{n}": pid for n, pid in enumerate(ids)}}).fetchall())


def in_force(store: Store, product_ids: list[str], day: str, hm: str, rev: int | None = None) -> dict[str, int]:
    """prices_on() of these products, read through what the Store keeps per catalog_rev (bumped
    by triggers on products and on every price plan table, m021/m023): while the kiosk holds no
    price list item and no scheduled change, the price in force is products.price whatever the
    moment, so a product's price read once stays true until the number moves; with plans held
    the rule depends on the moment and is read as it always was."""
    kept = store.kept("prices.in_force", store.catalog_rev() if rev is None else rev)
    if "" not in kept:  # "" is never a product id: are plans held?
        kept[""] = store.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM price_list_items) OR EXISTS (SELECT 1 FROM price_schedule)").fetchone()[0]
    if kept[""]:
        return prices_on(store.conn, product_ids, day, hm)
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in kept]
    if missing:
        kept.update(store.conn.execute(f"SELECT id, price FROM products WHERE id IN ({','.join('?' * len(missing))})",
                                       missing).fetchall())
    return {pid: kept[pid] for pid in product_ids if pid in kept}


# -- a cart paid at another moment than it was rung up ----------------------------------------
@dataclass(frozen=True)
class Repriced:
    """A line whose price in force at payment differs from the price it was rung up at."""

    line_no: int
    name_vi: str
    rung_up: int  # the line's price when scanned
    in_force: int  # the price in force at payment
    kept: bool  # True: the lower price rung up is honoured; False: the line was lowered to in_force

    @property
    def paid(self) -> int:
        return self.rung_up if self.kept else self.in_force


def reprice(store: Store, cart: Cart, when: dt.datetime, rev: int | None = None) -> list[Repriced]:
    """Apply the payment rule (module docstring) to `cart` at `when`; returns every line whose price
    in force differs. A line whose product is gone from the catalog keeps its price. `rev`: the
    catalog_rev the caller read in its transaction (read here without)."""
    lines = [(n, line) for n, line in enumerate(cart.lines, start=1) if not line.fixed_price]
    if not lines:
        return []
    day, hm = moment(when)
    now = in_force(store, [line.product_id for _, line in lines], day, hm, rev)
    out = []
    for n, line in lines:
        price = now.get(line.product_id)
        if price is None or price == line.unit_price:
            continue
        kept = price > line.unit_price
        out.append(Repriced(n, line.name_vi, line.unit_price, price, kept))
        if not kept:
            line.unit_price = price
    return out


def plan_or_say(repriced: list[Repriced], total: int, plan):
    """`plan()` (the sale's payments against `total`); when a lowered line made the payment taken
    for the old total too much (a card or a transfer gives no change), the refusal says which price
    went down and the new total, so the clerk takes the payment again."""
    try:
        return plan()
    except InvalidAmount:
        lowered = next((r for r in repriced if not r.kept), None)
        if lowered is None:
            raise
        raise InvalidAmount("the price of {name} went down at payment ({old:vnd} → {new:vnd}): the total is now "
                            "{total:vnd}; remove the line, scan it again and take the payment again",
                            name=lowered.name_vi, old=lowered.rung_up, new=lowered.in_force, total=total) from None
