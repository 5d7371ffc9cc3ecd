"""What promotions cost: per promotion, per producer, per location, and who carries it.

Read from the uses central/figures/promo_uses.py lists (each use a kiosk sent with its completed
sale, less what refunds took back: a voided receipt gave nothing), with the same report filters
as every other (central/figures/reports.Filters: days, location, device, producer).

Who carries the discount (`carrier`, set per promotion and stored on every use): "booth" - the
booth pays it, the producer is settled as if the line had sold at its undiscounted price;
"producer" - the producer's settlement is reduced by it. Settlement (central/figures/settlement.py)
applies it (docs/promotions.md, "Settlement: the carrier pays").
"""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.figures import promo_uses
from central.figures.reports import Filters

sp, pr = m.sale_promotions, m.promotions


def costs(conn, f: Filters) -> dict:
    """{"promotions": [...], "producers": [...], "locations": [...], "total", "booth", "producer"}:
    each row with its amount (net of what refunds took back), the booth's and the producer's part;
    promotions also with their uses (receipts), what refunds took back and how often the clerk
    removed them."""
    by_promo: dict[str, dict] = {}
    by_producer: dict[str, dict] = {}
    by_location: dict[str, dict] = {}
    sales_of: dict[str, set] = {}
    refunded: dict[str, int] = {}
    for pid, carrier, loc, producer, sale_id, amount, _day in promo_uses.uses(conn, f):
        for table, key in ((by_promo, pid), (by_producer, producer), (by_location, loc)):
            row = table.setdefault(key, {"id": key, "amount": 0, "booth": 0, "producer": 0})
            row["amount"] += amount
            row[carrier] += amount
        if amount > 0:
            sales_of.setdefault(pid, set()).add(sale_id)
        else:
            refunded[pid] = refunded.get(pid, 0) - amount
    removed = dict(conn.execute(
        sa.select(sp.c.promotion_id, sa.func.count()).where(sp.c.level == "removed",
                                                             sp.c.business_day.between(f.start, f.end))
        .group_by(sp.c.promotion_id)).all())
    names = {r.id: r for r in conn.execute(sa.select(pr.c.id, pr.c.name_vi, pr.c.kind, pr.c.carrier))}
    for pid, row in by_promo.items():
        info = names.get(pid)
        row.update(name_vi=info.name_vi if info else pid, kind=info.kind if info else "",
                   receipts=len(sales_of.get(pid, ())), refunded=refunded.get(pid, 0),
                   removed=int(removed.get(pid, 0)))
    producers = dict(conn.execute(sa.select(m.producers.c.id, m.producers.c.name)).all())
    for pid, row in by_producer.items():
        row["name"] = producers.get(pid, pid)
    total = sum(r["amount"] for r in by_promo.values())
    booth = sum(r["booth"] for r in by_promo.values())
    return {"promotions": sorted(by_promo.values(), key=lambda r: (-r["amount"], r["id"])),
            "producers": sorted(by_producer.values(), key=lambda r: (-r["amount"], r["id"])),
            "locations": sorted(by_location.values(), key=lambda r: r["id"]),
            "total": total, "booth": booth, "producer": total - booth}
