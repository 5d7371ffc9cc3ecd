"""The promotions a kiosk's own settlement charges (pos.reports.producer_settlement), read from this
kiosk's database by the centre's rules (pos/promo_share.py; the centre reads its copy of the same
rows in central/figures/promo_uses.py), so the kiosk's settlement and the centre's for the same
kiosk and period stay equal to the đồng with promotions too.

Counted: each `sale_promotions` row of a completed sale in the period (a promotion the clerk removed
gave nothing), on its sale's day; less what the period's completed refunds took back of the lines
they refund (every refund of such a line, in the order made, decides which one takes the rest).
A gift set's line is shared among its components' producers."""
from __future__ import annotations

from . import promo_share
from .store import Store

_SOLD = """SELECT sp.line_id, sp.amount, sp.carrier, l.producer_id
    FROM sale_promotions sp JOIN sales s ON s.id = sp.sale_id JOIN sale_lines l ON l.id = sp.line_id
    WHERE s.kind = 'sale' AND s.status = 'completed' AND s.business_day BETWEEN ? AND ? AND sp.level != 'removed'"""
_PROMOTED = "SELECT line_id FROM sale_promotions WHERE level != 'removed' AND line_id IS NOT NULL"


def _taken_back(store: Store, start: str, end: str) -> list[tuple[str, int, str, str]]:
    """(original line id, -amount, carrier, producer) for what the period's refunds took back."""
    wanted = {r["id"] for r in store.all(
        f"SELECT l.id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.kind = 'refund' "
        f"AND s.status = 'completed' AND s.business_day BETWEEN ? AND ? AND l.original_line_id IN ({_PROMOTED})",
        (start, end))}
    if not wanted:
        return []
    out = []
    history: dict[str, list[dict]] = {}
    for r in store.all(
            f"SELECT l.id, l.qty, l.original_line_id, o.qty AS sold_qty, o.producer_id FROM sale_lines l "
            f"JOIN sales s ON s.id = l.sale_id JOIN sale_lines o ON o.id = l.original_line_id "
            f"WHERE s.kind = 'refund' AND s.status = 'completed' AND l.original_line_id IN ("
            f"SELECT original_line_id FROM sale_lines WHERE id IN ({','.join('?' * len(wanted))})) "
            f"ORDER BY s.created_at, s.id, l.id", sorted(wanted)):
        history.setdefault(r["original_line_id"], []).append(r)
    for oid, refunds in history.items():
        promos = store.all("SELECT amount, carrier FROM sale_promotions WHERE line_id = ? AND level != 'removed' "
                           "ORDER BY id", (oid,))
        taken = promo_share.taken_back(refunds[0]["sold_qty"], [p["amount"] for p in promos],
                                       [r["qty"] for r in refunds])
        for r, parts in zip(refunds, taken):
            if r["id"] in wanted:
                out += [(oid, -part, p["carrier"], r["producer_id"]) for p, part in zip(promos, parts) if part]
    return out


def carried(store: Store, start: str, end: str) -> dict[str, dict]:
    """producer id -> {"booth": .., "producer": ..}: the promotions on the producer's lines in the
    period by who carries them, net of what refunds took back (module doc)."""
    uses = [(r["line_id"], r["amount"], r["carrier"], r["producer_id"]) for r in store.all(_SOLD, (start, end))]
    uses += _taken_back(store, start, end)
    comps: dict[str, list[tuple[str, int]]] = {}
    lines = sorted({u[0] for u in uses})
    for i in range(0, len(lines), 500):
        chunk = lines[i:i + 500]
        for r in store.all(f"SELECT sale_line_id, producer_id, net FROM sale_line_components "
                           f"WHERE sale_line_id IN ({','.join('?' * len(chunk))}) ORDER BY sale_line_id, n", chunk):
            comps.setdefault(r["sale_line_id"], []).append((r["producer_id"], r["net"]))
    out: dict[str, dict] = {}
    for line, amount, who, producer in uses:
        for p, a in promo_share.shared(amount, comps.get(line) or []) or [(producer, amount)]:
            d = out.setdefault(p, dict(promo_share.NO_PROMO))
            d[promo_share.carrier(who)] += a
    return out
