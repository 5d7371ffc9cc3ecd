"""The first day of e-invoicing at a kiosk: the sales it made earlier that business day, before the
centre's setup arrived, get their invoices as soon as the setup does.

Why: a cash-register seller issues an invoice for every sale, at the sale (Decree 123/2020 Art. 9
§1 and Art. 11, as amended by Decree 70/2025; to confirm against Decree 254/2026). A kiosk that
starts selling in the morning and receives its setup at noon cannot have issued the morning's
invoices; issuing them the moment it can, on the same business day, is the nearest it gets. Days
before that one are not invoiced retroactively (their VAT is declared without invoices - the
accountant's call, docs/einvoice.md).

How: `apply_settings` (what the catalog pull calls) writes the setup (pos.einvoice.sellers) and
calls `catch_up` in the same transaction. The day's uninvoiced sales and refunds are issued in the order they were made (gapless
numbers from the counters, issued_at = now, the moment they are really issued), a voided sale gets
its original and its void's adjustment, and einvoice_config.started_at/started_day (the marker)
are set in the same transaction: a crash leaves either all of it or none of it, and a pull
applying the setup again issues nothing twice."""
from __future__ import annotations

from ..store import OpChanges, Store
from . import issue, sellers


def apply_settings(store: Store, data: dict) -> OpChanges:
    """The centre's e-invoice setup (sellers.apply_settings: all or nothing) and, when it is the
    first to make this kiosk issue, the invoices of the day's earlier sales, in one transaction."""
    with store.transaction():
        changes = sellers.apply_settings(store, data)
        issued = catch_up(store)
    return changes.merge(OpChanges(sales=bool(issued), outbox=issued))


def catch_up(store: Store) -> int:
    """Inside the caller's transaction, after the setup is written: when this kiosk issues
    invoices now and never did before (no marker), issue those of today's business day's sales
    and refunds that have none, then set the marker. Returns how many invoices were issued."""
    row = store.one("SELECT started_at FROM einvoice_config WHERE id = 1")
    if row is None or row["started_at"] or sellers.setup(store) is None:
        return 0
    now, day = store.now_iso(), store.business_day()
    count = 0
    for sale in store.all("SELECT * FROM sales s WHERE business_day = ? AND NOT EXISTS "
                          "(SELECT 1 FROM invoices i WHERE i.sale_id = s.id) ORDER BY created_at, rowid", (day,)):
        lines = store.all("SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY rowid", (sale["id"],))
        at_now = {**sale, "created_at": now, "business_day": day}
        if sale["kind"] == "sale":
            count += issue.for_sale(store, at_now, lines, None)
            if sale["status"] == "voided":
                count += issue.adjust(store, at_now, lines)
        else:  # a refund: adjusts its sale's invoice when that sale was invoiced (today's, just above)
            count += issue.adjust(store, at_now, lines)
    store.conn.execute("UPDATE einvoice_config SET started_at = ?, started_day = ? WHERE id = 1", (now, day))
    return count
