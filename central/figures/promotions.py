"""What promotions cost: per promotion, per producer, per location, and who carries it.

Read from `sale_promotions` (each use a kiosk sent with its sale, central/events/ingest.py) joined to
its sale (completed sales only: a voided receipt gave nothing) and its sale line (the producer). The
same report filters as every other (central/figures/reports.Filters: days, location, device,
producer).

Who carries the discount (`carrier`, set per promotion and stored on every use): "producer" - the
producer's net already is the discounted price; "booth" - the booth pays it. Settlement
(central/figures/settlement.py) shows both per producer whose lines carried promotions (`promo_booth`, `promo_producer`) beside
net, commission and payable, which stay the kiosk's own rule (pos.reports.producer_settlement, equal
to the đồng): what the booth owes a producer for booth-carried promotions is `promo_booth`, paid
with the statement. Known limit: a refund of a line that carried a promotion gives back the line's
discounted net and does not take back its share of the promotion.
"""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.figures.reports import Filters

sp, s_, l_, pr = m.sale_promotions, m.sales, m.sale_lines, m.promotions


def _uses(f: Filters):
    q = (sa.select(sp.c.promotion_id, sp.c.carrier, sp.c.location_code, l_.c.producer_id, sp.c.sale_id,
                   sp.c.amount)
         .select_from(sp.join(s_, s_.c.id == sp.c.sale_id).join(l_, l_.c.id == sp.c.line_id))
         .where(sp.c.business_day.between(f.start, f.end), s_.c.kind == "sale", s_.c.status == "completed",
                sp.c.level != "removed"))
    if f.location:
        q = q.where(sp.c.location_code == f.location)
    if f.device:
        q = q.where(sp.c.device_code == f.device)
    if f.producer:
        q = q.where(l_.c.producer_id == f.producer)
    return q


def costs(conn, f: Filters) -> dict:
    """{"promotions": [...], "producers": [...], "locations": [...], "total", "booth", "producer"}:
    each row with its amount, the booth's and the producer's part; promotions also with their uses
    (receipts) and how often the clerk removed them."""
    by_promo: dict[str, dict] = {}
    by_producer: dict[str, dict] = {}
    by_location: dict[str, dict] = {}
    sales_of: dict[str, set] = {}
    for pid, carrier, loc, producer, sale_id, amount in conn.execute(_uses(f)):
        for table, key in ((by_promo, pid), (by_producer, producer), (by_location, loc)):
            row = table.setdefault(key, {"id": key, "amount": 0, "booth": 0, "producer": 0})
            row["amount"] += int(amount)
            row["booth" if carrier == "booth" else "producer"] += int(amount)
        sales_of.setdefault(pid, set()).add(sale_id)
    removed = dict(conn.execute(
        sa.select(sp.c.promotion_id, sa.func.count()).where(sp.c.level == "removed",
                                                             sp.c.business_day.between(f.start, f.end))
        .group_by(sp.c.promotion_id)).all())
    names = {r.id: r for r in conn.execute(sa.select(pr.c.id, pr.c.name_vi, pr.c.kind, pr.c.carrier))}
    for pid, row in by_promo.items():
        info = names.get(pid)
        row.update(name_vi=info.name_vi if info else pid, kind=info.kind if info else "",
                   receipts=len(sales_of[pid]), removed=int(removed.get(pid, 0)))
    producers = dict(conn.execute(sa.select(m.producers.c.id, m.producers.c.name)).all())
    for pid, row in by_producer.items():
        row["name"] = producers.get(pid, pid)
    total = sum(r["amount"] for r in by_promo.values())
    booth = sum(r["booth"] for r in by_promo.values())
    return {"promotions": sorted(by_promo.values(), key=lambda r: (-r["amount"], r["id"])),
            "producers": sorted(by_producer.values(), key=lambda r: (-r["amount"], r["id"])),
            "locations": sorted(by_location.values(), key=lambda r: r["id"]),
            "total": total, "booth": booth, "producer": total - booth}


def add_to_settlement(conn, f: Filters, rows: list[dict]) -> None:
    """Each settlement row of a producer whose lines carried promotions gains `promo_booth` and
    `promo_producer`: those promotions by who carries them (see the module doc). Only such rows:
    a settlement without promotions keeps the shape it always had (API answers, golden files)."""
    carried: dict[tuple[str, str], int] = {}
    for _pid, carrier, _loc, producer, _sale, amount in conn.execute(_uses(f)):
        key = (producer, "booth" if carrier == "booth" else "producer")
        carried[key] = carried.get(key, 0) + int(amount)
    for r in rows:
        booth, producer = carried.get((r["producer_id"], "booth"), 0), carried.get((r["producer_id"], "producer"), 0)
        if booth or producer:
            r["promo_booth"], r["promo_producer"] = booth, producer
