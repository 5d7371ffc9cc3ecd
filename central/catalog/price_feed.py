"""What a kiosk's catalog pull says about prices (central/catalog/pull.py): the scheduled price
changes of its location or of every location, and the fair price lists, as pos/price_pull.py keeps
them. Its own module, apart from central/catalog/price_lists.py (which takes revisions through
pull.py), so the pull can import it without a circle."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m

PL, PI, PLOC = m.price_lists, m.price_list_items, m.price_list_locations

# what a kiosk keeps of a scheduled price change; `applied` and `cancelled` ones it forgets
CHANGE_KEYS = ("id", "product_id", "location_code", "price", "effective_day", "status", "created_at")


def changes_query(location_code: str, cursor: int):
    pc = m.price_changes
    return sa.select(pc).where(pc.c.rev > cursor, pc.c.location_code.in_(["", location_code]))


def changes(rows: list[dict]) -> list[dict]:
    return [{k: (int(r[k]) if k == "price" else r[k]) for k in CHANGE_KEYS} for r in rows]


PULL_KEYS = ("id", "name", "start_day", "end_day", "from_time", "to_time", "created_at")


def lists(conn, rows: list[dict], location_code: str) -> list[dict]:
    """The pulled lists as a kiosk at `location_code` keeps them (pos/price_pull.apply_list):
    `active` with its items when it is for this location, else `ended` or `elsewhere` (forgotten)."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    here = {r[0] for r in conn.execute(sa.select(PLOC.c.list_id).where(PLOC.c.list_id.in_(ids),
                                                                       PLOC.c.location_code == location_code))}
    items: dict[str, list[dict]] = {}
    wanted = [r["id"] for r in rows if r["status"] == "active" and r["id"] in here]
    if wanted:
        for r in conn.execute(sa.select(PI).where(PI.c.list_id.in_(wanted)).order_by(PI.c.list_id, PI.c.product_id)):
            items.setdefault(r.list_id, []).append({"product_id": r.product_id, "price": int(r.price)})
    out = []
    for r in rows:
        status = "ended" if r["status"] != "active" else "active" if r["id"] in here else "elsewhere"
        out.append({**{k: r[k] for k in PULL_KEYS}, "status": status, "items": items.get(r["id"], [])})
    return out
