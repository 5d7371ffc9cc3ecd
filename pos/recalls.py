"""Recalled lots at the kiosk: the centre's recall list, pulled with the catalog (key lot_recalls).

A recall is the centre's decision (a producer's lot found unsafe or wrongly labelled), so there is
no manager override here, unlike an expired lot: a scan naming a recalled lot is refused
(pos.catalog), a sale never draws from one (pos.lots.draw), and the manager's stock screen lists
what of them is still on hand, to take off the shelf and send back. When the centre lifts a recall
(the lot was found safe), the pulled row carries `lifted_at` and the kiosk forgets the recall: the
lot sells again (the centre keeps the history).
"""
from __future__ import annotations

from . import checks
from .errors import RecalledLot, ValidationError
from .store import OpChanges, Store

MAX_LOT_NO = 20  # GS1 AI (10)


def apply_pulled(store: Store, row: dict) -> OpChanges:
    """One recall from the pull (inside apply_catalog's transaction); pulled again, it is replaced;
    pulled lifted, it is removed."""
    product_id = checks.ident(row.get("product_id"), "product_id")
    lot_no = row.get("lot_no")
    if not isinstance(lot_no, str) or not lot_no.strip() or len(lot_no) > MAX_LOT_NO:
        raise ValidationError("a recall names a lot number of 1 to {most} characters: {value!r}", field="lot_no",
                              most=MAX_LOT_NO, value=checks.shown(lot_no))
    if row.get("lifted_at"):
        store.conn.execute("DELETE FROM lot_recalls WHERE product_id = ? AND lot_no = ?", (product_id, lot_no.strip()))
        return OpChanges(stock={product_id})
    reason = checks.text(row.get("reason") or "", "reason")
    store.conn.execute(
        "INSERT INTO lot_recalls(product_id, lot_no, reason, recalled_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(product_id, lot_no) DO UPDATE SET reason = excluded.reason, recalled_at = excluded.recalled_at",
        (product_id, lot_no.strip(), reason, str(row.get("recalled_at") or "")))
    return OpChanges(stock={product_id})


def recall_of(store: Store, product_id: str, lot_no: str) -> dict | None:
    if not lot_no:
        return None
    return store.one("SELECT * FROM lot_recalls WHERE product_id = ? AND lot_no = ?", (product_id, lot_no))


def refuse_recalled(store: Store, product_id: str, lot_no: str, name: str) -> None:
    """Raise RecalledLot when the centre recalled this lot of this product."""
    row = recall_of(store, product_id, lot_no)
    if row is not None:
        refuse(product_id, lot_no, name, row["reason"])


def refuse(product_id: str, lot_no: str, name: str, reason: str) -> None:
    """The RecalledLot of a recall already read (pos.catalog reads it with the scanned product)."""
    raise RecalledLot("{name}: lot {lot} is recalled ({reason}); it must not be sold, take it off the shelf",
                      name=name, lot=lot_no, reason=reason or "-", product_id=product_id)


# A recall of lot `?` of the product `p` of the query it is part of: its reason ('' without one),
# NULL when that lot is not recalled.
RECALL_OF_P = "(SELECT coalesce(r.reason, '') FROM lot_recalls r WHERE r.product_id = p.id AND r.lot_no = ?)"


def recalled_on_hand(store: Store) -> list[dict]:
    """Recalled lots this kiosk still holds (ledger stock > 0), by product name: what the manager
    takes off the shelf."""
    return store.all(
        "SELECT l.id AS lot_id, l.lot_no, l.produced_on, l.use_by, h.qty AS on_hand, r.reason, r.recalled_at, "
        "p.id AS product_id, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight, pr.name AS producer_name "
        "FROM lot_recalls r JOIN lots l ON l.product_id = r.product_id AND l.lot_no = r.lot_no "
        "JOIN lot_on_hand h ON h.lot_id = l.id JOIN products p ON p.id = l.product_id "
        "JOIN producers pr ON pr.id = p.producer_id WHERE h.qty > 0 ORDER BY p.name_folded, l.lot_no")
