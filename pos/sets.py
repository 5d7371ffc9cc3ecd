"""Gift sets (combos): a Tết box of salt, dried shrimp and bird's nest sold as one product.

A set is an ordinary product row (barcode, price, VAT rate, the booth or a producer as its owner)
whose components the centre sends in the pull (table set_components): a product with component
rows IS a set. Selling it (pos.sales.complete_sale, in the sale's one transaction):
1. boxes made ahead (the set product's own stock, pos/set_assembly.py) are sold first;
2. what they cannot cover is put together at the counter: each component is drawn from its own
   lots by FEFO (pos.lots.draw: stock without a lot first, then lots by use-by). Expired and
   recalled component lots are never drawn and there is no manager override for them: a box
   is not a place to hide an expired jar, so the sale is refused naming the component.
The sale line stays the set (one receipt line, its components printed beneath it); the line's
sale_line_components rows say, per component and lot, what was taken and the component's share
of the line's money, for the centre's settlement and for refunds (a child table and not a JSON
field: refunds point at the row they give back, and the centre sums the rows in SQL).

The split rule (split()): the line's net (what the customer paid for the line, after discounts)
is shared among the components pro rata to weight = component's regular price (products.price
at the kiosk, at the time of sale) x its quantity per set; all weights 0 -> pro rata to the
quantities. Whole đồng by the largest-remainder method: each gets floor(net x w / W), the đồng
left over go one each to the largest remainders, ties to the component listed first, so the
shares add up exactly to the line's net. The line's VAT is split the same way, weighted by the
shares; the set is one good on the receipt and the e-invoice, at the set product's own VAT rate
(the centre's office page warns when a component's own rate differs). A component drawn from
two lots splits its share between them by quantity, the last lot taking the rest.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import checks, lots
from .errors import ExpiredItem, InvalidState, ValidationError
from .money import round_div
from .store import OpChanges, Store, new_id

MAX_COMPONENTS = 20
COMP_COLS = ("id", "sale_id", "sale_line_id", "n", "product_id", "producer_id", "name_vi", "name_en", "unit",
             "per_set", "qty", "regular_price", "net", "vat_rate", "vat_amount", "source", "lot_id", "lot_no",
             "use_by", "original_id")
INSERT_COMP = f"INSERT INTO sale_line_components({','.join(COMP_COLS)}) VALUES ({','.join('?' * len(COMP_COLS))})"


def components(store: Store, set_id: str) -> list[dict]:
    """The set's components in their order, with what selling and splitting need; [] for a
    product that is not a set."""
    return store.all(
        "SELECT c.component_id AS product_id, c.qty AS per_set, p.producer_id, p.name_vi, p.name_en, p.unit, "
        "p.price, p.vat_rate, p.sold_by_weight FROM set_components c JOIN products p ON p.id = c.component_id "
        "WHERE c.set_id = ? ORDER BY c.sort, p.name_folded, p.id", (set_id,))


def set_ids(store: Store, product_ids, rev: int | None = None) -> set[str]:
    """Which of these products are sets: every set's id is kept while catalog_rev (`rev` when the
    caller read it in its transaction) stays the same (triggers on set_components bump it, m023)."""
    kept = store.kept("sets.ids", store.catalog_rev() if rev is None else rev)
    if "" not in kept:
        kept[""] = frozenset(r[0] for r in store.conn.execute("SELECT DISTINCT set_id FROM set_components"))
    return {str(i) for i in product_ids} & kept[""]


def apply_pulled(store: Store, row: dict) -> OpChanges:
    """One set from the pull, whole: {"set_id", "components": [{"product_id", "qty"}, ...]}; an
    empty list makes the product an ordinary one again. The set and its components must be
    products the kiosk has, sold by the unit; a component is not a set itself."""
    if not isinstance(row, dict):
        raise ValidationError("{field} must be an object", field="set_components")
    set_id = checks.ident(row.get("set_id"), "set_id")
    comps = row.get("components") or []
    if not isinstance(comps, list) or len(comps) > MAX_COMPONENTS:
        raise ValidationError("a set has at most {most} components", field="components", most=MAX_COMPONENTS)
    the_set = store.one("SELECT sold_by_weight FROM products WHERE id = ?", (set_id,))
    if the_set is None:
        raise ValidationError("unknown product {product_id!r}", field="set_id", product_id=set_id)
    if the_set["sold_by_weight"] and comps:
        raise ValidationError("a gift set is sold by the unit, not by weight", field="set_id")
    clean = []
    for n, c in enumerate(comps):
        pid = checks.ident((c or {}).get("product_id"), "product_id")
        qty = checks.whole((c or {}).get("qty"), "qty", 1, 10_000)
        prod = store.one("SELECT sold_by_weight FROM products WHERE id = ?", (pid,))
        if prod is None or pid == set_id or prod["sold_by_weight"]:
            raise ValidationError("{product_id!r} cannot be a component of a set", field="product_id", product_id=pid)
        clean.append((set_id, pid, qty, n))
    if any(c[1] in set_ids(store, [c[1] for c in clean]) for c in clean):
        raise ValidationError("a set cannot contain another set", field="components")
    with store.transaction() as conn:
        conn.execute("DELETE FROM set_components WHERE set_id = ?", (set_id,))
        conn.executemany("INSERT INTO set_components(set_id, component_id, qty, sort) VALUES (?, ?, ?, ?)", clean)
    return OpChanges(catalog=True)


# -- the split rule --------------------------------------------------------------------------
def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """`total` đồng shared pro rata to `weights` in whole đồng adding up exactly to `total`:
    floor shares, then one đồng each to the largest remainders (ties: the earlier weight)."""
    if not weights:
        return []
    whole = sum(weights)
    if whole <= 0:
        weights, whole = [1] * len(weights), len(weights)
    base = [total * w // whole for w in weights]
    rest = [total * w - b * whole for w, b in zip(weights, base)]
    for i in sorted(range(len(weights)), key=lambda i: (-rest[i], i))[:total - sum(base)]:
        base[i] += 1
    return base


def split(net: int, vat: int, comps: list[dict]) -> list[tuple[int, int]]:
    """(net share, VAT share) of each component (see the module docstring for the rule)."""
    weights = [c["price"] * c["per_set"] for c in comps]
    if not any(weights):
        weights = [c["per_set"] for c in comps]
    shares = largest_remainder(net, weights)
    return list(zip(shares, largest_remainder(vat, shares if any(shares) else weights)))


def _by_qty(amount: int, qtys: list[int]) -> list[int]:
    """`amount` split by quantity, rounded cumulatively so the parts add up to it exactly."""
    total, given, out = sum(qtys), 0, []
    done = 0
    for q in qtys:
        done += q
        part = round_div(amount * done, total) - given
        given += part
        out.append(part)
    return out


# -- selling ---------------------------------------------------------------------------------
@dataclass
class _Draw:
    """What pos.lots.draw needs of a line, for a component: never a named lot, never an override."""
    product_id: str
    name_vi: str
    qty: int
    lot: str = ""
    use_by: str = ""
    expired_ok_by: str | None = None


def sale_parts(store: Store, line, day: str) -> list[tuple[dict | None, int, str]]:
    """[(lot of the set product or None, qty, source)] a set line is sold from: boxes made ahead
    first ('stock', their own stock, by lots.draw), the rest put together at the counter."""
    own = store.conn.execute("SELECT coalesce((SELECT qty FROM stock_on_hand WHERE product_id = ?), 0)",
                             (line.product_id,)).fetchone()[0]
    parts: list[tuple[dict | None, int, str]] = []
    if own > 0:
        take = min(own, line.qty)
        parts += [(lot, q, "stock") for lot, q in lots.draw(store, _Draw(line.product_id, line.name_vi, take), day)]
    made = line.qty - sum(q for _, q, _ in parts)
    if made:
        parts.append((None, made, "counter"))
    return parts


def draw_component(store: Store, set_name: str, comp: dict, qty: int, day: str) -> list[tuple[dict | None, int]]:
    try:
        return lots.draw(store, _Draw(comp["product_id"], comp["name_vi"], qty), day)
    except ExpiredItem as exc:
        raise InvalidState("{set}: only expired lots of {name} are left; a gift set never takes an expired lot",
                           set=set_name, name=comp["name_vi"], product_id=comp["product_id"]) from exc


def refuse_at_scan(store: Store, product_id: str, qty: int) -> None:
    """At the scan, before payment: a set that would have to be put together at the counter from
    a component of which only expired lots are left is refused now (InvalidState, as at payment),
    so the clerk does not hand the customer a box the till will refuse. Other cart lines taking
    the same components are counted at payment only."""
    comps = components(store, product_id)
    if not comps:
        return
    own = store.conn.execute("SELECT coalesce((SELECT qty FROM stock_on_hand WHERE product_id = ?), 0)",
                             (product_id,)).fetchone()[0]
    made = qty - max(own, 0)
    if made <= 0:
        return
    day = store.business_day()
    name = store.one("SELECT name_vi FROM products WHERE id = ?", (product_id,))["name_vi"]
    for comp in comps:
        fresh, stale = lots.fresh_stock(store, comp["product_id"], day)
        if stale and fresh < comp["per_set"] * made:
            raise InvalidState("{set}: only expired lots of {name} are left; a gift set never takes an expired lot",
                               set=name, name=comp["name_vi"], product_id=comp["product_id"])


def component_rows(store: Store, comps: list[dict], sale_id: str, line_row: dict, source: str, day: str,
                   move) -> tuple[list[tuple], list[tuple]]:
    """(sale_line_components rows, stock moves) of one sale line of a set: its net and VAT split
    among the components; 'counter' draws each component's lots (moves of the components),
    'stock' took boxes made ahead (the set's own move is the caller's; components name no lot).
    `move(product_id, qty, lot_id)` makes a stock move row of the sale."""
    rows, moves = [], []
    for comp, (share, vat) in zip(comps, split(line_row["net"], line_row["vat_amount"], comps)):
        need = comp["per_set"] * line_row["qty"]
        parts = draw_component(store, line_row["name_vi"], comp, need, day) if source == "counter" else [(None, need)]
        for (lot, qty), net_part, vat_part in zip(parts, _by_qty(share, [q for _, q in parts]),
                                                  _by_qty(vat, [q for _, q in parts])):
            lot = lot or {}
            rows.append((new_id(), sale_id, line_row["id"], len(rows) + 1, comp["product_id"], comp["producer_id"],
                         comp["name_vi"], comp["name_en"], comp["unit"], comp["per_set"], qty, comp["price"],
                         net_part, line_row["vat_rate"], vat_part, source, lot.get("id"), lot.get("lot_no") or "",
                         lot.get("use_by"), None))
            if source == "counter":
                moves.append(move(comp["product_id"], -qty, lot.get("id")))
    return rows, moves


def line_components(store: Store, line_ids) -> dict[str, list[dict]]:
    """{sale line id: its component rows in order} for these lines (receipts, refunds, voids)."""
    ids = sorted(set(line_ids))
    out: dict[str, list[dict]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.all(f"SELECT * FROM sale_line_components WHERE sale_line_id IN ({','.join('?' * len(chunk))}) "
                           "ORDER BY sale_line_id, n", chunk):
            out.setdefault(r["sale_line_id"], []).append(r)
    return out


# -- refunds ---------------------------------------------------------------------------------
def refund_rows(store: Store, orig_line: dict, comp_rows: list[dict], qty: int, refund_line: dict,
                final: bool, move) -> tuple[list[tuple], list[tuple]]:
    """(component rows, stock moves) of refunding `qty` sets of a set line. Goods go back where
    they came from: components to the lots drawn, the last lot drawn first (rows already given
    back by earlier refunds skipped); boxes made ahead back to the set's own stock. The money
    back is shared among the components pro rata to their shares of the sale; the refund of
    the last sets of the line gives each component exactly what is left of its share. The VAT
    back is the refund line's, split like the money, so the rows always add up to the line."""
    given = {r[0]: (r[1], r[2], r[3]) for r in store.conn.execute(
        "SELECT original_id, coalesce(sum(qty), 0), coalesce(sum(net), 0), coalesce(sum(vat_amount), 0) "
        "FROM sale_line_components WHERE original_id IN (SELECT id FROM sale_line_components WHERE sale_line_id = ?) "
        "GROUP BY original_id", (orig_line["id"],))}
    by_comp: dict[str, list[dict]] = {}
    for r in comp_rows:
        by_comp.setdefault(r["product_id"], []).append(r)
    order = list(by_comp)
    sold = [sum(r["net"] for r in by_comp[c]) for c in order]
    if final:  # what is left of each share (they add up to the refund line's net: every refund's did) ...
        nets = [s - sum(given.get(r["id"], (0, 0, 0))[1] for r in by_comp[c]) for c, s in zip(order, sold)]
        extra = refund_line["net"] - sum(nets)  # ... but for a raise a supplement put on the line (pos.refundable)
        if extra:
            nets = [n + e for n, e in zip(nets, largest_remainder(extra, sold if any(sold) else [1] * len(order)))]
    else:
        nets = largest_remainder(refund_line["net"], sold if any(sold) else [r[0]["per_set"] for r in by_comp.values()])
    vats = largest_remainder(refund_line["vat_amount"], nets if any(nets) else [1] * len(order))
    rows, moves = [], []
    for c, net, vat in zip(order, nets, vats):
        want = by_comp[c][0]["per_set"] * qty
        takes = []
        for r in reversed(by_comp[c]):
            left = r["qty"] - given.get(r["id"], (0, 0, 0))[0]
            if want and left > 0:
                takes.append((r, min(left, want)))
                want -= takes[-1][1]
        if want:
            raise InvalidState("{name}: the set's components were already given back", name=orig_line["name_vi"])
        for (r, q), net_part, vat_part in zip(takes, _by_qty(net, [q for _, q in takes]), _by_qty(vat, [q for _, q in takes])):
            rows.append((new_id(), refund_line["sale_id"], refund_line["id"], len(rows) + 1, r["product_id"],
                         r["producer_id"], r["name_vi"], r["name_en"], r["unit"], r["per_set"], q, r["regular_price"],
                         net_part, r["vat_rate"], vat_part, r["source"], r["lot_id"], r["lot_no"], r["use_by"], r["id"]))
            if r["source"] == "counter":
                moves.append(move(r["product_id"], q, r["lot_id"]))
    return rows, moves


