"""Late invoices at the kiosk: sales made while this kiosk could not issue (the centre's setup not
yet received on the first day, or e-invoicing switched off at the office, or no operator entry) get
their invoices as soon as it can issue again.

The rule (docs/einvoice.md, "Sales made while e-invoicing was off"): a cash-register seller issues
an invoice for every sale, at the sale (Decree 123/2020 Art. 9 §1 and Art. 11, as amended by Decree
70/2025; to confirm against Decree 254/2026, whose text we could not read). A sale that has none
breaks that rule whatever the reason; the law has no "summary invoice" for cash-register retail of
goods in general (the end-of-day summary of Art. 9 §4 is for listed trades such as fuel retail),
so the nearest the kiosk gets is a late invoice for each such sale, issued the moment it can, dated
when it is really issued (never back-dated: an invoice's date is when it is made; a late invoice is
the seller's breach to explain, not to hide - to confirm with the accountant, penalties in Decree
125/2020 Art. 24). Which sales:
- the first setup that makes this kiosk issue: that business day's earlier sales, or, when the
  centre says e-invoicing was owed from an earlier day (the setup's "since": the setup took days to
  reach the kiosk), the sales since that day (days before it were sold before e-invoicing existed
  here; the centre's check does not expect invoices for them);
- issuing switched back on (off -> on, or the operator entry restored): every sale, refund and void
  since the first e-invoicing day that has no invoice yet - exactly what the centre's check flags.

How: `apply_settings` (what the catalog pull calls) writes the setup (pos.einvoice.sellers) and
calls `catch_up` in the same transaction. Sales are issued in the order they were made (gapless
numbers from the counters, issued_at = now), a voided sale gets its original and its void's
adjustment (or only the adjustment when the original exists), a refund the adjustment of its
(invoiced) sale, and einvoice_config.started_at/started_day (the first-day marker) are set in the
same transaction: a crash leaves either all of it or none of it, and a pull applying the setup
again issues nothing twice (only sales without invoices are looked at, and only on the change)."""
from __future__ import annotations

from ..store import OpChanges, Store
from . import issue, sellers

_MISSING = ("SELECT * FROM sales s WHERE business_day >= ? AND (NOT EXISTS "
            "(SELECT 1 FROM invoices i WHERE i.sale_id = s.id) OR (s.kind = 'sale' AND s.status = 'voided' "
            "AND NOT EXISTS (SELECT 1 FROM invoices a WHERE a.sale_id = s.id AND a.kind = 'adjustment'))) "
            "ORDER BY created_at, rowid")


def apply_settings(store: Store, data: dict) -> OpChanges:
    """The centre's e-invoice setup (sellers.apply_settings: all or nothing) and, when it makes
    this kiosk issue where it did not, the invoices of the sales made meanwhile, in one transaction."""
    with store.transaction():
        was_issuing = sellers.setup(store) is not None
        changes = sellers.apply_settings(store, data)
        issued = catch_up(store, was_issuing)
    return changes.merge(OpChanges(sales=bool(issued), outbox=issued))


def catch_up(store: Store, was_issuing: bool = False) -> int:
    """Inside the caller's transaction, after the setup is written: when this kiosk issues now and
    did not before, issue the invoices missing since e-invoicing started here (the first time:
    today's business day), then set the first-day marker. Returns how many were issued."""
    row = store.one("SELECT started_at, started_day, since FROM einvoice_config WHERE id = 1")
    if row is None or (was_issuing and row["started_at"]) or sellers.setup(store) is None:
        return 0  # (issuing already without a marker: a kiosk from before m013 gets it now)
    now, day = store.now_iso(), store.business_day()
    since = row["started_day"] if row["started_at"] else min(row["since"] or day, day)
    first = store.one("SELECT min(issued_at) AS at, min(business_day) AS day FROM invoices")
    count = 0
    for sale in store.all(_MISSING, (since or day,)):
        count += _late(store, sale, now, day)
    if not row["started_at"]:  # e-invoicing starts now (owed since `since`), or with the first invoice
        store.conn.execute("UPDATE einvoice_config SET started_at = ?, started_day = ? WHERE id = 1",
                           (first["at"] or now, min(first["day"] or since, since)))
    return count


def _late(store: Store, sale: dict, now: str, day: str) -> int:
    """The invoices one sale (or refund) lacks, issued now."""
    lines = store.all("SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY rowid", (sale["id"],))
    at_now = {**sale, "created_at": now, "business_day": day}
    if sale["kind"] != "sale":  # a refund: adjusts its sale's invoice when that sale was invoiced
        return issue.adjust(store, at_now, lines)
    count = 0
    if not issue.in_force(store, sale["id"]):
        count += issue.for_sale(store, at_now, lines, None)
    if sale["status"] == "voided":
        count += issue.adjust(store, at_now, lines)
    return count
