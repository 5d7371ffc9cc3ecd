"""What a sold line can still give back, by refund or void, once supplements (pos.supplements)
raised prices on the sale or completed it with goods added.

A unit whose price a supplement raised cost the customer its first price plus the raise, paid on
two receipts. Refunding it gives back both, on ONE refund line naming the sold line (unit price =
first price + raise, money = its share of the line plus its share of the raise), so units are
counted once in every report and the reducing adjustment names the invoice the unit was sold on
(pos.einvoice.issue.adjust). The raise line itself is never refunded on its own: that would give
money back for goods kept (an office correction). A supplement's goods added refund like any
sale's; a whole supplement is voided on its shift like any sale, while nothing since relies on it."""
from __future__ import annotations

from . import checks
from .errors import InvalidQuantity, InvalidState
from .money import round_div
from .store import Store

_RAISES = ("SELECT {what} FROM sale_lines x JOIN sales xs ON xs.id = x.sale_id WHERE x.original_line_id = l.id "
           "AND xs.kind = 'sale' AND xs.status = 'completed'")


def refundable_lines(store: Store, sale_id: str) -> list[dict]:
    """Each line of a sale with what can still be refunded (qty and money), and the raise a completed
    supplement put on it (raised_qty units at raised_price more, raised_net in all). A supplement's
    price-raise lines are not among them: they come back with the sold line they raised."""
    checks.ident(sale_id, "sale_id")
    return store.all(
        f"""SELECT l.id AS line_id, l.line_no, l.product_id, l.name_vi, l.name_en, l.sold_by_weight, l.unit,
                  l.qty AS sold_qty, l.net AS sold_net, l.unit_price, l.vat_rate,
                  coalesce(sum(r.qty), 0) AS refunded_qty, coalesce(sum(r.net), 0) AS refunded_net,
                  l.qty - coalesce(sum(r.qty), 0) AS refundable_qty,
                  coalesce(({_RAISES.format(what='sum(x.qty)')}), 0) AS raised_qty,
                  coalesce(({_RAISES.format(what='sum(x.net)')}), 0) AS raised_net,
                  coalesce(({_RAISES.format(what='max(x.unit_price)')}), 0) AS raised_price
           FROM sale_lines l
           LEFT JOIN sale_lines r ON r.original_line_id = l.id
                AND r.sale_id IN (SELECT id FROM sales WHERE kind = 'refund' AND status = 'completed')
           WHERE l.sale_id = ? AND l.original_line_id IS NULL GROUP BY l.id ORDER BY l.line_no""",
        (sale_id,),
    )


def raised_line_ids(store: Store, sale_id: str) -> set[str]:
    """The lines of `sale_id` whose price a completed supplement raised (pos.supplements)."""
    return {r["original_line_id"] for r in store.all(
        "SELECT l.original_line_id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.kind = 'sale' "
        "AND s.status = 'completed' AND s.original_sale_id = ? AND l.original_line_id IS NOT NULL", (sale_id,))}


def refund_net(line: dict, qty: int) -> int:
    """The money `qty` of a refundable_lines() row gives back: its share of what was paid for the
    line (discounts included) plus, when a supplement raised its price, its share of the raise
    (every unit kept since the raise is a raised unit); the last units take the rest exactly, so
    no rounding is left behind. The refund dialog shows the same figure before the clerk confirms."""
    if qty == line["refundable_qty"]:
        return line["sold_net"] + line.get("raised_net", 0) - line["refunded_net"]
    raised = round_div(line["raised_net"] * qty, line["raised_qty"]) if line.get("raised_qty") else 0
    return round_div(line["sold_net"] * qty, line["sold_qty"]) + raised


def wanted_lines(lines) -> dict[str, int]:
    """{line id: quantity} asked of a refund, the arguments checked (no database)."""
    if not checks.records(lines, "lines"):
        raise InvalidQuantity("choose at least one line to refund")
    wanted: dict[str, int] = {}
    for item in lines:
        lid, qty = item.get("line_id"), item.get("qty")
        checks.ident(lid, "line_id")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
            raise InvalidQuantity("refund quantity must be a positive whole number: {qty!r}", qty=checks.shown(qty))
        wanted[lid] = wanted.get(lid, 0) + qty
    return wanted


def check_void(store: Store, sale: dict) -> None:
    """Refuse the void of a sale a completed supplement completes (void the supplement first), and of
    a supplement whose raised units were refunded since (those refunds gave the raise back)."""
    if store.one("SELECT 1 FROM sales WHERE original_sale_id = ? AND kind = 'sale' AND status = 'completed'",
                 (sale["id"],)):
        raise InvalidState("{receipt_no} has a supplement: void the supplement first", receipt_no=sale["receipt_no"])
    if sale["original_sale_id"] and store.one(
            "SELECT 1 FROM sale_lines r JOIN sales rs ON rs.id = r.sale_id WHERE rs.kind = 'refund' "
            "AND rs.status = 'completed' AND rs.rowid > (SELECT rowid FROM sales WHERE id = ?) "
            "AND r.original_line_id IN "
            "(SELECT original_line_id FROM sale_lines WHERE sale_id = ? AND original_line_id IS NOT NULL)",
            (sale["id"], sale["id"])):
        raise InvalidState("{receipt_no} raised prices on units refunded since: it can no longer be voided",
                           receipt_no=sale["receipt_no"])
