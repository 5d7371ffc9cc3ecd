"""What the catalog pull brings about prices (central/catalog/pull.py keys `price_changes`,
`price_lists`, and `location_priced` on each product), kept here for pos/prices.py to decide with.

Each pulled row says where it stands, so applying a page twice changes nothing: a scheduled change
still `pending` is kept (or replaced), one `applied` (the centre wrote it into the catalog price,
pulled in the same page) or `cancelled` is forgotten. A price list `active` here is replaced whole
with its items; one ended, or no longer for this location (`elsewhere`), is forgotten.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from . import checks
from .errors import ValidationError
from .money import MAX_PRICE
from .store import OpChanges, Store

_HM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")


def _day(value, field: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError("{field}: not a date (YYYY-MM-DD): {value!r}", field=field,
                              value=checks.shown(value)) from None


def _hm(value, field: str) -> str:
    value = "" if value is None else value
    if value != "" and not (isinstance(value, str) and _HM.fullmatch(value)):
        raise ValidationError("{field}: not a time of day (HH:MM): {value!r}", field=field, value=checks.shown(value))
    return value


def apply_change(store: Store, row: Mapping) -> OpChanges:
    """One scheduled price change (for every location, or this one: `location_code` not '')."""
    checks.record(row, "price_changes")
    cid = checks.ident(row.get("id"), "id")
    if row.get("status") in ("applied", "cancelled"):
        with store.transaction() as conn:
            conn.execute("DELETE FROM price_schedule WHERE id = ?", (cid,))
        return OpChanges(catalog=True)
    values = (cid, checks.ident(row.get("product_id"), "product_id"),
              checks.whole(row.get("price"), "price", 0, MAX_PRICE), _day(row.get("effective_day"), "effective_day"),
              int(bool(row.get("location_code"))), str(row.get("created_at") or "")[:40])
    with store.transaction() as conn:
        conn.execute("INSERT INTO price_schedule(id, product_id, price, effective_day, local, created_at) "
                     "VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET product_id=excluded.product_id, "
                     "price=excluded.price, effective_day=excluded.effective_day, local=excluded.local, "
                     "created_at=excluded.created_at", values)
    return OpChanges(catalog=True)


def apply_list(store: Store, row: Mapping) -> OpChanges:
    """One price list, whole: kept with exactly its items while active here, else forgotten. Each
    item carries the list's window (the scan reads it without a join: pos/prices.py)."""
    checks.record(row, "price_lists")
    lid = checks.ident(row.get("id"), "id")
    if row.get("status") != "active":
        with store.transaction() as conn:
            conn.execute("DELETE FROM price_lists WHERE id = ?", (lid,))  # items go with it (ON DELETE CASCADE)
        return OpChanges(catalog=True)
    start, end = _day(row.get("start_day"), "start_day"), _day(row.get("end_day"), "end_day")
    frm, to = _hm(row.get("from_time"), "from_time"), _hm(row.get("to_time"), "to_time")
    if end < start or bool(frm) != bool(to) or (frm and to <= frm):
        raise ValidationError("{field}: the window ends before it starts", field="end_day")
    items = checks.records(row.get("items") or [], "items")
    created = str(row.get("created_at") or "")[:40]
    rows = [(lid, checks.ident(it.get("product_id"), "product_id"), checks.whole(it.get("price"), "price", 0, MAX_PRICE),
             start, end, frm, to, created) for it in items]
    with store.transaction() as conn:
        conn.execute("INSERT INTO price_lists(id, name, start_day, end_day, from_time, to_time, created_at) "
                     "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
                     "start_day=excluded.start_day, end_day=excluded.end_day, from_time=excluded.from_time, "
                     "to_time=excluded.to_time, created_at=excluded.created_at",
                     (lid, checks.text(row.get("name") or "", "name", 200), start, end, frm, to, created))
        conn.execute("DELETE FROM price_list_items WHERE list_id = ?", (lid,))
        conn.executemany("INSERT INTO price_list_items(list_id, product_id, price, start_day, end_day, from_time, "
                         "to_time, list_created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(list_id, product_id) "
                         "DO UPDATE SET price=excluded.price", rows)
    return OpChanges(catalog=True)


def apply_location_priced(store: Store, row: Mapping) -> OpChanges:
    """Whether the pulled product's price is this location's own (absent from an older centre:
    nothing changes)."""
    if not isinstance(row, Mapping) or "location_priced" not in row:
        return OpChanges()
    with store.transaction() as conn:
        conn.execute("UPDATE products SET location_priced = ? WHERE id = ?",
                     (int(bool(row["location_priced"])), checks.ident(row.get("id"), "id")))
    return OpChanges()


def lists_ahead(store: Store, day: str | None = None) -> list[dict]:
    """The price lists in force on `day` (default today) or later, soonest first, with how many
    products each prices: what the manager is told is coming."""
    return store.all("SELECT l.id, l.name, l.start_day, l.end_day, l.from_time, l.to_time, "
                     "(SELECT count(*) FROM price_list_items i WHERE i.list_id = l.id) AS items "
                     "FROM price_lists l WHERE l.end_day >= ? ORDER BY l.start_day, l.name",
                     (day or store.business_day(),))


def changes_ahead(store: Store, day: str | None = None) -> list[dict]:
    """Scheduled price changes from `day` (default today) on, soonest first, with the product's name."""
    return store.all("SELECT s.id, s.product_id, s.price, s.effective_day, s.local, coalesce(p.name_vi, '') AS name "
                     "FROM price_schedule s LEFT JOIN products p ON p.id = s.product_id "
                     "WHERE s.effective_day >= ? ORDER BY s.effective_day, name", (day or store.business_day(),))
