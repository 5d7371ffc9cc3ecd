"""Promotions where a sale is written (pos.sales.complete_sale): checked again, then stored.

Why re-evaluate at payment and REFUSE a difference (rather than quietly charging the new
figure): the customer agreed to the total on the screen. A cart rung up at 19:59 under a promotion
that ends at 20:00, or one the centre ended in a pull meanwhile, must not be charged differently
without anyone saying so. So the promotions are evaluated again on the store's clock and the
promotions held at that moment; when the result differs from what the cart carries, the cart is
given the new result and PromotionsChanged says the new total; the sell screen shows it and the
clerk takes the payment again. Nothing is written.

Each use is stored on its sale line: sale_lines.promo_discount (inside line_discount, so the
line's net, VAT and e-invoice line already contain it and nothing subtracts it twice) and one
sale_promotions row per promotion and sale line (a line drawn from two lots splits its promotions
by quantity like its other money, largest remainder). A promotion the clerk removed is a row
with level "removed" and who removed it, audited as "promotion.removed".
"""
from __future__ import annotations

from . import promotion_store, promotions
from .errors import PromotionsChanged
from .money import allocate
from .store import Store, new_id

ROW_COLS = ("id", "sale_id", "line_id", "promotion_id", "amount", "level", "carrier", "text_vi", "text_en",
            "removed_by")
INSERT = f"INSERT INTO sale_promotions({','.join(ROW_COLS)}) VALUES ({','.join('?' * len(ROW_COLS))})"


def recheck(store: Store, cart, rev: int | None = None) -> None:
    """Evaluate the cart's promotions again now; PromotionsChanged (cart updated) when they differ.
    `rev`: the catalog_rev the caller read in its transaction (pos.promotion_store.book)."""
    fresh = promotions.evaluate(promotion_store.book(store, rev), cart.lines, promotions.moment(store.now()),
                                cart.removed_promotions)
    if promotions.as_carried(fresh) != promotions.carried(cart):
        cart.set_promotions(fresh)
        raise PromotionsChanged("the promotions changed before payment: the total is now {total:vnd}; tell the "
                                "customer and take the payment again", total=cart.totals().total)


def line_rows(sale_id: str, line_id: str, promos: list[dict], part: int) -> list[tuple]:
    """The sale_promotions rows of one sale line carrying `part` đồng of its cart line's `promos`."""
    if not promos or part <= 0:
        return []
    shares = allocate(part, [a["amount"] for a in promos])
    return [(new_id(), sale_id, line_id, a["promotion_id"], share, a["level"], a.get("carrier") or "booth",
             a.get("text_vi") or "", a.get("text_en") or "", None) for a, share in zip(promos, shares) if share]


def write(store: Store, cart, sale_id: str, rows: list[tuple], staff_id: str, receipt_no: str) -> list[dict]:
    """Insert the sale's promotion rows and the clerk's removals (audited); returns them as dicts
    for the sale event. Runs inside complete_sale's transaction."""
    book = promotion_store.book(store) if cart.removed_promotions else None
    for pid, by in sorted(cart.removed_promotions.items()):
        text = book.text(pid) if pid in book.promotions else ("", "")
        rows.append((new_id(), sale_id, None, pid, 0, "removed", "booth", *text, by))
        store.audit("promotion.removed", by, None, "sale", sale_id, receipt_no=receipt_no, promotion_id=pid,
                    sold_by=staff_id)
    if rows:
        store.conn.executemany(INSERT, rows)
    return [dict(zip(ROW_COLS, r)) for r in rows]


def for_receipt(store: Store, sale_id: str, lang: str) -> tuple[dict[str, list[dict]], list[dict]]:
    """({sale line id: [line-level {"text", "amount"}]}, [order-level {"text", "amount"} summed over
    the lines]) of a sale, in the receipt's language: "KM: <text> −X đ" under each line, the
    order-level ones once under the subtotal."""
    rows = store.conn.execute("SELECT line_id, promotion_id, amount, level, text_vi, text_en FROM sale_promotions "
                              "WHERE sale_id = ? AND level != 'removed' ORDER BY rowid", (sale_id,)).fetchall()
    by_line: dict[str, list[dict]] = {}
    order: dict[str, dict] = {}
    for line_id, pid, amount, level, text_vi, text_en in rows:
        text = text_vi if lang == "vi" else (text_en or text_vi)
        if level == "line":
            by_line.setdefault(line_id, []).append({"text": text, "amount": amount})
        else:
            order.setdefault(pid, {"text": text, "amount": 0})["amount"] += amount
    return by_line, list(order.values())
