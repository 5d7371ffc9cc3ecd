"""The promotions this kiosk holds (table `promotions`, m022), as the pull brings them, and the
indexed book the sell screen and pos.sales.complete_sale evaluate with (pos/promotions.py).

Why the centre decides the locations: it knows where each kiosk is, so a pull carries a
promotion whole only to the kiosks of its locations; to any other (and once ended) it sends the
id with status "ended", and the kiosk forgets it. A kiosk offline since keeps what it has and
applies each promotion on its own days and hours by its own clock.

Why a cached book: complete_sale re-evaluates every sale; reading and indexing 1,000 rows each
time would cost more than the evaluation. The cache is keyed on catalog_rev, which triggers bump at
every write of the table (m023) and of products (whose names the book holds), whoever writes: a
pull is seen at once, for one row read (counting 1,000 rows for a key cost 30 µs a sale).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from . import promotions
from .errors import ValidationError
from .store import OpChanges, Store

COLS = tuple(f.name for f in fields(promotions.Promotion))
UPSERT = (f"INSERT INTO promotions({','.join(COLS)}, seq) VALUES ({','.join('?' * len(COLS))}, "
          "(SELECT coalesce(max(seq), 0) + 1 FROM promotions)) "
          "ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{c}=excluded.{c}" for c in COLS[1:] + ("seq",)))


def apply_pulled(store: Store, row: Mapping) -> OpChanges:
    """One pulled promotion: kept (or replaced) while active here, forgotten once ended or moved
    away from this kiosk's location (status "ended")."""
    if isinstance(row, Mapping) and row.get("status") == "ended":
        if not isinstance(row.get("id"), str) or not row["id"]:
            raise ValidationError("a promotion needs an id", field="id")
        with store.transaction() as conn:
            conn.execute("DELETE FROM promotions WHERE id = ?", (row["id"],))
        return OpChanges(catalog=True)
    p = promotions.from_row(row)
    with store.transaction() as conn:
        conn.execute(UPSERT, tuple(getattr(p, c) for c in COLS))
    return OpChanges(catalog=True)


def load(store: Store) -> promotions.Book:
    """Every promotion held, indexed, with the names of the products the texts mention."""
    cur = store.conn.execute(f"SELECT {','.join(COLS)} FROM promotions")
    rows = [dict(zip(COLS, r)) for r in cur.fetchall()]
    promos = [promotions.from_row(r) for r in rows]
    named = {pid for p in promos for pid in (p.get_product_id, p.gift_product_id) if pid}
    names = {}
    if named:
        marks = ",".join("?" * len(named))
        names = dict(store.conn.execute(f"SELECT id, name_vi FROM products WHERE id IN ({marks})",
                                        tuple(named)).fetchall())
    return promotions.Book(promos, names)


def book(store: Store, rev: int | None = None) -> promotions.Book:
    """load(), kept by the Store while catalog_rev (`rev` when the caller read it in its
    transaction) stays the same, and dropped when the Store rolls back (it may hold what the
    rollback undid): the same object until then."""
    kept = store.kept("promotions.book", store.catalog_rev() if rev is None else rev)
    if "book" not in kept:
        kept["book"] = load(store)
    return kept["book"]


def listing(store: Store) -> list[dict]:
    """The promotions held, for the manager's screens: id, kind, texts, days."""
    cur = store.conn.execute(f"SELECT {','.join(COLS)} FROM promotions ORDER BY start_day, id")
    return [dict(zip(COLS, r)) for r in cur.fetchall()]