def void_moves(comp_rows: list[dict], line: dict, move) -> list[tuple]:
    """A voided set line puts back what it took: the components drawn at the counter to their
    lots, or the boxes made ahead to the set's own stock."""
    if comp_rows and comp_rows[0]["source"] == "counter":
        return [move(r["product_id"], r["qty"], r["lot_id"]) for r in comp_rows]
    return [move(line["product_id"], line["qty"], line["lot_id"])]


def wire(rows: list[tuple]) -> list[dict]:
    """Component rows as the outbox sends them (sync.protocol.SetComponentRow)."""
    return [dict(zip(COMP_COLS, r)) for r in rows]


def overview(store: Store) -> list[dict]:
    """The kiosk's gift sets for the manager's screen: each with its boxes made ahead on hand, its
    components with their stock, and how many more boxes that stock can make."""
    rows = store.all(
        "SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.price, coalesce(h.qty, 0) AS on_hand FROM products p "
        "LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.id IN (SELECT set_id FROM set_components) "
        "AND p.active = 1 ORDER BY p.name_folded, p.sku")
    for r in rows:
        r["components"] = [{**c, "on_hand": store.conn.execute(
            "SELECT coalesce((SELECT qty FROM stock_on_hand WHERE product_id = ?), 0)", (c["product_id"],)).fetchone()[0]}
            for c in components(store, r["id"])]
        r["can_make"] = max(0, min((c["on_hand"] // c["per_set"] for c in r["components"]), default=0))
    return rows
